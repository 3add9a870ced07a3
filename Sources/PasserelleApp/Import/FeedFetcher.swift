public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A feed's bytes as fetched, with what a conditional request needs next time.
public struct FetchedFeed: Sendable {
    /// Nil when the server answered 304 Not Modified: the copy read last time is still current.
    public var data: Data?
    public var etag: String?
    public var lastModified: String?
    /// The URL the body came from, after redirects (relative links in a feed resolve against it).
    public var finalURL: URL?
}

/// Fetches an http(s) feed with every limit explicit: at most `maximumBytes` (the download stops as soon as it
/// passes them, a `Content-Length` over them is refused before the body), `timeout` seconds without a byte and
/// `totalTimeout` in all, at most `maximumRedirects` redirects and only to http(s), `If-None-Match` and
/// `If-Modified-Since` from the last fetch so an unchanged feed costs a 304.
public struct FeedFetcher: Sendable {
    public var maximumBytes: Int
    public var timeout: TimeInterval = 30
    public var totalTimeout: TimeInterval = 120
    public var maximumRedirects = 5
    /// Why a URL may not be fetched (`FeedAddressPolicy.refusal(for:)`), asked before the request and before
    /// following each redirect; nil to fetch anything.
    public var addressRefusal: (@Sendable (URL) -> String?)?

    public init(maximumBytes: Int, addressRefusal: (@Sendable (URL) -> String?)? = nil) {
        self.maximumBytes = maximumBytes
        self.addressRefusal = addressRefusal
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case notHTTP(String)
        case status(Int)
        case tooLarge(bytes: Int, limit: Int)
        case tooManyRedirects(Int)
        case timedOut(seconds: Int)
        case transport(String)
        case refusedAddress(String)

        public var description: String {
            switch self {
            case .notHTTP(let scheme): "only http and https sources are fetched, not \(scheme)"
            case .status(let code): "the server answered HTTP \(code)"
            case .tooLarge(let bytes, let limit): "the feed has more than \(limit) bytes (\(bytes) announced or read); the download was stopped"
            case .tooManyRedirects(let count): "more than \(count) redirects"
            case .timedOut(let seconds): "no answer within \(seconds) s"
            case .transport(let message): "the feed could not be fetched: \(message)"
            case .refusedAddress(let reason): "the feed was not fetched: \(reason)"
            }
        }
    }

    public func fetch(_ url: URL, etag: String? = nil, lastModified: String? = nil) async throws(Failure) -> FetchedFeed {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("Passerelle feed reader (+https://passerelle.culture.gouv.fr)", forHTTPHeaderField: "User-Agent")
        if let etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        if let lastModified { request.setValue(lastModified, forHTTPHeaderField: "If-Modified-Since") }
        let (response, body) = try await send(request)
        let headers = response.allHeaderFields
        func header(_ name: String) -> String? {
            headers.first { ($0.key as? String)?.caseInsensitiveCompare(name) == .orderedSame }?.value as? String
        }
        if response.statusCode == 304 {
            return FetchedFeed(data: nil, etag: header("ETag") ?? etag, lastModified: header("Last-Modified") ?? lastModified, finalURL: response.url)
        }
        guard (200..<300).contains(response.statusCode) else { throw .status(response.statusCode) }
        return FetchedFeed(data: body, etag: header("ETag"), lastModified: header("Last-Modified"), finalURL: response.url)
    }

    /// Sends `request` under the same limits and address policy, and returns the answer whatever its status (a
    /// webhook delivery, which posts; with `maximumRedirects` 0 a redirect is refused, not followed).
    func send(_ request: URLRequest) async throws(Failure) -> (HTTPURLResponse, Data) {
        guard let url = request.url, let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            throw .notHTTP(request.url?.scheme ?? "no scheme")
        }
        if let addressRefusal, let reason = await Task.detached(operation: { addressRefusal(url) }).value { throw .refusedAddress(reason) }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = totalTimeout
        configuration.urlCache = nil
        configuration.connectionProxyDictionary = [:]
        let download = BoundedDownload(limit: maximumBytes, maximumRedirects: maximumRedirects, addressRefusal: addressRefusal)
        let session = URLSession(configuration: configuration, delegate: download, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        switch await download.run(session.dataTask(with: request)) {
        case .failure(let failure):
            if case .transport(let message) = failure, message.lowercased().contains("timed out") { throw .timedOut(seconds: Int(timeout)) }
            throw failure
        case .success(let answer):
            return answer
        }
    }
}

/// The delegate of one download: keeps the body under its limit and counts redirects. Its state is guarded by a
/// lock, the URLSession calling it from its own queue.
private final class BoundedDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let limit: Int
    private let maximumRedirects: Int
    private let addressRefusal: (@Sendable (URL) -> String?)?
    private let lock = NSLock()
    private var body = Data()
    private var redirects = 0
    private var failure: FeedFetcher.Failure?
    private var continuation: CheckedContinuation<Result<(HTTPURLResponse, Data), FeedFetcher.Failure>, Never>?

    init(limit: Int, maximumRedirects: Int, addressRefusal: (@Sendable (URL) -> String?)?) {
        self.limit = limit
        self.maximumRedirects = maximumRedirects
        self.addressRefusal = addressRefusal
    }

    func run(_ task: URLSessionDataTask) async -> Result<(HTTPURLResponse, Data), FeedFetcher.Failure> {
        await withCheckedContinuation { continuation in
            lock.withLock { self.continuation = continuation }
            task.resume()
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if response.expectedContentLength > Int64(limit) {
            lock.withLock { failure = .tooLarge(bytes: Int(response.expectedContentLength), limit: limit) }
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let over = lock.withLock { () -> Bool in
            body.append(data)
            guard body.count > limit else { return false }
            failure = .tooLarge(bytes: body.count, limit: limit)
            body = Data()
            return true
        }
        if over { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        // Resolved here, on the session's queue, outside the lock: a redirect may not lead where the first URL could not.
        let addressReason = request.url.flatMap { url in addressRefusal?(url) }
        let refusal = lock.withLock { () -> FeedFetcher.Failure? in
            redirects += 1
            if redirects > maximumRedirects { failure = .tooManyRedirects(maximumRedirects) }
            else if let scheme = request.url?.scheme?.lowercased(), !["http", "https"].contains(scheme) { failure = .notHTTP(scheme) }
            else if let addressReason { failure = .refusedAddress(addressReason) }
            return failure
        }
        if refusal != nil {
            completionHandler(nil)
            task.cancel()
        } else {
            completionHandler(request)
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, result) = lock.withLock { () -> (CheckedContinuation<Result<(HTTPURLResponse, Data), FeedFetcher.Failure>, Never>?, Result<(HTTPURLResponse, Data), FeedFetcher.Failure>) in
            let result: Result<(HTTPURLResponse, Data), FeedFetcher.Failure>
            if let failure {
                result = .failure(failure)
            } else if let error {
                result = .failure(.transport(error.localizedDescription))
            } else if let response = task.response as? HTTPURLResponse {
                result = .success((response, body))
            } else {
                result = .failure(.transport("no HTTP response"))
            }
            let waiting = self.continuation
            self.continuation = nil
            return (waiting, result)
        }
        continuation?.resume(returning: result)
    }
}
