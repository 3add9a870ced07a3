import Foundation
import PasserelleCore
import PasserelleDiscovery

/// `place=` for the search API and page: a town or a postcode, turned into `near` at the centre of the catalogue's
/// venues there (`PlaceDirectory`). The directory is rebuilt from the venues at most every ten minutes, shared by
/// concurrent requests.
struct PlaceLookup: Sendable {
    let index: any SearchIndex
    private let cached = SharedExpiringValue<PlaceDirectory>(lifetime: .seconds(600))

    init(index: any SearchIndex) {
        self.index = index
    }

    /// Reads `place` and sets `request.near`; a problem (unknown town, `near` given too) goes to `reader`.
    /// Returns the town found, and the other towns of that name.
    func resolve(_ reader: inout QueryReader, into request: inout SearchRequest) async throws -> [Place] {
        guard let text = reader.value("place") else { return [] }
        guard text.count <= PlaceDirectory.maximumTextLength else {
            reader.fail("place", "too-long", "at most \(PlaceDirectory.maximumTextLength) characters")
            return []
        }
        guard request.near == nil else {
            reader.fail("place", "conflict", "give either place or near, not both")
            return []
        }
        let index = self.index
        let places = try await cached.value { PlaceDirectory(try await index.venuePlaces()) }.lookup(text)
        guard let place = places.first else {
            reader.fail("place", "unknown-place", "no town or postcode of the catalogue's venues is '\(text)'")
            return []
        }
        request.near = place.centre
        return places
    }
}
