import Foundation
import Hummingbird
import HTTPTypes
import PasserelleCore

/// An institution's registered feeds: Passerelle re-reads each one on its own (the scheduler inside `serve`), so
/// the institution's programme stays in sync without typing it again. Only the institution's own feeds are seen;
/// another institution's is 404, as if it did not exist. `POST …/run` asks for a read now: the scheduler takes it
/// within its next tick (30 s), and the answer (202) does not wait for it. A withdrawn feed stays in the list
/// (with its history) but is 404 by id, like every deleted resource here; `PUT` with its id registers it again.
struct FeedRoutes {
    let store: any FeedSourceStore
    /// Why a CSV column mapping cannot be read (nil when it can); the connectors' reader, given by the app.
    let mappingProblem: @Sendable (String) -> String?
    let limits: WebLimits
    /// Counts "read it now" requests per institution (nil: unlimited, when no rate-limit store is given).
    var limiter: RateLimiter?

    func register(_ routes: RouteRegistrar<AuthenticatedContext>) {
        routes.get("/api/v1/feeds") { _, context in
            let records = try await store.feedSources(of: context.institution.id)
            return try JSONResponse.make(["items": records.map(FeedView.init)])
        }
        routes.post("/api/v1/feeds") { request, context in
            let input = try await decode(request)
            let id = input.id ?? .random()
            if input.id != nil { _ = try await owned(id, context, allowMissing: true) }
            return try await save(input, id: id, context)
        }
        routes.get("/api/v1/feeds/{id}") { _, context in
            try JSONResponse.make(FeedView(try await active(try PathID.require(context, FeedSourceID.self, what: "feed"), context)))
        }
        routes.put("/api/v1/feeds/{id}") { request, context in
            let id = try PathID.requireNew(context, FeedSourceID.self, what: "feed")
            let input = try await decode(request)
            try WriteRoutes.checkSameID(input.id, id)
            _ = try await owned(id, context, allowMissing: true)
            return try await save(input, id: id, context)
        }
        routes.delete("/api/v1/feeds/{id}") { _, context in
            let record = try await active(try PathID.require(context, FeedSourceID.self, what: "feed"), context)
            var source = record.source
            source.status = .withdrawn
            try await store.saveFeedSource(source, now: Date())
            return try JSONResponse.make(FeedView(try await owned(source.id, context)))
        }
        routes.post("/api/v1/feeds/{id}/run") { _, context in
            let record = try await active(try PathID.require(context, FeedSourceID.self, what: "feed"), context)
            if let limiter { try await limiter.attempt("feed-run", context.institution.id.rawValue, under: limiter.limits.feedRunPerInstitution) }
            try await store.scheduleFeedSoon(record.source.id, at: Date())
            return try JSONResponse.make(FeedView(try await owned(record.source.id, context)), status: .accepted)
        }
    }

    /// The feed if it is the institution's; 404 otherwise (and when missing, unless `allowMissing`).
    @discardableResult
    private func owned(_ id: FeedSourceID, _ context: AuthenticatedContext, allowMissing: Bool = false) async throws -> FeedSourceRecord? {
        let record = try await store.feedSource(id)
        if let record, record.source.institutionID == context.institution.id { return record }
        if record == nil && allowMissing { return nil }
        throw PathID.notFound("feed", id.rawValue)
    }

    private func owned(_ id: FeedSourceID, _ context: AuthenticatedContext) async throws -> FeedSourceRecord {
        guard let record = try await owned(id, context, allowMissing: false) else { throw PathID.notFound("feed", id.rawValue) }
        return record
    }

    /// The institution's feed if it is still registered; a withdrawn one is 404 (it is only in the list).
    private func active(_ id: FeedSourceID, _ context: AuthenticatedContext) async throws -> FeedSourceRecord {
        let record = try await owned(id, context)
        guard record.source.status == .active else { throw PathID.notFound("feed", id.rawValue) }
        return record
    }

    private func decode(_ request: Request) async throws -> FeedInput {
        try BodyReader.decode(FeedInput.self, from: try await BodyReader.collect(request, limit: limits.recordBodyBytes))
    }

    private func save(_ input: FeedInput, id: FeedSourceID, _ context: AuthenticatedContext) async throws -> Response {
        let existed = try await store.feedSource(id) != nil
        let source = try input.source(id: id, institution: context.institution.id, mappingProblem: mappingProblem)
        try await store.saveFeedSource(source, now: Date())
        let view = FeedView(try await owned(id, context))
        guard !existed else { return try JSONResponse.make(view) }
        var headers = HTTPFields()
        headers[.location] = "/api/v1/feeds/\(id)"
        return try JSONResponse.make(view, status: .created, headers: headers)
    }
}

/// The body of `POST/PUT /api/v1/feeds`.
struct FeedInput: StrictInput, Sendable {
    var id: FeedSourceID?
    var kind: String
    var url: String
    var defaultCategory: CategoryID?
    var mapping: JSONValue?
    var intervalMinutes: Int?

    static let shape = JSONShape.object([
        "id": .value, "kind": .value, "url": .value, "defaultCategory": .value, "mapping": .map, "intervalMinutes": .integer,
    ])

    /// The feed, or the field-level problems the store's validation does not see (an unreadable URL or mapping).
    func source(id: FeedSourceID, institution: InstitutionID, mappingProblem: (String) -> String?) throws -> FeedSource {
        var issues: [FieldIssue] = []
        let parsed = URL(string: url)
        if parsed == nil { issues.append(FieldIssue(field: "url", code: "not-a-url", message: "must be an absolute http or https URL")) }
        var mappingText: String?
        if let mapping {
            let text = String(decoding: try JSONCoding.encoder.encode(mapping), as: UTF8.self)
            if let problem = mappingProblem(text) {
                issues.append(FieldIssue(field: "mapping", code: "unreadable", message: "is not a column mapping: \(problem)"))
            }
            mappingText = text
        }
        guard issues.isEmpty, let parsed else { throw CoreError.invalid(issues) }
        return FeedSource(id: id, institutionID: institution, kind: kind, url: parsed, defaultCategory: defaultCategory,
                          mapping: mappingText, intervalMinutes: intervalMinutes ?? FeedSource.defaultInterval)
    }
}

/// A registered feed as the API shows it: its configuration and how its last read went.
struct FeedView: Encodable, Sendable {
    var id: FeedSourceID
    var kind: String
    var url: URL
    var defaultCategory: CategoryID?
    var mapping: JSONValue?
    var intervalMinutes: Int
    var status: RecordStatus
    var nextRunAt: Date
    var lastRunAt: Date?
    /// `imported`, `unchanged` (HTTP 304), `refused` (the source itself), `failed` (may pass: it is retried later).
    var lastOutcome: String?
    var lastMessage: String?
    var consecutiveFailures: Int

    init(_ record: FeedSourceRecord) {
        let source = record.source, state = record.state
        id = source.id
        kind = source.kind
        url = source.url
        defaultCategory = source.defaultCategory
        mapping = source.mapping.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        intervalMinutes = source.intervalMinutes
        status = source.status
        nextRunAt = state.nextRunAt
        lastRunAt = state.lastRunAt
        lastOutcome = state.lastOutcome
        lastMessage = state.lastMessage
        consecutiveFailures = state.consecutiveFailures
    }
}
