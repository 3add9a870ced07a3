import Foundation
import HTTPTypes
import NIOCore
import HummingbirdTesting
import PasserelleCore
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite("Pages")
struct PageTests {
    static let pages = ["/", "/offers/offer-a-0", "/venues/venue-a", "/about"]

    /// Structural accessibility checks every page must pass.
    static func checkStructure(_ html: String, language: Language, path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(html.hasPrefix("<!DOCTYPE html>"), sourceLocation: sourceLocation)
        #expect(html.contains("<html lang=\"\(language.rawValue)\">"), "\(path)", sourceLocation: sourceLocation)
        #expect(html.components(separatedBy: "<h1").count == 2, "exactly one h1 on \(path)", sourceLocation: sourceLocation)
        for landmark in ["<header>", "<nav ", "<main id=\"main\"", "<footer>"] {
            #expect(html.contains(landmark), "\(landmark) on \(path)", sourceLocation: sourceLocation)
        }
        #expect(html.contains("<a class=\"skip\" href=\"#main\">"), sourceLocation: sourceLocation)
        // No script but schema.org data blocks, which browsers never run.
        #expect(!html.replacing(/<script type="application\/ld\+json">.*?<\/script>/, with: "").lowercased().contains("<script"), sourceLocation: sourceLocation)
        #expect(!html.contains("<img") && !html.contains("@font-face"), sourceLocation: sourceLocation)
        #expect(html.utf8.count < 50_000, "\(path) is \(html.utf8.count) bytes", sourceLocation: sourceLocation)
        // Headings never skip a level.
        let levels = html.matches(of: /<h([1-6])/).compactMap { Int($0.output.1) }
        for (previous, next) in zip(levels, levels.dropFirst()) {
            #expect(next <= previous + 1, "heading h\(previous) then h\(next) on \(path)", sourceLocation: sourceLocation)
        }
        #expect(levels.first == 1, sourceLocation: sourceLocation)
        #expect(TagBalance.firstError(in: html) == nil, "\(path): \(TagBalance.firstError(in: html) ?? "")", sourceLocation: sourceLocation)
        let ids = html.matches(of: /\sid="([^"]*)"/).map { String($0.output.1) }
        #expect(Set(ids).count == ids.count, "ids are unique on \(path)", sourceLocation: sourceLocation)
        // Every link has text.
        #expect(html.matches(of: /<a [^>]*><\/a>/).isEmpty, sourceLocation: sourceLocation)
    }

    @Test("each page in each of the six languages", arguments: Language.allCases)
    func pagesInEveryLanguage(language: Language) async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test(notice: "Catalogue de démonstration généré localement") { client in
                for path in Self.pages {
                    let response = try await client.send(.get, "\(path)?lang=\(language.rawValue)")
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    let html = response.text
                    Self.checkStructure(html, language: language, path: path)
                    #expect(html.contains(UIStringsProbe.skip[language]!), "skip link text in \(language)")
                    #expect(html.contains("Catalogue de démonstration généré localement"))
                    // The switch offers the five other languages, each a link to this page.
                    for other in Language.allCases where other != language {
                        #expect(html.contains("href=\"\(path)?lang=\(other.rawValue)\" hreflang=\"\(other.rawValue)\" lang=\"\(other.rawValue)\""), "\(path) → \(other)")
                    }
                    #expect(html.contains("aria-current=\"true\" lang=\"\(language.rawValue)\""))
                }
            }
        }
    }

    @Test("offer page content: fallback text marked with its language, stocks, venue link, escaping")
    func offerPage() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.store.write { tx in
                try await tx.save(Offer(
                    id: OfferID(trusted: "tricky"), institutionID: fixture.a.id, title: LocalizedText([.fr: "<script>alert('x')</script> & co"]),
                    categoryID: CategoryID(trusted: "music.concert"), access: .online, onlineURL: URL(string: "https://example.org/live")
                ))
            }
            try await fixture.test { client in
                let german = try await client.send(.get, "/offers/offer-b-0?lang=de").text
                #expect(german.contains("<h1 lang=\"fr\">Film 0</h1>"), "French fallback on a German page is marked")
                let english = try await client.send(.get, "/offers/offer-a-0?lang=en").text
                #expect(english.contains("<h1>Play 0</h1>"))
                #expect(english.contains("href=\"/venues/venue-a?lang=en\""))
                #expect(english.contains("<th scope=\"col\">Price</th>") && english.contains("€15.00"))
                #expect(english.contains("Mona Lisa"))
                let tricky = try await client.send(.get, "/offers/tricky").text
                #expect(!tricky.contains("<script>"))
                #expect(tricky.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"))
                #expect(tricky.contains("href=\"https://example.org/live\""))
            }
        }
    }

    @Test("language: ?lang wins over Accept-Language, which wins over French")
    func negotiation() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let polish = try await client.send(.get, "/about", headers: [.acceptLanguage: "pl-PL, en;q=0.5"]).text
                #expect(polish.contains("<html lang=\"pl\">"))
                let forced = try await client.send(.get, "/about?lang=it", headers: [.acceptLanguage: "pl-PL"]).text
                #expect(forced.contains("<html lang=\"it\">"))
                let fallback = try await client.send(.get, "/about", headers: [.acceptLanguage: "ja, zh;q=0.8"]).text
                #expect(fallback.contains("<html lang=\"fr\">"))
                let invalid = try await client.send(.get, "/about?lang=xx").text
                #expect(invalid.contains("<html lang=\"fr\">"))
            }
        }
    }

    @Test("404 page: HTML, in the asked language, one h1, link home; withdrawn records too")
    func notFound() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                for path in ["/nowhere", "/offers/offer-withdrawn", "/offers/nope", "/venues/nope"] {
                    let response = try await client.send(.get, "\(path)?lang=es")
                    #expect(response.status == .notFound, "\(path)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    Self.checkStructure(response.text, language: .es, path: path)
                    #expect(response.text.contains("Página no encontrada"))
                }
                let evil = try await client.send(.get, "//evil.example/x")
                #expect(!evil.text.contains("href=\"//evil.example"))
            }
        }
    }

    @Test("the balance check itself finds broken markup")
    func balanceCheck() {
        #expect(TagBalance.firstError(in: "<p><a href=\"/\">x</p></a>") != nil)
        #expect(TagBalance.firstError(in: "<main><p>x</main>") != nil)
        #expect(TagBalance.firstError(in: "<head><meta charset=\"utf-8\"></head>") == nil)
    }

    @Test("about page lists the credits and says when none are loaded")
    func about() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let html = try await client.send(.get, "/about?lang=fr").text
                #expect(html.contains("<a href=\"https://data.culture.gouv.fr/\" rel=\"noopener\">Base Muséofile</a>"))
                #expect(html.contains("Licence Ouverte 2.0"))
            }
        }
    }

    @Test("the stylesheet is small, long-cached and linked with its content hash")
    func stylesheet() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let home = try await client.send(.get, "/").text
                let href = try #require(home.firstMatch(of: /href="(\/static\/site\.css\?v=[0-9a-f]{12})"/)?.output.1)
                let css = try await client.send(.get, String(href))
                #expect(css.status == .ok)
                #expect(css.headers[.contentType] == "text/css; charset=utf-8")
                #expect(css.headers[.cacheControl]?.contains("max-age=31536000") == true)
                #expect(css.body.readableBytes < 4_096)
                #expect(css.text.contains(":focus-visible"))
            }
        }
    }
}

/// The skip link's text per language, as a reader would look for it.
enum UIStringsProbe {
    static let skip: [Language: String] = [
        .fr: "Aller au contenu", .en: "Skip to content", .de: "Zum Inhalt springen", .es: "Ir al contenido",
        .it: "Vai al contenuto", .pl: "Przejdź do treści",
    ]
}

/// Checks that every non-void element is closed in order, so the builder never emits broken markup.
enum TagBalance {
    static let voidElements: Set<String> = ["meta", "link", "br", "hr", "img", "input"]

    /// The first nesting error, or nil when the document is balanced.
    static func firstError(in html: String) -> String? {
        var stack: [String] = []
        for match in html.matches(of: /<(\/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>/) {
            let name = String(match.output.2).lowercased()
            if match.output.1.isEmpty {
                if !voidElements.contains(name) { stack.append(name) }
            } else {
                guard stack.last == name else { return "</\(name)> closes <\(stack.last ?? "nothing")>" }
                stack.removeLast()
            }
        }
        return stack.isEmpty ? nil : "unclosed: \(stack)"
    }
}
