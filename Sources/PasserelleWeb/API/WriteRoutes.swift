import Foundation
import Hummingbird
import HTTPTypes
import PasserelleCore

/// Authenticated writes, all through `CatalogueService` (ownership checked inside the write transaction).
///
/// Conventions, documented in the OpenAPI document: `POST` creates (an `id` in the body is kept; an existing
/// id of yours is replaced, like `PUT`); `PUT /{id}` creates (201) or replaces (200); `DELETE` withdraws the
/// record and answers 200 with it (withdrawn records are kept, never erased). Another institution's record
/// is 403 and left untouched.
struct WriteRoutes {
    let service: CatalogueService
    let limits: WebLimits

    func register(_ routes: RouteRegistrar<AuthenticatedContext>) {
        routes.post("/api/v1/venues") { request, context in
            let input = try await decode(VenueInput.self, request)
            let venue = input.venue(id: input.id ?? .random(), institution: context.institution.id)
            return try await saved(service.save(venue, by: context.institution.id), path: "venues")
        }
        routes.put("/api/v1/venues/{id}") { request, context in
            let id = try PathID.requireNew(context, VenueID.self, what: "venue")
            let input = try await decode(VenueInput.self, request)
            try Self.checkSameID(input.id, id)
            let venue = input.venue(id: id, institution: context.institution.id)
            return try await saved(service.save(venue, by: context.institution.id), path: "venues")
        }
        routes.delete("/api/v1/venues/{id}") { _, context in
            let id = try PathID.require(context, VenueID.self, what: "venue")
            return try JSONResponse.make(try await service.withdrawVenue(id, by: context.institution.id))
        }
        routes.post("/api/v1/works") { request, context in
            let input = try await decode(WorkInput.self, request)
            let work = input.work(id: input.id ?? .random(), institution: context.institution.id)
            return try await saved(service.save(work, by: context.institution.id), path: "works")
        }
        routes.put("/api/v1/works/{id}") { request, context in
            let id = try PathID.requireNew(context, WorkID.self, what: "work")
            let input = try await decode(WorkInput.self, request)
            try Self.checkSameID(input.id, id)
            let work = input.work(id: id, institution: context.institution.id)
            return try await saved(service.save(work, by: context.institution.id), path: "works")
        }
        routes.delete("/api/v1/works/{id}") { _, context in
            let id = try PathID.require(context, WorkID.self, what: "work")
            return try JSONResponse.make(try await service.withdrawWork(id, by: context.institution.id))
        }
        routes.post("/api/v1/offers") { request, context in
            let input = try await decode(OfferInput.self, request)
            if let id = input.id { try ProviderIDs.refuseReserved(id) }
            let offer = input.offer(id: input.id ?? .random(), institution: context.institution.id, now: Date())
            return try await saved(service.save(offer, by: context.institution.id), path: "offers")
        }
        routes.put("/api/v1/offers/{id}") { request, context in
            let id = try PathID.requireNew(context, OfferID.self, what: "offer")
            let input = try await decode(OfferInput.self, request)
            try Self.checkSameID(input.id, id)
            try ProviderIDs.refuseReserved(id)
            let offer = input.offer(id: id, institution: context.institution.id, now: Date())
            return try await saved(service.save(offer, by: context.institution.id), path: "offers")
        }
        routes.delete("/api/v1/offers/{id}") { _, context in
            let id = try PathID.require(context, OfferID.self, what: "offer")
            return try JSONResponse.make(try await service.withdrawOffer(id, by: context.institution.id))
        }
        routes.post("/api/v1/offers/{id}/stocks") { request, context in
            let offerID = try PathID.require(context, OfferID.self, what: "offer")
            let input = try await decode(StockInput.self, request)
            if let bodyOffer = input.offerID, bodyOffer != offerID {
                throw CoreError.invalid([
                    FieldIssue(field: "offerID", code: "mismatch", message: "must be absent or equal to the offer in the path")
                ])
            }
            if let id = input.id { try ProviderIDs.refuseReserved(id) }
            let stock = input.stock(id: input.id ?? .random(), offer: offerID)
            return try await saved(service.save(stock, by: context.institution.id), path: "stocks")
        }
        routes.put("/api/v1/stocks/{id}") { request, context in
            let id = try PathID.requireNew(context, StockID.self, what: "stock")
            let input = try await decode(StockInput.self, request)
            try Self.checkSameID(input.id, id)
            try ProviderIDs.refuseReserved(id)
            let existingOffer = try await service.store.read { try await $0.stock(id)?.offerID }
            guard let offerID = input.offerID ?? existingOffer else {
                throw CoreError.invalid([
                    FieldIssue(field: "offerID", code: "required", message: "a new stock needs the offer it belongs to")
                ])
            }
            do {
                return try await saved(service.save(input.stock(id: id, offer: offerID), by: context.institution.id), path: "stocks")
            } catch let error as CoreError where error.code == .notFound {
                // The offer named in the body does not exist: a bad reference in the body (422), not a missing path (404).
                throw CoreError.invalid([FieldIssue(field: "offerID", code: "unknown-reference", message: "no offer \(offerID) of yours")])
            }
        }
        routes.delete("/api/v1/stocks/{id}") { _, context in
            let id = try PathID.require(context, StockID.self, what: "stock")
            return try JSONResponse.make(try await service.withdrawStock(id, by: context.institution.id))
        }
    }

    private func decode<T: StrictInput>(_ type: T.Type, _ request: Request) async throws -> T {
        try BodyReader.decode(T.self, from: try await BodyReader.collect(request, limit: limits.recordBodyBytes))
    }

    /// 201 with `Location` for a new record, 200 for a replaced one.
    private func saved<Record: Encodable & Identifiable>(_ result: (Record, SaveOutcome), path: String) throws -> Response
    where Record.ID: CustomStringConvertible {
        try Self.saved(result, path: path)
    }

    /// 201 with `Location` for a new record, 200 for a replaced one (shared with the collection routes).
    static func saved<Record: Encodable & Identifiable>(_ result: (Record, SaveOutcome), path: String) throws -> Response
    where Record.ID: CustomStringConvertible {
        let (record, outcome) = result
        guard outcome == .created else { return try JSONResponse.make(record) }
        var headers = HTTPFields()
        headers[.location] = "/api/v1/\(path)/\(record.id)"
        return try JSONResponse.make(record, status: .created, headers: headers)
    }

    static func checkSameID<Entity>(_ body: Identifier<Entity>?, _ path: Identifier<Entity>) throws {
        if let body, body != path {
            throw CoreError.invalid([
                FieldIssue(field: "id", code: "mismatch", message: "must be absent or equal to the id in the path")
            ])
        }
    }
}
