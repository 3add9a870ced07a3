import Foundation
import Logging
import PasserelleApp
import PasserelleConnectors
import PasserelleCore
import PasserelleStorage
import Testing

/// The same show from two feeds of one institution is one offer: the second feed's record is merged into the first
/// one's offer, supplies only what it lacked, and each field keeps its source. Running either feed again changes
/// nothing; the merge ends when the record leaves its feed, and the record stands alone when the offer's own feed
/// withdraws it.
@Suite struct FeedSyncMergeTests {
    static let institution = InstitutionID(trusted: "theatre-t")
    static let evening = Date(timeIntervalSince1970: 1_800_000_000)
    static let calendar = "ical:0000000000000001:saison.ics"
    static let agenda = "openagenda:0000000000000002:agenda"

    static func venue(_ id: String, latitude: Double) -> Venue {
        Venue(id: VenueID(trusted: id), institutionID: institution, name: "Théâtre T", kind: .theatre, address: Address(postalCode: "31000", city: "Toulouse"),
              coordinates: GeoPoint(latitude: latitude, longitude: 1.443_6))
    }

    /// A record as a feed maps it: its id is its source's, its venue the feed's own.
    static func event(_ record: String, _ title: String, source: String, minutes: Double = 0, venue: Venue, english: String? = nil,
                      price: PriceRange? = nil, status: RecordStatus = .active) -> MappedEvent {
        var description = LocalizedText([.fr: "Texte de \(source)"])
        description[.en] = english
        let offer = Offer(id: OfferID(trusted: "ev-\(source.prefix(4))-\(record)"), institutionID: institution, venueID: venue.id,
                          title: LocalizedText(french: title), description: description, categoryID: CategoryID(trusted: "live-performance.theatre"), access: .onSite,
                          price: price, startsAt: evening.addingTimeInterval(minutes * 60), provenance: Provenance(source: source, recordID: record), status: status)
        return MappedEvent(offer: offer, venue: venue)
    }

    static func offers(_ store: SQLStore) async throws -> [Offer] {
        var query = OfferQuery()
        query.includeWithdrawn = true
        let all = query
        return try await store.read { try await $0.offers(all, page: try PageRequest(page: 1, size: 100)) }.items.sorted { $0.id.rawValue < $1.id.rawValue }
    }

    @Test func aShowInTwoFeedsIsOneOfferWithEachFieldsSource() async throws {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        try await store.migrate()
        try await store.write { try await $0.save(Institution(id: Self.institution, name: "Théâtre T")) }
        let hall = Self.venue("v-calendar", latitude: 43.604_4), sameHall = Self.venue("v-agenda", latitude: 43.604_9) // 56 m apart
        func sync(_ events: [MappedEvent], _ source: String, dryRun: Bool = false) async throws -> FeedSyncReport {
            try await FeedSync.apply(events, source: source, institution: Self.institution, dryRun: dryRun, into: store)
        }
        let tartuffe = Self.event("tartuffe", "Tartuffe", source: Self.calendar, venue: hall)
        let phedre = Self.event("phedre", "Phèdre", source: Self.calendar, minutes: 24 * 60, venue: hall)
        #expect(try await sync([tartuffe, phedre], Self.calendar) == FeedSyncReport(created: 2, venuesCreated: 1))

        let price = PriceRange(minCents: 1_000, maxCents: 2_800)
        let agendaTartuffe = Self.event("oa-77", "TARTUFFE !", source: Self.agenda, minutes: 15, venue: sameHall, english: "Molière's comedy", price: price)
        let ondine = Self.event("oa-78", "Ondine", source: Self.agenda, minutes: 48 * 60, venue: sameHall)
        let dry = try await sync([agendaTartuffe, ondine], Self.agenda, dryRun: true)
        #expect(dry.merged == 1 && dry.created == 1)
        #expect(try await store.read { try await $0.offerMerges(of: Self.institution) }.isEmpty, "a dry run writes no merge")

        let merged = try await sync([agendaTartuffe, ondine], Self.agenda)
        #expect(merged.merged == 1 && merged.created == 1 && merged.updated == 0 && merged.venuesCreated == 1,
                "Tartuffe is merged, Ondine created, with the one venue it needs")
        let report = try #require(merged.merges.first)
        #expect(report.offerID == tartuffe.offer.id && report.recordID == "oa-77" && report.rule == .titleDateVenue)
        #expect(report.evidence == "title \"tartuffe\", starts 15 min apart, venues 56 m apart" && report.fields == ["description.en", "price"])
        var offers = try await Self.offers(store)
        #expect(offers.count == 3, "no second Tartuffe")
        let one = try #require(offers.first { $0.id == tartuffe.offer.id })
        #expect(one.title[.fr] == "Tartuffe" && one.description[.fr] == "Texte de \(Self.calendar)" && one.provenance.source == Self.calendar,
                "the calendar, its primary source, keeps every field it gives")
        #expect(one.description[.en] == "Molière's comedy" && one.price == price && one.startsAt == tartuffe.offer.startsAt)
        let stored = try #require(try await store.read { try await $0.offerMerges(into: tartuffe.offer.id) }.first)
        #expect(stored.source == Self.agenda && stored.recordID == "oa-77" && stored.fields == ["description.en", "price"] && stored.status == .active)

        #expect(try await sync([agendaTartuffe, ondine], Self.agenda) == FeedSyncReport(unchanged: 2), "the agenda again changes nothing")
        #expect(try await sync([tartuffe, phedre], Self.calendar) == FeedSyncReport(unchanged: 2), "the calendar again keeps what the agenda supplied")
        #expect(try await Self.offers(store).first { $0.id == tartuffe.offer.id }?.price == price)

        // The agenda's own field follows the agenda.
        let cheaper = Self.event("oa-77", "TARTUFFE !", source: Self.agenda, minutes: 15, venue: sameHall, english: "Molière's comedy",
                                 price: PriceRange(minCents: 800, maxCents: 2_800))
        #expect(try await sync([cheaper, ondine], Self.agenda) == FeedSyncReport(updated: 1, unchanged: 1))
        // The calendar now gives its own translation: it is the calendar's again.
        let translated = Self.event("tartuffe", "Tartuffe", source: Self.calendar, venue: hall, english: "The Impostor")
        #expect(try await sync([translated, phedre], Self.calendar) == FeedSyncReport(updated: 1, unchanged: 1))
        offers = try await Self.offers(store)
        #expect(offers.first { $0.id == tartuffe.offer.id }.map { ($0.description[.en], $0.price?.minCents) } ?? (nil, nil) == ("The Impostor", 800))
        #expect(try await store.read { try await $0.offerMerges(into: tartuffe.offer.id) }.first?.fields == ["price"])

        // The record leaves the agenda: the merge ends, the price it gave goes with it, the offer stays as the
        // calendar says.
        let left = try await sync([ondine], Self.agenda)
        #expect(left.mergesEnded == 1 && left.withdrawn == 0 && left.updated == 1 && left.unchanged == 1)
        #expect(try await store.read { try await $0.offerMerges(into: tartuffe.offer.id) }.first?.status == .withdrawn)
        let kept = try #require(try await Self.offers(store).first { $0.id == tartuffe.offer.id })
        #expect(kept.status == .active && kept.price == nil && kept.description[.en] == "The Impostor")
        // It comes back and is merged again.
        let back = try await sync([agendaTartuffe, ondine], Self.agenda)
        #expect(back.merged == 1 && back.merges.first?.evidence == "merged again" && back.updated == 0 && back.unchanged == 1)
        #expect(try await store.read { try await $0.offerMerges(into: tartuffe.offer.id) }.first.map { ($0.status, $0.fields) } ?? (.withdrawn, [])
                == (.active, ["price"]))
        // The calendar drops Tartuffe: the merged record follows its offer, and no feed brings the show back alone.
        #expect(try await sync([phedre], Self.calendar).withdrawn == 1)
        #expect(try await sync([agendaTartuffe, ondine], Self.agenda) == FeedSyncReport(unchanged: 2))
        offers = try await Self.offers(store)
        #expect(offers.filter { $0.status == .active }.map { $0.title[.fr] ?? "" }.sorted() == ["Ondine", "Phèdre"])
        // The calendar lists it again: the offer is back, with what the agenda supplies.
        #expect(try await sync([translated, phedre], Self.calendar) == FeedSyncReport(updated: 1, unchanged: 1))
        let again = try #require(try await Self.offers(store).first { $0.id == tartuffe.offer.id })
        #expect(again.status == .active && again.price == price && again.description[.en] == "The Impostor")
        #expect(try await sync([agendaTartuffe, ondine], Self.agenda) == FeedSyncReport(unchanged: 2))
        try await store.shutdown()
    }

    @Test func twoRecordsOfOneFeedAreTwoOffersAndACancelledRecordIsNeverMerged() async throws {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        try await store.migrate()
        try await store.write { try await $0.save(Institution(id: Self.institution, name: "Théâtre T")) }
        let hall = Self.venue("v-calendar", latitude: 43.604_4)
        func sync(_ events: [MappedEvent], _ source: String) async throws -> FeedSyncReport {
            try await FeedSync.apply(events, source: source, institution: Self.institution, dryRun: false, into: store)
        }
        _ = try await sync([Self.event("tartuffe", "Tartuffe", source: Self.calendar, venue: hall)], Self.calendar)
        let report = try await sync([
            Self.event("oa-1", "Tartuffe", source: Self.agenda, venue: hall),
            Self.event("oa-2", "Tartuffe", source: Self.agenda, minutes: 10, venue: hall),
            Self.event("oa-3", "Tartuffe", source: Self.agenda, minutes: 5, venue: hall, status: .withdrawn),
        ], Self.agenda)
        #expect(report.merged == 1 && report.created == 1 && report.withdrawn == 1,
                "the first record is merged; its twin in the same feed is an offer of its own; a cancelled one is kept withdrawn")
        #expect(try await Self.offers(store).count == 3)
        try await store.shutdown()
    }

    @Test func aSeriesIsNeverMergedAndAMovedRecordIsMatchedAgain() async throws {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        try await store.migrate()
        try await store.write { try await $0.save(Institution(id: Self.institution, name: "Théâtre T")) }
        let hall = Self.venue("v-calendar", latitude: 43.604_4)
        func sync(_ events: [MappedEvent], _ source: String, complete: Bool = true) async throws -> FeedSyncReport {
            try await FeedSync.apply(events, source: source, institution: Self.institution, dryRun: false, withdrawVanished: complete, into: store)
        }
        let premiere = Self.event("tartuffe", "Tartuffe", source: Self.calendar, venue: hall)
        _ = try await sync([premiere], Self.calendar)
        var series = Self.event("oa-1", "Tartuffe", source: Self.agenda, venue: hall)
        series.occurrences = (0..<10).map { Self.evening.addingTimeInterval(Double($0) * 86_400) }
        let seriesReport = try await sync([series], Self.agenda)
        #expect(seriesReport.merged == 0 && seriesReport.created == 1 && seriesReport.stocksCreated == 10,
                "ten performances never disappear into the premiere's one offer")

        let single = Self.event("oa-2", "Phèdre", source: Self.agenda, venue: hall)
        let phedre = Self.event("phedre", "Phèdre", source: Self.calendar, venue: hall)
        _ = try await sync([premiere, phedre], Self.calendar)
        #expect(try await sync([series, single], Self.agenda).merged == 1)
        // The record moves to next week: it no longer describes the calendar's Phèdre, and stands alone.
        let moved = Self.event("oa-2", "Phèdre", source: Self.agenda, minutes: 7 * 24 * 60, venue: hall)
        let report = try await sync([series, moved], Self.agenda)
        #expect(report.mergesEnded == 1 && report.created == 1 && report.merged == 0)
        // An incomplete read ends no merge, and a complete one ends those whose records it lacks.
        let back = try await sync([series, single], Self.agenda)
        #expect(back.merged == 0 && back.updated == 1, "oa-2 has an offer of its own now, moved back: \(back)")
        try await store.shutdown()
    }
}
