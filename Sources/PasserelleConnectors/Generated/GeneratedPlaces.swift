/// Real communes (INSEE code, postal code, name, position) in several régions, for generated venues.
struct GeneratedPlace: Sendable {
    let communeCode: String
    let postalCode: String
    let city: String
    let latitude: Double
    let longitude: Double

    static let all: [GeneratedPlace] = [
        GeneratedPlace(communeCode: "75056", postalCode: "75004", city: "Paris", latitude: 48.8566, longitude: 2.3522),
        GeneratedPlace(communeCode: "69123", postalCode: "69001", city: "Lyon", latitude: 45.7640, longitude: 4.8357),
        GeneratedPlace(communeCode: "13055", postalCode: "13001", city: "Marseille", latitude: 43.2965, longitude: 5.3698),
        GeneratedPlace(communeCode: "59350", postalCode: "59000", city: "Lille", latitude: 50.6292, longitude: 3.0573),
        GeneratedPlace(communeCode: "33063", postalCode: "33000", city: "Bordeaux", latitude: 44.8378, longitude: -0.5792),
        GeneratedPlace(communeCode: "31555", postalCode: "31000", city: "Toulouse", latitude: 43.6047, longitude: 1.4442),
        GeneratedPlace(communeCode: "67482", postalCode: "67000", city: "Strasbourg", latitude: 48.5734, longitude: 7.7521),
        GeneratedPlace(communeCode: "35238", postalCode: "35000", city: "Rennes", latitude: 48.1173, longitude: -1.6778),
        GeneratedPlace(communeCode: "21231", postalCode: "21000", city: "Dijon", latitude: 47.3220, longitude: 5.0415),
        GeneratedPlace(communeCode: "76540", postalCode: "76000", city: "Rouen", latitude: 49.4432, longitude: 1.0999),
        GeneratedPlace(communeCode: "2A004", postalCode: "20000", city: "Ajaccio", latitude: 41.9192, longitude: 8.7386),
        GeneratedPlace(communeCode: "97411", postalCode: "97400", city: "Saint-Denis", latitude: -20.8821, longitude: 55.4507),
    ]
}

/// A small deterministic pseudo-random generator (SplitMix64), so generated catalogues are the same on every run.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
