import Foundation
import PasserelleCore
public import PasserelleDiscovery
public import PasserelleStorage
import SQLKit

/// Simulated visitors on the catalogue in the store, and where their recommendations' exposure goes, before and
/// after the re-ranking. Each visitor, drawn under a seed:
/// - lives in a département drawn in proportion to its venues (people live where places are);
/// - states one or two sectors, drawn in proportion to the offers each holds (popular domains are chosen more);
/// - keeps up to three favourites among the first results of their sector in their département (what a visitor
///   following the search's order would keep).
/// Exposure is position-weighted (1 / log₂(rank + 1), as in nDCG) over each list of 12.
public enum ExposureReport {
    public struct Row: Sendable {
        public let name: String
        /// Position-weighted share of exposure per group.
        public let shares: [FairExposureGroup: Double]
        public let distinctOffers: Int
        public let distinctDepartements: Int
        /// Mean share of a list's pairs that differ in sector (intra-list diversity).
        public let intraListDiversity: Double
    }

    public static let listLength = 12

    public static func run(store: SQLStore, visitors count: Int, seed: UInt64) async throws -> (catalogue: [FairExposureGroup: Double], rows: [Row], seconds: Double) {
        let started = ContinuousClock.now
        let (departements, catalogue) = try await catalogueFigures(store)
        guard !departements.isEmpty else { throw ReportError.emptyCatalogue }
        let sectorCounts = try await sectorOffers(store)
        var random = SeededRandom(seed: seed)
        let service = ForYouService(catalogue: store, search: store, traits: store)
        var visitors: [(VisitorProfile, [VisitorSignal])] = []
        for _ in 0..<count {
            let departement = draw(departements, &random)
            var interests = Set([CategoryID(trusted: draw(sectorCounts, &random))])
            if Double.random(in: 0..<1, using: &random) < 0.5 { interests.insert(CategoryID(trusted: draw(sectorCounts, &random))) }
            var request = SearchRequest()
            request.filters.categoryIDs = interests.flatMap(Taxonomy.expand)
            request.filters.departementCode = departement
            request.pageSize = 10
            let firstResults = try await store.search(request).groups.compactMap(\.offers.first)
            let kept = firstResults.prefix(Int.random(in: 0...3, using: &random))
            let signals = kept.map { VisitorSignal(offerID: $0.id, kind: .favourite, at: Date()) }
            visitors.append((VisitorProfile(interests: interests, departementCode: departement, variety: .balanced), signals))
        }
        var rows: [Row] = []
        let configurations: [(String, ForYouRanking, Variety)] = [
            ("relevance only (no guarantee, no MMR)", ForYouRanking(guaranteed: []), .same),
            ("re-ranked, balanced (default)", ForYouRanking(), .balanced),
            ("re-ranked, more variety", ForYouRanking(), .wider),
        ]
        for (name, ranking, variety) in configurations {
            var configured = service
            configured.ranking = ranking
            var lists: [[ForYouItem]] = []
            for (index, (profile, signals)) in visitors.enumerated() {
                var profile = profile
                profile.variety = variety
                // Each simulated visitor has a seed of their own, as a cookie gives a real one.
                lists.append(try await configured.recommend(
                    profile: profile, signals: signals, model: nil, length: listLength, seed: UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
            }
            rows.append(summarise(name, lists))
        }
        let elapsed = ContinuousClock.now - started
        return (catalogue, rows, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    static func summarise(_ name: String, _ lists: [[ForYouItem]]) -> Row {
        var weighted: [FairExposureGroup: Double] = [:], total = 0.0
        var offers = Set<OfferID>(), places = Set<String>(), diversity = 0.0
        for list in lists {
            for (rank, item) in list.enumerated() {
                let weight = 1 / log2(Double(rank) + 2)
                total += weight
                for group in item.groups { weighted[group, default: 0] += weight }
                offers.insert(item.offer.id)
                if let place = item.venue?.departementCode { places.insert(place) }
            }
            let sectors = list.map { Taxonomy.category($0.offer.categoryID)?.parentID ?? $0.offer.categoryID }
            var pairs = 0, differing = 0
            for i in sectors.indices { for j in sectors.indices where j > i { pairs += 1; if sectors[i] != sectors[j] { differing += 1 } } }
            if pairs > 0 { diversity += Double(differing) / Double(pairs) }
        }
        return Row(
            name: name, shares: weighted.mapValues { total > 0 ? $0 / total : 0 }, distinctOffers: offers.count,
            distinctDepartements: places.count, intraListDiversity: lists.isEmpty ? 0 : diversity / Double(lists.count))
    }

    /// Venues per département, and the share of active offers in each group.
    static func catalogueFigures(_ store: SQLStore) async throws -> ([(String, Int)], [FairExposureGroup: Double]) {
        try await store.withReadTransaction { database in
            let departements = try await database.raw(
                "SELECT departement_code AS code, COUNT(*) AS n FROM venues WHERE status = 'active' AND departement_code IS NOT NULL GROUP BY departement_code ORDER BY departement_code"
            ).all().map { (try $0.decode(column: "code", as: String.self), try $0.decode(column: "n", as: Int.self)) }
            func count(_ sql: SQLQueryString) async throws -> Int {
                try await database.raw(sql).first(decodingColumn: "n", as: Int.self) ?? 0
            }
            let total = try await count("SELECT COUNT(*) AS n FROM offers WHERE status = 'active'")
            let small = try await count(
                "SELECT COUNT(*) AS n FROM offers o JOIN venue_traits t ON t.venue_id = o.venue_id WHERE o.status = 'active' AND t.annual_attendance < \(bind: FairExposureGroup.smallVenueAttendance)")
            let rural = try await count(
                "SELECT COUNT(*) AS n FROM offers o JOIN venue_traits t ON t.venue_id = o.venue_id WHERE o.status = 'active' AND o.access <> 'online' AND t.commune_population < \(bind: FairExposureGroup.ruralPopulation)")
            let european = try await count(
                "SELECT COUNT(*) AS n FROM offers o JOIN works w ON w.id = o.work_id WHERE o.status = 'active' AND w.country_of_origin IN (\(binds: ["FR"] + Countries.europeanOtherThanFrance.sorted()))")
            let share = { (n: Int) in total > 0 ? Double(n) / Double(total) : 0 }
            return (departements, [.smallVenue: share(small), .ruralCommune: share(rural), .europeanWork: share(european)])
        }
    }

    static func sectorOffers(_ store: SQLStore) async throws -> [(String, Int)] {
        var bySector: [String: Int] = [:]
        for (category, count) in try await store.offerCountsByCategory() {
            let sector = CategoryID(category).flatMap { Taxonomy.category($0)?.parentID?.rawValue } ?? category
            bySector[sector, default: 0] += count
        }
        return bySector.sorted { $0.key < $1.key }
    }

    static func draw(_ weights: [(String, Int)], _ random: inout SeededRandom) -> String {
        let total = weights.reduce(0) { $0 + $1.1 }
        var target = Int.random(in: 0..<max(total, 1), using: &random)
        for (value, weight) in weights {
            if target < weight { return value }
            target -= weight
        }
        return weights.last!.0
    }

    public enum ReportError: Error, CustomStringConvertible {
        case emptyCatalogue
        public var description: String { "the catalogue has no venue: load the demo first (passerelle demo)" }
    }

    public static func table(catalogue: [FairExposureGroup: Double], rows: [Row], visitors: Int) -> String {
        func percent(_ value: Double?) -> String { String(format: "%5.1f %%", 100 * (value ?? 0)) }
        var lines = [
            "Exposure of \(visitors) simulated visitors' lists of \(listLength) (position-weighted shares; groups: museums under \(FairExposureGroup.smallVenueAttendance) visits a year, communes under \(FairExposureGroup.ruralPopulation) inhabitants, works of French or European origin)",
            "configuration                          small venues  rural communes  FR/EU works  distinct offers  départements  intra-list diversity",
            "share of the catalogue's offers        " + [percent(catalogue[.smallVenue]), percent(catalogue[.ruralCommune]), percent(catalogue[.europeanWork])]
                .map { $0.padding(toLength: 14, withPad: " ", startingAt: 0) }.joined(),
        ]
        for row in rows {
            let cells = [percent(row.shares[.smallVenue]), percent(row.shares[.ruralCommune]), percent(row.shares[.europeanWork]),
                         String(row.distinctOffers), String(row.distinctDepartements), String(format: "%.2f", row.intraListDiversity)]
            lines.append(row.name.padding(toLength: 39, withPad: " ", startingAt: 0) + cells.map { $0.padding(toLength: 14, withPad: " ", startingAt: 0) }.joined())
        }
        lines.append("minimum shares guaranteed in every prefix: " + FairExposureGroup.allCases.map { "\($0.rawValue) \(Int($0.minimumShare * 100)) %" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
