import Foundation
import Hummingbird
import HTTPTypes

/// `/oai`, the OAI-PMH 2.0 base URL: GET with the arguments in the query, or POST with them as a form (spec §3.1.1).
/// Every protocol answer, errors included, is `200 text/xml`; only a POST that is not a form (415) or is too long
/// (413) gets an HTTP error, because it never reached the protocol.
struct OAIRoutes {
    let repository: OAIRepository

    func register(_ routes: RouteRegistrar<PasserelleRequestContext>) {
        routes.get("/oai") { request, _ in
            try await answer(request, arguments: request.uri.query ?? "")
        }
        routes.post("/oai") { request, _ in
            let type = request.headers[.contentType]?.lowercased() ?? ""
            guard type.hasPrefix("application/x-www-form-urlencoded") else {
                throw Problem(.unsupportedMediaType, code: "unsupported-media-type", detail: "Send OAI-PMH arguments as application/x-www-form-urlencoded.")
            }
            var body = try await request.body.collect(upTo: OAIArguments.maximumBytes)
            return try await answer(request, arguments: body.readString(length: body.readableBytes) ?? "")
        }
    }

    private func answer(_ request: Request, arguments text: String) async throws -> Response {
        let document: String
        do {
            document = try await repository.answer(try OAIArguments.parse(text), now: Date())
        } catch let error as OAIError {
            document = OAIEnvelope.error(error, responseDate: Date(), baseURL: repository.baseURL, echo: [])
        }
        // Revalidated on every request: a harvester re-reading an unchanged page gets a 304 (the tag leaves out the
        // response date), and a changed catalogue is never served stale.
        return PublishRoutes.feed(
            document, type: "text/xml; charset=utf-8", request, tagged: OAIEnvelope.stableText(document), cacheControl: "no-cache")
    }
}
