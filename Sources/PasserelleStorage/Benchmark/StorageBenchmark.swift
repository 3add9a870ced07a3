import Foundation
public import Logging
import PasserelleCore
import SQLKit

/// Storage measurements the `passerelle bench` command runs.
public enum StorageBenchmark {
    /// Offers per `write {}` in the store load.
    public static let batchSize = 1_000

    /// Loads `offers` synthetic valid offers (with their institution and venues) into `location` through
    /// `store.write { try await $0.save(batch) }` in batches of 1 000, then the same rows through a bare loop of
    /// parameterised INSERTs on the store's writer connection in one transaction, and returns both rates.
    /// Works on a live database: every row it creates has a unique `bench-…` id prefix and is deleted afterwards.
    public static func bulkLoad(location: DatabaseLocation, offers: Int, logger: Logger) async throws -> BulkLoadFigures {
        guard (1...1_000_000).contains(offers) else {
            throw CoreError(.limitExceeded, "a bulk-load benchmark loads between 1 and 1 000 000 offers (asked \(offers))")
        }
        let prefix = "bench-\(UUID().uuidString.prefix(8).lowercased())"
        let catalogue = SyntheticCatalogue(offers: offers, prefix: prefix)
        let store = try await SQLStore.open(location, logger: logger)
        do {
            try await store.migrate()
            try await store.write { tx in
                try await tx.save(catalogue.institution)
                try await tx.save(catalogue.venues)
            }
            let clock = ContinuousClock()
            let storeDuration = try await clock.measure {
                for batch in catalogue.offers.chunked(by: batchSize) {
                    let rows = Array(batch)
                    try await store.write { try await $0.save(rows) }
                }
            }
            try await deleteOffers(of: catalogue.institution.id, in: store)
            let bare = BareInsertLoop(offers: catalogue.offers, logger: logger)
            let bareDuration = try await clock.measure {
                try await store.backend.withRawWriter { try await bare.run(on: $0) }
            }
            let loaded = try await store.read { try await $0.offers(institutionQuery(catalogue.institution.id), page: PageRequest(size: 1)).total }
            guard loaded == offers else {
                throw CoreError(.storage, "the bare loop stored \(loaded) offers instead of \(offers)")
            }
            try await deleteOffers(of: catalogue.institution.id, in: store)
            try await store.withTransaction { database in
                try await database.raw("DELETE FROM venues WHERE institution_id = \(bind: catalogue.institution.id.rawValue)").run()
                try await database.raw("DELETE FROM institutions WHERE id = \(bind: catalogue.institution.id.rawValue)").run()
            }
            try await store.shutdown()
            return BulkLoadFigures(
                location: location.description, offers: offers, storeSeconds: storeDuration.seconds, bareSeconds: bareDuration.seconds)
        } catch {
            try? await store.shutdown()
            throw error
        }
    }

    private static func institutionQuery(_ id: InstitutionID) -> OfferQuery {
        var query = OfferQuery()
        query.institutionID = id
        query.includeWithdrawn = true
        return query
    }

    private static func deleteOffers(of institution: InstitutionID, in store: SQLStore) async throws {
        try await store.withTransaction { database in
            try await database.raw(
                "DELETE FROM offer_languages WHERE offer_id IN (SELECT id FROM offers WHERE institution_id = \(bind: institution.rawValue))"
            ).run()
            try await database.raw("DELETE FROM offers WHERE institution_id = \(bind: institution.rawValue)").run()
        }
    }
}

extension Duration {
    /// The duration in seconds as a double.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
