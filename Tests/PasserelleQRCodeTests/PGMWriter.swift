import Foundation
import PasserelleQRCode

/// Minimal binary greyscale PGM (P5) for feeding the symbol to zbarimg.
enum PGMWriter {
    static func data(for code: QRCode, pixelsPerModule: Int = 4, quietZone: Int = 4) -> Data {
        let side = (code.size + 2 * quietZone) * pixelsPerModule
        var pixels = [UInt8](repeating: 255, count: side * side)
        for py in 0..<side {
            let y = py / pixelsPerModule - quietZone
            for px in 0..<side where code.isDark(x: px / pixelsPerModule - quietZone, y: y) {
                pixels[py * side + px] = 0
            }
        }
        var data = Data("P5\n\(side) \(side)\n255\n".utf8)
        data.append(contentsOf: pixels)
        return data
    }
}
