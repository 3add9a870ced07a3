import Crypto
import Foundation
import Hummingbird
import HTTPTypes
import PasserelleCore

/// The provider API, for ticketing and booking systems: `POST /api/v1/provider/listings` upserts up to
/// `WebLimits.batchItems` listings (an offer and its stocks) by the provider's own ids. Each listing is written in
/// one transaction, offer and stocks together, so a listing never lands half-written; one bad listing never sinks
/// the batch (it is reported with its index and field issues). With an `Idempotency-Key` header, a replay of the
/// same request gets the first answer again (`Idempotent-Replayed: true`), for a day.
struct ProviderRoutes {
    let service: CatalogueService
    let idempotency: any IdempotencyStore
    let limits: WebLimits
    /// A first request whose answer never came (its process died) frees its key after this long.
    static let abandonedAfter: TimeInterval = 300

    static let idempotencyHeader = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    func register(_ routes: RouteRegistrar<AuthenticatedContext>) {
        routes.post("/api/v1/provider/listings") { request, context in
            let data = try await BodyReader.collect(request, limit: limits.batchBodyBytes)
            let body = try BodyReader.parseObject(data)
            let items = try Self.items(body, limit: limits.batchItems)
            let caller = context.institution.id
            guard let key = try Self.idempotencyKey(request) else {
                return try JSONResponse.make(await run(items, caller: caller))
            }
            // The request as parsed, keys sorted: the same listings sent again by another client library are the same request.
            let canonical = Data("POST /api/v1/provider/listings\n".utf8) + Self.sortedKeys(body).serialized()
            let hash = SHA256.hash(data: canonical).map { String(format: "%02x", $0) }.joined()
            switch try await idempotency.claimIdempotencyKey(key, institution: caller, requestHash: hash, now: Date(), abandonedAfter: Self.abandonedAfter) {
            case .replay(let answer):
                var headers = HTTPFields()
                headers[Self.replayedHeader] = "true"
                return JSONResponse.make(body: ByteBuffer(bytes: answer.body), status: HTTPResponse.Status(code: answer.status), headers: headers)
            case .inFlight:
                throw Problem(.conflict, code: "idempotency-key-in-flight",
                              detail: "A request with this Idempotency-Key is still running; retry once it has answered.")
            case .mismatch:
                throw Problem(.unprocessableContent, code: "idempotency-key-reused",
                              detail: "This Idempotency-Key was used for another request in the last 24 hours; use a new key for a new request.")
            case .fresh:
                let body = try JSONCoding.encoder.encode(await run(items, caller: caller))
                try await idempotency.recordIdempotentAnswer(IdempotentAnswer(status: 200, body: body), key: key, institution: caller)
                return JSONResponse.make(body: ByteBuffer(bytes: body))
            }
        }
    }

    /// The batch's items, before anything is written: 400 when the body is not `{"items": [...]}`, 413 past the limit.
    static func items(_ body: JSONNode, limit: Int) throws -> [JSONNode] {
        try BodyReader.checkShape(body, .object(["items": .value]))
        guard case .array(let items) = body["items"] else { throw Problem.badRequest("The body must be an object with an `items` array.") }
        guard items.count <= limit else { throw CoreError(.limitExceeded, "A batch holds at most \(limit) listings; this one has \(items.count).") }
        return items
    }

    static func sortedKeys(_ node: JSONNode) -> JSONNode {
        switch node {
        case .object(let members):
            .object(members.map { JSONNode.Member(key: $0.key, value: sortedKeys($0.value)) }.sorted { $0.key < $1.key })
        case .array(let values): .array(values.map(sortedKeys))
        default: node
        }
    }

    /// The request's `Idempotency-Key`: 1–255 visible ASCII characters, given once.
    static func idempotencyKey(_ request: Request) throws -> String? {
        let values = request.headers[values: idempotencyHeader]
        guard !values.isEmpty else { return nil }
        guard values.count == 1, let key = values.first, (1...IdempotencyLimits.maximumKeyLength).contains(key.utf8.count),
              key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw Problem(.badRequest, code: "invalid-idempotency-key",
                          detail: "Idempotency-Key must be given once, as 1–\(IdempotencyLimits.maximumKeyLength) visible ASCII characters (a UUID is a good one).")
        }
        return key
    }

    private func run(_ items: [JSONNode], caller: InstitutionID) async -> ProviderBatchResult {
        var results: [ProviderListingResult] = []
        for (index, item) in items.enumerated() { results.append(await save(item, index: index, caller: caller)) }
        func count(_ outcome: String) -> Int { results.count { $0.outcome == outcome } }
        return ProviderBatchResult(created: count("created"), updated: count("updated"), unchanged: count("unchanged"),
                                   rejected: count("rejected"), results: results)
    }

    private func save(_ item: JSONNode, index: Int, caller: InstitutionID) async -> ProviderListingResult {
        var providerID: String?
        do {
            guard case .object = item else { throw Problem.badRequest("Each listing must be a JSON object.") }
            let input = try BodyReader.decode(ProviderListingInput.self, node: item)
            providerID = input.providerID
            let (offer, stocks) = try Self.records(input, caller: caller, now: Date())
            let stockResults = zip(input.stocks ?? [], stocks).map { ($0.providerID, $1.id.rawValue) }
            if try await isUnchanged(offer, stocks) {
                return ProviderListingResult(index: index, providerID: providerID, outcome: "unchanged", id: offer.id.rawValue, status: 200,
                                             stocks: stockResults.map { .init(providerID: $0.0, id: $0.1, outcome: "unchanged") }, errors: [])
            }
            let (outcome, stockOutcomes) = try await service.save(offer, stocks: stocks, by: caller)
            return ProviderListingResult(
                index: index, providerID: providerID, outcome: outcome.rawValue, id: offer.id.rawValue, status: outcome == .created ? 201 : 200,
                stocks: zip(stockResults, stockOutcomes).map { .init(providerID: $0.0.0, id: $0.0.1, outcome: $0.1.rawValue) }, errors: [])
        } catch {
            let (status, errors) = ItemFailure.describe(error)
            return ProviderListingResult(index: index, providerID: providerID, outcome: "rejected", id: nil, status: status, stocks: [], errors: errors)
        }
    }

    /// The listing as catalogue records, with ids derived from the provider's; 422 naming each bad provider id.
    static func records(_ input: ProviderListingInput, caller: InstitutionID, now: Date) throws -> (Offer, [Stock]) {
        var issues: [FieldIssue] = []
        if let problem = ProviderIDs.problem(input.providerID) { issues.append(FieldIssue(field: "providerID", code: "invalid-value", message: problem)) }
        let stockInputs = input.stocks ?? []
        if stockInputs.count > Stock.maximumPerOffer {
            issues.append(FieldIssue(field: "stocks", code: "too-many-stocks", message: "a listing holds at most \(Stock.maximumPerOffer) stocks"))
        }
        var seen = Set<String>()
        for (position, stock) in stockInputs.enumerated() {
            if let problem = ProviderIDs.problem(stock.providerID) {
                issues.append(FieldIssue(field: "stocks/\(position)/providerID", code: "invalid-value", message: problem))
            } else if !seen.insert(stock.providerID).inserted {
                issues.append(FieldIssue(field: "stocks/\(position)/providerID", code: "duplicate-id", message: "is given twice in this listing"))
            }
        }
        guard issues.isEmpty else { throw CoreError.invalid(issues) }
        let id = ProviderIDs.offer(input.providerID, of: caller)
        var offer = input.offer.offer(id: id, institution: caller, now: now)
        offer.provenance = Provenance(source: "provider", recordID: input.providerID, retrievedAt: now)
        let stocks = stockInputs.map { stock in
            Stock(id: ProviderIDs.stock(stock.providerID, offer: input.providerID, of: caller), offerID: id, beginsAt: stock.beginsAt,
                  quantity: stock.quantity, priceCents: stock.priceCents, bookingLimit: stock.bookingLimit,
                  status: stock.withdrawn == true ? .withdrawn : .active)
        }
        return (offer, stocks)
    }

    /// True when the catalogue already holds exactly this listing (times of the last save aside): nothing to write.
    private func isUnchanged(_ offer: Offer, _ stocks: [Stock]) async throws -> Bool {
        let offerID = offer.id
        let stockIDs = stocks.map(\.id)
        let (stored, storedStocks) = try await service.store.read { tx in
            (try await tx.offer(offerID), try await tx.stocks(of: offerID).filter { stockIDs.contains($0.id) })
        }
        guard var stored else { return false }
        stored.updatedAt = offer.updatedAt
        stored.provenance.retrievedAt = offer.provenance.retrievedAt
        return stored == offer && Set(storedStocks) == Set(stocks)
    }
}
