import Foundation
public import PasserelleCore

/// The dated stocks of a repeating record: one per occurrence, each with an id derived from the offer and the
/// instant, so that reading the same series again finds the same stocks and a dropped date can be withdrawn.
public enum FeedStocks {
    /// One stock per occurrence (at most `Stock.maximumPerOffer`, the earliest kept), at the offer's lowest price,
    /// with no quantity (the source says nothing of places: unlimited until a ticketing system says otherwise), and
    /// the offer's status (a cancelled series has only withdrawn stocks).
    public static func stocks(for event: MappedEvent) -> [Stock] {
        var seen = Set<Date>()
        let starts = event.occurrences.filter { seen.insert($0).inserted }.sorted().prefix(Stock.maximumPerOffer)
        return starts.map { start in
            Stock(id: id(offer: event.offer.id, start: start), offerID: event.offer.id, beginsAt: start, quantity: nil,
                  priceCents: event.offer.price?.minCents ?? 0, bookingLimit: nil, status: event.offer.status)
        }
    }

    /// Whether a feed made this stock (rather than an institution through the API, whose ids are random).
    public static func isFeedMade(_ id: StockID) -> Bool { id.rawValue.hasPrefix(feedPrefix) && id.rawValue.count == feedPrefix.count + 16 }

    static let feedPrefix = "feed-st-"

    /// `feed-st-` + a hash of the offer id and the start in whole seconds since 1970.
    static func id(offer: OfferID, start: Date) -> StockID {
        let seconds = Int64(start.timeIntervalSince1970.rounded(.down))
        let hash = String(StableID.fnv1a64(offer.rawValue + "\u{1F}" + String(seconds)), radix: 16)
        return StockID(trusted: feedPrefix + String(repeating: "0", count: 16 - hash.count) + hash)
    }
}
