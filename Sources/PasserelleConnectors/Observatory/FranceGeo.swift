public import Foundation

/// The outline of one région or département, from the simplified IGN Admin Express GeoJSON (`france-geo/`,
/// Licence Ouverte).
public struct RegionOutline: Sendable, Hashable {
    /// The région's or département's INSEE code.
    public let code: String
    /// Its name as the file gives it.
    public let name: String
    /// Rings of (longitude, latitude), outer rings and holes alike (drawn with the even-odd rule).
    public let rings: [[GeoCoordinate]]
}

/// A point of an outline.
public struct GeoCoordinate: Sendable, Hashable {
    /// Degrees east.
    public let longitude: Double
    /// Degrees north.
    public let latitude: Double
}

/// Reads `france-geo/` (régions and départements) for the observatory's maps.
public enum FranceGeo {
    /// Where the régions' file sits under the real-data root.
    public static let regionsPath = "france-geo/regions-version-simplifiee.geojson"
    /// Where the départements' file sits.
    public static let departementsPath = "france-geo/departements-version-simplifiee.geojson"

    /// The 13 metropolitan régions' outlines, or an error naming the file when it is missing or not GeoJSON.
    public static func regions(realdata root: URL) throws(ConnectorError) -> [RegionOutline] {
        try outlines(realdata: root, path: regionsPath)
    }

    /// The 96 metropolitan départements' outlines.
    public static func departements(realdata root: URL) throws(ConnectorError) -> [RegionOutline] {
        try outlines(realdata: root, path: departementsPath)
    }

    private static func outlines(realdata root: URL, path: String) throws(ConnectorError) -> [RegionOutline] {
        let url = root.appending(path: path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConnectorError(.missingSource, "missing file \(url.path)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let features = object["features"] as? [[String: Any]] else {
            throw ConnectorError(.unreadableSource, "\(url.path) is not a GeoJSON FeatureCollection")
        }
        return features.compactMap { feature in
            guard let properties = feature["properties"] as? [String: Any], let code = properties["code"] as? String,
                  let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String else { return nil }
            let polygons: [Any]
            switch type {
            case "Polygon": polygons = [geometry["coordinates"] as Any]
            case "MultiPolygon": polygons = geometry["coordinates"] as? [Any] ?? []
            default: return nil
            }
            let rings = polygons.flatMap { ($0 as? [[[Double]]]) ?? [] }.map { ring in
                ring.compactMap { $0.count >= 2 ? GeoCoordinate(longitude: $0[0], latitude: $0[1]) : nil }
            }
            return RegionOutline(code: code, name: properties["nom"] as? String ?? code, rings: rings)
        }
    }
}
