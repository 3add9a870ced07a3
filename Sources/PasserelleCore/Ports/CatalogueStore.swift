public import Foundation

/// Read-side queries of the catalogue, by intent.
public protocol CatalogueReading: Sendable {
    func institution(_ id: InstitutionID) async throws -> Institution?
    /// The institution owning an unrevoked API key with this SHA-256 hex digest.
    func institution(apiKeyHash: String) async throws -> Institution?
    /// The key with this SHA-256 hex digest, in any state, and its institution.
    func credential(apiKeyHash: String) async throws -> APICredential?
    /// The key named by its public prefix (`psl_3f9a1c2b`).
    func apiKey(_ id: String) async throws -> APIKeyRecord?
    /// Every key of an institution, newest first, revoked and expired ones included.
    func apiKeys(of institution: InstitutionID) async throws -> [APIKeyRecord]
    /// The institution registered with this SIREN, if any.
    func institution(siren: String) async throws -> Institution?
    /// Institutions whose name contains `text` (case-insensitive; all when nil), by name, at most `limit`.
    func institutions(nameContaining text: String?, limit: Int) async throws -> [Institution]
    func venue(_ id: VenueID) async throws -> Venue?
    func venues(_ query: VenueQuery, page: PageRequest) async throws -> Page<Venue>
    func work(_ id: WorkID) async throws -> Work?
    /// Works matching `query`, by id, with the total count of matches.
    func works(_ query: WorkQuery, page: PageRequest) async throws -> Page<Work>
    /// The work with its change time (withdrawn ones too).
    func datedWork(_ id: WorkID) async throws -> DatedWork?
    /// At most `limit` works matching `query`, withdrawn ones included, by (change time, id), strictly after `cursor`.
    func workChanges(_ query: WorkChangeQuery, after cursor: WorkChangeCursor?, limit: Int) async throws -> [DatedWork]
    /// How many works `workChanges` lists for `query` from its start.
    func countWorkChanges(_ query: WorkChangeQuery) async throws -> Int
    /// The earliest change time of any work; nil when there are none.
    func earliestWorkChange() async throws -> Date?
    /// At most `limit` institutions that hold at least one work (withdrawn works count), by id, strictly after `after`.
    func institutionsWithWorks(after: InstitutionID?, limit: Int) async throws -> [Institution]
    /// How many institutions hold at least one work.
    func countInstitutionsWithWorks() async throws -> Int
    func offer(_ id: OfferID) async throws -> Offer?
    /// Offers matching `query`, most recently updated first, with the total count of matches.
    func offers(_ query: OfferQuery, page: PageRequest) async throws -> Page<Offer>
    /// The offer's current revision and status, without reading the offer (see `OfferVersion`).
    func offerVersion(_ id: OfferID) async throws -> OfferVersion?
    func stock(_ id: StockID) async throws -> Stock?
    func stocks(of offer: OfferID) async throws -> [Stock]
    func counts() async throws -> CatalogueCounts
    /// Every record merged into an offer of `institution` (see `OfferMerge`), withdrawn ones included, by key.
    func offerMerges(of institution: InstitutionID) async throws -> [OfferMerge]
    /// The records merged into `offer`, withdrawn ones included, by key.
    func offerMerges(into offer: OfferID) async throws -> [OfferMerge]
    /// A fact about the database itself (e.g. `demo.loaded-at`), nil when never set.
    func databaseFact(_ name: String) async throws -> String?
}

/// Writes of the catalogue. Saving is an upsert by id; withdrawing is saving with status `.withdrawn`.
/// Arrays let bulk loads reuse one prepared statement; database constraints back every invariant.
public protocol CatalogueWriting: CatalogueReading {
    func save(_ institutions: [Institution]) async throws
    func save(_ venues: [Venue]) async throws
    /// Saves works; a row whose stored values change (or a new one) gets `changedAt` as its change time, an
    /// unchanged one keeps its own (the provenance's retrieval time is not a change).
    func save(_ works: [Work], changedAt: Date) async throws
    func save(_ offers: [Offer]) async throws
    func save(_ stocks: [Stock]) async throws
    func save(_ apiKey: APIKeyRecord) async throws
    /// Upserts merges by `recordOfferID`; the offers they name must exist.
    func save(_ merges: [OfferMerge]) async throws
    func setDatabaseFact(_ name: String, _ value: String) async throws
    /// Records a key's use at `date` in one statement, only if its stored last use is older than `olderThan` (or
    /// none): it touches no other column, so it can never undo a revocation or an expiry committed meanwhile.
    func recordUse(ofKey id: String, at date: Date, ifLastUseBefore olderThan: Date) async throws
    /// Locks the institution's row until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite's single writer
    /// already excludes others), so a check-then-write on its keys cannot race another transaction.
    func lockInstitution(_ id: InstitutionID) async throws
    /// Locks the offer's row until the transaction ends, likewise (the cap on an offer's stocks).
    func lockOffer(_ id: OfferID) async throws
}

/// The catalogue's storage. `write` runs its body in exactly one transaction: it commits when the body
/// returns and rolls back when it throws, so a failure never leaves half a write behind.
public protocol CatalogueStore: Sendable {
    func read<Result: Sendable>(_ body: @Sendable (any CatalogueReading) async throws -> Result) async throws -> Result
    func write<Result: Sendable>(_ body: @Sendable (any CatalogueWriting) async throws -> Result) async throws -> Result
}

extension CatalogueWriting {
    public func save(_ institution: Institution) async throws { try await save([institution]) }
    public func save(_ venue: Venue) async throws { try await save([venue]) }
    public func save(_ work: Work) async throws { try await save([work]) }
    /// Saves works changed now.
    public func save(_ works: [Work]) async throws { try await save(works, changedAt: Date()) }
    public func save(_ offer: Offer) async throws { try await save([offer]) }
    public func save(_ stock: Stock) async throws { try await save([stock]) }
}

/// What an offer's detail (the offer and its stocks) depends on: the revision rises with every save of the offer
/// or of one of its stocks, so a cache holding the detail of revision N is current exactly while it stays N.
public struct OfferVersion: Hashable, Sendable {
    public let revision: Int
    public let status: RecordStatus

    public init(revision: Int, status: RecordStatus) {
        self.revision = revision
        self.status = status
    }
}
