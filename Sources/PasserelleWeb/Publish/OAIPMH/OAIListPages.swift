import Foundation
import PasserelleCore

/// The `<resumptionToken>` of a page of an incomplete list (spec §3.5): the token of the next page, or empty on the
/// last page of a list that was split; `cursor` counts the items of the pages before this one.
struct OAIResumption {
    let token: String?
    let completeListSize: Int
    let cursor: Int

    func write(into xml: inout XMLWriter) {
        let attributes: [XMLWriter.Attribute] = [("completeListSize", String(completeListSize)), ("cursor", String(cursor))]
        if let token { xml.element("resumptionToken", attributes, text: token) } else { xml.empty("resumptionToken", attributes) }
    }

    /// The resumption of a page that showed `shown` of `fetched` items (one more is fetched than shown, to know if
    /// the list goes on), or nil for a list answered whole.
    static func after(_ state: OAIResumptionToken, continued: Bool, shown: Int, more: Bool, total: Int, next: (inout OAIResumptionToken) -> Void) -> OAIResumption? {
        guard more else { return continued ? OAIResumption(token: nil, completeListSize: total, cursor: state.sent) : nil }
        var following = state
        next(&following)
        following.sent = state.sent + shown
        return OAIResumption(token: following.text, completeListSize: total, cursor: state.sent)
    }
}

extension OAIError {
    static let badToken = OAIError(.badResumptionToken, "The resumption token is not one this repository issued, or not for this verb.")
}

/// Pages of ListRecords and ListIdentifiers: works by (change time, id), withdrawn ones as deleted records.
struct OAIRecordPages {
    let repository: OAIRepository

    struct Page {
        let repository: OAIRepository
        let withMetadata: Bool
        let records: [DatedWork]
        let publishers: [InstitutionID: Institution]
        let resumption: OAIResumption?

        func write(into xml: inout XMLWriter) {
            let write = { (xml: inout XMLWriter) in
                for dated in records {
                    repository.writeRecord(dated, publisher: publishers[dated.work.institutionID], withMetadata: withMetadata, into: &xml)
                }
                resumption?.write(into: &xml)
            }
            if withMetadata { xml.element("ListRecords", [], write) } else { xml.element("ListIdentifiers", [], write) }
        }
    }

    func page(_ arguments: OAIListArguments, withMetadata: Bool, _ tx: any CatalogueReading) async throws -> Page {
        let verb = withMetadata ? OAIVerb.listRecords : .listIdentifiers
        let state: OAIResumptionToken
        var cursor: WorkChangeCursor?
        if let text = arguments.resumptionToken {
            guard let token = OAIResumptionToken.decode(text), token.verb == verb.rawValue, token.metadataPrefix == OAIDublinCore.prefix,
                let time = token.afterTime, let id = WorkID(token.afterID) else { throw OAIError.badToken }
            state = token
            cursor = WorkChangeCursor(changedAt: Date(timeIntervalSinceReferenceDate: time), id: id)
        } else {
            let prefix = arguments.metadataPrefix ?? ""
            try OAIRepository.checkFormat(prefix)
            state = OAIResumptionToken(
                verb: verb.rawValue, metadataPrefix: prefix, set: arguments.set, from: arguments.from?.start.timeIntervalSinceReferenceDate,
                before: arguments.until?.end.timeIntervalSinceReferenceDate, afterTime: nil, afterID: "", sent: 0)
        }
        var query = WorkChangeQuery()
        if let spec = state.set {
            switch OAISet.lookup(spec) {
            case .set(let set): query = set.query
            case .unknown: throw cursor == nil ? OAIError(.noRecordsMatch, "This repository has no set '\(spec)'.") : OAIError.badToken
            case .malformed: throw cursor == nil ? OAIError(.badArgument, "'\(spec)' is not a setSpec.") : OAIError.badToken
            }
        }
        query.from = state.from.map(Date.init(timeIntervalSinceReferenceDate:))
        query.before = state.before.map(Date.init(timeIntervalSinceReferenceDate:))
        let fetched = try await tx.workChanges(query, after: cursor, limit: OAIRepository.recordsPerPage + 1)
        guard !fetched.isEmpty else { throw OAIError(.noRecordsMatch, "No work matches these arguments.") }
        let records = Array(fetched.prefix(OAIRepository.recordsPerPage))
        var publishers: [InstitutionID: Institution] = [:]
        if withMetadata {
            for id in Set(records.map(\.work.institutionID)) { publishers[id] = try await tx.institution(id) }
        }
        let resumption = OAIResumption.after(
            state, continued: cursor != nil, shown: records.count, more: fetched.count > records.count,
            total: try await tx.countWorkChanges(query)
        ) { next in
            next.afterTime = records.last?.changedAt.timeIntervalSinceReferenceDate
            next.afterID = records.last?.work.id.rawValue ?? ""
        }
        return Page(repository: repository, withMetadata: withMetadata, records: records, publishers: publishers, resumption: resumption)
    }
}

/// Pages of ListSets: the domain sets and the `institution` root on the first page, then the institutions that
/// hold works, by id.
struct OAISetPages {
    let repository: OAIRepository

    static let fixedSets = OAISet.domainSets + [(spec: "institution", name: "Institutions")]

    struct Page {
        let sets: [(spec: String, name: String)]
        let resumption: OAIResumption?

        func write(into xml: inout XMLWriter) {
            xml.element("ListSets") { xml in
                for set in sets {
                    xml.element("set") { xml in
                        xml.element("setSpec", text: set.spec)
                        xml.element("setName", text: set.name)
                    }
                }
                resumption?.write(into: &xml)
            }
        }
    }

    func page(token text: String?, _ tx: any CatalogueReading) async throws -> Page {
        var state = OAIResumptionToken(verb: OAIVerb.listSets.rawValue, afterID: "", sent: 0)
        var after: InstitutionID?
        if let text {
            guard let token = OAIResumptionToken.decode(text), token.verb == state.verb, let id = InstitutionID(token.afterID) else {
                throw OAIError.badToken
            }
            state = token
            after = id
        }
        let fetched = try await tx.institutionsWithWorks(after: after, limit: OAIRepository.institutionSetsPerPage + 1)
        let institutions = fetched.prefix(OAIRepository.institutionSetsPerPage)
        let sets = (after == nil ? Self.fixedSets : []) + institutions.map { (spec: OAISet.institution($0.id).spec, name: $0.name) }
        let resumption = OAIResumption.after(
            state, continued: after != nil, shown: sets.count, more: fetched.count > institutions.count,
            total: Self.fixedSets.count + (try await tx.countInstitutionsWithWorks())
        ) { next in next.afterID = institutions.last?.id.rawValue ?? "" }
        return Page(sets: sets, resumption: resumption)
    }
}
