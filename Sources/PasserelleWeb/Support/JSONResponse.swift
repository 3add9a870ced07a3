import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import PasserelleCore

/// Builds JSON responses with the API's encoder.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        make(body: try encode(value), status: status, headers: headers)
    }

    /// The value as the API's JSON.
    static func encode(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONCoding.encoder.encode(value))
    }

    /// A response with an already encoded JSON body.
    static func make(body: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}

/// One page of a list, with links to move through it.
struct ListResponse<Item: Encodable & Sendable>: Encodable, Sendable {
    struct Links: Encodable, Sendable {
        /// This page.
        var current: String
        /// The next page; absent on the last page.
        var next: String?
        /// The previous page; absent on the first page.
        var prev: String?

        enum CodingKeys: String, CodingKey {
            case current = "self", next, prev
        }
    }

    var items: [Item]
    var total: Int
    var page: Int
    var pageSize: Int
    var pageCount: Int
    var links: Links
}

extension ListResponse {
    /// A list response whose links keep every query parameter of `request` and change only `page`.
    init<Source>(page: PasserelleCore.Page<Source>, items: [Item], request: Request) {
        let pageNumber = page.request.page
        func link(_ target: Int) -> String { QueryLinks.replacing("page", with: String(target), in: request) }
        self.init(
            items: items, total: page.total, page: pageNumber, pageSize: page.request.size, pageCount: page.pageCount,
            links: Links(
                current: link(pageNumber),
                next: page.hasNext ? link(pageNumber + 1) : nil,
                prev: pageNumber > 1 ? link(min(pageNumber - 1, max(page.pageCount, 1))) : nil
            )
        )
    }
}
