import Foundation
import Testing

import PasserelleCore

/// `trimmingWhiteSpace()` replaces Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` on the import
/// path: it must trim exactly what Foundation trims.
@Suite struct WhiteSpaceTests {
    /// Every scalar of the Basic Multilingual Plane, alone and round a word, trimmed alike.
    @Test func everyScalarIsTrimmedAsFoundationTrimsIt() {
        var differing: [String] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), "\(scalar)mot\(scalar)", "\(scalar)\(scalar) a b\(scalar)"] {
                let ours = text.trimmingWhiteSpace(), foundation = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if ours.unicodeScalars.elementsEqual(foundation.unicodeScalars) == false {
                    differing.append(String(format: "U+%04X", value))
                }
            }
        }
        #expect(differing.isEmpty, "trimmed otherwise than Foundation: \(differing.prefix(20))")
    }

    @Test func textsOfManyKinds() {
        let texts = ["", " ", "\n\t\r ", "Tartuffe", "  Tartuffe ", "\u{00A0}été\u{3000}", "\u{FEFF}bom\u{FEFF}", "e\u{301} ",
                     " \u{301}x", "\r\nligne\r\n", "\u{2028}sép\u{2029}", "中文 ", " 🎭", "🎭 🎭"]
        for text in texts {
            #expect(text.trimmingWhiteSpace().unicodeScalars.elementsEqual(text.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars),
                    "\(text.debugDescription)")
            let part = ("«" + text + "»").dropFirst().dropLast()
            #expect(part.trimmingWhiteSpace() == text.trimmingWhiteSpace())
        }
    }
}
