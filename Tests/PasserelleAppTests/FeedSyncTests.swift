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

/// A repeating record (a calendar series) becomes one offer with a dated stock per occurrence; a podcast's
/// episodes share one work. Dates that leave the series are withdrawn; stocks an institution added stay.
@Suite struct FeedSyncSeriesTests {
    static let institution = InstitutionID(trusted: "cinema-c")

    static func series(_ days: [Int], work: Work? = nil, title: String = "Ciné-club") -> MappedEvent {
        let starts = days.map { Date(timeIntervalSince1970: 1_800_000_000 + Double($0) * 86_400) }
        let offer = Offer(id: OfferID(trusted: "ical-cineclub"), institutionID: institution, workID: work?.id, title: LocalizedText([.fr: title]),
                          categoryID: CategoryID(trusted: "cinema.screening"), access: .online, onlineURL: URL(string: "https://c.example/live"),
                          price: PriceRange(minCents: 450, maxCents: 900), startsAt: starts.first, endsAt: starts.last,
                          provenance: Provenance(source: "ical:c", recordID: "cineclub"))
        return MappedEvent(offer: offer, work: work, occurrences: starts)
    }

    @Test func aSeriesIsOneOfferWithADatedStockPerOccurrence() async throws {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        try await store.migrate()
        try await store.write { try await $0.save(Institution(id: Self.institution, name: "Cinéma C")) }
        let work = Work(id: WorkID(trusted: "rss-podcast"), institutionID: Self.institution, title: LocalizedText([.fr: "Les films du mardi"]),
                        categoryID: CategoryID(trusted: "cinema.screening"), provenance: Provenance(source: "ical:c", recordID: "work"))
        let sync = { (event: MappedEvent) in try await FeedSync.apply([event], source: "ical:c", institution: Self.institution, dryRun: false, into: store) }

        #expect(try await sync(Self.series([0, 7, 14, 21], work: work)) == FeedSyncReport(created: 1, worksCreated: 1, stocksCreated: 4))
        #expect(try await sync(Self.series([0, 7, 14, 21], work: work)) == FeedSyncReport(unchanged: 1), "the same series twice changes nothing")
        let stocks = try await store.read { try await $0.stocks(of: OfferID(trusted: "ical-cineclub")) }
        #expect(stocks.count == 4 && stocks.allSatisfy { $0.priceCents == 450 && $0.quantity == nil && FeedStocks.isFeedMade($0.id) })

        // An institution's own stock on the offer is not the feed's to withdraw.
        let own = Stock(offerID: OfferID(trusted: "ical-cineclub"), beginsAt: Date(timeIntervalSince1970: 1_900_000_000), quantity: 30, priceCents: 0)
        try await store.write { try await $0.save(own) }

        // One date dropped, one added: the offer is updated (its dates changed), its stocks follow.
        let moved = try await sync(Self.series([0, 7, 21, 28], work: work))
        #expect(moved == FeedSyncReport(updated: 1, stocksCreated: 1, stocksWithdrawn: 1))
        let after = try await store.read { try await $0.stocks(of: OfferID(trusted: "ical-cineclub")) }
        #expect(after.filter { $0.status == .active }.count == 5, "four dates of the series and the institution's own stock")
        #expect(after.first { $0.id == own.id }?.status == .active)
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
