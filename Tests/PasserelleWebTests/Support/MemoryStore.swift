import Foundation
import PasserelleCore
import Synchronization

/// An in-memory `CatalogueStore` for the web tests: each `write` works on a copy of the state and
/// commits it only when the body returns, so a thrown error leaves nothing behind (as a transaction would).
final class MemoryStore: CatalogueStore {
    struct State: Sendable {
        var institutions: [InstitutionID: Institution] = [:]
        var keys: [String: APIKeyRecord] = [:]
        var venues: [VenueID: Venue] = [:]
        var works: [WorkID: Work] = [:]
        var offers: [OfferID: Offer] = [:]
        var stocks: [StockID: Stock] = [:]
    }

    private let state = Mutex(State())
    /// Serialises writes, as SQLite's single writer does.
    private let writer = WriteLock()

    func read<Result: Sendable>(_ body: @Sendable (any CatalogueReading) async throws -> Result) async throws -> Result {
        try await body(Transaction(state.withLock { $0 }))
    }

    func write<Result: Sendable>(_ body: @Sendable (any CatalogueWriting) async throws -> Result) async throws -> Result {
        try await writer.run {
            let tx = Transaction(state.withLock { $0 })
            let result = try await body(tx)
            let committed = tx.snapshot
            state.withLock { $0 = committed }
            return result
        }
    }

    var snapshot: State { state.withLock { $0 } }
}

/// A lock usable across suspension points, so one write runs at a time.
actor WriteLock {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        while busy { await withCheckedContinuation { waiters.append($0) } }
        busy = true
        defer {
            busy = false
            if !waiters.isEmpty { waiters.removeFirst().resume() }
        }
        return try await body()
    }
}

/// One read or write transaction over a private copy of the state.
final class Transaction: CatalogueWriting {
    private let state: Mutex<MemoryStore.State>

    init(_ state: MemoryStore.State) { self.state = Mutex(state) }

    var snapshot: MemoryStore.State { state.withLock { $0 } }

    func institution(_ id: InstitutionID) async throws -> Institution? { state.withLock { $0.institutions[id] } }

    func institution(apiKeyHash: String) async throws -> Institution? {
        state.withLock { state in
            guard let key = state.keys.values.first(where: { $0.secretHash == apiKeyHash && $0.revokedAt == nil }) else { return nil }
            return state.institutions[key.institutionID]
        }
    }

    func venue(_ id: VenueID) async throws -> Venue? { state.withLock { $0.venues[id] } }

    func venues(_ query: VenueQuery, page: PageRequest) async throws -> Page<Venue> {
        let all = state.withLock { $0.venues.values }.filter { venue in
            (query.includeWithdrawn || venue.status == .active)
                && (query.kind.map { $0 == venue.kind } ?? true)
                && (query.communeCode.map { $0 == venue.communeCode } ?? true)
                && (query.departementCode.map { $0 == venue.departementCode } ?? true)
                && (query.regionCode.map { $0 == venue.regionCode } ?? true)
                && (query.institutionID.map { $0 == venue.institutionID } ?? true)
        }.sorted { $0.id < $1.id }
        return Page(items: Array(all.dropFirst(page.offset).prefix(page.size)), total: all.count, request: page)
    }

    func work(_ id: WorkID) async throws -> Work? { state.withLock { $0.works[id] } }
    func offer(_ id: OfferID) async throws -> Offer? { state.withLock { $0.offers[id] } }

    func offers(_ query: OfferQuery, page: PageRequest) async throws -> Page<Offer> {
        let snapshot = state.withLock { $0 }
        let all = snapshot.offers.values.filter { offer in
            let venue = offer.venueID.flatMap { snapshot.venues[$0] }
            let running = query.from.map { from in (offer.endsAt ?? offer.startsAt).map { $0 >= from } ?? true } ?? true
            let started = query.to.map { to in offer.startsAt.map { $0 <= to } ?? true } ?? true
            let access: Bool = switch query.access {
            case nil: true
            case .online: offer.access != .onSite
            case .onSite: offer.access != .online
            }
            return (query.includeWithdrawn || offer.status == .active)
                && (query.categoryIDs.isEmpty || query.categoryIDs.contains(offer.categoryID))
                && (query.communeCode.map { $0 == venue?.communeCode } ?? true)
                && (query.departementCode.map { $0 == venue?.departementCode } ?? true)
                && (query.regionCode.map { $0 == venue?.regionCode } ?? true)
                && running && started && access
                && (query.language.map { offer.languages.contains($0) } ?? true)
                && (query.institutionID.map { $0 == offer.institutionID } ?? true)
                && (query.venueID.map { $0 == offer.venueID } ?? true)
                && (query.workID.map { $0 == offer.workID } ?? true)
        }.sorted { ($0.updatedAt, $0.id.rawValue) > ($1.updatedAt, $1.id.rawValue) }
        return Page(items: Array(all.dropFirst(page.offset).prefix(page.size)), total: all.count, request: page)
    }

    func stock(_ id: StockID) async throws -> Stock? { state.withLock { $0.stocks[id] } }

    func stocks(of offer: OfferID) async throws -> [Stock] {
        state.withLock { $0.stocks.values }.filter { $0.offerID == offer }.sorted { $0.id < $1.id }
    }

    func counts() async throws -> CatalogueCounts {
        state.withLock { state in
            CatalogueCounts(
                institutions: state.institutions.count, venues: state.venues.count, works: state.works.count,
                offers: state.offers.count, stocks: state.stocks.count
            )
        }
    }

    func save(_ institutions: [Institution]) async throws { state.withLock { s in for i in institutions { s.institutions[i.id] = i } } }
    func save(_ venues: [Venue]) async throws { state.withLock { s in for v in venues { s.venues[v.id] = v } } }
    func save(_ works: [Work]) async throws { state.withLock { s in for w in works { s.works[w.id] = w } } }
    func save(_ offers: [Offer]) async throws { state.withLock { s in for o in offers { s.offers[o.id] = o } } }
    func save(_ stocks: [Stock]) async throws { state.withLock { s in for x in stocks { s.stocks[x.id] = x } } }
    func save(_ apiKey: APIKeyRecord) async throws { state.withLock { $0.keys[apiKey.id] = apiKey } }
}
