public import Foundation
public import PasserelleCore

/// Harvests a repository's `ListRecords` list to its end, one page at a time, through an injected transport (the
/// tests' in-memory server, the app's HTTP client). What it does:
/// - the first request carries `metadataPrefix`, and `from`, `until`, `set` when given; each next one only the
///   `resumptionToken` of the page before (the protocol's exclusive argument); an empty token ends the list;
/// - `noRecordsMatch` is an empty list (a complete harvest), not an error;
/// - a request with no answer within `requestTimeout` is cancelled (a stalled repository never holds the harvest);
/// - a page that fails for a reason that may pass (a transport error or timeout, HTTP 5xx, 429 or 408, a body cut
///   short or not XML) is asked again, up to `maximumAttempts` times in all, after `Retry-After` when the
///   repository sends one (at most `maximumRetryAfter`), else after an exponential back-off (`initialBackoff`,
///   doubled each time, at most `maximumBackoff`), slept with the injected `sleep`;
/// - it stops, with `OAIHarvestSummary.failure` naming the page, on `badResumptionToken`, on another OAI-PMH error,
///   on a page refused whole, on another HTTP status, on a page still failing after the attempts, on a token sent
///   twice in a row (a loop), or past `maximumPages` / `maximumRecords`. The pages read before are kept; the
///   harvest is then incomplete and the caller must withdraw nothing;
/// - pages are fetched one after the other and each is handed over (and let go) before the next is asked for: the
///   harvester never holds more than one page's document.
public struct OAIHarvester: Sendable {
    public struct Request: Sendable, Hashable {
        public var metadataPrefix: String
        /// Datestamps in the repository's granularity (`Identify`'s), inclusive.
        public var from: OAIDatestamp?
        public var until: OAIDatestamp?
        public var set: String?

        public init(metadataPrefix: String = "oai_dc", from: OAIDatestamp? = nil, until: OAIDatestamp? = nil, set: String? = nil) {
            self.metadataPrefix = metadataPrefix
            self.from = from
            self.until = until
            self.set = set
        }
    }

    public struct Limits: Sendable, Hashable {
        public var maximumPages = 100_000
        public var maximumRecords = 10_000_000
        public var maximumPageBytes = OAIResponse.maximumDocumentBytes
        /// Attempts per page, the first included.
        public var maximumAttempts = 5
        public var initialBackoff: Duration = .seconds(2)
        public var maximumBackoff: Duration = .seconds(120)
        public var maximumRetryAfter: Duration = .seconds(600)
        /// How long one request may take, measured on the system clock (not the injected `sleep`): past it the
        /// fetch is cancelled and the attempt counts as failed.
        public var requestTimeout: Duration = .seconds(180)

        public init() {}
    }

    public var baseURL: URL
    public var request: Request
    public var limits: Limits
    let fetch: @Sendable (URL) async throws -> OAITransportResponse
    let sleep: @Sendable (Duration) async throws -> Void

    public init(
        baseURL: URL, request: Request = Request(), limits: Limits = Limits(),
        fetch: @escaping @Sendable (URL) async throws -> OAITransportResponse,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.baseURL = baseURL
        self.request = request
        self.limits = limits
        self.fetch = fetch
        self.sleep = sleep
    }

    /// The address of the first page (no token) or of the page a token names.
    public func url(resumptionToken: String? = nil) -> URL {
        var arguments: [(String, String)] = [("verb", OAIVerb.listRecords.rawValue)]
        if let resumptionToken {
            arguments.append(("resumptionToken", resumptionToken))
        } else {
            arguments.append(("metadataPrefix", request.metadataPrefix))
            if let from = request.from { arguments.append(("from", from.text)) }
            if let until = request.until { arguments.append(("until", until.text)) }
            if let set = request.set { arguments.append(("set", set)) }
        }
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let query = arguments.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")" }.joined(separator: "&")
        let base = baseURL.absoluteString
        return URL(string: base + (base.contains("?") ? "&" : "?") + query) ?? baseURL
    }

    /// The whole list as works (see `OAIPMHFeed`), with the summary.
    public func read(institutionID: InstitutionID, source: String, defaultCategory: CategoryID? = nil, retrievedAt: Date = Date()) async -> OAIHarvest {
        var builder = OAIReadBuilder(mapper: OAIWorkMapper(institutionID: institutionID, source: source, defaultCategory: defaultCategory,
                                                           retrievedAt: retrievedAt))
        let summary = await harvest { page in builder.add(page.response, lines: DocumentLines(page.document)) }
        return OAIHarvest(read: builder.read, summary: summary)
    }

    /// The list page by page: each page's works and rejections (numbered in the whole harvest) handed to `onPage`
    /// before the next page is asked for, and not kept: what a caller writing page by page uses, its memory one page.
    public func read(
        institutionID: InstitutionID, source: String, defaultCategory: CategoryID? = nil, retrievedAt: Date = Date(),
        onPage: (FeedRead, OAIHarvestPage) async throws -> Void
    ) async rethrows -> OAIHarvestSummary {
        var builder = OAIReadBuilder(mapper: OAIWorkMapper(institutionID: institutionID, source: source, defaultCategory: defaultCategory,
                                                           retrievedAt: retrievedAt))
        return try await harvest { page in
            builder.add(page.response, lines: DocumentLines(page.document))
            try await onPage(builder.take(), page)
        }
    }

    /// Every page of the list, each handed to `onPage` before the next is asked for.
    public func harvest(onPage: (OAIHarvestPage) async throws -> Void) async rethrows -> OAIHarvestSummary {
        var summary = OAIHarvestSummary()
        var token: String?
        var number = 0
        while true {
            number += 1
            let url = url(resumptionToken: token)
            if number > limits.maximumPages {
                summary.failure = OAIHarvestFailure(kind: .limit, page: number, url: url, attempts: 0,
                                                    message: "the harvest stopped at \(limits.maximumPages) pages, its limit, with the list not finished")
                return summary
            }
            let response: OAIResponse, document: Data
            switch await page(url, number: number, &summary) {
            case .failure(let failure):
                summary.failure = failure
                return summary
            case .success(let read):
                (response, document) = read
            }
            if number == 1 { summary.responseDate = response.responseDate }
            summary.pages += 1
            summary.records += response.records.count
            summary.deleted += response.records.count { $0.header.isDeleted }
            for record in response.records {
                if let datestamp = record.header.datestamp, summary.lastDatestamp.map({ datestamp > $0 }) ?? true { summary.lastDatestamp = datestamp }
            }
            if let size = response.resumptionToken?.completeListSize { summary.completeListSize = size }
            let next = response.resumptionToken.flatMap { $0.endsList ? nil : $0.value }
            try await onPage(OAIHarvestPage(number: number, url: url, response: response, document: document))
            summary.resumptionToken = next
            guard let next else { return summary }
            if next == token {
                summary.failure = OAIHarvestFailure(kind: .malformedResponse, page: number, url: url, attempts: 1,
                                                    message: "the repository sent back the token it was given ('\(next.prefix(100))'): the list would never end")
                return summary
            }
            if summary.records >= limits.maximumRecords {
                summary.failure = OAIHarvestFailure(kind: .limit, page: number + 1, url: self.url(resumptionToken: next), attempts: 0,
                                                    message: "the harvest stopped at \(summary.records) records, past its limit of \(limits.maximumRecords), with the list not finished")
                return summary
            }
            token = next
        }
    }

    // MARK: - One page

    /// What one attempt gave: a page, a failure worth another attempt (after how long, when the repository said),
    /// or a failure that another attempt would not change.
    private enum Attempt {
        case page(OAIResponse, Data)
        case retry(OAIHarvestFailure.Kind, String, after: Duration?)
        case fail(OAIHarvestFailure.Kind, String)
    }

    private func page(_ url: URL, number: Int, _ summary: inout OAIHarvestSummary) async -> Result<(OAIResponse, Data), OAIHarvestFailure> {
        var attempt = 0
        while true {
            attempt += 1
            switch await once(url) {
            case .page(let response, let document):
                return .success((response, document))
            case .fail(let kind, let message):
                return .failure(OAIHarvestFailure(kind: kind, page: number, url: url, attempts: attempt, message: message))
            case .retry(let kind, let message, let after):
                guard attempt < limits.maximumAttempts else {
                    return .failure(OAIHarvestFailure(kind: kind, page: number, url: url, attempts: attempt, message: message))
                }
                summary.retries += 1
                let backoff = min(limits.initialBackoff * (1 << min(attempt - 1, 20)), limits.maximumBackoff)
                do {
                    try await sleep(after.map { min($0, limits.maximumRetryAfter) } ?? backoff)
                } catch {
                    return .failure(OAIHarvestFailure(kind: kind, page: number, url: url, attempts: attempt, message: message + "; the wait before trying again was cancelled"))
                }
            }
        }
    }

    private func once(_ url: URL) async -> Attempt {
        let answer: OAITransportResponse
        do {
            answer = try await fetchWithinTimeout(url)
        } catch is CancellationError {
            return .fail(.transport, "the harvest was cancelled")
        } catch let refusal as OAITransportRefusal {
            return .fail(.refused, refusal.description)
        } catch let timeout as OAIRequestTimeout {
            return .retry(.timedOut, timeout.description, after: nil)
        } catch {
            return .retry(.transport, "the transport failed: \(String(describing: error).prefix(200))", after: nil)
        }
        guard (200..<300).contains(answer.status) else {
            let message = "the repository answered HTTP \(answer.status)"
            if answer.status >= 500 || answer.status == 429 || answer.status == 408 {
                return .retry(.httpStatus(answer.status), message, after: Self.retryAfter(answer.header("Retry-After")))
            }
            return .fail(.httpStatus(answer.status), message)
        }
        guard answer.body.count <= limits.maximumPageBytes else {
            return .fail(.refused, "the page has \(answer.body.count) bytes, more than the \(limits.maximumPageBytes) a page may have")
        }
        let response: OAIResponse
        do {
            response = try OAIResponse.parse(answer.body)
        } catch {
            if case .notXML = error { return .retry(.malformedResponse, error.description, after: nil) }
            return .fail(.refused, error.description)
        }
        if let stop = response.interruption {
            let message = "the page breaks at line \(stop.line): \(stop.message)"
            return stop.kind == .malformed ? .retry(.malformedResponse, message, after: nil) : .fail(.refused, message)
        }
        if let error = response.errors.first(where: { $0.code != .noRecordsMatch }) {
            let kind: OAIHarvestFailure.Kind = error.code == .badResumptionToken ? .badResumptionToken : .oaiError(error.code)
            return .fail(kind, "the repository answered the OAI-PMH error \(error.description.prefix(300))")
        }
        return .page(response, answer.body)
    }

    /// The fetch, or `OAIRequestTimeout` when it has not answered within `requestTimeout` (it is then cancelled; a
    /// transport that ignores cancellation is still waited for, which is why `FeedFetcher` has its own limits).
    private func fetchWithinTimeout(_ url: URL) async throws -> OAITransportResponse {
        let timeout = limits.requestTimeout
        return try await withThrowingTaskGroup(of: OAITransportResponse?.self) { group in
            group.addTask { try await fetch(url) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let answer = first else {
                if Task.isCancelled { throw CancellationError() }
                throw OAIRequestTimeout(timeout: timeout)
            }
            return answer
        }
    }

    /// `Retry-After` in seconds, or as an HTTP date (the wait until then).
    static func retryAfter(_ value: String?) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value) { return .seconds(max(0, seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .seconds(max(0, Int(date.timeIntervalSinceNow.rounded(.up))))
    }
}
