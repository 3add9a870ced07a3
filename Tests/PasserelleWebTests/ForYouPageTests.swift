import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserelleDiscovery
import PasserelleStorage
import PasserelleWeb
import Testing

/// "For you" and favourites: no cookie until the visitor acts, forms only from our own pages, every limit
/// explicit, erasure complete, and the list says why each offer is there.
@Suite("For you: tastes, favourites, erasure")
struct ForYouPageTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "http://localhost"]

    static func cookie(_ response: TestResponse) -> HTTPFields {
        let value = response.headers[.setCookie]?.split(separator: ";").first.map(String.init) ?? ""
        return [.cookie: value]
    }

    @Test("a first visit sets no cookie and keeps nothing; the list is a first pick with its reasons")
    func firstVisit() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let page = try await client.send(.get, "/for-you?lang=en")
                #expect(page.status == .ok)
                #expect(page.headers[.setCookie] == nil)
                #expect(page.headers[.vary] == "Accept-Language, Cookie", "a cache keeps the anonymous variant apart")
                let html = page.text
                #expect(html.contains("<h1>For you</h1>"))
                #expect(html.contains("Nothing is kept until you save your tastes or a favourite"))
                #expect(html.contains(#"<p class="reason">A first pick, from every domain</p>"#))
                #expect(!html.contains("Erase everything"), "nothing to erase")
                #expect(try await client.send(.get, "/?lang=en").text.contains(#"href="/for-you?lang=en">Tell us what you like"#))
                let offer = try await client.send(.get, "/offers/offer-a-1?lang=en")
                #expect(offer.headers[.setCookie] == nil)
                #expect(offer.headers[.vary] == "Accept-Language, Cookie")
                #expect(offer.text.contains("Keep as a favourite"))
            }
            #expect(try await fixture.store.trainingSignals(limit: 10).isEmpty, "an offer page read without a cookie records no view")
        }
    }

    @Test("saving tastes sets the cookie; the list follows them and names the reason")
    func tastes() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let saved = try await client.send(.post, "/for-you?lang=en", headers: Self.form, raw: "interest=cinema&departement=69&variety=wider")
                #expect(saved.status == .seeOther)
                #expect(saved.headers[.location] == "/for-you?lang=en&saved=1")
                let setCookie = try #require(saved.headers[.setCookie])
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Max-Age=34128000"))
                let page = try await client.send(.get, "/for-you?lang=en&saved=1", headers: Self.cookie(saved))
                #expect(page.headers[.cacheControl] == "private, no-store")
                #expect(page.headers[.vary] == "Accept-Language, Cookie")
                let html = page.text
                #expect(html.contains("Your tastes are saved."))
                #expect(html.contains(#"value="cinema" checked"#))
                #expect(html.contains(#"<option value="69" selected>"#))
                #expect(html.contains(#"value="wider" checked"#))
                #expect(html.contains("In your interests: Cinema"), "the Polish film at Lyon is there for the stated interest")
                #expect(html.contains("Erase everything"))
            }
        }
    }

    @Test("favourites: kept from the offer page, listed, removed; a view is recorded for a visitor with a cookie")
    func favourites() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let kept = try await client.send(.post, "/favourites?lang=en", headers: Self.form,
                                                 raw: "offer=offer-b-1&action=add&back=%2Foffers%2Foffer-b-1%3Flang%3Den")
                #expect(kept.status == .seeOther)
                #expect(kept.headers[.location] == "/offers/offer-b-1?lang=en")
                let cookie = Self.cookie(kept)
                let offer = try await client.send(.get, "/offers/offer-b-1?lang=en", headers: cookie).text
                #expect(offer.contains("In your favourites.") && offer.contains("Remove from favourites"))
                let page = try await client.send(.get, "/for-you?lang=en", headers: cookie).text
                #expect(page.contains(#"<h2>Your favourites</h2><ul class="offers"><li><h3><a href="/offers/offer-b-1?lang=en">"#))
                let home = try await client.send(.get, "/?lang=en", headers: cookie).text
                #expect(home.contains("<h2>For you</h2>"))
                let removed = try await client.send(.post, "/favourites", headers: Self.form.merging(cookie), raw: "offer=offer-b-1&action=remove&back=https://evil.example/")
                #expect(removed.headers[.location] == "/offers/offer-b-1?lang=fr", "a back link off the site falls back to the offer")
                #expect(try await client.send(.get, "/for-you?lang=en", headers: cookie).text.contains("No favourite yet"))
            }
            let signals = try await fixture.store.trainingSignals(limit: 10)
            #expect(signals.map(\.offerID.rawValue) == ["offer-b-1"], "the offer page's view, the favourite removed")
        }
    }

    @Test("erasure deletes everything and expires the cookie")
    func forget() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let saved = try await client.send(.post, "/for-you", headers: Self.form, raw: "interest=music")
                let cookie = Self.cookie(saved)
                _ = try await client.send(.post, "/favourites", headers: Self.form.merging(cookie), raw: "offer=offer-a-2&action=add")
                let forgotten = try await client.send(.post, "/for-you/forget?lang=en", headers: Self.form.merging(cookie), raw: "")
                #expect(forgotten.status == .seeOther)
                #expect(forgotten.headers[.setCookie]?.hasPrefix("passerelle_visitor=; Path=/; Max-Age=0") == true)
            }
            #expect(try await fixture.store.trainingSignals(limit: 10).isEmpty)
        }
    }

    @Test("bad forms: another site's, not a form, too large, unknown values, unknown offer — each refused, nothing kept")
    func refusals() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let crossSite = try await client.send(.post, "/for-you", headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://evil.example"], raw: "interest=music")
                #expect(crossSite.status == .forbidden)
                var fetchSite = Self.form
                fetchSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
                #expect(try await client.send(.post, "/favourites", headers: fetchSite, raw: "offer=offer-a-2&action=add").status == .forbidden)
                #expect(try await client.send(.post, "/for-you", headers: [.contentType: "application/json"], raw: "{}").status == .unsupportedMediaType)
                let large = "interest=" + String(repeating: "x", count: 5_000)
                #expect(try await client.send(.post, "/for-you", headers: Self.form, raw: large).status == .contentTooLarge)
                let unknown = try await client.send(.post, "/for-you?lang=en", headers: Self.form, raw: "interest=astrology&departement=999")
                #expect(unknown.status == .unprocessableContent)
                #expect(unknown.text.contains("astrology"))
                #expect(try await client.send(.post, "/for-you", headers: Self.form, raw: "variety=chaos").status == .unprocessableContent)
                #expect(try await client.send(.post, "/favourites", headers: Self.form, raw: "offer=offer-withdrawn&action=add").status == .notFound)
                #expect(try await client.send(.post, "/favourites", headers: Self.form, raw: "offer=offer-a-2&action=steal").status == .unprocessableContent)
                #expect(try await client.send(.get, "/for-you?saved=").status == .badRequest)
                for refused in [crossSite, unknown] { #expect(refused.headers[.setCookie] == nil) }
            }
            #expect(try await fixture.store.trainingSignals(limit: 10).isEmpty)
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        for field in other { merged.append(field) }
        return merged
    }
}
