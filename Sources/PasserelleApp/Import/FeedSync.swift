public import Foundation
public import PasserelleConnectors
public import PasserelleCore

/// What an import did to the catalogue, counted per offer: created, updated, unchanged (read again, same content),
/// withdrawn (active before, gone from the source or cancelled in it); venues are counted apart.
public struct FeedSyncReport: Sendable, Hashable {
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var withdrawn = 0
    public var venuesCreated = 0
    public var venuesUpdated = 0
    /// Offers gone from the source but kept active, because this read was not complete (see `apply`).
    public var vanishedKept = 0

    public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0, withdrawn: Int = 0, venuesCreated: Int = 0, venuesUpdated: Int = 0,
                vanishedKept: Int = 0) {
        self.vanishedKept = vanishedKept
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
        self.withdrawn = withdrawn
        self.venuesCreated = venuesCreated
        self.venuesUpdated = venuesUpdated
    }
}

/// Writes what a feed gave into the catalogue, in one transaction (a crash or an error leaves the catalogue as it
/// was), so that running the same feed twice changes nothing. The offers a source gave before and no longer gives
/// are withdrawn, never deleted: they are found by their provenance (`source`) among the institution's offers.
public enum FeedSync {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case unknownInstitution(InstitutionID)

        public var description: String {
            switch self {
            case .unknownInstitution(let id): "no institution \(id): create it with `passerelle institution create`"
            }
        }
    }

    /// Applies `events` for `institution`; with `dryRun`, only counts (nothing is written). With
    /// `withdrawVanished` false, offers the source no longer gives are kept active and counted in `vanishedKept`:
    /// the caller says so when its read was not complete (records rejected, a cut-off read, an empty page that may
    /// be an error page), because a bad read must never withdraw a programme.
    public static func apply(
        _ events: [MappedEvent], source: String, institution: InstitutionID, dryRun: Bool, withdrawVanished: Bool = true,
        into store: any CatalogueStore, now: Date = Date()
    ) async throws -> FeedSyncReport {
        let plan: @Sendable (any CatalogueReading) async throws -> (FeedSyncReport, [Venue], [Offer]) = { tx in
            guard try await tx.institution(institution) != nil else { throw Failure.unknownInstitution(institution) }
            var report = FeedSyncReport()
            var venues: [Venue] = [], offers: [Offer] = []
            var seenVenues = Set<VenueID>()
            for venue in events.compactMap(\.venue) where seenVenues.insert(venue.id).inserted {
                if let existing = try await tx.venue(venue.id) {
                    guard !sameContent(existing, venue) else { continue }
                    report.venuesUpdated += 1
                } else {
                    report.venuesCreated += 1
                }
                venues.append(venue)
            }
            // Every offer this source gave before, read at once: an offer id is a hash of the source and the
            // record, so no other source's offer can have it, and no point read is needed per event.
            let before = Dictionary(try await previousOffers(of: institution, from: source, in: tx).map { ($0.id, $0) }) { first, _ in first }
            var given = Set<OfferID>()
            for event in events {
                var offer = event.offer
                given.insert(offer.id)
                if let existing = before[offer.id] {
                    if sameContent(existing, offer) {
                        report.unchanged += 1
                        continue
                    }
                    if offer.status == .withdrawn, existing.status == .active { report.withdrawn += 1 } else { report.updated += 1 }
                } else {
                    // A cancelled event never seen before is kept withdrawn, so a later "rescheduled" finds it.
                    if offer.status == .withdrawn { report.withdrawn += 1 } else { report.created += 1 }
                }
                offer.updatedAt = now
                offers.append(offer)
            }
            for var gone in before.values.sorted(by: { $0.id.rawValue < $1.id.rawValue }) where gone.status == .active && !given.contains(gone.id) {
                guard withdrawVanished else {
                    report.vanishedKept += 1
                    continue
                }
                gone.status = .withdrawn
                gone.updatedAt = now
                report.withdrawn += 1
                offers.append(gone)
            }
            return (report, venues, offers)
        }
        if dryRun { return try await store.read { tx in try await plan(tx).0 } }
        return try await store.write { tx in
            let (report, venues, offers) = try await plan(tx)
            if !venues.isEmpty { try await tx.save(venues) }
            if !offers.isEmpty { try await tx.save(offers) }
            return report
        }
    }

    /// The institution's offers whose provenance is `source`, withdrawn ones included.
    static func previousOffers(of institution: InstitutionID, from source: String, in tx: any CatalogueReading) async throws -> [Offer] {
        var query = OfferQuery()
        query.institutionID = institution
        query.includeWithdrawn = true
        var found: [Offer] = []
        var number = 1
        while true {
            let page = try await tx.offers(query, page: try PageRequest(page: number, size: PageRequest.maximumSize))
            found += page.items.filter { $0.provenance.source == source }
            guard page.items.count == PageRequest.maximumSize else { return found }
            number += 1
        }
    }

    /// Equal but for when it was read and written.
    static func sameContent(_ existing: Offer, _ new: Offer) -> Bool {
        var new = new
        new.updatedAt = existing.updatedAt
        new.provenance.retrievedAt = existing.provenance.retrievedAt
        return existing == new
    }

    static func sameContent(_ existing: Venue, _ new: Venue) -> Bool {
        var new = new
        new.provenance.retrievedAt = existing.provenance.retrievedAt
        return existing == new
    }
}
