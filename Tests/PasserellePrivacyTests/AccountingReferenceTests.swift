import Foundation
import Testing
@testable import PasserellePrivacy

/// The ledger's composition against PyPI `opendp`, from the JSON written by `scripts/privacy-reference.sh`.
@Suite(.enabled(if: OpenDPReference.available, OpenDPReference.missing))
struct AccountingReferenceTests {
    @Test func everyCompositionMatchesOpenDPAndIsNeverLower() throws {
        let reference = try OpenDPReference.load()
        #expect(reference.cases.count >= 5)
        for c in reference.cases {
            let spend = PrivacySpend(c.pure.map { PrivacyLoss.pure(epsilon: $0) } + c.rho.map { PrivacyLoss.zCDP(rho: $0) })
            let ours = try #require(try spend.guarantee(delta: c.delta), "\(c.name)")
            #expect(ours.epsilon >= c.opendp_epsilon, "\(c.name): ours \(ours.epsilon) < OpenDP \(c.opendp_epsilon)")
            #expect(ours.epsilon - c.opendp_epsilon <= 1e-9, "\(c.name): ours \(ours.epsilon) vs OpenDP \(c.opendp_epsilon)")
            #expect(ours.delta == c.opendp_delta, "\(c.name)")
            print("OpenDP \(reference.opendp_version) \(c.name): ours ε=\(ours.epsilon) OpenDP ε=\(c.opendp_epsilon) δ=\(c.delta)")
        }
    }

    @Test func theWikimediaFigureIsReproduced() throws {
        let epsilon = try ZCDPConversion.epsilon(rho: 0.015, delta: 1e-7)
        let reference = try OpenDPReference.load().cases.first { $0.name == "wikimedia daily rho" }
        let expected = try #require(reference).opendp_epsilon
        #expect(epsilon >= expected && epsilon - expected < 1e-9)
        #expect((epsilon * 10_000).rounded() == 8_546)
    }
}

/// Reads `.build/privacy-reference/opendp-reference.json` (or `PASSERELLE_OPENDP_REFERENCE`).
enum OpenDPReference {
    struct Case: Decodable {
        let name: String
        let pure: [Double]
        let rho: [Double]
        let delta: Double
        let opendp_epsilon: Double
        let opendp_delta: Double
    }

    struct File: Decodable {
        let opendp_version: String
        let cases: [Case]
    }

    static var path: String {
        ProcessInfo.processInfo.environment["PASSERELLE_OPENDP_REFERENCE"]
            ?? FileManager.default.currentDirectoryPath + "/.build/privacy-reference/opendp-reference.json"
    }

    static var available: Bool { FileManager.default.fileExists(atPath: path) }
    static var missing: Comment { Comment(rawValue: "missing \(path): run scripts/privacy-reference.sh first") }

    static func load() throws -> File {
        try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// In CI the OpenDP comparison is mandatory: a missing reference file there is a failure, not a skip.
@Test(
    "CI ran scripts/privacy-reference.sh before the tests",
    .enabled(if: ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true", "not running in CI (CI != true)")
)
func continuousIntegrationComparesWithOpenDP() {
    #expect(OpenDPReference.available, "CI=true but \(OpenDPReference.path) is missing: run scripts/privacy-reference.sh first")
}
