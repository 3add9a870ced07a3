public import Foundation
public import PasserelleCore

/// The offers an institution's other sources already gave, indexed by what identifies an offer, so that each
/// record of a feed looks among the few offers that share one of its keys, not among all: identifiers first (a
/// work identifier, a URL), then the normalised title with the date and the venue.
public struct DuplicateIndex: Sendable {
    /// Two starts closer than this are the same performance (doors at 19:40 in one source, curtain at 20:00 in
    /// another); sessions 30 min apart are not.
    public static let startTolerance: TimeInterval = 30 * 60
    /// Two venues this close are the same place (a theatre's main hall and its address geocoded twice).
    public static let venueDistanceKm = 0.3

    /// An offer already in the catalogue, with its venue and work when it has them.
    public struct Candidate: Sendable {
        public var offer: Offer
        public var venue: Venue?
        public var work: Work?

        public init(offer: Offer, venue: Venue? = nil, work: Work? = nil) {
            self.offer = offer
            self.venue = venue
            self.work = work
        }
    }

    public struct Match: Sendable, Hashable {
        public var offerID: OfferID
        public var rule: OfferMerge.Rule
        /// What matched, for the report: `isbn:9782070360024`, a URL, or the title with the gaps in time and space.
        public var evidence: String
    }

    private var candidates: [Candidate] = []
    private var byWorkKey: [String: [Int]] = [:]
    private var byWorkID: [WorkID: [Int]] = [:]
    private var byURL: [String: [Int]] = [:]
    private var byTitle: [String: [Int]] = [:]

    /// `incoming` are the records of the feed being read: a URL two of them share identifies none of them either.
    public init(_ candidates: [Candidate], incoming: [Offer] = []) {
        self.candidates = candidates
        for (position, candidate) in candidates.enumerated() {
            for key in candidate.work.map({ MatchKeys.work($0.identifiers) }) ?? [] { byWorkKey[key, default: []].append(position) }
            if let work = candidate.offer.workID { byWorkID[work, default: []].append(position) }
            for key in Self.urlKeys(candidate.offer) { byURL[key, default: []].append(position) }
            for key in MatchKeys.titles(candidate.offer.title) { byTitle[key, default: []].append(position) }
        }
        // A URL several offers share (a venue's one ticket office page) identifies none of them.
        var sharedIncoming = [String: Int]()
        for offer in incoming { for key in Self.urlKeys(offer) { sharedIncoming[key, default: 0] += 1 } }
        byURL = byURL.filter { $0.value.count == 1 && (sharedIncoming[$0.key] ?? 0) < 2 }
    }

    public var isEmpty: Bool { candidates.isEmpty }

    /// The offer `offer` (at `venue`, presenting `work`) duplicates, strongest rule first. A rule that finds two
    /// candidates equally good (two sessions of a guided tour, two episodes of one podcast) finds none: a wrong merge
    /// hides an offer, a missed one only shows it twice.
    public func match(_ offer: Offer, venue: Venue?, work: Work?) -> Match? {
        if let work {
            for key in MatchKeys.work(work.identifiers).sorted() {
                if let found = best(byWorkKey[key], offer, within: Self.startTolerance, venue: venue, strictVenue: false) {
                    return Match(offerID: found.offer.id, rule: .workIdentifier, evidence: key)
                }
            }
        }
        if let workID = offer.workID, let found = best(byWorkID[workID], offer, within: Self.startTolerance, venue: venue, strictVenue: false) {
            return Match(offerID: found.offer.id, rule: .workIdentifier, evidence: "work \(workID)")
        }
        for key in Self.urlKeys(offer).sorted() {
            if let found = best(byURL[key], offer, within: Self.urlStartTolerance, venue: venue, strictVenue: false),
               MatchKeys.shareAWord(offer.title, found.offer.title) {
                return Match(offerID: found.offer.id, rule: .url, evidence: key)
            }
        }
        guard offer.startsAt != nil else { return nil }
        for key in MatchKeys.titles(offer.title).sorted() {
            if let found = best(byTitle[key], offer, within: Self.startTolerance, venue: venue, strictVenue: true) {
                return Match(offerID: found.offer.id, rule: .titleDateVenue, evidence: evidence(key, offer, venue, found))
            }
        }
        return nil
    }

    /// Two records under one URL may start this far apart (a date given without its hour in one source).
    public static let urlStartTolerance: TimeInterval = 12 * 3_600

    /// Among `positions`, the one candidate at the same time (strictly within `within`; undated only with undated)
    /// and place; nil when there is none, or more than one.
    private func best(_ positions: [Int]?, _ offer: Offer, within tolerance: TimeInterval, venue: Venue?, strictVenue: Bool) -> Candidate? {
        guard let positions else { return nil }
        var found: Candidate?
        for position in positions {
            let candidate = candidates[position]
            guard candidate.offer.id != offer.id, let gap = Self.gap(offer.startsAt, candidate.offer.startsAt), gap == 0 || gap < tolerance else { continue }
            guard Self.samePlace(offer, venue, candidate, strict: strictVenue) else { continue }
            guard found == nil else { return nil }
            found = candidate
        }
        return found
    }

    /// Whether a record merged before still describes its offer: starts within `urlStartTolerance` of it (or both
    /// undated). A record moved to another day, or an id its source gave to another show, is matched again.
    public static func stillDescribes(_ record: Offer, _ offer: Offer) -> Bool {
        guard let gap = gap(record.startsAt, offer.startsAt) else { return false }
        return gap < urlStartTolerance
    }

    /// The time between two starts: 0 when both are undated, nil when only one is.
    private static func gap(_ a: Date?, _ b: Date?) -> TimeInterval? {
        switch (a, b) {
        case (nil, nil): 0
        case (let a?, let b?): abs(a.timeIntervalSince(b))
        default: nil
        }
    }

    /// The same venue (by id, within `venueDistanceKm`, or by folded name in the same postal code or city), or both
    /// online. Without `strict`, a side whose place is unknown does not refuse (an identifier already matched).
    static func samePlace(_ offer: Offer, _ venue: Venue?, _ candidate: Candidate, strict: Bool) -> Bool {
        if let id = offer.venueID, id == candidate.offer.venueID { return true }
        guard let venue, let other = candidate.venue else {
            let bothOnline = offer.venueID == nil && candidate.offer.venueID == nil && offer.access != .onSite && candidate.offer.access != .onSite
            return bothOnline || (!strict && (venue == nil || candidate.venue == nil))
        }
        if let a = venue.coordinates, let b = other.coordinates { return a.kilometres(to: b) <= venueDistanceKm }
        guard NameKey.fold(venue.name) == NameKey.fold(other.name) else { return false }
        switch (venue.address, other.address) {
        case (let a?, let b?):
            if let p = a.postalCode, let q = b.postalCode { return p == q }
            return NameKey.fold(a.city) == NameKey.fold(b.city)
        default: return !strict
        }
    }

    private func evidence(_ title: String, _ offer: Offer, _ venue: Venue?, _ found: Candidate) -> String {
        var parts = ["title \"\(title)\""]
        if let gap = Self.gap(offer.startsAt, found.offer.startsAt) { parts.append("starts \(Int(gap / 60)) min apart") }
        if let a = venue?.coordinates, let b = found.venue?.coordinates {
            parts.append("venues \(Int((a.kilometres(to: b) * 1_000).rounded())) m apart")
        } else if offer.venueID != nil, offer.venueID == found.offer.venueID {
            parts.append("same venue")
        } else if venue != nil {
            parts.append("venue \"\(venue?.name ?? "")\"")
        } else {
            parts.append("online")
        }
        return parts.joined(separator: ", ")
    }

    private static func urlKeys(_ offer: Offer) -> Set<String> {
        Set([offer.bookingURL, offer.onlineURL].compactMap { $0.flatMap(MatchKeys.url) })
    }
}
