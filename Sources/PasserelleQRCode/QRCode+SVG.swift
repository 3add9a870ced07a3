extension QRCode {
    /// Light border required around the symbol, in modules (ISO/IEC 18004:2015 §6.3.8).
    static let quietZone = 4

    /// An inline SVG: one <path> of unit squares (horizontal runs merged), viewBox with a 4-module quiet zone,
    /// shape-rendering="crispEdges", role="img" and an <title> with `title` (XML-escaped) for screen readers.
    public func svg(title: String, moduleSize: Int = 4) -> String {
        let side = size + 2 * Self.quietZone
        let pixels = side * max(moduleSize, 1)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\""
            + " width=\"\(pixels)\" height=\"\(pixels)\" shape-rendering=\"crispEdges\" role=\"img\">"
            + "<title>\(Self.xmlEscaped(title))</title>"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\"\(darkRunsPath())\"/></svg>"
    }

    /// One subpath per horizontal run of dark modules: `M x y h w v1 h-w z`.
    /// Merging runs keeps the markup a few kilobytes for small versions.
    func darkRunsPath() -> String {
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                let runStart = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                let width = x - runStart
                path += "M\(runStart + Self.quietZone) \(y + Self.quietZone)h\(width)v1h-\(width)z"
            }
        }
        return path
    }

    /// Escapes the five XML special characters so any title is safe in text content.
    static func xmlEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
