import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite("Public reads")
struct ReadAPITests {
    /// 25 offers of A at its Paris venue (theatre, in French and English) plus 3 online offers of B (cinema, Polish).
    @Sendable static func seed(_ fixture: Fixture) async throws {
        let base = Date(timeIntervalSince1970: 1_790_000_000)
        try await fixture.store.write { tx in
            for index in 0..<25 {
                try await tx.save(Offer(
                    id: OfferID(trusted: "offer-a-\(index)"), institutionID: fixture.a.id, workID: index == 0 ? Fixture.workA : nil,
                    venueID: Fixture.venueA, title: LocalizedText([.fr: "Pièce \(index)", .en: "Play \(index)"]),
                    categoryID: CategoryID(trusted: "live-performance.theatre"), access: .onSite, price: PriceRange(minCents: 1000, maxCents: 2500),
                    startsAt: base.addingTimeInterval(Double(index) * 86_400), endsAt: base.addingTimeInterval(Double(index) * 86_400 + 7_200),
                    languages: ["fr", "en"], updatedAt: base.addingTimeInterval(Double(index))
                ))
            }
            for index in 0..<3 {
                try await tx.save(Offer(
                    id: OfferID(trusted: "offer-b-\(index)"), institutionID: fixture.b.id, venueID: Fixture.venueB,
                    title: LocalizedText([.fr: "Film \(index)"]), categoryID: CategoryID(trusted: "cinema.online"), access: .hybrid,
                    onlineURL: URL(string: "https://example.org/film/\(index)"), languages: ["pl"], updatedAt: base.addingTimeInterval(100 + Double(index))
                ))
            }
            try await tx.save(Stock(id: StockID(trusted: "stock-a-0"), offerID: OfferID(trusted: "offer-a-0"), beginsAt: base, quantity: 40, priceCents: 1500))
            try await tx.save(Stock(id: StockID(trusted: "stock-a-old"), offerID: OfferID(trusted: "offer-a-0"), priceCents: 900, status: .withdrawn))
            var withdrawn = Offer(institutionID: fixture.a.id, title: "Retirée", categoryID: CategoryID(trusted: "music.concert"), access: .online,
                                  onlineURL: URL(string: "https://example.org/x"))
            withdrawn.id = OfferID(trusted: "offer-withdrawn")
            withdrawn.status = .withdrawn
            try await tx.save(withdrawn)
        }
    }

    @Test("pagination: total, pageCount, links, default size 20")
    func pagination() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let first = try await client.send(.get, "/api/v1/offers")
                #expect(first.status == .ok)
                Conformance.expect(.get, "/api/v1/offers", first)
                let json = try first.json
                #expect(json["total"] == 28 && json["pageSize"] == 20 && json["pageCount"] == 2 && json["page"] == 1)
                #expect(json["items"]?.arrayValue?.count == 20)
                #expect(json["links"]?["next"]?.stringValue == "/api/v1/offers?page=2")
                #expect(json["links"]?["prev"] == nil)
                // Most recently updated first: B's offers were updated last.
                #expect(json["items"]?.arrayValue?.first?["id"] == "offer-b-2")

                let second = try await client.send(.get, "/api/v1/offers?page=2&pageSize=20").json
                #expect(second["items"]?.arrayValue?.count == 8)
                #expect(second["links"]?["next"] == nil)
                #expect(second["links"]?["prev"]?.stringValue == "/api/v1/offers?pageSize=20&page=1")

                let past = try await client.send(.get, "/api/v1/offers?page=9")
                #expect(past.status == .ok)
                #expect(try past.json["items"] == [] && past.json["total"] == 28)
            }
        }
    }

    @Test("the withdrawn offer is hidden from lists and is 404 when read")
    func withdrawnHidden() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let ids = try await client.send(.get, "/api/v1/offers?pageSize=100").json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                #expect(!ids.contains("offer-withdrawn") && ids.count == 28)
                let read = try await client.send(.get, "/api/v1/offers/offer-withdrawn")
                #expect(read.status == .notFound)
                #expect(read.headers[.contentType] == "application/problem+json")
                Conformance.expect(.get, "/api/v1/offers/{id}", read)
            }
        }
    }

    @Test("each filter narrows the list", arguments: [
        ("category=live-performance", 25), ("category=live-performance.theatre", 25), ("category=cinema", 3), ("category=music", 0),
        ("commune=69123", 3), ("departement=75", 25), ("region=84", 3), ("access=online", 3), ("access=on-site", 28),
        ("language=pl", 3), ("language=en", 25), ("institution=inst-b", 3), ("venue=venue-a", 25), ("work=work-a", 1),
        // A's offers start daily from 2026-09-21T14:13:20Z and last two hours; B's have no dates, so never match a date filter.
        ("from=2026-09-25", 21), ("to=2026-09-23T00:00:00Z", 2), ("from=2026-09-22&to=2026-09-23", 1),
        ("from=2030-01-01&to=2030-01-02", 0),
    ])
    func filters(query: String, expected: Int) async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let response = try await client.send(.get, "/api/v1/offers?\(query)&pageSize=100")
                #expect(response.status == .ok)
                #expect(try response.json["total"]?.intValue == Int64(expected), "\(query)")
                Conformance.expect(.get, "/api/v1/offers", response)
            }
        }
    }

    @Test("bad query parameters are one 400 listing each problem", arguments: [
        ("pageSize=101", "pageSize"), ("page=0", "page"), ("pageSize=abc", "pageSize"), ("category=nope", "category"),
        ("from=yesterday", "from"), ("access=teleport", "access"), ("departement=999", "departement"), ("commune=7505", "commune"),
        ("language=FR", "language"), ("venue=a%20b", "venue"), ("to=2026-02-30", "to"),
    ])
    func badQueries(query: String, field: String) async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let response = try await client.send(.get, "/api/v1/offers?\(query)")
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.headers[.contentType] == "application/problem+json")
                let fields = try response.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
                #expect(fields.contains(field), "\(query): \(fields)")
                Conformance.expect(.get, "/api/v1/offers", response)
            }
        }
    }

    @Test("an offer embeds its active stocks only")
    func offerDetail() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let response = try await client.send(.get, "/api/v1/offers/offer-a-0")
                #expect(response.status == .ok)
                Conformance.expect(.get, "/api/v1/offers/{id}", response)
                let json = try response.json
                #expect(json["stocks"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["stock-a-0"])
                #expect(json["title"]?["en"] == "Play 0" && json["price"]?["minCents"] == 1000)
                #expect(json["startsAt"]?.stringValue?.hasSuffix("Z") == true)

                let stock = try await client.send(.get, "/api/v1/stocks/stock-a-0")
                #expect(stock.status == .ok)
                Conformance.expect(.get, "/api/v1/stocks/{id}", stock)
                #expect(try await client.send(.get, "/api/v1/stocks/stock-a-old").status == .notFound)
            }
        }
    }

    @Test("venues: list, filters, one venue; works: one work; unknown ids are 404")
    func venuesAndWorks() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let all = try await client.send(.get, "/api/v1/venues")
                Conformance.expect(.get, "/api/v1/venues", all)
                #expect(try all.json["total"] == 2)
                for (query, expected) in [("kind=cinema", 1), ("commune=75056", 1), ("departement=69", 1), ("region=11", 1), ("institution=inst-a", 1), ("kind=library", 0)] {
                    let response = try await client.send(.get, "/api/v1/venues?\(query)")
                    #expect(try response.json["total"]?.intValue == Int64(expected), "\(query)")
                }
                #expect(try await client.send(.get, "/api/v1/venues?kind=castle").status == .badRequest)
                let venue = try await client.send(.get, "/api/v1/venues/venue-a")
                Conformance.expect(.get, "/api/v1/venues/{id}", venue)
                #expect(try venue.json["accessibility"]?.arrayValue?.count == 2)
                let work = try await client.send(.get, "/api/v1/works/work-a")
                Conformance.expect(.get, "/api/v1/works/{id}", work)
                #expect(try work.json["title"]?["en"] == "Mona Lisa")
                for path in ["/api/v1/venues/nope", "/api/v1/works/nope", "/api/v1/offers/nope", "/api/v1/offers/not%20an%20id"] {
                    let missing = try await client.send(.get, path)
                    #expect(missing.status == .notFound, "\(path)")
                    #expect(try missing.json["status"] == 404)
                }
            }
        }
    }

    @Test("categories: the taxonomy in six languages, one label with ?lang")
    func categories() async throws {
        try await Fixture.using { fixture in
            try await fixture.test { client in
                let all = try await client.send(.get, "/api/v1/categories")
                Conformance.expect(.get, "/api/v1/categories", all)
                let sectors = try all.json["sectors"]?.arrayValue ?? []
                #expect(sectors.count == Taxonomy.sectors.count)
                #expect(sectors.first?["label"] == nil)
                let german = try await client.send(.get, "/api/v1/categories?lang=de")
                Conformance.expect(.get, "/api/v1/categories", german)
                let music = try german.json["sectors"]?.arrayValue?.first { $0["id"] == "music" }
                #expect(music?["label"] == "Musik")
                #expect(music?["categories"]?.arrayValue?.first?["labels"]?["pl"] == "Koncert")
                #expect(try await client.send(.get, "/api/v1/categories?lang=xx").status == .badRequest)
            }
        }
    }
}
