import Foundation
import Testing

/// A reference file that `scripts/privacy-reference.sh` writes under `.build/privacy-reference/` (or where the
/// environment variable says): the figures of an independent implementation (OpenDP, SciPy) to compare against.
struct ReferenceFile<Content: Decodable>: Sendable {
    let name: String
    let environmentKey: String

    var path: String {
        ProcessInfo.processInfo.environment[environmentKey]
            ?? FileManager.default.currentDirectoryPath + "/.build/privacy-reference/\(name)"
    }

    var available: Bool { FileManager.default.fileExists(atPath: path) }
    var missing: Comment { Comment(rawValue: "missing \(path): run scripts/privacy-reference.sh first") }

    func load() throws -> Content {
        try JSONDecoder().decode(Content.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// In CI every comparison is mandatory: a missing reference file there is a failure, not a skip.
@Test(
    "CI wrote the OpenDP and SciPy reference files before the tests",
    .enabled(if: ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true", "not running in CI (CI != true)")
)
func continuousIntegrationHasEveryReference() {
    for (path, available) in [(OpenDPReference.file.path, OpenDPReference.file.available), (LPReference.file.path, LPReference.file.available)] {
        #expect(available, "CI=true but \(path) is missing: run scripts/privacy-reference.sh first")
    }
}
