/// The eight data mask patterns, ISO/IEC 18004:2015 §7.8.2, Table 10.
/// `x` is the column (j) and `y` the row (i); a module is inverted when the
/// condition holds.
struct DataMask: Equatable {
    let reference: Int  // 0...7, the mask pattern reference in the format information

    static let all = (0..<8).map(DataMask.init(reference:))

    func inverts(x: Int, y: Int) -> Bool {
        switch reference {
        case 0: return (y + x) % 2 == 0
        case 1: return y % 2 == 0
        case 2: return x % 3 == 0
        case 3: return (y + x) % 3 == 0
        case 4: return (y / 2 + x / 3) % 2 == 0
        case 5: return (y * x) % 2 + (y * x) % 3 == 0
        case 6: return ((y * x) % 2 + (y * x) % 3) % 2 == 0
        default: return ((y + x) % 2 + (y * x) % 3) % 2 == 0
        }
    }
}
