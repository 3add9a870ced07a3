import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PasserelleCore
import PasserelleStorage
import Testing
@testable import PasserelleWeb

/// Each case here was accepted, normalised or answered vaguely before; now each is refused on its field.
@Suite("Strict input")
struct StrictInputTests {
    func issues(_ response: TestResponse) throws -> [String] {
        try (response.json["errors"]?.arrayValue ?? []).compactMap { issue in
            guard let field = issue["field"]?.stringValue, let code = issue["code"]?.stringValue else { return nil }
            return "\(field):\(code)"
        }
    }

    @Test("impossible dates and year 10000 are 400 on their field; a valid offset is kept as the instant")
    func dates() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let auth = fixture.auth(fixture.keyA)
                for bad in ["2026-02-30T00:00:00Z", "10000-01-01T00:00:00Z", "2026-01-01T25:61:61Z", "yesterday"] {
                    let response = try await client.send(.post, "/api/v1/offers", headers: auth, json: Bodies.offer(extra: ["startsAt": .string(bad)]))
                    #expect(response.status == .badRequest, "\(bad)")
                    #expect(try issues(response) == ["startsAt:invalid-date"], "\(bad)")
                    Conformance.expect(.post, "/api/v1/offers", response)
                }
                let query = try await client.send(.get, "/api/v1/offers?from=2026-01-01T25:61:61Z&to=2026-02-30")
                #expect(query.status == .badRequest)
                #expect(try issues(query) == ["from:invalid-date", "to:invalid-date"])
            }
        }
    }

    @Test("a repeated key, a nested one included, is 400 naming its path; nothing is saved")
    func duplicateKeys() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let auth = fixture.auth(fixture.keyA)
                let top = try await client.send(.post, "/api/v1/venues", headers: auth, raw: #"{"name":"A","name":"B","kind":"theatre","address":{"city":"Paris"}}"#)
                #expect(top.status == .badRequest)
                #expect(try issues(top) == ["name:duplicate-key"])
                let nested = try await client.send(.post, "/api/v1/offers", headers: auth, raw: #"{"title":{"fr":"a","fr":"b"},"categoryID":"heritage","access":"online","onlineURL":"https://x.fr"}"#)
                #expect(try issues(nested) == ["title/fr:duplicate-key"])
                #expect(try await fixture.store.read { try await $0.counts() }.offers == 0)
            }
        }
    }

    @Test("1.5 or 2⁶³ in an integer field is 400 on that field, not 'invalid JSON'; 1200.0 and 1.2e3 are whole numbers")
    func integers() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let auth = fixture.auth(fixture.keyA)
                let offer = try await client.send(.post, "/api/v1/offers", headers: auth, json: Bodies.offer(id: "o-int"))
                #expect(offer.status == .created)
                // The exponent of Int.min once crashed the server (abs overflow): every such number is a plain 400.
                for number in ["1.5", "1e-3", "9223372036854775808", "-9223372036854775809", "1e19", "1e-9223372036854775808", "1e9223372036854775807", "1e99999"] {
                    let stock = try await client.send(.post, "/api/v1/offers/o-int/stocks", headers: auth, raw: #"{"priceCents":\#(number)}"#)
                    #expect(stock.status == .badRequest, "\(number)")
                    #expect(try issues(stock) == ["priceCents:not-an-integer"], "\(number)")
                }
                let price = try await client.send(.post, "/api/v1/offers", headers: auth, raw: #"{"title":{"fr":"x"},"categoryID":"heritage","access":"online","onlineURL":"https://x.fr","price":{"minCents":0,"maxCents":2.5}}"#)
                #expect(try issues(price) == ["price/maxCents:not-an-integer"])
                #expect(JSONShape.wholeNumber("0e41") == 0 && JSONShape.wholeNumber("-0.0e-999") == 0)
                for whole in ["1200.0", "1.2e3", "12E2", "120000e-2"] {
                    let stock = try await client.send(.post, "/api/v1/offers/o-int/stocks", headers: auth, raw: #"{"priceCents":\#(whole)}"#)
                    #expect(stock.status == .created, "\(whole): \(stock.text)")
                    #expect(try stock.json["priceCents"] == 1200, "\(whole)")
                }
                let wrongType = try await client.send(.post, "/api/v1/offers/o-int/stocks", headers: auth, raw: #"{"priceCents":"12"}"#)
                #expect(wrongType.status == .badRequest)
                #expect(try issues(wrongType) == ["priceCents:wrong-type"], "a wrong type names its field too")
            }
        }
    }

    @Test("malformed JSON is 400 with where it broke: trailing data, bad escapes, lone surrogates, invalid UTF-8, deep nesting")
    func malformed() async throws {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let cases: [(String, String)] = [
            (#"{"name":"a"} x"#, "after the JSON value"), (#"{"name":"\q"}"#, "unknown escape"),
            (#"{"name":"\udc00"}"#, "lone low surrogate"), (#"{"name":"a",}"#, "quoted key"),
            (#"{"a":\#(deep)}"#, "nested more than"), (#"{"name":"tab\#u{9}inside"}"#, "control character"),
        ]
        try await Fixture.using { fixture in
            try await fixture.test { client in
                for (body, reason) in cases {
                    let response = try await client.send(.post, "/api/v1/venues", headers: fixture.auth(fixture.keyA), raw: body)
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(try response.json["detail"]?.stringValue?.contains(reason) == true, "\(body): \(response.text)")
                }
                var invalidUTF8 = ByteBuffer(string: #"{"name":""#)
                invalidUTF8.writeBytes([0xC3, 0x28])
                invalidUTF8.writeString(#"","kind":"theatre"}"#)
                let response = try await client.executeRequest(
                    uri: "/api/v1/venues", method: .post, headers: fixture.auth(fixture.keyA), body: invalidUTF8
                )
                #expect(response.status == .badRequest)
                #expect(response.text.contains("UTF-8"))
            }
        }
    }

    @Test("the JSON parser keeps what it reads: strings with escapes and surrogate pairs, numbers as written")
    func parserRoundTrip() throws {
        let node = try StrictJSONParser.parse(Data(#"{"a":"\u00e9\ud83c\udfad\n\"","b":[1,-0.5,2E+3,true,null],"c":{}}"#.utf8))
        #expect(node["a"] == .string("é🎭\n\""))
        #expect(node["b"] == .array([.number("1"), .number("-0.5"), .number("2E+3"), .bool(true), .null]))
        #expect(try StrictJSONParser.parse(node.serialized()) == node)
    }

    @Test("a body must be declared as JSON: text/plain, a form or no Content-Type is 415")
    func mediaType() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let body = #"{"name":"Salle","kind":"theatre","address":{"city":"Paris"}}"#
                for type in ["text/plain", "application/x-www-form-urlencoded", nil] as [String?] {
                    var headers: HTTPFields = [.authorization: "Bearer \(fixture.keyA)"]
                    if let type { headers[.contentType] = type }
                    let response = try await client.send(.post, "/api/v1/venues", headers: headers, raw: body)
                    #expect(response.status == .unsupportedMediaType, "\(type ?? "none")")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    Conformance.expect(.post, "/api/v1/venues", response)
                }
                var headers: HTTPFields = [.authorization: "Bearer \(fixture.keyA)"]
                headers[.contentType] = "application/json; charset=utf-8"
                #expect(try await client.send(.post, "/api/v1/venues", headers: headers, raw: body).status == .created)
            }
        }
    }

    @Test("control characters and blank titles are 422 on their field, so they never reach a page")
    func texts() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let auth = fixture.auth(fixture.keyA)
                let escape = try await client.send(.post, "/api/v1/offers", headers: auth, json: Bodies.offer(title: "Rouge\u{1B}[31m"))
                #expect(escape.status == .unprocessableContent)
                #expect(try issues(escape) == ["title/fr:control-character"])
                let nul = try await client.send(.post, "/api/v1/venues", headers: auth, json: Bodies.venue(name: "Salle\u{0}"))
                #expect(try issues(nul) == ["name:control-character"])
                let blank = try await client.send(.post, "/api/v1/offers", headers: auth, json: Bodies.offer(title: "   "))
                #expect(blank.status == .unprocessableContent)
                #expect(try issues(blank) == ["title/fr:required"])
            }
        }
    }

    @Test("ids `.` and `..` are refused; PUT on an id outside the rule is 400, a read of one is 404")
    func pathIDs() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let auth = fixture.auth(fixture.keyA)
                let dots = try await client.send(.post, "/api/v1/offers", headers: auth, json: Bodies.offer(id: ".."))
                #expect(dots.status == .badRequest)
                #expect(try issues(dots) == ["id:invalid"])
                let put = try await client.send(.put, "/api/v1/venues/bad%20id", headers: auth, json: Bodies.venue())
                #expect(put.status == .badRequest)
                #expect(try issues(put) == ["id:invalid-identifier"])
                Conformance.expect(.put, "/api/v1/venues/{id}", put)
                let read = try await client.send(.get, "/api/v1/venues/bad%20id")
                #expect(read.status == .notFound)
            }
        }
    }

    @Test("a known query parameter given empty is 400, not 'no filter'")
    func emptyParameters() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let response = try await client.send(.get, "/api/v1/offers?institution=&venue=&category=")
                #expect(response.status == .badRequest)
                #expect(try Set(issues(response)) == ["institution:empty", "venue:empty", "category:empty"])
                let lang = try await client.send(.get, "/api/v1/categories?lang=xx")
                #expect(lang.status == .badRequest)
                #expect(try await client.send(.get, "/api/v1/categories?lang=").status == .badRequest)
            }
        }
    }

    @Test("an offer holds at most Stock.maximumPerOffer active stocks; a withdrawn one frees its place")
    func stockCap() async throws {
        try await Fixture.using { fixture in
            let offer = Offer(id: OfferID(trusted: "o-cap"), institutionID: fixture.a.id, venueID: Fixture.venueA, title: "Séances",
                              categoryID: CategoryID(trusted: "cinema.screening"), access: .onSite)
            try await fixture.store.write { tx in
                try await tx.save(offer)
                try await tx.save((0..<Stock.maximumPerOffer).map { Stock(id: StockID(trusted: "s-\($0)"), offerID: offer.id, priceCents: 500) })
            }
            try await fixture.test { client in
                let auth = fixture.auth(fixture.keyA)
                let over = try await client.send(.post, "/api/v1/offers/o-cap/stocks", headers: auth, json: ["priceCents": 500])
                #expect(over.status == .unprocessableContent)
                #expect(try issues(over) == ["offerID:too-many-stocks"])
                let replaced = try await client.send(.put, "/api/v1/stocks/s-0", headers: auth, json: ["priceCents": 600])
                #expect(replaced.status == .ok, "replacing an existing stock is not adding one")
                #expect(try await client.send(.delete, "/api/v1/stocks/s-1", headers: auth).status == .ok)
                #expect(try await client.send(.post, "/api/v1/offers/o-cap/stocks", headers: auth, json: ["priceCents": 500]).status == .created)
            }
        }
    }
}
