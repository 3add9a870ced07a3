import Foundation
import Logging
import PasserelleApp
import PasserelleConnectors
import PasserelleCore
import PasserelleStorage
import Testing

/// A feed written into the catalogue: idempotent, changes counted, vanished and cancelled events withdrawn,
/// another source's offers untouched, a dry run writing nothing.
@Suite struct FeedSyncTests {
    static let institution = InstitutionID(trusted: "theatre-t")

    static func event(_ id: String, _ name: String, status: String = "EventScheduled") -> String {
        #"{"@type": "TheaterEvent", "@id": "https://t.example/\#(id)", "name": "\#(name)", "startDate": "2026-05-0\#(id.count)T20:00", "eventStatus": "https://schema.org/\#(status)", "location": {"@type": "Place", "name": "Salle", "address": {"@type": "PostalAddress", "postalCode": "31000", "addressLocality": "Toulouse"}}}"#
    }

    static func sync(_ store: SQLStore, _ events: [String], source: String = "jsonld:agenda", dryRun: Bool = false) async throws -> FeedSyncReport {
        let page = "<html>" + events.map { "<script type=\"application/ld+json\">\($0)</script>" }.joined() + "</html>"
        let read = try JSONLDFeed.read(Data(page.utf8), source: source, institutionID: institution, defaultCategory: nil)
        #expect(read.rejected.isEmpty, "\(read.rejected)")
        return try await FeedSync.apply(read.events, source: source, institution: institution, dryRun: dryRun, into: store)
    }

    static func statuses(_ store: SQLStore) async throws -> [String: RecordStatus] {
        var everything = OfferQuery()
        everything.includeWithdrawn = true
        let query = everything
        let page = try await store.read { try await $0.offers(query, page: try PageRequest(page: 1, size: 100)) }
        return Dictionary(uniqueKeysWithValues: page.items.map { ($0.title[.fr] ?? "", $0.status) })
    }

    @Test func runsTwiceToTheSameCatalogueAndWithdrawsWhatTheSourceDrops() async throws {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        try await store.migrate()
        try await store.write { try await $0.save(Institution(id: Self.institution, name: "Théâtre T")) }

        let first = try await Self.sync(store, [Self.event("a", "Tartuffe"), Self.event("bb", "Phèdre"), Self.event("ccc", "Ondine")], dryRun: true)
        #expect(first.created == 3 && first.venuesCreated == 1)
        #expect(try await Self.statuses(store).isEmpty, "a dry run writes nothing")

        let created = try await Self.sync(store, [Self.event("a", "Tartuffe"), Self.event("bb", "Phèdre"), Self.event("ccc", "Ondine")])
        #expect(created == FeedSyncReport(created: 3, venuesCreated: 1))
        let again = try await Self.sync(store, [Self.event("a", "Tartuffe"), Self.event("bb", "Phèdre"), Self.event("ccc", "Ondine")])
        #expect(again == FeedSyncReport(unchanged: 3), "the same feed twice changes nothing")

        // Another source of the same institution is left alone by this one's withdrawals.
        let other = try await Self.sync(store, [Self.event("dddd", "Lorenzaccio")], source: "jsonld:other")
        #expect(other.created == 1)

        let changed = try await Self.sync(store, [Self.event("a", "Tartuffe ou l'Imposteur"), Self.event("bb", "Phèdre", status: "EventCancelled")])
        #expect(changed == FeedSyncReport(updated: 1, withdrawn: 2), "a renamed event updated; a cancelled and a vanished one withdrawn")
        let statuses = try await Self.statuses(store)
        #expect(statuses == ["Tartuffe ou l'Imposteur": .active, "Phèdre": .withdrawn, "Ondine": .withdrawn, "Lorenzaccio": .active])

        // An incomplete read (here: nothing) withdraws nothing; it counts what it kept.
        let empty = try await FeedSync.apply([], source: "jsonld:agenda", institution: Self.institution, dryRun: false, withdrawVanished: false, into: store)
        #expect(empty == FeedSyncReport(vanishedKept: 1))
        #expect(try await Self.statuses(store)["Tartuffe ou l'Imposteur"] == .active)

        let unknown = InstitutionID(trusted: "nobody")
        await #expect(throws: FeedSync.Failure.unknownInstitution(unknown)) {
            try await FeedSync.apply([], source: "s", institution: unknown, dryRun: false, into: store)
        }
        try await store.shutdown()
    }
}

/// `passerelle import --json`: integer counts and every rejected record with its reason and text.
@Suite struct ImportReportJSONTests {
    @Test func theReportNamesEveryRejectedRecord() throws {
        let page = #"<script type="application/ld+json">{"@type": "MusicEvent", "name": "Sans date", "location": "Salle"}</script>"#
        let read = try JSONLDFeed.read(Data(page.utf8), source: "jsonld:x", institutionID: InstitutionID(trusted: "i"), defaultCategory: nil)
        let data = try ImportReportJSON.encode(read: read, sync: FeedSyncReport(created: 2, unchanged: 1), source: "page.html", dryRun: false)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        // Integers, not booleans: JSONSerialization gives both as NSNumber, a boolean with the type code "c".
        for field in ["created", "updated", "unchanged", "withdrawn"] {
            #expect((object[field] as? NSNumber).map { String(cString: $0.objCType) != "c" } == true, "\(field)")
        }
        #expect(object["created"] as? Int == 2 && object["unchanged"] as? Int == 1)
        let rejected = try #require(object["rejected"] as? [[String: Any]])
        #expect(rejected.count == 1)
        #expect(rejected[0]["reason"] as? String == "missing-field")
        #expect((rejected[0]["record"] as? String)?.contains("Sans date") == true)
        #expect(rejected[0]["block"] as? Int == 1)
    }
}
