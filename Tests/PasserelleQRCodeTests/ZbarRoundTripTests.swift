import Foundation
import Testing
import PasserelleQRCode

/// Decodes our symbols with an independent decoder (zbarimg from Debian zbar-tools).
@Suite struct ZbarRoundTripTests {
    static let zbarimgPath = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static let inputs: [(String, QRErrorCorrection)] = [
        ("01234567", .medium),
        ("HELLO WORLD", .quartile),
        ("GDW4V-CNPG4-W", .low),
        ("GDW4V-CNPG4-W", .medium),
        ("GDW4V-CNPG4-W", .high),
        ("https://passerelle.example/c/GDW4V-CNPG4-W", .medium),
        ("Théâtre à Lyon – séance 20 h", .medium),
        (String(repeating: "31415926535897932384626433832795", count: 12), .medium),
        (String(repeating: "Booking GDW4V-CNPG4-W, row 12 seat 7. ", count: 6), .medium),
        (String(repeating: "HTTPS://PASSERELLE.EXAMPLE/C/GDW4V-CNPG4-W/", count: 15), .quartile),
        (String(repeating: "Passerelle billetterie – contremarque. ", count: 20), .low),
    ]

    // Skipped, not passed, when zbarimg is missing: `apt-get install -y zbar-tools`.
    @Test(.enabled(if: zbarimgPath != nil, "zbarimg not installed (apt-get install zbar-tools)"),
          arguments: inputs.indices)
    func zbarDecodesOurSymbol(index: Int) throws {
        let (text, level) = Self.inputs[index]
        let code = try QRCode(encoding: text, correction: level)
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("qrkit-\(index)-\(UUID().uuidString).pgm")
        try PGMWriter.data(for: code).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.zbarimgPath))
        process.arguments = ["--raw", "-q", "-Sbinary", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let decoded = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "version \(code.version): zbarimg status \(process.terminationStatus)")
        // zbarimg --raw ends the symbol with a newline.
        var bytes = [UInt8](decoded)
        if bytes.last == 0x0A { bytes.removeLast() }
        #expect(bytes == Array(text.utf8), "version \(code.version)")
    }
}
