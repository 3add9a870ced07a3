public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PasserelleCore
public import PasserellePass

/// A provider's ticketing system over HTTP(S), each call signed (`TicketingSignature`) and bounded by `timeout`:
///
/// | call | request | answers |
/// |---|---|---|
/// | hold | `PUT {base}/holds/{key}` `{"offerID","stockID","quantity","expiresAt"}` | 200/201: held; 409, 410, 422: refused (`{"reason"}`) |
/// | confirm | `POST {base}/holds/{key}/confirm` | 200 `{"ticket"}`; 404, 409, 410: refused |
/// | release | `DELETE {base}/holds/{key}` | 200, 204, 404: let go |
/// | state | `GET {base}/holds/{key}` | 200 `{"state": "held"｜"confirmed"｜"released", "ticket"}`; 404: unknown |
///
/// Any other answer, a timeout or a connection failure is `unavailable`: the outcome at the provider is not known.
public struct HTTPTicketingClient: TicketingClient {
    public var timeout: TimeInterval

    /// `timeout` in whole seconds, at least 1: Foundation on Linux hands it to curl, which counts seconds.
    public init(timeout: TimeInterval = 5) {
        self.timeout = max(1, timeout.rounded(.up))
    }

    public func hold(_ request: HoldRequest, at endpoint: TicketingEndpoint) async throws(TicketingFailure) {
        let body = try Self.encode(["offerID": request.offerID.rawValue, "stockID": request.stockID.rawValue, "quantity": request.quantity,
                                    "expiresAt": ISO8601DateFormatter().string(from: request.expiresAt)])
        let (status, answer) = try await send("PUT", ["holds", request.key], body: body, to: endpoint)
        switch status {
        case 200, 201: return
        case 409, 410, 422: throw .refused(Self.reason(answer) ?? "the places could not be held")
        default: throw .unavailable("HTTP \(status) to a hold")
        }
    }

    public func confirm(key: String, at endpoint: TicketingEndpoint) async throws(TicketingFailure) -> String {
        let (status, answer) = try await send("POST", ["holds", key, "confirm"], body: Data(), to: endpoint)
        switch status {
        case 200, 201:
            guard let ticket = Self.field("ticket", answer), !ticket.isEmpty, ticket.utf8.count <= 200 else {
                throw .unavailable("a confirmation without a ticket")
            }
            return ticket
        case 404, 409, 410: throw .refused(Self.reason(answer) ?? "the hold could not be confirmed")
        default: throw .unavailable("HTTP \(status) to a confirmation")
        }
    }

    public func release(key: String, at endpoint: TicketingEndpoint) async throws(TicketingFailure) {
        let (status, _) = try await send("DELETE", ["holds", key], body: Data(), to: endpoint)
        guard [200, 204, 404].contains(status) else { throw .unavailable("HTTP \(status) to a release") }
    }

    public func state(key: String, at endpoint: TicketingEndpoint) async throws(TicketingFailure) -> HoldState {
        let (status, answer) = try await send("GET", ["holds", key], body: Data(), to: endpoint)
        switch status {
        case 404: return .unknown
        case 200:
            switch Self.field("state", answer) {
            case "held": return .held
            case "confirmed":
                guard let ticket = Self.field("ticket", answer), !ticket.isEmpty else { throw .unavailable("a confirmed hold without a ticket") }
                return .confirmed(ticket: ticket)
            case "released": return .released
            default: throw .unavailable("an unknown hold state")
            }
        default: throw .unavailable("HTTP \(status) to a state query")
        }
    }

    private func send(_ method: String, _ segments: [String], body: Data, to endpoint: TicketingEndpoint) async throws(TicketingFailure) -> (Int, Data) {
        var url = endpoint.baseURL
        for segment in segments { url.append(path: segment) }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body.isEmpty ? nil : body
        if !body.isEmpty { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        request.setValue(TicketingSignature.sign(method: method, path: url.path(percentEncoded: true), body: body, secret: endpoint.secret),
                         forHTTPHeaderField: TicketingSignature.header)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.urlCache = nil
        configuration.connectionProxyDictionary = [:]
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else { throw TicketingFailure.unavailable("not an HTTP answer") }
            // A provider's answer is small; a large one is not one of ours.
            guard data.count <= 64 * 1_024 else { throw TicketingFailure.unavailable("an answer of \(data.count) bytes") }
            return (http.statusCode, data)
        } catch let failure as TicketingFailure {
            throw failure
        } catch {
            throw .unavailable((error as NSError).localizedDescription)
        }
    }

    private static func encode(_ object: [String: Any]) throws(TicketingFailure) -> Data {
        do { return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) } catch { throw .unavailable("the request could not be encoded") }
    }

    private static func field(_ name: String, _ data: Data) -> String? {
        ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?[name] as? String
    }

    private static func reason(_ data: Data) -> String? {
        field("reason", data).map { String($0.prefix(200)) }
    }
}
