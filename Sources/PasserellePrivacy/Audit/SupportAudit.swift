/// The support test (Mironov 2012; OpenDP's and Google's test batteries): release many values for two
/// neighbouring inputs and check that no output seen for one is impossible for the other. A textbook
/// floating-point Laplace fails it — most of its outputs can only come from one input — while an exact
/// integer mechanism passes (every integer is possible from every input).
public enum SupportAudit {
    /// The outcome of a support test.
    public struct Report: Sendable, Hashable, Codable, CustomStringConvertible {
        /// Releases drawn per input.
        public let samplesPerInput: Int
        /// Outputs for the first input that the second input cannot produce.
        public let impossibleFromSecond: Int
        /// Outputs for the second input that the first input cannot produce.
        public let impossibleFromFirst: Int
        /// Distinct outputs seen at least `frequent` times for one input and never for the other (empirical check).
        public let frequentButUnseen: Int

        /// True when no output was impossible under the neighbour and no frequent output went unseen.
        public var passed: Bool { impossibleFromSecond == 0 && impossibleFromFirst == 0 && frequentButUnseen == 0 }

        /// A one-line verdict.
        public var description: String {
            "support test: \(passed ? "PASS" : "FAIL") — \(samplesPerInput) releases per input; "
                + "impossible under the neighbour: \(impossibleFromSecond) + \(impossibleFromFirst); "
                + "frequent outputs never seen for the neighbour: \(frequentButUnseen)"
        }
    }

    /// Runs the test for inputs `first` and `second`. `isPossible(output, input)` says whether the mechanism can
    /// produce `output` from `input` (the mechanism's exact support); `frequent` sets the empirical check's count.
    public static func run<Output: Hashable>(
        samplesPerInput: Int, first: Int64 = 0, second: Int64 = 1, frequent: Int = 30,
        release: (Int64) -> Output, isPossible: (Output, Int64) -> Bool
    ) -> Report {
        var seenFirst = [Output: Int](), seenSecond = [Output: Int]()
        for _ in 0..<samplesPerInput {
            seenFirst[release(first), default: 0] += 1
            seenSecond[release(second), default: 0] += 1
        }
        let impossibleFromSecond = seenFirst.filter { !isPossible($0.key, second) }.values.reduce(0, +)
        let impossibleFromFirst = seenSecond.filter { !isPossible($0.key, first) }.values.reduce(0, +)
        let unseen = seenFirst.filter { $0.value >= frequent && seenSecond[$0.key] == nil }.count
            + seenSecond.filter { $0.value >= frequent && seenFirst[$0.key] == nil }.count
        return Report(samplesPerInput: samplesPerInput, impossibleFromSecond: impossibleFromSecond,
                      impossibleFromFirst: impossibleFromFirst, frequentButUnseen: unseen)
    }

    /// The exact support of `input + discrete noise` in Int64: every integer (the noise's probability is positive
    /// at every integer, CKS 2020), except values whose noise y − x would overflow Int64.
    public static func integerMechanismCanRelease(_ output: Int64, from input: Int64) -> Bool {
        !output.subtractingReportingOverflow(input).overflow
    }
}
