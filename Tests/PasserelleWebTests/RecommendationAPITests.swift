import Foundation
import HTTPTypes
import HummingbirdTesting
import PasserelleCore
import PasserelleDiscovery
import PasserelleStorage
import PasserelleWeb
import Testing

/// `GET /api/v1/recommendations`: tastes come in the query, reasons come out, and nothing is kept.
@Suite("Recommendations API")
struct RecommendationAPITests {
    @Test("tastes in the query give reasoned recommendations, the same for the same seed, and nothing is stored")
    func answers() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let response = try await client.send(.get, "/api/v1/recommendations?interests=cinema.online&departement=75&length=5&lang=en&seed=7")
                #expect(response.status == .ok)
                #expect(response.headers[.setCookie] == nil)
                Conformance.expect(.get, "/api/v1/recommendations", response)
                let items = try #require(try response.json["items"]?.arrayValue)
                #expect(items.count == 5)
                let ids = items.compactMap { $0["offer"]?["id"]?.stringValue }
                #expect(Set(ids).count == 5, "no offer twice")
                #expect(!ids.contains("offer-withdrawn"))
                for item in items {
                    #expect(item["reason"]?["text"]?.stringValue?.isEmpty == false)
                }
                let interest = items.first { $0["reason"]?["code"] == "yourInterest" }
                #expect(interest?["reason"]?["subject"] == "cinema.online")
                #expect(interest?["reason"]?["text"]?.stringValue?.hasPrefix("In your interests") == true)
                #expect(interest?["offer"]?["id"]?.stringValue?.hasPrefix("offer-b-") == true)

                let again = try await client.send(.get, "/api/v1/recommendations?interests=cinema.online&departement=75&length=5&lang=en&seed=7")
                #expect(try again.json == response.json, "deterministic under a seed")

                let liked = try await client.send(.get, "/api/v1/recommendations?liked=offer-a-3&lang=en")
                let likedItems = try #require(try liked.json["items"]?.arrayValue)
                #expect(likedItems.count == 12, "the default length")
                let similar = likedItems.first { $0["reason"]?["code"] == "likeYourFavourites" }
                #expect(similar?["reason"]?["subject"] == "live-performance.theatre", "the liked offer's category, as a favourite's")
                #expect(!likedItems.contains { $0["offer"]?["id"] == "offer-a-3" }, "a liked offer is not recommended back")
            }
            #expect(try await fixture.store.trainingSignals(limit: 10).isEmpty, "a stateless request keeps no signal")
        }
    }

    @Test("with a trained model, a liked offer brings its neighbours, and the reason names it")
    func becauseYouLiked() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            // Three visitors who kept the same play also kept the same film: the model makes them neighbours.
            let now = Date()
            for _ in 0..<3 {
                let visitor = VisitorID.random()
                for id in ["offer-a-3", "offer-b-2"] {
                    try await fixture.store.record(VisitorSignal(offerID: OfferID(trusted: id), kind: .favourite, at: now), for: visitor)
                }
            }
            let kept = try await fixture.store.trainingSignals(limit: 100).count
            try await fixture.test { client in
                let response = try await client.send(.get, "/api/v1/recommendations?liked=offer-a-3&lang=en")
                let items = try #require(try response.json["items"]?.arrayValue)
                let because = items.first { $0["reason"]?["code"] == "becauseYouLiked" }
                #expect(because?["offer"]?["id"] == "offer-b-2")
                #expect(because?["reason"]?["subject"] == "offer-a-3")
                #expect(because?["reason"]?["text"]?.stringValue?.contains("Play 3") == true, "the reason names the liked offer")
            }
            #expect(try await fixture.store.trainingSignals(limit: 100).count == kept, "the request added no signal")
        }
    }

    @Test("every bad parameter is a 400 that names it", arguments: [
        ("length=0", "length"), ("length=51", "length"), ("seed=-1", "seed"), ("interests=nope", "interests"),
        ("interests=cinema.online,,music", "interests"), ("liked=offer-a-1,%20offer-a-2", "liked"), ("departement=00", "departement"), ("variety=more", "variety"),
        ("liked=bad%20id", "liked"), ("lang=xx", "lang"), ("colour=red", nil),
    ] as [(String, String?)])
    func badParameters(query: String, field: String?) async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let response = try await client.send(.get, "/api/v1/recommendations?\(query)")
                guard let field else {
                    #expect(response.status == .ok, "empty items of a list are skipped, unknown parameters ignored (as everywhere)")
                    return
                }
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.text.contains(field), "\(query): \(response.text)")
            }
        }
    }

    @Test("more liked offers than the limit is a 400")
    func tooManyLiked() async throws {
        try await Fixture.using(seed: ReadAPITests.seed) { fixture in
            try await fixture.test { client in
                let ids = (0..<51).map { "offer-a-\($0 % 25)-\($0)" }.joined(separator: ",")
                let response = try await client.send(.get, "/api/v1/recommendations?liked=\(ids)")
                #expect(response.status == .badRequest)
                #expect(response.text.contains("at most 50 offer ids"))
            }
        }
    }
}
