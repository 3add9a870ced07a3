import Foundation
import HTTPTypes
import Hummingbird
import PasserellePass

/// The pass's session in a browser: the same session token the API hands out, in a cookie that no script reads
/// (`HttpOnly`), that other sites' forms do not send (`SameSite=Lax`, and every form is checked same-origin), and
/// `Secure` when the site is served over HTTPS. The token is never in a page, a URL or a log.
enum PassPageSession {
    static let cookieName = "passerelle_pass"

    static func token(_ request: Request) -> String? {
        RequestCookies.value(cookieName, in: request) { $0.hasPrefix("pss_") && $0.utf8.count <= 100 }
    }

    /// The signed-in beneficiary and their session's hash, or nil (no cookie, or a session closed or expired).
    static func beneficiary(_ request: Request, store: any PassStore) async throws -> (Beneficiary, sessionHash: String)? {
        guard let token = token(request) else { return nil }
        let digest = PassSessions.hash(token)
        return try await store.beneficiary(sessionTokenHash: digest, at: Date()).map { ($0, digest) }
    }

    static func setCookie(_ opened: PassAccounts.Opened, secure: Bool) -> String {
        "\(cookieName)=\(opened.token); Path=/; Max-Age=\(Int(PassSessions.lifetime)); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    static func expiredCookie(secure: Bool) -> String {
        "\(cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }
}
