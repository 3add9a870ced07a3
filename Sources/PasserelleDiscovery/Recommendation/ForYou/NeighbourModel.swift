public import PasserelleCore

/// `ItemNeighbours` trained on visitors' signals, with the mapping between offers and the model's dense indices.
/// Built from `VisitorStore.trainingSignals` and replaced as a whole (never updated in place), so readers share it.
public struct NeighbourModel: Sendable {
    public let neighbours: ItemNeighbours
    public let offerIDs: [OfferID]
    private let index: [OfferID: Int]
    public let signalCount: Int

    /// Cosine-like item similarity with a shrinkage of 10: a pair seen by few visitors counts for little.
    public static let parameters = ItemNeighbours.Parameters(neighbourCount: 50, alpha: 0.5, minimumCooccurrence: 1, shrinkage: 10)

    public init(signals: [TrainingSignal], parameters: ItemNeighbours.Parameters = NeighbourModel.parameters) {
        var index: [OfferID: Int] = [:]
        var offerIDs: [OfferID] = []
        var visitors = 0
        var triples: [(user: Int, item: Int, weight: Float)] = []
        triples.reserveCapacity(signals.count)
        for signal in signals {
            let item = index[signal.offerID] ?? {
                index[signal.offerID] = offerIDs.count
                offerIDs.append(signal.offerID)
                return offerIDs.count - 1
            }()
            visitors = max(visitors, signal.visitor + 1)
            triples.append((signal.visitor, item, signal.weight))
        }
        self.index = index
        self.offerIDs = offerIDs
        signalCount = signals.count
        neighbours = ItemNeighbours(Interactions(userCount: visitors, itemCount: offerIDs.count, triples: triples), parameters: parameters)
    }

    /// The `limit` best-scored offers for a history (offer, weight), each with the history's offer that
    /// contributed most; offers of the history and offers the model never saw are left out.
    public func scores(history: [(offerID: OfferID, weight: Float)], limit: Int) -> [(offerID: OfferID, score: Float, because: OfferID)] {
        let known = history.compactMap { entry in index[entry.offerID].map { (item: Int32($0), weight: entry.weight) } }
        guard !known.isEmpty else { return [] }
        let scores = neighbours.scores(history: known, itemCount: offerIDs.count)
        let best = scores.indices.filter { scores[$0] > 0 }
            .sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : offerIDs[$0] < offerIDs[$1] }
            .prefix(limit)
        return best.compactMap { item in
            neighbours.explain(item, history: known).map { (offerIDs[item], scores[item], offerIDs[$0]) }
        }
    }
}
