import Foundation

/// A WGS 84 position in decimal degrees.
public struct GeoPoint: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    public static let earthRadiusKm = 6_371.0088

    /// The haversine distance to `other` in kilometres, on the WGS 84 mean sphere.
    public func kilometres(to other: GeoPoint) -> Double {
        let earthRadiusKm = Self.earthRadiusKm
        let φ1 = latitude * .pi / 180, φ2 = other.latitude * .pi / 180
        let Δφ = φ2 - φ1, Δλ = (other.longitude - longitude) * .pi / 180
        let h = sin(Δφ / 2) * sin(Δφ / 2) + cos(φ1) * cos(φ2) * sin(Δλ / 2) * sin(Δλ / 2)
        return 2 * earthRadiusKm * asin(min(1, sqrt(h)))
    }

    func validate(into validator: inout Validator, field: String) {
        if !latitude.isFinite || !(-90.0...90.0).contains(latitude) {
            validator.fail("\(field)/latitude", "out-of-range", "must be a number between -90 and 90")
        }
        if !longitude.isFinite || !(-180.0...180.0).contains(longitude) {
            validator.fail("\(field)/longitude", "out-of-range", "must be a number between -180 and 180")
        }
    }
}
