import CXStats
import Testing

/// `PowerAnalysis` against `Fixtures/experiments/power_reference.json`, written by
/// `make_power_reference.py` there with scipy 1.17.1 (normal quantiles) and statsmodels 0.15.0
/// (`NormalIndPower`).
@Suite("Experiment power and MDE")
struct ExperimentPowerTests {
    struct Design: Decodable, Sendable {
        let variance, confidence, power, standardError: Double
        let nBaseline, nTreatment: Int
        let mdeScipy, powerAtMdeStatsmodels, mdeStatsmodelsSolvePower: Double
    }
    struct Reference: Decodable { let designs: [Design] }

    static let designs = ExperimentFixtures.load("power_reference", as: Reference.self).designs

    /// The planned-sample MDE equals scipy's (z_{1−α/2} + z_power)·σ·√(1/n_a + 1/n_b), and the
    /// power at it equals statsmodels' two-tailed power. statsmodels' `solve_power` agrees to
    /// 1e-4 relative only: it counts the far tail (up to 2.6e-5 relative at 90 % confidence) and
    /// its root finder stops early (the 0.9-power design lands 1.4e-5 *above* the MDE).
    @Test(arguments: designs)
    func plannedSample(_ design: Design) {
        let mde = PowerAnalysis.minimumDetectableEffect(variance: design.variance, baselineUnits: design.nBaseline,
                                                        treatmentUnits: design.nTreatment,
                                                        confidence: design.confidence, power: design.power)
        #expect(Tolerance.relative(mde, design.mdeScipy))
        let power = PowerAnalysis.power(effect: mde, standardError: design.standardError, confidence: design.confidence)
        #expect(Tolerance.relative(power, design.powerAtMdeStatsmodels))
        #expect(Tolerance.relative(mde, design.mdeStatsmodelsSolvePower, 1e-4))
    }

    /// By hand: σ = 1, 1000 + 1000 units, α = 0.05, power 0.8: z = 1.959964 + 0.841621 = 2.801585,
    /// SE = √0.002 = 0.0447214, MDE = 0.125291; a relative MDE at ȳ_a = 10 is 0.0125291.
    @Test func byHand() {
        let mde = PowerAnalysis.minimumDetectableEffect(variance: 1, baselineUnits: 1000, treatmentUnits: 1000)
        #expect(abs(mde - 0.125_291) < 5e-7)
        #expect(abs(mde / 10 - 0.012_529_1) < 5e-8)
        #expect(abs(PowerAnalysis.power(effect: 0, standardError: 1) - 0.05) < 1e-15)
    }
}
