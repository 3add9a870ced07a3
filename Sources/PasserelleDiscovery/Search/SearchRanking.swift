public import Foundation
public import PasserelleCore

/// What the store hands back for one matching offer, before ranking: its indexed fields and what the blend uses.
public struct SearchCandidate: Sendable, Hashable {
    public let offerID: OfferID
    /// `w:<work id>` for an offer of a catalogue work, `o:<offer id>` otherwise: one result per key.
    public let groupKey: String
    /// Folded tokens per field, space-separated, as indexed.
    public let fields: SearchDocument.Fields
    public let coordinates: GeoPoint?
    public let startsAt: Date?
    public let endsAt: Date?

    public init(offerID: OfferID, groupKey: String, fields: SearchDocument.Fields, coordinates: GeoPoint?, startsAt: Date?, endsAt: Date?) {
        self.offerID = offerID
        self.groupKey = groupKey
        self.fields = fields
        self.coordinates = coordinates
        self.startsAt = startsAt
        self.endsAt = endsAt
    }
}

/// The documented ranking. Each offer gets a score in [0, 1]:
///
///     score = 0.70 × relevance + 0.15 × proximity + 0.15 × timeliness      (with a query text)
///     score =                    0.50 × proximity + 0.50 × timeliness      (a listing without text)
///
/// - relevance: the mean over query words of the best field match, a field weighing 1 for the title, 0.8 for the
///   work (its title and creators), 0.6 for the place (venue, town, département) and 0.4 for the description, and a
///   match 1 when exact, 0.8 as a prefix, 0.6 as a typo correction;
/// - proximity: 1 − distance / radius when `near` is given, 0 otherwise (the same for every offer, so it then
///   changes nothing);
/// - timeliness: 1 for an offer running now, 1 / (1 + days / 7) for one starting in `days` days, 0.3 for an undated
///   (permanent) offer.
///
/// A result groups the offers of one work; its score is its best offer's. Results are ordered by score, then by
/// group key, a total order that keyset pagination relies on. Scores are rounded to 10⁻⁹ so that they compare the
/// same after a trip through a cursor.
public enum SearchRanking {
    public static let fieldWeights = (title: 1.0, work: 0.8, place: 0.6, description: 0.4)
    public static let undatedTimeliness = 0.3

    public static func score(_ candidate: SearchCandidate, terms: QueryTerms, request: SearchRequest) -> Double {
        let proximity = proximity(candidate, request)
        let timeliness = timeliness(candidate, now: request.now)
        let raw: Double
        if terms.isEmpty {
            raw = 0.5 * proximity + 0.5 * timeliness
        } else {
            raw = 0.7 * relevance(candidate.fields, terms) + 0.15 * proximity + 0.15 * timeliness
        }
        return (raw * 1e9).rounded() / 1e9
    }

    /// The mean over terms of the best weighted match among the fields.
    public static func relevance(_ fields: SearchDocument.Fields, _ terms: QueryTerms) -> Double {
        guard !terms.isEmpty else { return 0 }
        let weighted: [(String, Double)] = [
            (fields.title, fieldWeights.title), (fields.work, fieldWeights.work),
            (fields.place, fieldWeights.place), (fields.description, fieldWeights.description),
        ]
        var total = 0.0
        for term in terms.terms {
            var best = 0.0
            for (text, weight) in weighted where weight > best {
                for token in text.split(separator: " ") {
                    let quality = term.quality(of: String(token)) * weight
                    if quality > best { best = quality }
                    if best >= weight { break }
                }
            }
            total += best
        }
        return total / Double(terms.terms.count)
    }

    static func proximity(_ candidate: SearchCandidate, _ request: SearchRequest) -> Double {
        guard let near = request.near, let point = candidate.coordinates else { return 0 }
        return max(0, 1 - GeoDistance.kilometres(near, point) / request.radiusKm)
    }

    static func timeliness(_ candidate: SearchCandidate, now: Date) -> Double {
        guard let start = candidate.startsAt ?? candidate.endsAt else { return undatedTimeliness }
        let days = start.timeIntervalSince(now) / 86_400
        return days <= 0 ? 1 : 1 / (1 + days / 7)
    }

    /// Candidates grouped by work and ordered; each group's offers by date (undated last), then id.
    public static func rank(_ candidates: [SearchCandidate], terms: QueryTerms, request: SearchRequest) -> [RankedGroup] {
        var groups: [String: RankedGroup] = [:]
        for candidate in candidates {
            let score = score(candidate, terms: terms, request: request)
            groups[candidate.groupKey, default: RankedGroup(key: candidate.groupKey, score: score, members: [])].add(candidate, score: score)
        }
        return groups.values.map { group in
            var group = group
            group.members.sort(by: RankedGroup.isShownBefore)
            return group
        }
        .sorted { $0.score != $1.score ? $0.score > $1.score : $0.key < $1.key }
    }
}

/// The offers of one result (one work, or one offer without a work), ranked.
public struct RankedGroup: Sendable, Hashable {
    public let key: String
    public private(set) var score: Double
    public var members: [SearchCandidate]

    mutating func add(_ candidate: SearchCandidate, score: Double) {
        members.append(candidate)
        self.score = max(self.score, score)
    }

    static func isShownBefore(_ a: SearchCandidate, _ b: SearchCandidate) -> Bool {
        switch (a.startsAt, b.startsAt) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a.offerID.rawValue < b.offerID.rawValue
        }
    }
}

/// Great-circle distances on the WGS 84 mean sphere.
public enum GeoDistance {
    public static let earthRadiusKm = GeoPoint.earthRadiusKm

    /// The haversine distance in kilometres.
    public static func kilometres(_ a: GeoPoint, _ b: GeoPoint) -> Double { a.kilometres(to: b) }

    /// A latitude/longitude box that contains every point within `km` of `centre` (for an index range scan).
    public static func boundingBox(around centre: GeoPoint, km: Double) -> (latitude: ClosedRange<Double>, longitude: ClosedRange<Double>) {
        let latitudeDelta = km / 111.194
        let cosine = max(cos(centre.latitude * .pi / 180), 0.01)
        let longitudeDelta = min(180, km / (111.194 * cosine))
        return (
            max(-90, centre.latitude - latitudeDelta)...min(90, centre.latitude + latitudeDelta),
            max(-180, centre.longitude - longitudeDelta)...min(180, centre.longitude + longitudeDelta)
        )
    }
}
