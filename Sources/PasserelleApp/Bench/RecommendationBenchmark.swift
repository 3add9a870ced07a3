import Foundation
import PasserelleCore
import PasserelleDiscovery

/// The recommendation target: a top-20 list with 100 000 items and 1 000 000 interactions, p99 < 20 ms, and the
/// training time. Synthetic but shaped like real engagement: items fall into 1 000 taste clusters; each visitor
/// draws 70 % of their interactions from one cluster and 30 % from the whole catalogue, both with a Zipf skew
/// (a few items get most of the engagement). Items carry a category, a département and fair-exposure groups
/// (small venues 20 %, rural communes 15 %, French and European works 60 %) for the re-ranking.
///
/// Measured per list, in process: the floor is the model alone (its 20 best-scored items); the full list is what
/// "for you" runs after its reads: the model's 200 best candidates, the relevance blend, the prefix guarantees and
/// MMR (`ForYouRanking`). The database reads that fetch candidates are measured by the search benchmark.
public enum RecommendationBenchmark {
    public struct Figures: Sendable, CustomStringConvertible {
        public let items: Int
        public let interactions: Int
        public let visitors: Int
        public let trainingSeconds: Double
        public let floor: SearchBenchmark.Latencies
        public let full: SearchBenchmark.Latencies
        public let lists: Int
        public let guaranteesHeld: Bool

        public var description: String {
            func ms(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1_000) }
            return """
              \(items) items, \(interactions) interactions from \(visitors) visitors; training (item-to-item, 50 neighbours): \(String(format: "%.1f", trainingSeconds)) s
              \(lists) lists of 20: model alone p50 \(ms(floor.p50)) ms, p99 \(ms(floor.p99)) ms; with re-ranking (200 candidates, guarantees, MMR) p50 \(ms(full.p50)) ms, p99 \(ms(full.p99)) ms
              target p99 < 20 ms: \(full.p99 < 0.020 ? "PASS" : "FAIL"); prefix guarantees held in every list: \(guaranteesHeld ? "yes" : "NO")
            """
        }
    }

    public static func run(items: Int = 100_000, interactions: Int = 1_000_000, lists: Int = 2_000, seed: UInt64 = 7) -> Figures {
        var random = SeededRandom(seed: seed)
        let clusters = max(1, items / 100)
        let visitors = max(1, interactions / 20)
        let ids = (0..<items).map { OfferID(trusted: String(format: "item-%06d", $0)) }
        var signals: [TrainingSignal] = []
        signals.reserveCapacity(interactions)
        var histories = [[Int]](repeating: [], count: visitors)
        for index in 0..<interactions {
            let visitor = index % visitors
            let home = (visitor * 7_919) % clusters
            let item = Double.random(in: 0..<1, using: &random) < 0.7
                ? home * (items / clusters) + random.skewedIndex(count: items / clusters)
                : random.skewedIndex(count: items)
            signals.append(TrainingSignal(visitor: visitor, offerID: ids[item], weight: 1))
            histories[visitor].append(item)
        }
        let started = ContinuousClock.now
        let model = NeighbourModel(signals: signals)
        let trainingSeconds = seconds(ContinuousClock.now - started)

        let candidates = (0..<items).map { candidate($0, id: ids[$0], random: &random) }
        let ranking = ForYouRanking()
        var floor: [Double] = [], full: [Double] = [], held = true
        for list in 0..<lists {
            let visitor = (list * 104_729) % visitors
            let history = histories[visitor].suffix(20).map { (offerID: ids[$0], weight: Float(1)) }
            let t0 = ContinuousClock.now
            _ = model.scores(history: history, limit: 20)
            floor.append(seconds(ContinuousClock.now - t0))
            let t1 = ContinuousClock.now
            let scored = model.scores(history: history, limit: 200)
            let pool = scored.map { entry -> ForYouCandidate in
                var candidate = candidates[Int(entry.offerID.rawValue.dropFirst(5))!]
                candidate.neighbourScore = (entry.score, entry.because)
                return candidate
            }
            let ranked = ranking.rank(pool, context: ForYouContext(profile: VisitorProfile()), length: 20)
            full.append(seconds(ContinuousClock.now - t1))
            held = held && guaranteesHold(ranked, pool: pool)
        }
        return Figures(items: items, interactions: interactions, visitors: visitors, trainingSeconds: trainingSeconds,
                       floor: SearchBenchmark.Latencies(floor), full: SearchBenchmark.Latencies(full), lists: lists, guaranteesHeld: held)
    }

    static let categories = Taxonomy.all.filter { !$0.isSector }

    static func candidate(_ index: Int, id: OfferID, random: inout SeededRandom) -> ForYouCandidate {
        let category = categories[index % categories.count].id
        let departement = Departement.all[index % Departement.all.count]
        let venue = Venue(id: VenueID(trusted: "venue-\(index % 20_000)"), institutionID: InstitutionID(trusted: "bench"), name: "Lieu",
                          kind: .theatre, departementCode: departement.id, regionCode: departement.regionCode)
        let european = Double.random(in: 0..<1, using: &random) < 0.6
        let work = Work(id: WorkID(trusted: "work-\(index)"), institutionID: venue.institutionID, title: LocalizedText(french: "Œuvre"),
                        categoryID: category, countryOfOrigin: european ? "FR" : "US")
        let offer = Offer(id: id, institutionID: venue.institutionID, workID: work.id, venueID: venue.id, title: LocalizedText(french: "Offre \(index)"),
                          categoryID: category, access: .onSite)
        let traits = VenueTraits(
            annualAttendance: Double.random(in: 0..<1, using: &random) < 0.2 ? 3_000 : 80_000,
            communePopulation: Double.random(in: 0..<1, using: &random) < 0.15 ? 800 : 50_000)
        return ForYouCandidate(offer: offer, venue: venue, work: work, traits: traits)
    }

    /// Every prefix holds its groups' minimum, unless the pool ran out of members (then all of them are listed).
    static func guaranteesHold(_ ranked: [ForYouItem], pool: [ForYouCandidate]) -> Bool {
        for group in FairExposureGroup.allCases {
            let available = pool.filter { group.contains(offer: $0.offer, traits: $0.traits, work: $0.work) }.count
            for length in 1...max(1, ranked.count) where length <= ranked.count {
                let members = ranked.prefix(length).filter { $0.groups.contains(group) }.count
                if members < min(available, Int((group.minimumShare * Double(length)).rounded(.down))) { return false }
            }
        }
        return true
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
