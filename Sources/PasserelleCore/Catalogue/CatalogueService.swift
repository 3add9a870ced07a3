/// Whether a save created a record or replaced an existing one (the API answers 201 or 200).
public enum SaveOutcome: String, Sendable, Hashable {
    case created, updated
}

/// The catalogue's write rules, checked inside the write transaction so that no check can go stale:
/// a record belongs to the institution that created it, every reference points to a record of the same
/// institution, and every value is valid. An institution can never change another institution's data.
public struct CatalogueService: Sendable {
    public let store: any CatalogueStore

    public init(store: any CatalogueStore) { self.store = store }

    /// Creates or replaces a venue of `caller`. The territory is derived from the commune code when missing.
    public func save(_ venue: Venue, by caller: InstitutionID) async throws -> (Venue, SaveOutcome) {
        var venue = venue
        venue.institutionID = caller
        venue.deriveTerritory()
        let id = venue.id
        return try await saveOwned(
            venue, caller: caller, what: "venue", existing: { try await $0.venue(id) }, save: { try await $0.save($1) }
        )
    }

    public func save(_ work: Work, by caller: InstitutionID) async throws -> (Work, SaveOutcome) {
        var work = work
        work.institutionID = caller
        let id = work.id
        return try await saveOwned(
            work, caller: caller, what: "work", existing: { try await $0.work(id) }, save: { try await $0.save($1) }
        )
    }

    /// Creates or replaces an offer; its venue and work must be active records of the same institution.
    public func save(_ offer: Offer, by caller: InstitutionID) async throws -> (Offer, SaveOutcome) {
        var offer = offer
        offer.institutionID = caller
        try Self.check(offer.validationIssues())
        let checked = offer
        return try await store.write { tx in (checked, try await Self.save(checked, in: tx, by: caller)) }
    }

    /// Creates or replaces a stock of one of the caller's offers. A stock never moves to another offer.
    public func save(_ stock: Stock, by caller: InstitutionID) async throws -> (Stock, SaveOutcome) {
        try Self.check(stock.validationIssues())
        return try await store.write { tx in (stock, try await Self.save(stock, in: tx, by: caller)) }
    }

    /// An offer and stocks of it, checked and saved in one transaction: all of them, or nothing (a ticketing
    /// system's listing never lands half-written). A stock's issues are reported under `stocks/INDEX/FIELD`.
    public func save(_ offer: Offer, stocks: [Stock], by caller: InstitutionID) async throws -> (SaveOutcome, [SaveOutcome]) {
        var offer = offer
        offer.institutionID = caller
        var issues = offer.validationIssues()
        for (index, stock) in stocks.enumerated() {
            if stock.offerID != offer.id {
                issues.append(FieldIssue(field: "stocks/\(index)/offerID", code: "mismatch", message: "must be the offer's id"))
            }
            issues += stock.validationIssues().map { FieldIssue(field: "stocks/\(index)/\($0.field)", code: $0.code, message: $0.message) }
        }
        try Self.check(issues)
        let checked = offer
        return try await store.write { tx in
            let outcome = try await Self.save(checked, in: tx, by: caller)
            var outcomes: [SaveOutcome] = []
            for stock in stocks { outcomes.append(try await Self.save(stock, in: tx, by: caller)) }
            return (outcome, outcomes)
        }
    }

    /// The offer's rules inside a write transaction: ownership, and references to active records of the caller.
    private static func save(_ offer: Offer, in tx: any CatalogueWriting, by caller: InstitutionID) async throws -> SaveOutcome {
        let outcome = try Self.ownership(of: try await tx.offer(offer.id)?.institutionID, caller: caller, what: "offer")
        var issues: [FieldIssue] = []
        if let venueID = offer.venueID {
            let venue = try await tx.venue(venueID)
            if venue?.institutionID != caller || venue?.status != .active {
                issues.append(FieldIssue(field: "venueID", code: "unknown-reference", message: "no active venue \(venueID) of yours"))
            }
        }
        if let workID = offer.workID {
            let work = try await tx.work(workID)
            if work?.institutionID != caller || work?.status != .active {
                issues.append(FieldIssue(field: "workID", code: "unknown-reference", message: "no active work \(workID) of yours"))
            }
        }
        try Self.check(issues)
        try await tx.save(offer)
        try await takeBackMergedFields(offer, in: tx)
        return outcome
    }

    /// The institution now gives these fields itself: records of its feeds merged into the offer no longer supply
    /// them (their next read would otherwise overwrite what the institution wrote). See `OfferMerge`.
    private static func takeBackMergedFields(_ offer: Offer, in tx: any CatalogueWriting) async throws {
        var changed: [OfferMerge] = []
        for var merge in try await tx.offerMerges(into: offer.id) where merge.status == .active {
            let given = OfferMergeField.given(by: offer, among: merge.fields)
            guard !given.isEmpty else { continue }
            merge.fields = merge.fields.filter { !given.contains($0) }
            merge.updatedAt = offer.updatedAt
            changed.append(merge)
        }
        if !changed.isEmpty { try await tx.save(changed) }
    }

    /// The stock's rules inside a write transaction: its offer is the caller's, open, and not over its stock limit.
    private static func save(_ stock: Stock, in tx: any CatalogueWriting, by caller: InstitutionID) async throws -> SaveOutcome {
        let existing = try await tx.stock(stock.id)
        if let existing, existing.offerID != stock.offerID {
            throw CoreError(.conflict, "stock \(stock.id) belongs to another offer")
        }
        guard let offer = try await tx.offer(stock.offerID) else { throw CoreError(.notFound, "no offer \(stock.offerID)") }
        guard offer.institutionID == caller else { throw CoreError(.forbidden, "offer \(stock.offerID) belongs to another institution") }
        // A withdrawn offer must stay unbookable: an active stock on it would reopen it through the back door.
        if offer.status == .withdrawn && stock.status == .active {
            throw CoreError(.conflict, "offer \(stock.offerID) is withdrawn: it takes no active stock")
        }
        if stock.status == .active, existing?.status != .active {
            try await tx.lockOffer(stock.offerID)  // concurrent saves cannot both see room for one more
            let active = try await tx.stocks(of: stock.offerID).count { $0.status == .active }
            if active >= Stock.maximumPerOffer {
                throw CoreError.invalid([
                    FieldIssue(
                        field: "offerID", code: "too-many-stocks",
                        message: "offer \(stock.offerID) already has \(active) active stocks, the most an offer may hold"
                    )
                ])
            }
        }
        try await tx.save(stock)
        return existing == nil ? .created : .updated
    }

    public func withdrawVenue(_ id: VenueID, by caller: InstitutionID) async throws -> Venue {
        try await store.write { tx in
            var venue = try Self.owned(try await tx.venue(id), caller: caller, what: "venue \(id)")
            venue.status = .withdrawn
            try await tx.save(venue)
            return venue
        }
    }

    public func withdrawWork(_ id: WorkID, by caller: InstitutionID) async throws -> Work {
        try await store.write { tx in
            var work = try Self.owned(try await tx.work(id), caller: caller, what: "work \(id)")
            work.status = .withdrawn
            try await tx.save(work)
            return work
        }
    }

    /// Withdraws an offer and, in the same transaction, all its stocks: nothing stays bookable.
    public func withdrawOffer(_ id: OfferID, by caller: InstitutionID) async throws -> Offer {
        try await store.write { tx in
            var offer = try Self.owned(try await tx.offer(id), caller: caller, what: "offer \(id)")
            offer.status = .withdrawn
            try await tx.save(offer)
            let stocks = try await tx.stocks(of: id).map { stock in
                var stock = stock
                stock.status = .withdrawn
                return stock
            }
            try await tx.save(stocks)
            return offer
        }
    }

    public func withdrawStock(_ id: StockID, by caller: InstitutionID) async throws -> Stock {
        try await store.write { tx in
            guard var stock = try await tx.stock(id) else { throw CoreError(.notFound, "no stock \(id)") }
            _ = try Self.owned(try await tx.offer(stock.offerID), caller: caller, what: "offer \(stock.offerID)")
            stock.status = .withdrawn
            try await tx.save(stock)
            return stock
        }
    }

    /// Validates `record`, then in one transaction refuses it if another institution owns that id, and saves it.
    private func saveOwned<Record: HasOwner & Sendable>(
        _ record: Record, caller: InstitutionID, what: String,
        existing: @escaping @Sendable (any CatalogueWriting) async throws -> Record?,
        save: @escaping @Sendable (any CatalogueWriting, Record) async throws -> Void
    ) async throws -> (Record, SaveOutcome) {
        try Self.check(record.validationIssues())
        return try await store.write { tx in
            let outcome = try Self.ownership(of: try await existing(tx)?.institutionID, caller: caller, what: what)
            try await save(tx, record)
            return (record, outcome)
        }
    }

    private static func check(_ issues: [FieldIssue]) throws {
        if !issues.isEmpty { throw CoreError.invalid(issues) }
    }

    private static func ownership(of owner: InstitutionID?, caller: InstitutionID, what: String) throws -> SaveOutcome {
        guard let owner else { return .created }
        guard owner == caller else { throw CoreError(.forbidden, "this \(what) belongs to another institution") }
        return .updated
    }

    private static func owned<Record: Sendable & HasOwner>(_ record: Record?, caller: InstitutionID, what: String) throws -> Record {
        guard let record else { throw CoreError(.notFound, "no \(what)") }
        guard record.institutionID == caller else { throw CoreError(.forbidden, "\(what) belongs to another institution") }
        return record
    }
}

/// A record that belongs to one institution.
public protocol HasOwner {
    var institutionID: InstitutionID { get }
    /// Every field-level problem with the record.
    func validationIssues() -> [FieldIssue]
}

extension Venue: HasOwner {}
extension Work: HasOwner {}
extension Offer: HasOwner {}
