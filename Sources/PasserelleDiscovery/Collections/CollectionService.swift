public import Foundation
public import PasserelleCore

/// The rules of editorial collections, checked inside the write transaction: a collection belongs to the institution
/// that created it; every item is an active offer or work; an institution lists its own records, an editor (an
/// institution the operator named so) may list any institution's.
public struct CollectionService: Sendable {
    public let store: any CollectionStore
    /// Institutions allowed to cite other institutions' offers and works (configuration, never the API).
    public let editors: Set<InstitutionID>

    public init(store: any CollectionStore, editors: Set<InstitutionID> = []) {
        self.store = store
        self.editors = editors
    }

    /// Creates or replaces a collection of `caller`, stamped `now`.
    public func save(_ collection: EditorialCollection, by caller: InstitutionID, now: Date = Date()) async throws -> (EditorialCollection, SaveOutcome) {
        var collection = collection
        collection.institutionID = caller
        collection.updatedAt = now
        let issues = collection.validationIssues()
        if !issues.isEmpty { throw CoreError.invalid(issues) }
        let checked = collection
        let mayCiteOthers = editors.contains(caller)
        return try await store.writeCollections { tx in
            let outcome: SaveOutcome
            if let existing = try await tx.collection(checked.id) {
                guard existing.institutionID == caller else { throw CoreError(.forbidden, "this collection belongs to another institution") }
                outcome = .updated
            } else {
                outcome = .created
            }
            var problems: [FieldIssue] = []
            for (index, item) in checked.items.enumerated() {
                let owner = try await Self.activeOwner(of: item, in: tx.catalogue)
                guard let owner else {
                    problems.append(FieldIssue(field: "items/\(index)/id", code: "unknown-reference", message: "no active \(item.kind.rawValue) \(item.id)"))
                    continue
                }
                if owner != caller && !mayCiteOthers {
                    problems.append(FieldIssue(
                        field: "items/\(index)/id", code: "not-yours",
                        message: "\(item.kind.rawValue) \(item.id) belongs to another institution; only an editor lists other institutions' records"))
                }
            }
            if !problems.isEmpty { throw CoreError.invalid(problems) }
            try await tx.save(checked)
            return (checked, outcome)
        }
    }

    /// Withdraws a collection of `caller` (kept, never erased, like every record).
    public func withdraw(_ id: CollectionID, by caller: InstitutionID, now: Date = Date()) async throws -> EditorialCollection {
        try await store.writeCollections { tx in
            guard var collection = try await tx.collection(id) else { throw CoreError(.notFound, "no collection \(id)") }
            guard collection.institutionID == caller else { throw CoreError(.forbidden, "collection \(id) belongs to another institution") }
            collection.status = .withdrawn
            collection.updatedAt = now
            try await tx.save(collection)
            return collection
        }
    }

    /// The institution owning the active record an item points at; nil when there is none.
    static func activeOwner(of item: CollectionItem, in catalogue: any CatalogueReading) async throws -> InstitutionID? {
        switch item.kind {
        case .offer:
            guard let id = OfferID(item.id), let offer = try await catalogue.offer(id), offer.status == .active else { return nil }
            return offer.institutionID
        case .work:
            guard let id = WorkID(item.id), let work = try await catalogue.work(id), work.status == .active else { return nil }
            return work.institutionID
        }
    }
}
