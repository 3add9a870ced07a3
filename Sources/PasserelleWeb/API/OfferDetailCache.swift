import Metrics
import NIOCore
import PasserelleCore
import Synchronization

/// Encoded bodies of `GET /api/v1/offers/{id}`, each kept with the offer revision it was read at.
///
/// Encoding an offer's detail costs more than reading it. The route reads the offer's revision first, in the
/// same snapshot as any later read, and serves the kept body only when its revision is still the current one:
/// a stale body is never served, whichever process wrote the change. Memory is bounded by `capacityBytes`;
/// past it the oldest entries go first.
final class OfferDetailCache: Sendable {
    /// Accounting overhead per entry on top of its body and key (dictionary slot, queue slot, buffer header).
    static let entryOverheadBytes = 96

    let capacityBytes: Int
    private let state: Mutex<State>
    private let hits = Counter(label: "passerelle_offer_detail_cache_total", dimensions: [("result", "hit")])
    private let misses = Counter(label: "passerelle_offer_detail_cache_total", dimensions: [("result", "miss")])

    init(capacityBytes: Int) {
        precondition(capacityBytes > 0, "a cache of 0 bytes is no cache: pass nil instead")
        self.capacityBytes = capacityBytes
        self.state = Mutex(State())
    }

    /// The kept body of `id` when it was encoded at `revision`.
    func body(for id: OfferID, revision: Int) -> ByteBuffer? {
        let body = state.withLock { state -> ByteBuffer? in
            guard let entry = state.entries[id.rawValue], entry.revision == revision else { return nil }
            return entry.body
        }
        (body == nil ? misses : hits).increment()
        return body
    }

    /// Keeps `body` as the detail of `id` at `revision`, unless a newer revision is already kept.
    func keep(_ body: ByteBuffer, for id: OfferID, revision: Int) {
        let cost = body.readableBytes + id.rawValue.utf8.count + Self.entryOverheadBytes
        guard cost <= capacityBytes else { return }
        state.withLock { state in
            if let existing = state.entries[id.rawValue] {
                guard existing.revision < revision else { return }
                state.bytes -= existing.cost
            } else {
                state.arrivals.append(id.rawValue)
            }
            state.entries[id.rawValue] = Entry(revision: revision, body: body, cost: cost)
            state.bytes += cost
            state.evict(downTo: capacityBytes)
        }
    }

    /// Bytes currently accounted for, and entries kept.
    var usage: (bytes: Int, entries: Int) {
        state.withLock { ($0.bytes, $0.entries.count) }
    }

    private struct Entry {
        let revision: Int
        let body: ByteBuffer
        let cost: Int
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Keys in the order they were first kept; `head` is the oldest still queued.
        var arrivals: [String] = []
        var head = 0
        var bytes = 0

        mutating func evict(downTo capacity: Int) {
            while bytes > capacity, head < arrivals.count {
                let oldest = arrivals[head]
                head += 1
                if let entry = entries.removeValue(forKey: oldest) { bytes -= entry.cost }
            }
            // Drop the consumed part of the queue once it is the larger half, so it never grows without bound.
            if head > arrivals.count / 2 {
                arrivals.removeFirst(head)
                head = 0
            }
        }
    }
}
