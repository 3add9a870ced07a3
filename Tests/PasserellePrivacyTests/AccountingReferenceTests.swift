import Foundation
import Testing
@testable import PasserellePrivacy

/// The ledger's composition against PyPI `opendp`, from the JSON written by `scripts/privacy-reference.sh`.
@Suite(.enabled(if: OpenDPReference.available, OpenDPReference.missing))
struct AccountingReferenceTests {
    @Test func everyCompositionMatchesOpenDPAndIsNeverLower() throws {
        let reference = try OpenDPReference.load()
        #expect(reference.cases.count >= 5)
        #expect(reference.cases.contains { !($0.approx ?? []).isEmpty }, "the reference covers approximate releases")
        for c in reference.cases {
            let approximate = (c.approx ?? []).map { PrivacyLoss.approximate(epsilon: $0[0], delta: $0[1]) }
            let spend = PrivacySpend(c.pure.map { PrivacyLoss.pure(epsilon: $0) } + c.rho.map { PrivacyLoss.zCDP(rho: $0) } + approximate)
            // Each route on its own agrees with OpenDP's figure for that route and is never lower.
            let routes = try spend.routes(delta: c.delta)
            for theirs in c.opendp_routes ?? [] {
                let ours = try #require(routes.first { $0.name.rawValue == theirs.route }, "\(c.name): no \(theirs.route) route").guarantee
                #expect(ours.epsilon >= theirs.epsilon && ours.epsilon - theirs.epsilon <= 1e-9, "\(c.name) \(theirs.route): ours \(ours.epsilon) vs OpenDP \(theirs.epsilon)")
                // OpenDP adds δ's rounding up (9e-8 + 1e-8 = 1.0000000000000001e-7); ours states the target, which the
                // parts never exceed (the Gaussian's share is rounded down): equal within an ulp.
                #expect(abs(ours.delta - theirs.delta) <= theirs.delta * 1e-15, "\(c.name) \(theirs.route): δ \(ours.delta) vs \(theirs.delta)")
            }
            if let theirs = c.opendp_routes { #expect(routes.count == theirs.count, "\(c.name): routes \(routes.map(\.name))") }
            // The published guarantee is the best of them.
            let ours = try #require(try spend.guarantee(delta: c.delta), "\(c.name)")
            #expect(ours.epsilon >= c.opendp_epsilon, "\(c.name): ours \(ours.epsilon) < OpenDP \(c.opendp_epsilon)")
            #expect(ours.epsilon - c.opendp_epsilon <= 1e-9, "\(c.name): ours \(ours.epsilon) vs OpenDP \(c.opendp_epsilon)")
            #expect(abs(ours.delta - c.opendp_delta) <= c.opendp_delta * 1e-15, "\(c.name)")
            print("OpenDP \(reference.opendp_version) \(c.name): ours ε=\(ours.epsilon) OpenDP ε=\(c.opendp_epsilon) δ=\(ours.delta)")
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
        /// Approximate releases as [ε, δ] pairs (absent in references older than finding 5).
        let approx: [[Double]]?
        /// Every valid route OpenDP computed for the case.
        let opendp_routes: [Route]?
    }

    struct Route: Decodable {
        let route: String
        let epsilon: Double
        let delta: Double
    }

    struct File: Decodable {
        let opendp_version: String
        let cases: [Case]
    }

    static let file = ReferenceFile<File>(name: "opendp-reference.json", environmentKey: "PASSERELLE_OPENDP_REFERENCE")
    static var available: Bool { file.available }
    static var missing: Comment { file.missing }
    static func load() throws -> File { try file.load() }
}
