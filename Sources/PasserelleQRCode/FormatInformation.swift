/// BCH-protected metadata bits (ISO/IEC 18004:2015 §7.9 and §7.10).
enum FormatInformation {
    /// 15-bit format information: level indicator and mask reference protected by
    /// BCH(15,5) with generator 0x537, then XORed with 0x5412 so it is never all
    /// zero (§7.9.1; all 32 values are listed in Annex C, Table C.1).
    static func bits(level: QRErrorCorrection, mask: Int) -> Int {
        let data = level.formatIndicator << 3 | mask
        var remainder = data
        for _ in 0..<10 {
            remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
        }
        return (data << 10 | (remainder & 0x3FF)) ^ 0x5412
    }
}

enum VersionInformation {
    /// 18-bit version information for versions ≥ 7: the 6-bit version protected by
    /// BCH(18,6) with generator 0x1F25 (§7.10; values listed in Annex D, Table D.1).
    static func bits(version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 {
            remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25)
        }
        return version << 12 | (remainder & 0xFFF)
    }
}
