import Foundation
import Testing
@testable import PasserellePass

/// Countermarks: unique across many draws, read back forgivingly, and every single typo or swap refused.
@Suite struct CountermarkTests {
    @Test func codesAreUniqueAndReadBackAsPeopleTypeThem() throws {
        var seen = Set<String>()
        for _ in 0..<100_000 { seen.insert(Countermark.make().value) }
        #expect(seen.count == 100_000, "no collision in 100 000 codes from the system generator")
        let mark = Countermark.make()
        #expect(mark.description.count == 13 && mark.description.split(separator: "-").map(\.count) == [5, 5, 1])
        #expect(Countermark(reading: mark.description) == mark)
        #expect(Countermark(reading: " " + mark.description.lowercased().replacingOccurrences(of: "-", with: " ") + " ") == mark)
        let confusable = mark.value.replacingOccurrences(of: "1", with: "l").replacingOccurrences(of: "0", with: "O")
        #expect(Countermark(reading: confusable) == mark)
        #expect(Countermark(reading: "") == nil && Countermark(reading: String(mark.value.dropLast())) == nil && Countermark(reading: mark.value + "0") == nil)
    }

    @Test func everySingleSubstitutionAndAdjacentSwapIsCaught() {
        // The property holds for every code, so fresh random ones are as good a sample as seeded ones.
        let alphabet = Countermark.alphabet
        for _ in 0..<200 {
            let mark = Countermark.make()
            var symbols = Array(mark.value)
            for position in 0..<10 {
                let original = symbols[position]
                for replacement in alphabet where replacement != original {
                    symbols[position] = replacement
                    #expect(Countermark(reading: String(symbols)) == nil, "\(mark) with \(replacement) at \(position)")
                }
                symbols[position] = original
            }
            for position in 0..<9 where symbols[position] != symbols[position + 1] {
                symbols.swapAt(position, position + 1)
                #expect(Countermark(reading: String(symbols)) == nil, "\(mark) swapped at \(position)")
                symbols.swapAt(position, position + 1)
            }
        }
    }
}
