import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserellePass
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite("A professional changes their password in the pages")
struct ProPasswordPageTests {
    @Test("the form, a wrong current password (403), a weak new one (422), then the change: other sessions closed, this device kept signed in")
    func changePassword() async throws {
        try await Fixture.using { fixture in
            let (_, deskPassword, _, _) = try await ProPageTests.seed(fixture)
            try await fixture.test { client in
                #expect(try await client.send(.get, "/pro/password?lang=en").status == .seeOther, "signed out: to /pro")
                #expect(try await client.send(.post, "/pro/password?lang=en", headers: ProPageTests.form, raw: "currentPassword=").status == .unprocessableContent,
                        "a form without its fields is refused whoever sends it")
                let cookie = try await ProPageTests.signIn(client, "desk@example.org", deskPassword)
                let other = try await ProPageTests.signIn(client, "desk@example.org", deskPassword)
                let home = try await client.send(.get, "/pro?lang=en", headers: cookie)
                #expect(home.text.contains(#"<a href="/pro/password?lang=en">Change my password</a>"#))
                let page = try await client.send(.get, "/pro/password?lang=en", headers: cookie)
                #expect(page.status == .ok && page.text.contains("<h1>Change your password</h1>") && page.text.contains(#"action="/pro/password?lang=en""#))
                #expect(page.text.contains(#"<label for="current-password">Current password</label>"#) && page.text.contains(#"autocomplete="new-password""#))

                var form = cookie
                form[.contentType] = "application/x-www-form-urlencoded"
                form[.origin] = "http://localhost"
                let wrong = try await client.send(.post, "/pro/password?lang=en", headers: form, raw: "currentPassword=nope&newPassword=a+long+enough+passphrase")
                #expect(wrong.status == .forbidden && wrong.text.contains(#"role="alert""#) && wrong.text.contains("The current password is not this account"),
                        "\(wrong.status)")
                let weak = try await client.send(.post, "/pro/password?lang=en", headers: form, raw: "currentPassword=\(deskPassword)&newPassword=short")
                #expect(weak.status == .unprocessableContent && !weak.text.contains(deskPassword), "no password is written back into the page")

                let changed = try await client.send(.post, "/pro/password?lang=en", headers: form, raw: "currentPassword=\(deskPassword)&newPassword=a+long+enough+passphrase")
                #expect(changed.status == .seeOther && changed.headers[.location] == "/pro?lang=en&done=password")
                let renewed = PassPageTests.withCookie(changed)
                let notice = try await client.send(.get, "/pro?lang=en&done=password", headers: renewed)
                #expect(notice.status == .ok && notice.text.contains("Password changed: your other sessions are closed."))
                #expect(try await client.send(.get, "/pro/password?lang=en", headers: other).status == .seeOther, "the other session is closed")
                #expect(try await client.send(.get, "/pro/password?lang=en", headers: cookie).status == .seeOther, "the old cookie too")
                _ = try await ProPageTests.signIn(client, "desk@example.org", "a+long+enough+passphrase")
            }
        }
    }
}
