import Foundation
import PasserelleCore

/// A small map of a venue's département with the venue as a dot, drawn from the département outlines the site
/// already holds: no tiles, no third-party request, a few hundred bytes.
enum VenueLocator {
    static let width = 240

    /// Writes the SVG; nothing when the venue has no coordinates or its département no outline (overseas).
    static func render(_ venue: Venue, departements: [MapRegion], layout: PageLayout, into html: inout HTML) {
        guard let point = venue.coordinates, let code = venue.departementCode,
            let outline = departements.first(where: { $0.code == code })
        else { return }
        let map = ChoroplethMap([outline], width: width, top: 10)
        let (x, y) = map.project(point)
        guard (0...map.width).contains(x), (0...map.height).contains(y) else { return }
        let label = layout.text(.locatorMap).replacingOccurrences(of: "{place}", with: venue.name).replacingOccurrences(of: "{d}", with: outline.name)
        html.element("svg", [("class", "locator"), ("viewBox", "0 0 \(map.width) \(map.height)"), ("role", "img"), ("aria-label", label),
                             ("xmlns", "http://www.w3.org/2000/svg")]) { svg in
            for shape in map.shapes {
                svg.empty("path", [("d", shape.path), ("fill", ChoroplethMap.palette[0]), ("stroke", Stylesheet.Colour.text), ("stroke-width", "1")])
            }
            svg.empty("circle", [("cx", String(x)), ("cy", String(y)), ("r", "6"), ("fill", ChoroplethMap.palette[4]), ("stroke", "#ffffff"), ("stroke-width", "2")])
        }
    }
}
