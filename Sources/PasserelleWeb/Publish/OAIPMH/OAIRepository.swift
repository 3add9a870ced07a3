import Foundation
import PasserelleCore

/// The catalogue's works as an OAI-PMH 2.0 repository: `oai_dc` records, sets per institution and domain, keyset
/// resumption tokens, withdrawn works as persistent deleted records. Every answer is one read transaction, so a
/// page and its `completeListSize` come from one snapshot.
struct OAIRepository: Sendable {
    let store: any CatalogueStore
    /// The public origin: the base URL is `origin + "/oai"`, identifiers take its host, records link to its pages.
    let origin: String
    /// Who answers for the repository (Identify's `adminEmail`).
    let adminEmail: String

    /// Records (or headers) per page of ListRecords and ListIdentifiers.
    static let recordsPerPage = 100
    /// Institution sets per page of ListSets (the first page also holds the domain sets).
    static let institutionSetsPerPage = 100

    var baseURL: String { origin + "/oai" }
    var host: String { URL(string: origin)?.host ?? "passerelle" }

    /// The document answering `arguments` at `now`; protocol errors are documents too (HTTP 200, spec §3.6).
    func answer(_ arguments: [(name: String, value: String)], now: Date) async throws -> String {
        let request: OAIRequest
        do {
            request = try OAIRequest.parse(arguments)
        } catch {
            return OAIEnvelope.error(error, responseDate: now, baseURL: baseURL, echo: arguments)
        }
        let answered = try await store.read { tx -> Result<String, OAIError> in
            do {
                return .success(try await respond(request, tx, now: now))
            } catch let error as OAIError {
                return .failure(error)
            }
        }
        switch answered {
        case .success(let document): return document
        case .failure(let error): return OAIEnvelope.error(error, responseDate: now, baseURL: baseURL, echo: request.echo)
        }
    }

    /// `oai:<host>:work/<id>`.
    func identifier(_ id: WorkID) -> String { "oai:\(host):work/\(id.rawValue)" }

    /// The work an identifier names, or nil when it is not one of this repository's.
    func workID(_ identifier: String) -> WorkID? {
        let prefix = "oai:\(host):work/"
        guard identifier.hasPrefix(prefix) else { return nil }
        return WorkID(String(identifier.dropFirst(prefix.count)))
    }

    private func respond(_ request: OAIRequest, _ tx: any CatalogueReading, now: Date) async throws -> String {
        func document(_ body: (inout XMLWriter) -> Void) -> String {
            OAIEnvelope.document(responseDate: now, baseURL: baseURL, echo: request.echo, body: body)
        }
        switch request.action {
        case .identify:
            let earliest = try await tx.earliestWorkChange() ?? now
            return document { xml in
                xml.element("Identify") { xml in
                    xml.element("repositoryName", text: "Passerelle — œuvres du catalogue culturel")
                    xml.element("baseURL", text: baseURL)
                    xml.element("protocolVersion", text: "2.0")
                    xml.element("adminEmail", text: adminEmail)
                    xml.element("earliestDatestamp", text: OAIDatestamp.format(earliest))
                    xml.element("deletedRecord", text: "persistent")
                    xml.element("granularity", text: "YYYY-MM-DDThh:mm:ssZ")
                }
            }
        case .listMetadataFormats(let identifier):
            if let identifier { _ = try await record(identifier, tx) }
            return document { xml in
                xml.element("ListMetadataFormats") { xml in
                    xml.element("metadataFormat") { xml in
                        xml.element("metadataPrefix", text: OAIDublinCore.prefix)
                        xml.element("schema", text: OAIDublinCore.schema)
                        xml.element("metadataNamespace", text: OAIDublinCore.namespace)
                    }
                }
            }
        case .listSets(let token):
            let page = try await OAISetPages(repository: self).page(token: token, tx)
            return document { page.write(into: &$0) }
        case .list(let arguments):
            let page = try await OAIRecordPages(repository: self).page(arguments, withMetadata: request.verb == .listRecords, tx)
            return document { page.write(into: &$0) }
        case .getRecord(let identifier, let prefix):
            try Self.checkFormat(prefix)
            let dated = try await record(identifier, tx)
            let publisher = try await tx.institution(dated.work.institutionID)
            return document { xml in
                xml.element("GetRecord") { writeRecord(dated, publisher: publisher, withMetadata: true, into: &$0) }
            }
        }
    }

    static func checkFormat(_ prefix: String) throws(OAIError) {
        guard prefix == OAIDublinCore.prefix else {
            throw OAIError(.cannotDisseminateFormat, "This repository disseminates oai_dc only, not '\(prefix)'.")
        }
    }

    private func record(_ identifier: String, _ tx: any CatalogueReading) async throws -> DatedWork {
        guard let id = workID(identifier), let dated = try await tx.datedWork(id) else {
            throw OAIError(.idDoesNotExist, "No item of this repository has the identifier '\(identifier)'.")
        }
        return dated
    }

    /// A `<record>` (`<header>` and `<metadata>`; a withdrawn work's header says deleted and has no metadata), or the
    /// header alone for ListIdentifiers.
    func writeRecord(_ dated: DatedWork, publisher: Institution?, withMetadata: Bool, into xml: inout XMLWriter) {
        let deleted = dated.work.status == .withdrawn
        func header(_ xml: inout XMLWriter) {
            xml.element("header", [("status", deleted ? "deleted" : nil)]) { xml in
                xml.element("identifier", text: identifier(dated.work.id))
                xml.element("datestamp", text: OAIDatestamp.format(dated.changedAt))
                for spec in OAISet.specs(of: dated.work) { xml.element("setSpec", text: spec) }
            }
        }
        guard withMetadata else { return header(&xml) }
        xml.element("record") { xml in
            header(&xml)
            guard !deleted else { return }
            xml.element("metadata") { xml in
                OAIDublinCore.write(dated.work, publisher: publisher, page: origin + "/works/\(dated.work.id.rawValue)", into: &xml)
            }
        }
    }
}
