/// A square grid of modules that remembers which ones belong to function patterns,
/// so data placement and masking skip them (ISO/IEC 18004:2015 §6.3, §7.7).
struct ModuleGrid {
    let version: Int
    let size: Int
    private(set) var dark: [Bool]
    private(set) var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        dark = [Bool](repeating: false, count: size * size)
        isFunction = [Bool](repeating: false, count: size * size)
        drawFunctionPatterns()
    }

    subscript(x: Int, y: Int) -> Bool { dark[y * size + x] }

    func isFunctionModule(x: Int, y: Int) -> Bool { isFunction[y * size + x] }

    mutating func setFunctionModule(x: Int, y: Int, isDark: Bool) {
        dark[y * size + x] = isDark
        isFunction[y * size + x] = true
    }

    /// Everything except data: finders, separators, timing, alignment, and the
    /// format/version areas and dark module reserved as light. Those reserved areas
    /// stay light while masks are evaluated and are written afterwards (§7.8.3).
    private mutating func drawFunctionPatterns() {
        // Timing patterns on row 6 and column 6, dark on even indices (§6.3.5).
        for index in 0..<size {
            setFunctionModule(x: 6, y: index, isDark: index % 2 == 0)
            setFunctionModule(x: index, y: 6, isDark: index % 2 == 0)
        }
        drawFinderPattern(centreX: 3, centreY: 3)
        drawFinderPattern(centreX: size - 4, centreY: 3)
        drawFinderPattern(centreX: 3, centreY: size - 4)
        drawAlignmentPatterns()
        writeFormatInformation(0)
        setFunctionModule(x: 8, y: size - 8, isDark: false)
        if version >= 7 { writeVersionInformation(0) }
    }

    /// 7×7 finder with its light one-module separator, clipped at the edges (§6.3.3, §6.3.4).
    private mutating func drawFinderPattern(centreX: Int, centreY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centreX + dx, y = centreY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let ring = max(abs(dx), abs(dy))  // 0–1 core, 2 light, 3 dark, 4 separator
                setFunctionModule(x: x, y: y, isDark: ring != 2 && ring != 4)
            }
        }
    }

    /// 5×5 alignment patterns at every pair of Table E.1 centres except the three
    /// that would overlap a finder (§6.3.6).
    private mutating func drawAlignmentPatterns() {
        let centres = AlignmentPatternTable.centres[version]
        guard let first = centres.first, let last = centres.last else { return }
        for centreY in centres {
            for centreX in centres {
                let overlapsFinder = (centreX == first && centreY == first)
                    || (centreX == first && centreY == last)
                    || (centreX == last && centreY == first)
                if overlapsFinder { continue }
                for dy in -2...2 {
                    for dx in -2...2 {
                        setFunctionModule(x: centreX + dx, y: centreY + dy,
                                          isDark: max(abs(dx), abs(dy)) != 1)
                    }
                }
            }
        }
    }

    /// Writes the 15 format bits in both copies (§7.9.1, Figure 25); bit 0 is the LSB.
    mutating func writeFormatInformation(_ bits: Int) {
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        // Copy next to the top-left finder: down column 8, then left along row 8.
        for index in 0...5 { setFunctionModule(x: 8, y: index, isDark: bit(index)) }
        setFunctionModule(x: 8, y: 7, isDark: bit(6))
        setFunctionModule(x: 8, y: 8, isDark: bit(7))
        setFunctionModule(x: 7, y: 8, isDark: bit(8))
        for index in 9..<15 { setFunctionModule(x: 14 - index, y: 8, isDark: bit(index)) }
        // Second copy split between the top-right and bottom-left finders.
        for index in 0..<8 { setFunctionModule(x: size - 1 - index, y: 8, isDark: bit(index)) }
        for index in 8..<15 { setFunctionModule(x: 8, y: size - 15 + index, isDark: bit(index)) }
    }

    /// The always-dark module beside the bottom-left finder (§7.9.1).
    mutating func writeDarkModule() {
        setFunctionModule(x: 8, y: size - 8, isDark: true)
    }

    /// Writes the 18 version bits as two 6×3 blocks (§7.10, Figure 27).
    mutating func writeVersionInformation(_ bits: Int) {
        for index in 0..<18 {
            let isDark = (bits >> index) & 1 == 1
            let near = index / 3, far = size - 11 + index % 3
            setFunctionModule(x: far, y: near, isDark: isDark)  // top right
            setFunctionModule(x: near, y: far, isDark: isDark)  // bottom left
        }
    }

    /// Places the message in two-module columns, zig-zagging up and down from the
    /// right edge and skipping the vertical timing column (§7.7.3, Figure 21).
    /// Modules left over at the end are remainder bits and stay light.
    mutating func placeCodewords(_ codewords: [UInt8]) {
        let totalBits = codewords.count * 8
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = ((right + 1) & 2) == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] && bitIndex < totalBits {
                    let byte = codewords[bitIndex >> 3]
                    dark[y * size + x] = (byte >> (7 - UInt8(bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    /// XORs every data module with the mask condition (§7.8.2).
    mutating func applyMask(_ mask: DataMask) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && mask.inverts(x: x, y: y) {
                dark[y * size + x].toggle()
            }
        }
    }
}
