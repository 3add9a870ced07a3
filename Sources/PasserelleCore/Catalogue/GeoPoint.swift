/// A WGS 84 position in decimal degrees.
public struct GeoPoint: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
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
