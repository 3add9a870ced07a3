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
    public var worksCreated = 0
    public var worksUpdated = 0
    /// Dated stocks of repeating records (calendar series, OpenAgenda timings): created, updated, and withdrawn
    /// because their date left the series.
    public var stocksCreated = 0
    public var stocksUpdated = 0
    public var stocksWithdrawn = 0
    /// Offers gone from the source but kept active, because this read was not complete (see `apply`).
    public var vanishedKept = 0
    /// Stored works a source says are gone (an OAI-PMH deleted record), now withdrawn.
    public var worksWithdrawn = 0
    /// Records found to be an offer another source of the institution already gave, merged into it this run
    /// (each listed in `merges`), and merged records that left their source or were cancelled in it.
    public var merged = 0
    public var mergesEnded = 0
    public var merges: [FeedMerge] = []

    public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0, withdrawn: Int = 0, venuesCreated: Int = 0, venuesUpdated: Int = 0,
                worksCreated: Int = 0, worksUpdated: Int = 0, stocksCreated: Int = 0, stocksUpdated: Int = 0, stocksWithdrawn: Int = 0,
                vanishedKept: Int = 0) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
        self.withdrawn = withdrawn
        self.venuesCreated = venuesCreated
        self.venuesUpdated = venuesUpdated
        self.worksCreated = worksCreated
        self.worksUpdated = worksUpdated
        self.stocksCreated = stocksCreated
        self.stocksUpdated = stocksUpdated
        self.stocksWithdrawn = stocksWithdrawn
        self.vanishedKept = vanishedKept
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
    /// be an error page), because a bad read must never withdraw a programme. `works` are works read without an
    /// offer (`FeedRead.works`: an OAI-PMH harvest); one withdrawn there withdraws the stored work and keeps the
    /// rest of it, and is skipped when none is stored.
    public static func apply(
        _ events: [MappedEvent], works: [Work] = [], source: String, institution: InstitutionID, dryRun: Bool, withdrawVanished: Bool = true,
        into store: any CatalogueStore, now: Date = Date()
    ) async throws -> FeedSyncReport {
        let plan: @Sendable (any CatalogueReading) async throws -> (FeedSyncReport, Changes) = { tx in
            guard try await tx.institution(institution) != nil else { throw Failure.unknownInstitution(institution) }
            var report = FeedSyncReport()
            var changes = Changes()
            // Every offer of the institution, read at once: this source's (an offer id is a hash of the source and
            // the record, so no other source's offer can have it, and no point read is needed per event), and the
            // others', among which a new record may find its duplicate. A source of works alone (an OAI-PMH page)
            // has no offers to look at: it would be one read per page for nothing.
            let everything = events.isEmpty && !works.isEmpty ? [] : try await institutionOffers(institution, in: tx)
            let before = Dictionary(everything.filter { $0.provenance.source == source }.map { ($0.id, $0) }) { first, _ in first }
            var merging = try await MergePlanner(events: events, offers: everything, source: source, institution: institution,
                                                 complete: withdrawVanished, in: tx, now: now)
            var given = Set<OfferID>()
            var standing: [MappedEvent] = []
            for event in events {
                var offer = event.offer
                given.insert(offer.id)
                let existing = before[offer.id]
                if existing == nil, try await merging.absorb(event, into: &changes, &report) { continue }
                standing.append(event)
                // Stocks are read only where there can be some: a series now, or an offer seen before.
                var stocksChanged = false
                if existing != nil || !event.occurrences.isEmpty {
                    let stored = existing == nil ? [] : try await tx.stocks(of: offer.id)
                    stocksChanged = planStocks(of: event, existing: stored, into: &changes, &report)
                }
                if let existing {
                    offer = merging.keepMergedFields(of: existing, in: offer)
                    if sameContent(existing, offer) && !stocksChanged {
                        report.unchanged += 1
                        continue
                    }
                    if offer.status == .withdrawn, existing.status == .active { report.withdrawn += 1 } else { report.updated += 1 }
                    if sameContent(existing, offer) { continue }
                } else {
                    // A cancelled event never seen before is kept withdrawn, so a later "rescheduled" finds it.
                    if offer.status == .withdrawn { report.withdrawn += 1 } else { report.created += 1 }
                }
                offer.updatedAt = now
                changes.offers.append(offer)
            }
            for var gone in before.values.sorted(by: { $0.id.rawValue < $1.id.rawValue }) where gone.status == .active && !given.contains(gone.id) {
                guard withdrawVanished else {
                    report.vanishedKept += 1
                    continue
                }
                gone.status = .withdrawn
                gone.updatedAt = now
                report.withdrawn += 1
                changes.offers.append(gone)
            }
            if withdrawVanished { merging.endVanished(given: given, into: &changes, report: &report) }
            changes.merges = merging.changedMerges
            // Venues and works of records merged into another offer are that offer's already: only the records that
            // stand as offers of their own bring theirs (and a merged record the work it supplied).
            var seenVenues = Set<VenueID>()
            for venue in standing.compactMap(\.venue) where seenVenues.insert(venue.id).inserted {
                if let existing = try await tx.venue(venue.id) {
                    guard !sameContent(existing, venue) else { continue }
                    report.venuesUpdated += 1
                } else {
                    report.venuesCreated += 1
                }
                changes.venues.append(venue)
            }
            var seenWorks = Set<WorkID>()
            for work in standing.compactMap(\.work) + merging.suppliedWorks + works where seenWorks.insert(work.id).inserted {
                if work.status == .withdrawn {
                    // A deletion carries nothing but the identifier: the stored work keeps its content.
                    guard var existing = try await tx.work(work.id), existing.status != .withdrawn else { continue }
                    existing.status = .withdrawn
                    report.worksWithdrawn += 1
                    changes.works.append(existing)
                    continue
                }
                if let existing = try await tx.work(work.id) {
                    guard !sameContent(existing, work) else { continue }
                    report.worksUpdated += 1
                } else {
                    report.worksCreated += 1
                }
                changes.works.append(work)
            }
            return (report, changes)
        }
        if dryRun { return try await store.read { tx in try await plan(tx).0 } }
        return try await store.write { tx in
            // Two feeds of one institution written at once (two `serve` processes) would each miss the other's
            // new offers and both create them: the institution's row serialises them (SQLite has one writer anyway).
            try await tx.lockInstitution(institution)
            let (report, changes) = try await plan(tx)
            // Works and venues before the offers that name them, offers before their stocks.
            if !changes.works.isEmpty { try await tx.save(changes.works) }
            if !changes.venues.isEmpty { try await tx.save(changes.venues) }
            if !changes.offers.isEmpty { try await tx.save(changes.offers) }
            if !changes.stocks.isEmpty { try await tx.save(changes.stocks) }
            if !changes.merges.isEmpty { try await tx.save(changes.merges) }
            return report
        }
    }

    /// Whether a read is complete enough to withdraw what the source no longer gives: no record was rejected (a
    /// rejected record may be an offer the source still lists, broken this once), the read was not cut off, and it
    /// gave something (an empty page may be an error page). Records refused for what they are, not for how they are
    /// written (a private calendar event, an episode without media), are not offers at all and do not count.
    public static func isComplete(_ read: FeedRead) -> Bool {
        guard !read.events.isEmpty else { return false }
        return read.rejected.allSatisfy { notOffers.contains($0.reason.code) }
    }

    static let notOffers: Set<RowReason.Code> = [.privateEvent, .noMedia]

    /// What one import writes, gathered before any write.
    struct Changes: Sendable {
        var venues: [Venue] = []
        var works: [Work] = []
        var offers: [Offer] = []
        var stocks: [Stock] = []
        var merges: [OfferMerge] = []
    }

    /// The stocks of a series against those stored: new dates created, changed ones updated, dates that left the
    /// series withdrawn (a booking may point at them). Only stocks a feed made (`FeedStocks.isFeedMade`) are
    /// withdrawn: those an institution added through the API are its own. Returns whether anything changed.
    static func planStocks(of event: MappedEvent, existing: [Stock], into changes: inout Changes, _ report: inout FeedSyncReport) -> Bool {
        let wanted = FeedStocks.stocks(for: event)
        let stored = Dictionary(existing.map { ($0.id, $0) }) { first, _ in first }
        var changed = false
        for stock in wanted {
            if let old = stored[stock.id] {
                guard old != stock else { continue }
                report.stocksUpdated += 1
            } else {
                report.stocksCreated += 1
            }
            changes.stocks.append(stock)
            changed = true
        }
        let kept = Set(wanted.map(\.id))
        for var old in existing.sorted(by: { $0.id.rawValue < $1.id.rawValue }) where old.status == .active && FeedStocks.isFeedMade(old.id) && !kept.contains(old.id) {
            old.status = .withdrawn
            report.stocksWithdrawn += 1
            changes.stocks.append(old)
            changed = true
        }
        return changed
    }

    /// Every offer of the institution, withdrawn ones included.
    static func institutionOffers(_ institution: InstitutionID, in tx: any CatalogueReading) async throws -> [Offer] {
        var query = OfferQuery()
        query.institutionID = institution
        query.includeWithdrawn = true
        var found: [Offer] = []
        var number = 1
        while true {
            let page = try await tx.offers(query, page: try PageRequest(page: number, size: PageRequest.maximumSize))
            found += page.items
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

    static func sameContent(_ existing: Work, _ new: Work) -> Bool {
        var new = new
        new.provenance.retrievedAt = existing.provenance.retrievedAt
        return existing == new
    }

    static func sameContent(_ existing: Venue, _ new: Venue) -> Bool {
        var new = new
        new.provenance.retrievedAt = existing.provenance.retrievedAt
        return existing == new
    }
}
