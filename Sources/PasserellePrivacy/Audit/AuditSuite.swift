/// The operator's audit (`passerelle privacy audit`): the support test and the black-box ε audit on both
/// production mechanisms, with the kernel CSPRNG.
public enum AuditSuite {
    /// Largest support-test or audit size accepted (10^8 per input).
    public static let maximumSize = 100_000_000

    /// Runs every check; returns printable lines and whether all passed.
    public static func run(
        supportSamples: Int = 1_000_000, trials: Int = 200_000, epsilon: Double = 1, rho: Double = 0.125, delta: Double = 1e-7
    ) throws(PrivacyError) -> (lines: [String], passed: Bool) {
        guard (1...maximumSize).contains(supportSamples), (1...maximumSize).contains(trials) else {
            throw .invalid("sizes must be in 1...\(maximumSize)")
        }
        let laplace = try DiscreteLaplace(epsilon: epsilon, sensitivity: 1)
        let gaussian = try DiscreteGaussian(rho: rho, l2SensitivitySquared: 1)
        let gaussianEpsilon = try ZCDPConversion.epsilon(rho: rho, delta: delta)
        var rng = BufferedSystemRandom()
        let supports = [
            ("discrete Laplace scale \(laplace.scale)", SupportAudit.run(
                samplesPerInput: supportSamples, release: { $0 + laplace.sample(using: &rng) },
                isPossible: SupportAudit.integerMechanismCanRelease)),
            ("discrete Gaussian σ=\(gaussian.sigma)", SupportAudit.run(
                samplesPerInput: supportSamples, release: { $0 + gaussian.sample(using: &rng) },
                isPossible: SupportAudit.integerMechanismCanRelease)),
        ]
        let audits = [
            ("discrete Laplace ε=\(epsilon)", BlackBoxAudit.run(trials: trials, declaredEpsilon: epsilon, using: &rng) {
                $0 + laplace.sample(using: &$1)
            }),
            ("discrete Gaussian ρ=\(rho) ⇒ ε=\(gaussianEpsilon) at δ=\(delta)", BlackBoxAudit.run(
                trials: trials, declaredEpsilon: gaussianEpsilon, delta: delta, using: &rng) { $0 + gaussian.sample(using: &$1) }),
        ]
        let passed = supports.allSatisfy(\.1.passed) && audits.allSatisfy(\.1.passed)
        let lines = supports.map { "\($0.0): \($0.1)" } + audits.map { "\($0.0): \($0.1)" }
            + ["verdict: \(passed ? "PASS" : "FAIL")"]
        return (lines, passed)
    }
}
