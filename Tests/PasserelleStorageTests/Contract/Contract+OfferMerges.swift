import Foundation
import PasserelleCore
import PasserelleStorage
import Testing

/// Records merged into another source's offer, on every engine: a round trip, an upsert by the record's key, the
/// lists by institution and by offer, and the constraints (a merge names an existing offer, never itself, and
/// stays with its institution).
extension Contract {
    static func offerMerges(_ store: SQLStore) async throws {
        try await store.write { tx in
            try await Fixtures.seed(tx)
            try await tx.save(Fixtures.institution("inst-b", name: "Cinéma B"))
            try await tx.save(Fixtures.offer("offer-1"))
            try await tx.save(Fixtures.offer("offer-2"))
        }
        let a = InstitutionID(trusted: "inst-a")
        let merge = OfferMerge(recordOfferID: OfferID(trusted: "ev-record-1"), offerID: OfferID(trusted: "offer-1"), institutionID: a,
                               source: "ical:0000000000000001:agenda.ics", recordID: "uid-1@example.org", rule: .titleDateVenue,
                               fields: ["price", "description.en"], mergedAt: Fixtures.base, updatedAt: Fixtures.base)
        let other = OfferMerge(recordOfferID: OfferID(trusted: "ev-record-2"), offerID: OfferID(trusted: "offer-2"), institutionID: a,
                               source: "jsonld:0000000000000002:page", recordID: nil, rule: .workIdentifier, fields: [],
                               mergedAt: Fixtures.base, updatedAt: Fixtures.base)
        try await store.write { try await $0.save([merge, other]) }
        #expect(try await store.read { try await $0.offerMerges(of: a) } == [merge, other], "a round trip keeps every field, exactly")
        #expect(merge.fields == ["description.en", "price"], "fields are kept sorted")
        #expect(try await store.read { try await $0.offerMerges(into: OfferID(trusted: "offer-2")) } == [other])
        #expect(try await store.read { try await $0.offerMerges(of: InstitutionID(trusted: "inst-b")) }.isEmpty)

        var ended = merge
        ended.status = .withdrawn
        ended.fields = []
        ended.updatedAt = Fixtures.base.addingTimeInterval(60)
        try await store.write { [ended] in try await $0.save([ended]) }
        #expect(try await store.read { try await $0.offerMerges(into: OfferID(trusted: "offer-1")) } == [ended], "saving again updates by key")

        func changed(_ base: OfferMerge, _ change: (inout OfferMerge) -> Void) -> OfferMerge {
            var copy = base
            change(&copy)
            return copy
        }
        let dangling = changed(merge) { $0.recordOfferID = OfferID(trusted: "ev-record-3"); $0.offerID = OfferID(trusted: "no-such-offer") }
        await #expect(throws: (any Error).self, "a merge names an offer that exists") { try await store.write { try await $0.save([dangling]) } }
        let intoItself = changed(merge) { $0.recordOfferID = OfferID(trusted: "offer-1") }
        await #expect(throws: (any Error).self, "an offer is never merged into itself") { try await store.write { try await $0.save([intoItself]) } }
        let stolen = changed(ended) { $0.institutionID = InstitutionID(trusted: "inst-b") }
        await #expect(throws: (any Error).self, "a merge never moves to another institution") { try await store.write { try await $0.save([stolen]) } }
        #expect(try await store.read { try await $0.offerMerges(of: a) } == [ended, other], "a refused write leaves everything as it was")
    }
}
