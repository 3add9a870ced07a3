public import Foundation
public import Hummingbird
import HTTPTypes
import NIOCore

/// A provider's ticketing system for tests, fault runs and demos, speaking `HTTPTicketingClient`'s protocol on
/// loopback: holds per key with their expiry, one ticket per key however often it is asked, each request's
/// signature checked. Its `Behaviour` makes it refuse, answer too late, fail once after doing the work, or be down.
public final class TicketingSimulator: Sendable {
    public enum Behaviour: String, Sendable, CaseIterable {
        /// Holds, confirms, releases, answers at once.
        case normal
        /// Refuses every hold (409 `sold-out`).
        case refuse
        /// Confirms, then answers `slowSeconds` later (past a client's timeout): the ticket exists, the answer is late.
        case slow
        /// Waits half of `slowSeconds` before taking a hold, then confirms as `slow` does: a crash of Passerelle can
        /// land before the hold, between hold and ticket, or after the ticket.
        case sluggish
        /// Confirms, then answers 503 the first time for each key (the retry gets the same ticket): it answers twice.
        case flaky
        /// Answers 503 to everything.
        case down
    }

    public struct Hold: Sendable, Hashable {
        public var stockID: String
        public var quantity: Int
        public var expiresAt: Date
        public var ticket: String?
        public var released = false
        /// Confirmations asked for this key (a retry counts).
        public var confirmations = 0
    }

    private let state = SimulatorState()
    public let secret: String
    public let behaviour: Behaviour
    public let slowSeconds: Double

    public init(secret: String, behaviour: Behaviour = .normal, slowSeconds: Double = 3) {
        self.secret = secret
        self.behaviour = behaviour
        self.slowSeconds = slowSeconds
    }

    /// Every hold seen, by key.
    public func holds() async -> [String: Hold] { await state.holds }
    /// Tickets issued in all (one per confirmed key).
    public func ticketsIssued() async -> Int { await state.holds.values.count { $0.ticket != nil } }

    /// A router serving the protocol under `{prefix}/holds` (the path of the base URL Passerelle is given).
    public func router(prefix: String = "") -> Router<BasicRequestContext> {
        let root = Router(context: BasicRequestContext.self)
        let router = prefix.isEmpty ? root.group() : root.group(RouterPath(prefix))
        router.put("/holds/{key}") { request, context in try await self.answer(request, context) { key, body in try await self.hold(key, body) } }
        router.post("/holds/{key}/confirm") { request, context in try await self.answer(request, context) { key, _ in try await self.confirm(key) } }
        router.delete("/holds/{key}") { request, context in try await self.answer(request, context) { key, _ in await self.release(key) } }
        router.get("/holds/{key}") { request, context in try await self.answer(request, context) { key, _ in await self.describe(key) } }
        return root
    }

    private func answer(_ request: Request, _ context: BasicRequestContext,
                        _ body: @Sendable (String, Data) async throws -> (HTTPResponse.Status, [String: String])) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1_024)
        let data = Data(buffer.readableBytesView)
        guard TicketingSignature.verify(request.headers[HTTPField.Name(TicketingSignature.header)!], method: request.method.rawValue,
                                        path: request.uri.path, body: data, secret: secret) else {
            return Self.json(.unauthorized, ["reason": "bad signature"])
        }
        if behaviour == .down { return Self.json(.serviceUnavailable, ["reason": "down"]) }
        let (status, fields) = try await body(context.parameters.get("key") ?? "", data)
        return Self.json(status, fields)
    }

    private func hold(_ key: String, _ body: Data) async throws -> (HTTPResponse.Status, [String: String]) {
        if behaviour == .refuse { return (.conflict, ["reason": "sold-out"]) }
        if behaviour == .sluggish { try await Task.sleep(for: .seconds(slowSeconds / 2)) }
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let stock = object["stockID"] as? String,
              let quantity = object["quantity"] as? Int, let expiry = (object["expiresAt"] as? String).flatMap(ISO8601DateFormatter().date(from:)) else {
            return (.unprocessableContent, ["reason": "malformed hold"])
        }
        return await state.hold(key, Hold(stockID: stock, quantity: quantity, expiresAt: expiry))
    }

    private func confirm(_ key: String) async throws -> (HTTPResponse.Status, [String: String]) {
        let (result, firstAsk) = await state.confirm(key, now: Date())
        switch behaviour {
        case .slow, .sluggish: try await Task.sleep(for: .seconds(slowSeconds))
        case .flaky where firstAsk: return (.serviceUnavailable, ["reason": "try again"])
        default: break
        }
        return result
    }

    private func release(_ key: String) async -> (HTTPResponse.Status, [String: String]) { await state.release(key) }
    private func describe(_ key: String) async -> (HTTPResponse.Status, [String: String]) { await state.describe(key, now: Date()) }

    private static func json(_ status: HTTPResponse.Status, _ fields: [String: String]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The simulator's holds, one actor so that concurrent calls for a key see one history.
private actor SimulatorState {
    var holds: [String: TicketingSimulator.Hold] = [:]

    func hold(_ key: String, _ hold: TicketingSimulator.Hold) -> (HTTPResponse.Status, [String: String]) {
        if let existing = holds[key], !existing.released { return (.ok, ["state": existing.ticket == nil ? "held" : "confirmed"]) }
        holds[key] = hold
        return (.created, ["state": "held"])
    }

    /// The answer, and whether this was the key's first confirmation.
    func confirm(_ key: String, now: Date) -> ((HTTPResponse.Status, [String: String]), Bool) {
        guard var hold = holds[key], !hold.released else { return ((.notFound, ["reason": "no such hold"]), false) }
        hold.confirmations += 1
        defer { holds[key] = hold }
        if let ticket = hold.ticket { return ((.ok, ["ticket": ticket, "state": "confirmed"]), false) }
        guard hold.expiresAt > now else {
            hold.released = true
            return ((.gone, ["reason": "the hold expired"]), false)
        }
        hold.ticket = "TKT-" + UUID().uuidString.prefix(8).uppercased()
        return ((.ok, ["ticket": hold.ticket!, "state": "confirmed"]), true)
    }

    func release(_ key: String) -> (HTTPResponse.Status, [String: String]) {
        guard holds[key] != nil else { return (.notFound, ["reason": "no such hold"]) }
        holds[key]?.released = true
        return (.ok, ["state": "released"])
    }

    func describe(_ key: String, now: Date) -> (HTTPResponse.Status, [String: String]) {
        guard let hold = holds[key] else { return (.notFound, ["reason": "no such hold"]) }
        if hold.released { return (.ok, ["state": "released"]) }
        if let ticket = hold.ticket { return (.ok, ["state": "confirmed", "ticket": ticket]) }
        return (.ok, ["state": hold.expiresAt > now ? "held" : "released"])
    }
}
