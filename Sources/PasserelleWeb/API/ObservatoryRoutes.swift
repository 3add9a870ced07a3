import Foundation
import HTTPTypes
import Hummingbird
import PasserelleCore
import PasserelleObservatory

/// The observatory's two doors for audience events, and the tiny script institutions' pages load.
///
/// - `POST /api/v1/observatory/events` (institution key): a server-to-server batch, written before the answer,
///   with a result per event; one bad event never sinks the batch.
/// - `POST /api/v1/observatory/beacon` (public): one beacon from a page. No cookie; Do-Not-Track and Global Privacy Control are
///   honoured and robots ignored (204, nothing kept); the connection's address and user agent only feed the
///   day's per-institution visitor key and are never stored. A full queue answers 503 with Retry-After.
/// - `GET /observatory.js`: the script (under 1 KB) that sends the beacon.
struct ObservatoryRoutes {
    let collector: EventCollector
    let store: any CatalogueStore
    let limits: WebLimits
    let institutions: KnownInstitutions

    init(collector: EventCollector, store: any CatalogueStore, limits: WebLimits) {
        self.collector = collector
        self.store = store
        self.limits = limits
        institutions = KnownInstitutions(store: store)
    }

    struct BatchResult: Encodable, Sendable {
        var received: Int
        var recorded: Int
        var duplicates: Int
        var rejected: [RejectedItem]
    }

    struct RejectedItem: Encodable, Sendable {
        var index: Int
        var eventID: String?
        var errors: [FieldIssue]
    }

    func registerAuthenticated(_ routes: RouteRegistrar<AuthenticatedContext>) {
        routes.post("/api/v1/observatory/events") { request, context in
            let data = try await BodyReader.collect(request, limit: limits.eventBatchBodyBytes)
            let body = try BodyReader.checkShape(try BodyReader.parseObject(data), .object(["events": .value]))
            guard case .array(let items) = body["events"] else {
                throw Problem.badRequest("The body must be an object with an `events` array.")
            }
            guard items.count <= collector.policy.maximumBatch else {
                throw CoreError(.limitExceeded, "A batch holds at most \(collector.policy.maximumBatch) events; this one has \(items.count).")
            }
            // Each event is read on its own: a malformed one is reported at its index, the others go on.
            var submissions = [EventSubmission](), positions = [Int](), rejected = [RejectedItem]()
            for (index, item) in items.enumerated() {
                do {
                    submissions.append(try BodyReader.decode(EventSubmission.self, node: item))
                    positions.append(index)
                } catch let problem as Problem {
                    let errors = problem.errors.isEmpty ? [FieldIssue(field: "", code: "bad-request", message: problem.detail)] : problem.errors
                    rejected.append(RejectedItem(index: index, eventID: nil, errors: errors))
                }
            }
            let outcome = try await Self.mapped { try await collector.submit(submissions, institution: context.institution.id) }
            rejected += outcome.rejected.map { RejectedItem(index: positions[$0.index], eventID: $0.rejection.eventID, errors: $0.rejection.problems) }
            let result = BatchResult(
                received: items.count, recorded: outcome.recorded, duplicates: outcome.duplicates,
                rejected: rejected.sorted { $0.index < $1.index }
            )
            return try JSONResponse.make(result)
        }
    }

    func registerPublic(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.post("/api/v1/observatory/beacon") { request, context in
            var headers = HTTPFields()
            headers[.accessControlAllowOrigin] = "*"
            let dnt = request.headers[HTTPField.Name("DNT")!], gpc = request.headers[HTTPField.Name("Sec-GPC")!]
            let agent = request.headers[.userAgent]
            // Nothing is read, let alone kept, for a visitor who opted out or for a robot.
            if RequestSignals.optedOut(doNotTrack: dnt, globalPrivacyControl: gpc) || RequestSignals.isRobot(userAgent: agent) {
                return Response(status: .noContent, headers: headers)
            }
            // sendBeacon posts text/plain (no CORS preflight); the body is still strict JSON.
            var buffer = try await request.body.collect(upTo: limits.beaconBodyBytes)
            let data = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
            let beacon = try BodyReader.decode(BeaconInput.self, from: data)
            guard let institution = InstitutionID(beacon.institution), try await institutions.contains(institution) else {
                throw Problem(.unprocessableContent, code: "unknown-institution", detail: "No institution has the id `\(beacon.institution)`.")
            }
            var submission = beacon.submission(now: Date())
            submission.device = RequestSignals.deviceClass(userAgent: agent).rawValue
            let material = [context.remoteAddress ?? "", agent ?? ""]
            let result = try await Self.mapped {
                try await collector.enqueue(submission, institution: institution, visitorMaterial: material)
            }
            if case let .failure(rejection) = result {
                throw Problem(.unprocessableContent, code: "invalid", detail: "The event was refused; see `errors`.", errors: rejection.problems)
            }
            return Response(status: .noContent, headers: headers)
        }
        routes.get("/observatory.js") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/javascript; charset=utf-8"
            headers[.cacheControl] = "public, max-age=86400"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ObservatoryScript.source)))
        }
    }

    /// Collection's errors as problems: a full queue is 503 (Retry-After from the error middleware).
    private static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ObservatoryError {
            switch error.code {
            case .overloaded: throw Problem(.serviceUnavailable, code: "overloaded", detail: error.message)
            case .batchTooLarge: throw CoreError(.limitExceeded, error.message)
            default: throw CoreError(.storageUnavailable, error.message)
            }
        }
    }
}

/// One event of a batch, as JSON: the submission's own fields, and no other.
extension EventSubmission: StrictInput {
    static let shape = JSONShape.object([
        "eventID": .value, "kind": .value, "occurredAt": .value, "channel": .value, "device": .value, "offer": .value,
        "category": .value, "commune": .value, "ageBand": .value, "visitor": .value,
    ])
}

/// A beacon: what a page knows, dated by the server on arrival (a visitor's clock is not trusted).
struct BeaconInput: StrictInput, Sendable {
    var institution: String
    var eventID: String
    var kind: String
    var offer: String?
    var category: String?

    static let shape = JSONShape.object([
        "institution": .value, "eventID": .value, "kind": .value, "offer": .value, "category": .value,
    ])

    func submission(now: Date) -> EventSubmission {
        EventSubmission(eventID: eventID, kind: kind, occurredAt: now.formatted(.iso8601), channel: "web", offer: offer, category: category)
    }
}

/// The ids of institutions seen to exist, so that a beacon costs a database read only the first time.
actor KnownInstitutions {
    let store: any CatalogueStore
    private var known = Set<InstitutionID>()

    init(store: any CatalogueStore) { self.store = store }

    func contains(_ id: InstitutionID) async throws -> Bool {
        if known.contains(id) { return true }
        guard try await store.read({ try await $0.institution(id) }) != nil else { return false }
        if known.count < 100_000 { known.insert(id) }
        return true
    }
}
