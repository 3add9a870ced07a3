import Foundation
import Testing
@testable import PasserelleQRCode

@Suite struct SVGTests {
    private func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func structureAndEscapedTitle() throws {
        let code = try QRCode(encoding: "GDW4V-CNPG4-W")
        let svg = code.svg(title: "Billet <A&B> \"n°1\"", moduleSize: 4)
        let side = code.size + 8
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>"))
        #expect(occurrences(of: "<path", in: svg) == 1)
        #expect(svg.contains("viewBox=\"0 0 \(side) \(side)\""))
        #expect(svg.contains("width=\"\(side * 4)\" height=\"\(side * 4)\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title>Billet &lt;A&amp;B&gt; &quot;n°1&quot;</title>"))
        #expect(!svg.contains("<A&B>"))
        // Every '<' opens a tag we wrote: svg, title, /title, rect, path, /svg.
        #expect(occurrences(of: "<", in: svg) == 6)
    }

    @Test func countermarkSVGIsSmall() throws {
        let svg = try QRCode(encoding: "GDW4V-CNPG4-W", correction: .medium).svg(title: "GDW4V-CNPG4-W")
        #expect(svg.utf8.count < 6 * 1024, "\(svg.utf8.count) bytes")
    }

    /// Painting the path's runs back onto a grid must reproduce the symbol exactly.
    @Test func pathCoversExactlyTheDarkModules() throws {
        let code = try QRCode(encoding: "https://passerelle.example/c/GDW4V-CNPG4-W")
        var painted = Set<[Int]>()
        for command in code.darkRunsPath().split(separator: "M").map(String.init) {
            // "x yhWv1h-Wz"
            let numbers = command.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            try #require(numbers.count == 5)
            let (x, y, width) = (numbers[0] - 4, numbers[1] - 4, numbers[2])
            #expect(numbers[3] == 1 && numbers[4] == width)
            for column in x..<(x + width) { painted.insert([column, y]) }
        }
        for y in 0..<code.size {
            for x in 0..<code.size {
                #expect(painted.contains([x, y]) == code.isDark(x: x, y: y))
            }
        }
    }
}
