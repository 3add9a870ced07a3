public import Foundation
public import PasserelleConnectors
public import PasserelleCore

/// One record of a feed merged into an offer another source of the institution gave, as a report lists it.
public struct FeedMerge: Sendable, Hashable {
    /// The record's id in its source, and the id it would have had as an offer of its own.
    public var recordID: String?
    public var recordOfferID: OfferID
    /// The offer it now is.
    public var offerID: OfferID
    public var rule: OfferMerge.Rule
    /// What matched (`isbn:978…`, a URL, the title with the gaps in time and space).
    public var evidence: String
    /// The offer's fields the record supplied.
    public var fields: [String]
}

extension FeedSync {
    /// Recognises a feed's records that are offers another source of the institution already gave (see
    /// `DuplicateIndex`), and merges them in (see `OfferFieldMerge`) instead of making second offers. A record that has
    /// an offer of its own is never merged; a merged record whose offer its own source withdrew stands on its own.
    struct MergePlanner {
        let source: String
        let institution: InstitutionID
        let now: Date
        let tx: any CatalogueReading
        private let offers: [OfferID: Offer]
        private var merges: [OfferID: OfferMerge]
        /// Offers already taken by one of this source's records: two records of one source are two offers.
        private var claimed: Set<OfferID>
        /// Other sources' live merges by the offer they were merged into: what this source must not overwrite.
        private let othersInto: [OfferID: [OfferID]]
        /// The offers changed by merges this run, as they now are.
        private var current: [OfferID: Offer] = [:]
        private var index: DuplicateIndex?
        private let incoming: [Offer]
        /// Whether any record presents a work, so that the candidates' works are worth reading.
        private let worksNeeded: Bool
        private var venues: [VenueID: Venue?] = [:]
        private(set) var changed: [OfferID: OfferMerge] = [:]
        /// Works that merged records supplied to the offers they were merged into (saved with the run).
        private(set) var suppliedWorks: [Work] = []

        /// With `complete`, the read gave every record of its source: a merge whose record it lacks is ending, and
        /// its offer is free for a record that now describes it (a record whose id changed with its title).
        init(events: [MappedEvent], offers: [Offer], source: String, institution: InstitutionID, complete: Bool, in tx: any CatalogueReading,
             now: Date) async throws {
            self.source = source
            self.institution = institution
            self.now = now
            self.tx = tx
            self.offers = Dictionary(offers.map { ($0.id, $0) }) { first, _ in first }
            self.incoming = events.map(\.offer)
            self.worksNeeded = events.contains { $0.work != nil }
            let stored = events.isEmpty ? [] : try await tx.offerMerges(of: institution)
            merges = Dictionary(stored.map { ($0.recordOfferID, $0) }) { first, _ in first }
            let given = Set(events.map(\.offer.id))
            claimed = Set(stored.filter { $0.source == source && $0.status == .active && (!complete || given.contains($0.recordOfferID)) }.map(\.offerID))
            othersInto = Dictionary(grouping: stored.filter { $0.source != source && $0.status == .active }, by: \.offerID).mapValues { $0.map(\.recordOfferID) }
        }

        var changedMerges: [OfferMerge] { changed.values.sorted { $0.recordOfferID.rawValue < $1.recordOfferID.rawValue } }

        /// Merges `event` into the offer it duplicates, when there is one; false when it stands as an offer of its own.
        /// A merged record follows its offer: when the offer's own source withdraws it (cancelled there, or gone), the
        /// show is not brought back by another feed, and it comes back with its offer.
        mutating func absorb(_ event: MappedEvent, into changes: inout Changes, _ report: inout FeedSyncReport) async throws -> Bool {
            let record = event.offer
            // A series is many performances: it never disappears into one offer.
            let isSeries = event.occurrences.count > 1
            if let merge = merges[record.id], let target = offer(merge.offerID) {
                let isLive = merge.status == .active
                if record.status == .withdrawn {
                    end(merge, into: &changes, &report)
                    return true
                }
                if !isSeries, DuplicateIndex.stillDescribes(record, target), isLive || !claimed.contains(target.id) {
                    claimed.insert(target.id)
                    if target.status == .withdrawn {
                        if !isLive {
                            var resumed = merge
                            resumed.status = .active
                            resumed.fields = []
                            recordChange(resumed)
                        }
                        report.unchanged += 1
                        return true
                    }
                    let fields = apply(record, of: event, to: target, owned: isLive ? Set(merge.fields) : [], merge: merge, isNew: !isLive, into: &changes, &report)
                    if !isLive { reportMerge(record, into: target, rule: merge.rule, evidence: "merged again", fields: fields, &report) }
                    return true
                }
                // Moved to another day, a series now, or its offer taken by another record: matched afresh.
                end(merge, into: &changes, &report)
            }
            guard record.status == .active, !isSeries else { return false }
            let index = try await candidates()
            guard !index.isEmpty, let match = index.match(record, venue: try await venue(of: event), work: event.work),
                  !claimed.contains(match.offerID), let target = offer(match.offerID), target.status == .active else { return false }
            claimed.insert(target.id)
            let merge = OfferMerge(recordOfferID: record.id, offerID: target.id, institutionID: institution, source: source,
                                   recordID: record.provenance.recordID, rule: match.rule, fields: [], mergedAt: now, updatedAt: now)
            let fields = apply(record, of: event, to: target, owned: [], merge: merge, isNew: true, into: &changes, &report)
            reportMerge(record, into: target, rule: match.rule, evidence: match.evidence, fields: fields, &report)
            return true
        }

        private func reportMerge(_ record: Offer, into target: Offer, rule: OfferMerge.Rule, evidence: String, fields: Set<String>,
                                 _ report: inout FeedSyncReport) {
            report.merged += 1
            report.merges.append(FeedMerge(recordID: record.provenance.recordID, recordOfferID: record.id, offerID: target.id, rule: rule,
                                           evidence: evidence, fields: fields.sorted()))
        }

        /// An offer a merge changed: written with the run, and seen as it now is by the rest of it.
        private mutating func write(_ offer: Offer, into changes: inout Changes) {
            var changedOffer = offer
            changedOffer.updatedAt = now
            current[changedOffer.id] = changedOffer
            changes.offers.append(changedOffer)
        }

        /// A merge changed this run: stamped, kept for the write, and seen as it now is by the rest of the run.
        private mutating func recordChange(_ merge: OfferMerge) {
            var stamped = merge
            stamped.updatedAt = now
            changed[stamped.recordOfferID] = stamped
            merges[stamped.recordOfferID] = stamped
        }

        /// Fills `target` from the record and records the merge; counts the offer updated or unchanged when the
        /// merge existed before. Returns the fields the record supplies.
        @discardableResult
        private mutating func apply(_ record: Offer, of event: MappedEvent, to target: Offer, owned: Set<String>, merge: OfferMerge, isNew: Bool,
                                    into changes: inout Changes, _ report: inout FeedSyncReport) -> Set<String> {
            var (filled, fields) = OfferFieldMerge.fill(target, from: record, owned: owned)
            // What the two sources give together must still be a valid offer; if not, the record supplies nothing
            // (one record never sinks the feed's transaction).
            // (one record never sinks the feed's transaction); what it supplied before and the offer still holds stays its.
            if !filled.validationIssues().isEmpty, target.validationIssues().isEmpty { (filled, fields) = (target, OfferMergeField.given(by: target, among: owned)) }
            var updated = merge
            updated.fields = fields.sorted()
            updated.status = .active
            if isNew || updated != merge { recordChange(updated) }
            if fields.contains("workID"), let work = event.work, work.id == filled.workID { suppliedWorks.append(work) }
            if FeedSync.sameContent(target, filled) {
                if !isNew { report.unchanged += 1 }
            } else {
                write(filled, into: &changes)
                if !isNew { report.updated += 1 }
            }
            return fields
        }

        /// The primary source's new version of `stored`, keeping what other sources' merged records supplied and
        /// it still lacks; a field it now gives itself is its own again.
        mutating func keepMergedFields(of stored: Offer, in offer: Offer) -> Offer {
            let into = (othersInto[stored.id] ?? []).compactMap { merges[$0] }
            guard !into.isEmpty else { return offer }
            let (kept, takenBack) = OfferFieldMerge.keep(Set(into.flatMap(\.fields)), from: stored, in: offer)
            for var merge in into where !takenBack.isDisjoint(with: merge.fields) {
                merge.fields = merge.fields.filter { !takenBack.contains($0) }
                recordChange(merge)
            }
            return kept
        }

        /// Ends the merges of this source's records that this (complete) read no longer gave.
        mutating func endVanished(given: Set<OfferID>, into changes: inout Changes, report: inout FeedSyncReport) {
            for merge in merges.values.sorted(by: { $0.recordOfferID.rawValue < $1.recordOfferID.rawValue })
            where merge.source == source && merge.status == .active && !given.contains(merge.recordOfferID) {
                end(merge, into: &changes, &report)
            }
        }

        /// Ends a merge; the fields its record supplied leave the offer (still active), which then holds only what
        /// its sources give.
        private mutating func end(_ merge: OfferMerge, into changes: inout Changes, _ report: inout FeedSyncReport) {
            guard merge.status == .active else { return }
            if !merge.fields.isEmpty, let target = offer(merge.offerID), target.status == .active {
                let cleared = OfferFieldMerge.clear(Set(merge.fields), in: target)
                if !FeedSync.sameContent(target, cleared) {
                    write(cleared, into: &changes)
                    report.updated += 1
                }
            }
            var ended = merge
            ended.status = .withdrawn
            recordChange(ended)
            claimed.remove(merge.offerID)
            report.mergesEnded += 1
        }

        private func offer(_ id: OfferID) -> Offer? { current[id] ?? offers[id] }

        /// The institution's active offers from other sources, with their venues (all the institution's, read by
        /// pages) and, when a record presents a work, their works; read once, and only when a new record needs them.
        private mutating func candidates() async throws -> DuplicateIndex {
            if let index { return index }
            let others = offers.values.filter { $0.status == .active && $0.provenance.source != source }.sorted { $0.id.rawValue < $1.id.rawValue }
            if !others.isEmpty, others.contains(where: { $0.venueID != nil }) {
                var query = VenueQuery()
                query.institutionID = institution
                query.includeWithdrawn = true
                var number = 1
                while true {
                    let page = try await tx.venues(query, page: try PageRequest(page: number, size: PageRequest.maximumSize))
                    for venue in page.items { venues[venue.id] = .some(venue) }
                    guard page.items.count == PageRequest.maximumSize else { break }
                    number += 1
                }
            }
            var works: [WorkID: Work?] = [:]
            var list: [DuplicateIndex.Candidate] = []
            for offer in others {
                var candidate = DuplicateIndex.Candidate(offer: offer)
                if let id = offer.venueID { candidate.venue = try await venue(id) }
                if worksNeeded, let id = offer.workID {
                    if works[id] == nil { works[id] = .some(try await tx.work(id)) }
                    candidate.work = works[id] ?? nil
                }
                list.append(candidate)
            }
            let built = DuplicateIndex(list, incoming: incoming)
            index = built
            return built
        }

        private mutating func venue(of event: MappedEvent) async throws -> Venue? {
            if let venue = event.venue { return venue }
            guard let id = event.offer.venueID else { return nil }
            return try await venue(id)
        }

        private mutating func venue(_ id: VenueID) async throws -> Venue? {
            if let known = venues[id] { return known }
            let found = try await tx.venue(id)
            venues[id] = .some(found)
            return found
        }
    }
}
