import Foundation
import HTTPTypes
import Hummingbird
import PasserelleDiscovery

/// The visitor's cookie, and the guard of the pages' POST forms.
///
/// The cookie holds only a random `VisitorID`. It is set when the visitor saves interests or keeps a favourite
/// (their own action: a service they asked for, which the CNIL exempts from consent), never on a first visit;
/// `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's form sends it), 13 months at most.
enum VisitorSession {
    static let cookieName = "passerelle_visitor"

    /// The visitor named by the request's cookie, or nil (no cookie, or one that is not a visitor id).
    static func visitor(_ request: Request) -> VisitorID? {
        RequestCookies.value(cookieName, in: request) { VisitorID($0) != nil }.flatMap(VisitorID.init)
    }

    static func setCookie(_ visitor: VisitorID) -> String {
        "\(cookieName)=\(visitor.rawValue); Path=/; Max-Age=\(Int(VisitorLimits.inactivityLimit)); HttpOnly; SameSite=Strict"
    }

    static let expiredCookie = "\(cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"

    /// Refuses a form posted from another site (403): the browser's `Sec-Fetch-Site`, else `Origin` against `Host`.
    /// A request with neither (a command-line client) is its own origin and passes.
    static func requireSameOrigin(_ request: Request) throws {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], !["same-origin", "none"].contains(site.lowercased()) {
            throw Problem(.forbidden, code: "cross-site-form", detail: "This form can only be sent from Passerelle's own pages.")
        }
        if let origin = request.headers[.origin], origin != "null" {
            let host = request.head.authority ?? ""
            guard let url = URL(string: origin), let originHost = url.host(), !host.isEmpty,
                  originHost + (url.port.map { ":\($0)" } ?? "") == host
            else {
                throw Problem(.forbidden, code: "cross-site-form", detail: "This form can only be sent from Passerelle's own pages.")
            }
        }
    }

    /// A local page to go back to after a form (`/offers/…?lang=fr`), or `fallback` for anything else.
    static func localPath(_ value: String?, fallback: String) -> String {
        guard let value, value.hasPrefix("/"), !value.hasPrefix("//"), !value.contains("\\"), value.utf8.count <= 500,
              !value.contains(where: { $0.isNewline })
        else { return fallback }
        return value
    }

    /// 303 to `location`, with `cookie` set when given.
    static func redirect(to location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }
}
