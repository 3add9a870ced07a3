/// A QR Code symbol (ISO/IEC 18004:2015, Model 2), immutable once encoded.
public struct QRCode: Sendable, Hashable {
    /// Symbol version, 1...40.
    public let version: Int
    /// Modules per side, 17 + 4 · version.
    public let size: Int
    /// The mask pattern reference (0...7) chosen by the penalty evaluation.
    let mask: Int
    /// Row-major module colours, `true` = dark.
    private let modules: [Bool]

    /// Whether the module at column `x`, row `y` is dark; false outside the symbol.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// Smallest version that fits; throws QRCodeError.tooLong past version 40.
    public init(encoding text: String, correction: QRErrorCorrection = .medium) throws {
        let segment = DataSegment(text: text)
        guard let version = DataCodewords.smallestVersion(for: segment, level: correction) else {
            throw QRCodeError.tooLong
        }
        let data = DataCodewords.dataCodewords(for: segment, version: version, level: correction)
        let message = DataCodewords.interleavedMessage(data: data, version: version, level: correction)
        self.init(message: message, version: version, correction: correction)
    }

    /// Places an already interleaved message and picks the mask (§7.7–§7.10).
    init(message: [UInt8], version: Int, correction: QRErrorCorrection, forcedMask: Int? = nil) {
        var unmasked = ModuleGrid(version: version)
        unmasked.placeCodewords(message)

        // Evaluate each mask with format/version areas still light (§7.8.3), keep the
        // first lowest score.
        var best: (mask: Int, grid: ModuleGrid, penalty: Int)?
        for mask in DataMask.all where forcedMask == nil || forcedMask == mask.reference {
            var candidate = unmasked
            candidate.applyMask(mask)
            let penalty = forcedMask == nil ? MaskPenalty.score(of: candidate) : 0
            if best == nil || penalty < (best?.penalty ?? .max) {
                best = (mask.reference, candidate, penalty)
            }
        }
        var grid = best?.grid ?? unmasked
        let mask = best?.mask ?? 0
        grid.writeFormatInformation(FormatInformation.bits(level: correction, mask: mask))
        grid.writeDarkModule()
        if version >= 7 {
            grid.writeVersionInformation(VersionInformation.bits(version: version))
        }
        self.version = version
        self.size = grid.size
        self.mask = mask
        self.modules = grid.dark
    }
}
