import Foundation
import PasserelleCore

/// A région's outline for the map: its code, name and rings of (longitude, latitude).
public struct MapRegion: Sendable {
    /// INSEE code.
    public let code: String
    /// Name.
    public let name: String
    /// Rings of (longitude, latitude).
    public let rings: [[(longitude: Double, latitude: Double)]]

    /// Creates an outline.
    public init(code: String, name: String, rings: [[(longitude: Double, latitude: Double)]]) {
        self.code = code
        self.name = name
        self.rings = rings
    }
}

/// Metropolitan France as SVG paths, projected once (equirectangular scaled by cos 46.5°, which keeps shapes
/// right at this latitude), rounded to whole units of the view box (1 000 wide for the 13 régions, narrower for the
/// 96 départements: coarser points, so their page stays small).
struct ChoroplethMap: Sendable {
    struct Shape: Sendable {
        let code: String
        let name: String
        let path: String
    }

    let shapes: [Shape]
    let width: Int
    let height: Int
    /// The projection's parameters, to place a point on the same drawing (`project`).
    private let projection: (minX: Double, maxLat: Double, factor: Double, margin: Double, top: Double)
    private static let scale = cos(46.5 * .pi / 180)

    /// `top` is the room kept above the outlines (the legend's, on the dashboard).
    init(_ regions: [MapRegion], width viewWidth: Int = 1_000, top: Double = 60) {
        let scale = Self.scale
        let points = regions.flatMap { $0.rings.flatMap { $0 } }
        let minX = (points.map(\.longitude).min() ?? 0) * scale, maxX = (points.map(\.longitude).max() ?? 1) * scale
        let minLat = points.map(\.latitude).min() ?? 0, maxLat = points.map(\.latitude).max() ?? 1
        // A margin on every side, so the outlines at the edges (Ouessant, Corsica) are not clipped, and room at the
        // top for the legend.
        let margin = 10.0
        let factor = (Double(viewWidth) - 2 * margin) / max(maxX - minX, 1e-9)
        projection = (minX, maxLat, factor, margin, top)
        width = viewWidth
        height = Int(((maxLat - minLat) * factor + top + margin).rounded(.up))
        shapes = regions.map { region in
            // Relative moves ("l dx dy", repeated implicitly) and points under 1.5 units apart dropped: the
            // outlines keep their look at the drawn size and weigh a fraction of absolute coordinates.
            let path = region.rings.compactMap { ring -> String? in
                let points = ring.map { point in
                    (Int(((point.longitude * scale - minX) * factor + margin).rounded()), Int(((maxLat - point.latitude) * factor + top).rounded()))
                }
                guard let first = points.first else { return nil }
                var last = first, moves = [String]()
                for (index, xy) in points.enumerated().dropFirst() {
                    let dx = xy.0 - last.0, dy = xy.1 - last.1
                    let isLast = index == points.count - 1
                    if dx == 0 && dy == 0 || (!isLast && dx * dx + dy * dy < 3) { continue }
                    moves.append("\(dx) \(dy)")
                    last = xy
                }
                return "M\(first.0) \(first.1)" + (moves.isEmpty ? "" : "l" + moves.joined(separator: " ")) + "Z"
            }.joined()
            return Shape(code: region.code, name: region.name, path: path)
        }
    }

    /// Where a point falls on the drawing, in view-box units.
    func project(_ point: GeoPoint) -> (x: Int, y: Int) {
        let p = projection
        return (Int(((point.longitude * Self.scale - p.minX) * p.factor + p.margin).rounded()),
                Int(((p.maxLat - point.latitude) * p.factor + p.top).rounded()))
    }

    /// Five classes of a sequential blue palette (light to dark); borders stay dark so every région is visible.
    static let palette = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
    /// The fill of a withheld or absent figure.
    static let withheld = "#f0f0f0"
}
