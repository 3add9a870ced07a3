/// Error-correction level of a QR Code symbol (ISO/IEC 18004:2015 §5.3.4).
public enum QRErrorCorrection: Sendable, CaseIterable {
    /// Recovers about 7 % of the codewords.
    case low
    /// Recovers about 15 % of the codewords.
    case medium
    /// Recovers about 25 % of the codewords.
    case quartile
    /// Recovers about 30 % of the codewords.
    case high
}

extension QRErrorCorrection {
    /// Row index into the per-level tables (L, M, Q, H order).
    var tableIndex: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .quartile: 2
        case .high: 3
        }
    }

    /// The two-bit indicator used in the format information.
    /// ISO/IEC 18004:2015 Table 12: L = 01, M = 00, Q = 11, H = 10.
    var formatIndicator: Int {
        switch self {
        case .low: 0b01
        case .medium: 0b00
        case .quartile: 0b11
        case .high: 0b10
        }
    }
}
