import Testing

/// The p-value functions the sampler tests rely on, against SciPy 1.17 (`chi2.sf`, `kstwobign.sf`).
@Suite struct StatisticsTests {
    @Test(arguments: [
        (30.0, 20, 0.06985366069940986), (150.0, 100, 0.0009039320423540184),
        (3.0, 1, 0.08326451666355042), (400.0, 250, 5.040856547317286e-09),
    ])
    func chiSquareSurvivalMatchesSciPy(statistic: Double, df: Int, expected: Double) {
        let p = Statistics.chiSquarePValue(statistic, degreesOfFreedom: df)
        #expect(abs(p - expected) <= 1e-9 * max(1, expected) + expected * 1e-9, "χ² sf(\(statistic), \(df)) = \(p)")
    }

    @Test(arguments: [(1.0, 0.26999967167735456), (2.5, 7.453306344157342e-06), (0.5, 0.9639452436648751)])
    func kolmogorovSurvivalMatchesSciPy(x: Double, expected: Double) {
        let p = Statistics.kolmogorovPValue(x)
        #expect(abs(p - expected) <= 1e-9, "K sf(\(x)) = \(p)")
    }
}
