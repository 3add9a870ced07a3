import Foundation
import Hummingbird
import PasserelleCore

/// `POST /api/v1/offers:batch`: up to `WebLimits.batchItems` offers from a ticketing system. Each item is
/// read, checked and saved on its own (one transaction per item), so one bad item never sinks the batch:
/// it is reported with its index and its field issues, and the others are saved.
struct BatchRoute {
    let service: CatalogueService
    let limits: WebLimits

    /// The outcome of one item.
    struct ItemResult: Encodable, Sendable {
        var index: Int
        var outcome: String
        var id: String?
        var status: Int
        var errors: [FieldIssue]
    }

    struct BatchResult: Encodable, Sendable {
        var created: Int
        var updated: Int
        var rejected: Int
        var results: [ItemResult]
    }

    func register(_ routes: RouteRegistrar<AuthenticatedContext>) {
        routes.post("/api/v1/offers:batch") { request, context in
            let data = try await BodyReader.collect(request, limit: limits.batchBodyBytes)
            let body = try BodyReader.parseObject(data)
            try BodyReader.checkShape(body, .object(["items": .value]))
            guard case .array(let items) = body["items"] else {
                throw Problem.badRequest("The body must be an object with an `items` array.")
            }
            guard items.count <= limits.batchItems else {
                throw CoreError(.limitExceeded, "A batch holds at most \(limits.batchItems) items; this one has \(items.count).")
            }
            var results: [ItemResult] = []
            for (index, item) in items.enumerated() {
                results.append(await save(item, index: index, caller: context.institution.id))
            }
            let result = BatchResult(
                created: results.count(where: { $0.outcome == "created" }), updated: results.count(where: { $0.outcome == "updated" }),
                rejected: results.count(where: { $0.outcome == "rejected" }), results: results
            )
            return try JSONResponse.make(result)
        }
    }

    private func save(_ item: JSONNode, index: Int, caller: InstitutionID) async -> ItemResult {
        do {
            guard case .object = item else { throw Problem.badRequest("Each item must be a JSON object.") }
            let input = try BodyReader.decode(OfferInput.self, node: item)
            if let id = input.id { try ProviderIDs.refuseReserved(id) }
            let offer = input.offer(id: input.id ?? .random(), institution: caller, now: Date())
            let (saved, outcome) = try await service.save(offer, by: caller)
            return ItemResult(index: index, outcome: outcome.rawValue, id: saved.id.rawValue, status: outcome == .created ? 201 : 200, errors: [])
        } catch {
            let (status, errors) = ItemFailure.describe(error)
            return ItemResult(index: index, outcome: "rejected", id: nil, status: status, errors: errors)
        }
    }
}

/// One batch item's failure as the batch reports it: the status it would have had alone, and its field issues.
enum ItemFailure {
    static func describe(_ error: any Error) -> (status: Int, errors: [FieldIssue]) {
        switch error {
        case let problem as Problem:
            (problem.status, problem.errors.isEmpty ? [FieldIssue(field: "", code: "bad-request", message: problem.detail)] : problem.errors)
        case let error as CoreError:
            {
                let problem = ProblemMapping.problem(for: error)
                return (problem.status, error.issues.isEmpty ? [FieldIssue(field: "", code: error.code.rawValue, message: problem.detail)] : error.issues)
            }()
        default:
            // A storage failure on one item is reported on that item; the next items are still tried.
            (500, [FieldIssue(field: "", code: "storage", message: "the server could not save this item")])
        }
    }
}
