import Foundation
@testable import PasserelleQRCode

/// A reference symbol written by scripts/make_fixtures.py from segno.
struct ReferenceSymbol: CustomStringConvertible {
    let fileName: String
    let text: String
    let level: QRErrorCorrection
    let mode: String
    let version: Int
    let mask: Int
    let rows: [[Bool]]

    var description: String { fileName }
}

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func symbolFileNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted()
    }

    static func lines(_ relativePath: String) throws -> [Substring] {
        let contents = try String(contentsOf: directory.appendingPathComponent(relativePath), encoding: .utf8)
        return contents.split(separator: "\n").filter { !$0.hasPrefix("#") }
    }

    static func symbol(named fileName: String) throws -> ReferenceSymbol {
        let lines = try lines(fileName)
        func header(_ key: String) throws -> String {
            guard let line = lines.first(where: { $0.hasPrefix(key + ": ") }) else {
                throw FixtureError.missing(key, fileName)
            }
            return String(line.dropFirst(key.count + 2))
        }
        guard let textBytes = bytes(fromHex: try header("text-utf8-hex")),
              let text = String(bytes: textBytes, encoding: .utf8),
              let version = Int(try header("version")),
              let mask = Int(try header("mask")) else {
            throw FixtureError.missing("header values", fileName)
        }
        let levels: [String: QRErrorCorrection] = ["L": .low, "M": .medium, "Q": .quartile, "H": .high]
        guard let level = levels[try header("level")] else { throw FixtureError.missing("level", fileName) }
        let rows = lines.filter { $0.first == "0" || $0.first == "1" }.map { $0.map { $0 == "1" } }
        return ReferenceSymbol(fileName: fileName, text: text, level: level, mode: try header("mode"),
                               version: version, mask: mask, rows: rows)
    }

    private static func bytes(fromHex hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        return stride(from: 0, to: digits.count, by: 2).compactMap { index in
            UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16)
        }
    }
}

enum FixtureError: Error { case missing(String, String) }
