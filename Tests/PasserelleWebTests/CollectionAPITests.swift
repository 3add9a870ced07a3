import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserelleStorage
import PasserelleWeb
import Testing

/// Editorial collections through HTTP: writes with a key, public reads, JSON-LD, pages, and every refusal.
@Suite("Editorial collections")
struct CollectionAPITests {
    static let seed = ReadAPITests.seed

    static func curated(_ items: [JSONValue], extra: [String: JSONValue] = [:]) -> JSONValue {
        var body: [String: JSONValue] = [
            "title": ["fr": "Nos coups de cœur", "en": "Our favourites"], "description": ["fr": "Trois pièces et un chef-d'œuvre."],
            "curator": "Service des publics", "licence": "cc-by-4.0", "items": .array(items),
        ]
        for (key, value) in extra { body[key] = value }
        return .object(body)
    }

    @Test("a curated list: created with a key, read back with its entries resolved, listed, as JSON-LD, withdrawn")
    func curatedList() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let auth = fixture.auth(fixture.keyA)
                let body = Self.curated([
                    ["kind": "work", "id": "work-a", "note": ["fr": "Le tableau le plus visité"]],
                    ["kind": "offer", "id": "offer-a-3"], ["kind": "offer", "id": "offer-a-1", "note": ["en": "In English too"]],
                ], extra: ["id": "coups-de-coeur"])
                let created = try await client.send(.post, "/api/v1/collections", headers: auth, json: body)
                #expect(created.status == .created)
                Conformance.expect(.post, "/api/v1/collections", created)
                #expect(created.headers[.location] == "/api/v1/collections/coups-de-coeur")
                #expect(try created.json["institutionID"] == "inst-a")

                let detail = try await client.send(.get, "/api/v1/collections/coups-de-coeur")
                #expect(detail.status == .ok)
                Conformance.expect(.get, "/api/v1/collections/{id}", detail)
                let entries = try #require(try detail.json["entries"]?.arrayValue)
                #expect(entries.map { $0["id"]?.stringValue } == ["work-a", "offer-a-3", "offer-a-1"], "in the curator's order")
                #expect(entries.first?["page"] == "/works/work-a")
                #expect(entries.last?["city"] == "Paris", "an offer's entry names its venue's town")
                #expect(try detail.json["attribution"] == "Service des publics, Musée A — Creative Commons Attribution 4.0")

                let list = try await client.send(.get, "/api/v1/collections?institution=inst-a")
                Conformance.expect(.get, "/api/v1/collections", list)
                #expect(try list.json["total"] == 1)

                let jsonld = try await client.send(.get, "/api/v1/collections/coups-de-coeur/jsonld")
                #expect(jsonld.headers[.contentType] == "application/ld+json; charset=utf-8")
                let ld = try jsonld.json
                #expect(ld["@type"] == "ItemList" && ld["numberOfItems"] == 3)
                #expect(ld["license"] == "https://creativecommons.org/licenses/by/4.0/")
                #expect(ld["itemListElement"]?.arrayValue?.last?["position"] == 3)
                #expect(ld["itemListElement"]?.arrayValue?.last?["url"] == "/offers/offer-a-1")

                // A withdrawn offer drops out of the list as read; the collection itself stays.
                _ = try await client.send(.delete, "/api/v1/offers/offer-a-3", headers: auth)
                let after = try await client.send(.get, "/api/v1/collections/coups-de-coeur").json
                #expect(after["entries"]?.arrayValue?.count == 2)

                // Another institution can neither replace nor withdraw it.
                let forbidden = try await client.send(.put, "/api/v1/collections/coups-de-coeur", headers: fixture.auth(fixture.keyB), json: Self.curated([["kind": "offer", "id": "offer-b-0"]]))
                #expect(forbidden.status == .forbidden)
                #expect(try await client.send(.delete, "/api/v1/collections/coups-de-coeur", headers: fixture.auth(fixture.keyB)).status == .forbidden)
                // Without a key, no write at all.
                #expect(try await client.send(.post, "/api/v1/collections", headers: [.contentType: "application/json"], json: body).status == .unauthorized)

                let withdrawn = try await client.send(.delete, "/api/v1/collections/coups-de-coeur", headers: auth)
                #expect(try withdrawn.status == .ok && withdrawn.json["status"] == "withdrawn")
                Conformance.expect(.delete, "/api/v1/collections/{id}", withdrawn)
                #expect(try await client.send(.get, "/api/v1/collections/coups-de-coeur").status == .notFound)
                #expect(try await client.send(.get, "/collections/coups-de-coeur").status == .notFound)
            }
        }
    }

    @Test("items: another institution's only for an editor; unknown and duplicate ones named; a saved search checked like /search")
    func refusals() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let notYours = try await client.send(.post, "/api/v1/collections", headers: fixture.auth(fixture.keyA),
                                                     json: Self.curated([["kind": "offer", "id": "offer-b-0"], ["kind": "work", "id": "nope"]]))
                #expect(notYours.status == .unprocessableContent)
                Conformance.expect(.post, "/api/v1/collections", notYours)
                let codes = try notYours.json["errors"]?.arrayValue?.compactMap { $0["code"]?.stringValue }
                #expect(codes == ["not-yours", "unknown-reference"])

                // B is an editor (configuration): it may list A's records beside its own.
                let editorial = try await client.send(.put, "/api/v1/collections/croisee", headers: fixture.auth(fixture.keyB),
                                                      json: Self.curated([["kind": "offer", "id": "offer-b-0"], ["kind": "offer", "id": "offer-a-0"]]))
                #expect(editorial.status == .created)
                Conformance.expect(.put, "/api/v1/collections/{id}", editorial)

                let duplicate = try await client.send(.post, "/api/v1/collections", headers: fixture.auth(fixture.keyA),
                                                      json: Self.curated([["kind": "offer", "id": "offer-a-0"], ["kind": "offer", "id": "offer-a-0"]]))
                #expect(duplicate.status == .unprocessableContent)
                let both = try await client.send(.post, "/api/v1/collections", headers: fixture.auth(fixture.keyA),
                                                 json: Self.curated([["kind": "offer", "id": "offer-a-0"]], extra: ["savedQuery": "q=film"]))
                #expect(both.status == .unprocessableContent)
                let empty = try await client.send(.post, "/api/v1/collections", headers: fixture.auth(fixture.keyA), json: Self.curated([]))
                #expect(empty.status == .unprocessableContent)
                let badQuery = try await client.send(.post, "/api/v1/collections", headers: fixture.auth(fixture.keyA),
                                                     json: Self.curated([], extra: ["savedQuery": "q=film&when=someday&region=99"]))
                #expect(badQuery.status == .unprocessableContent)
                let fields = try badQuery.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
                #expect(Set(fields) == ["savedQuery/when", "savedQuery/region"])
                let unknownField = try await client.send(.post, "/api/v1/collections", headers: fixture.auth(fixture.keyA),
                                                         json: Self.curated([["kind": "offer", "id": "offer-a-0", "rank": 1]]))
                #expect(unknownField.status == .badRequest, "an unknown field is a 400, as in every body")
                #expect(try unknownField.json["errors"]?.arrayValue?.first?["field"]?.stringValue?.contains("rank") == true)
                let badLicence = try await client.send(.post, "/api/v1/collections", headers: fixture.auth(fixture.keyA),
                                                       json: Self.curated([["kind": "offer", "id": "offer-a-0"]], extra: ["licence": "all-rights-reserved"]))
                #expect(badLicence.status == .badRequest, "a licence outside the list is a 400")
                // Nothing refused was written.
                #expect(try await client.send(.get, "/api/v1/collections").json["total"] == 1)
            }
        }
    }

    @Test("a saved search stays current; publication dates hide a collection from the public, not from its owner")
    func savedSearchAndDates() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let auth = fixture.auth(fixture.keyB)
                let saved = try await client.send(.put, "/api/v1/collections/films-lyon", headers: auth,
                                                  json: Self.curated([], extra: ["items": nil, "savedQuery": "q=film&region=84"]))
                #expect(saved.status == .created)
                let before = try await client.send(.get, "/api/v1/collections/films-lyon").json
                #expect(before["entries"]?.arrayValue?.count == 3)
                _ = try await client.send(.delete, "/api/v1/offers/offer-b-2", headers: auth)
                let after = try await client.send(.get, "/api/v1/collections/films-lyon").json
                #expect(after["entries"]?.arrayValue?.count == 2, "the query runs afresh")

                let later = try await client.send(.put, "/api/v1/collections/plus-tard", headers: auth,
                                                  json: Self.curated([["kind": "offer", "id": "offer-b-0"]], extra: ["publishedFrom": "2099-01-01T00:00:00Z"]))
                #expect(later.status == .created)
                #expect(try await client.send(.get, "/api/v1/collections/plus-tard").status == .notFound)
                let listed = try await client.send(.get, "/api/v1/collections").json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
                #expect(listed == ["films-lyon"])

                // Its owner previews it with its key, unpublished and never cached; another institution does not.
                let preview = try await client.send(.get, "/api/v1/collections/plus-tard", headers: auth)
                #expect(preview.status == .ok)
                Conformance.expect(.get, "/api/v1/collections/{id}", preview)
                #expect(preview.headers[.cacheControl] == "private, no-store")
                #expect(try preview.json["entries"]?.arrayValue?.count == 1)
                let previewLD = try await client.send(.get, "/api/v1/collections/plus-tard/jsonld", headers: auth)
                #expect(previewLD.status == .ok && previewLD.headers[.cacheControl] == "private, no-store")
                #expect(try await client.send(.get, "/api/v1/collections/plus-tard", headers: fixture.auth(fixture.keyA)).status == .notFound)
                #expect(try await client.send(.get, "/api/v1/collections/films-lyon", headers: auth).headers[.cacheControl] != "private, no-store")
                // An ended collection too; a bad key is refused rather than read as anonymous; withdrawn is gone for all.
                let ended = try await client.send(.put, "/api/v1/collections/fini", headers: auth, json: Self.curated(
                    [["kind": "offer", "id": "offer-b-0"]], extra: ["publishedFrom": "2020-01-01T00:00:00Z", "publishedUntil": "2020-02-01T00:00:00Z"]))
                #expect(ended.status == .created)
                #expect(try await client.send(.get, "/api/v1/collections/fini").status == .notFound)
                #expect(try await client.send(.get, "/api/v1/collections/fini", headers: auth).status == .ok)
                let badKey = try await client.send(.get, "/api/v1/collections/fini", headers: [.authorization: "Bearer nonsense"])
                #expect(badKey.status == .unauthorized)
                Conformance.expect(.get, "/api/v1/collections/{id}", badKey)
                _ = try await client.send(.delete, "/api/v1/collections/fini", headers: auth)
                #expect(try await client.send(.get, "/api/v1/collections/fini", headers: auth).status == .notFound)
            }
        }
    }

    @Test("pages: the list, a collection with its notes and credit, the home page's section, the header link")
    func pages() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let empty = try await client.send(.get, "/collections?lang=en")
                #expect(empty.status == .ok && empty.text.contains("No collection published yet."))
                let body = Self.curated([["kind": "work", "id": "work-a", "note": ["fr": "Le tableau le plus visité"]], ["kind": "offer", "id": "offer-a-2"]])
                _ = try await client.send(.put, "/api/v1/collections/coups", headers: fixture.auth(fixture.keyA), json: body)

                let list = try await client.send(.get, "/collections?lang=en").text
                #expect(list.contains(#"<a href="/collections/coups?lang=en"><span>Our favourites</span></a>"#))
                #expect(list.contains("Chosen by Service des publics"))

                let page = try await client.send(.get, "/collections/coups?lang=fr")
                #expect(page.status == .ok)
                let html = page.text
                #expect(html.contains("<h1>Nos coups de cœur</h1>"))
                #expect(html.contains("Le tableau le plus visité"))
                #expect(html.contains(#"href="/works/work-a?lang=fr""#))
                #expect(html.contains(#"<a href="/offers/offer-a-2?lang=fr">"#))
                #expect(html.contains(#"rel="license""#) && html.contains("Service des publics, Musée A"))
                #expect(html.components(separatedBy: "<h1").count == 2)

                let home = try await client.send(.get, "/?lang=fr").text
                #expect(home.contains(#"<a href="/collections/coups?lang=fr">"#))
                #expect(home.contains(#"<a href="/collections?lang=fr">Sélections</a>"#), "the header links the collections")
                #expect(try await client.send(.get, "/collections/nope").status == .notFound)
                #expect(try await client.send(.get, "/collections?page=null").status == .notFound, "a page that is not a number is no page")
                #expect(try await client.send(.get, "/works?page=0").status == .notFound)
                #expect(try await client.send(.get, "/works?institution=").status == .notFound, "links give a value; an empty one is no page")
            }
        }
    }
}
