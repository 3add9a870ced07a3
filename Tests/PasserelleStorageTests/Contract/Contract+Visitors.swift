import Foundation
import PasserelleCore
import PasserelleDiscovery
import PasserelleStorage
import Testing

/// Visitors on every engine: profiles, signals with their limits, erasure on demand and after 13 months, the
/// training batch, and the venues' traits with the fair-share candidates they select.
extension Contract {
    static func visitors(_ store: SQLStore) async throws {
        let visitor = VisitorID.random(), other = VisitorID.random()
        let now = Fixtures.base
        #expect(try await store.profile(of: visitor) == nil)
        #expect(try await store.signals(of: visitor).isEmpty)

        let profile = VisitorProfile(interests: [CategoryID(trusted: "music"), CategoryID(trusted: "cinema")], departementCode: "2A", variety: .wider)
        try await store.saveProfile(profile, for: visitor, at: now)
        #expect(try await store.profile(of: visitor) == profile)

        // Favourites and views: one row per offer and kind, the latest time kept, newest first.
        try await store.record(VisitorSignal(offerID: OfferID(trusted: "o1"), kind: .favourite, at: now), for: visitor)
        try await store.record(VisitorSignal(offerID: OfferID(trusted: "o1"), kind: .view, at: now.addingTimeInterval(1)), for: visitor)
        try await store.record(VisitorSignal(offerID: OfferID(trusted: "o1"), kind: .view, at: now.addingTimeInterval(5)), for: visitor)
        try await store.record(VisitorSignal(offerID: OfferID(trusted: "o2"), kind: .view, at: now.addingTimeInterval(2)), for: other)
        let signals = try await store.signals(of: visitor)
        #expect(signals.map(\.kind) == [.view, .favourite])
        #expect(signals.first?.at == now.addingTimeInterval(5))
        #expect(try await store.profile(of: visitor) == profile, "a signal keeps the stated profile")

        // Only the newest views are kept.
        for index in 0..<(VisitorLimits.keptViews + 5) {
            try await store.record(VisitorSignal(offerID: OfferID(trusted: "v\(index)"), kind: .view, at: now.addingTimeInterval(10 + Double(index))), for: visitor)
        }
        let views = try await store.signals(of: visitor).filter { $0.kind == .view }
        #expect(views.count == VisitorLimits.keptViews)
        #expect(views.last?.offerID.rawValue == "v5", "the five oldest views went, o1's among them")

        // The training batch numbers visitors, never names them.
        let training = try await store.trainingSignals(limit: 1_000)
        #expect(training.count == VisitorLimits.keptViews + 2)
        #expect(Set(training.map(\.visitor)) == [0, 1])
        #expect(training.contains { $0.offerID.rawValue == "o1" && $0.weight == SignalKind.favourite.weight })

        // Removing a favourite; erasure of one visitor leaves the other.
        try await store.removeFavourite(OfferID(trusted: "o1"), for: visitor)
        #expect(try await store.signals(of: visitor).allSatisfy { $0.kind == .view })
        #expect(try await store.forget(visitor) == VisitorLimits.keptViews + 1)
        #expect(try await store.profile(of: visitor) == nil)
        #expect(try await store.signals(of: visitor).isEmpty)
        #expect(try await store.signals(of: other).count == 1)

        // Inactive visitors are forgotten, active ones stay.
        try await store.saveProfile(profile, for: visitor, at: now.addingTimeInterval(1_000))
        #expect(try await store.forgetVisitors(inactiveSince: now.addingTimeInterval(500)) == 1)
        #expect(try await store.signals(of: other).isEmpty)
        #expect(try await store.profile(of: visitor) == profile)
    }

    static func favouriteLimit(_ store: SQLStore) async throws {
        let visitor = VisitorID.random()
        for index in 0..<VisitorLimits.maximumFavourites {
            try await store.record(VisitorSignal(offerID: OfferID(trusted: "f\(index)"), kind: .favourite, at: Fixtures.base), for: visitor)
        }
        await #expect(throws: VisitorError.tooManyFavourites) {
            try await store.record(VisitorSignal(offerID: OfferID(trusted: "one-more"), kind: .favourite, at: Fixtures.base), for: visitor)
        }
        // Keeping again one already kept is not one more.
        try await store.record(VisitorSignal(offerID: OfferID(trusted: "f0"), kind: .favourite, at: Fixtures.base.addingTimeInterval(1)), for: visitor)
        #expect(try await store.signals(of: visitor).count == VisitorLimits.maximumFavourites)
    }

    static func venueTraits(_ store: SQLStore) async throws {
        try await store.write { tx in
            try await Fixtures.seed(tx)
            try await tx.save(Fixtures.venue("village", commune: "23001", departement: "23", region: "75"))
            try await tx.save(Fixtures.offer("big-show"))
            try await tx.save(Fixtures.offer("village-show", venue: "village"))
            try await tx.save(Fixtures.offer("village-old", venue: "village", startsAt: Fixtures.base.addingTimeInterval(-86_400 * 30),
                                              endsAt: Fixtures.base.addingTimeInterval(-86_400 * 29)))
            try await tx.save(Fixtures.offer("village-gone", venue: "village", status: .withdrawn))
            try await tx.save(Fixtures.offer("book", venue: nil, work: "work-a", access: .online))
        }
        let written = try await store.saveVenueTraits([
            VenueID(trusted: "venue-a"): VenueTraits(annualAttendance: 250_000, communePopulation: 2_100_000),
            VenueID(trusted: "village"): VenueTraits(annualAttendance: 1_200, communePopulation: 310),
            VenueID(trusted: "no-such-venue"): VenueTraits(annualAttendance: 5),
        ])
        #expect(written == 2, "traits of a venue the catalogue does not hold are skipped")
        let read = try await store.venueTraits([VenueID(trusted: "village"), VenueID(trusted: "venue-a"), VenueID(trusted: "nope")])
        #expect(read[VenueID(trusted: "village")] == VenueTraits(annualAttendance: 1_200, communePopulation: 310))
        #expect(read.count == 2)

        let now = Fixtures.base
        #expect(try await store.offers(in: .smallVenue, departementCode: nil, from: "", limit: 10, now: now).map(\.rawValue) == ["village-show"],
                "active, not ended, small venues only")
        #expect(try await store.offers(in: .ruralCommune, departementCode: "23", from: "z", limit: 10, now: now).map(\.rawValue) == ["village-show"],
                "wraps round from the start")
        #expect(try await store.offers(in: .ruralCommune, departementCode: "75", from: "", limit: 10, now: now).isEmpty)
        #expect(try await store.offers(in: .europeanWork, departementCode: nil, from: "", limit: 10, now: now).map(\.rawValue) == ["book"])
    }
}
