import CXStats
import Foundation
import Testing

/// Degenerate experiments: each unavailable lift carries a reason and nothing is NaN. Expected
/// values are worked by hand in the comments.
@Suite("Experiment edge cases")
struct ExperimentEdgeCaseTests {
    /// The mean-metric statistics of `values` (with `preValues` as a mean covariate when given).
    static func arm(_ values: [Double], preValues: [Double]? = nil) -> ExperimentArmStatistics {
        let covariate = preValues.map { pre in
            ExperimentArmStatistics.Covariate(kind: .mean, sum: pre.reduce(0, +),
                                              sumOfSquares: pre.reduce(0) { $0 + $1 * $1 },
                                              sumOfProducts: zip(pre, values).reduce(0) { $0 + $1.0 * $1.1 })
        }
        return ExperimentArmStatistics(kind: .mean, count: values.count, sum: values.reduce(0, +),
                                       sumOfSquares: values.reduce(0) { $0 + $1 * $1 }, covariate: covariate)
    }

    static func reasons(_ lift: LiftAnalysis) -> [LiftUnavailableReason?] {
        [lift.absolute.unavailableReason, lift.relative.unavailableReason]
    }

    @Test(arguments: [[], [4.0]])
    func tooFewUnits(_ baseline: [Double]) throws {
        let comparison = ExperimentComparison(baseline: Self.arm(baseline, preValues: baseline),
                                              treatment: Self.arm([1, 2, 3], preValues: [1, 2, 4]))
        #expect(Self.reasons(comparison.unadjusted) == [.tooFewUnits, .tooFewUnits])
        #expect(comparison.unadjusted.pValue == nil)
        let cuped = try #require(comparison.cuped)
        #expect(Self.reasons(cuped.lift) == [.tooFewUnits, .tooFewUnits])
        #expect(cuped.theta.isFinite)
    }

    @Test func zeroVarianceInBothArms() {
        for treatment in [[3.0, 3, 3], [4.0, 4, 4]] {
            let lift = ExperimentComparison(baseline: Self.arm([3, 3, 3, 3]), treatment: Self.arm(treatment)).unadjusted
            #expect(Self.reasons(lift) == [.zeroVariance, .zeroVariance])
        }
    }

    /// A baseline mean of 0 with spread (−2, −1, 1, 2: ȳ 0, s² 10/3) leaves the absolute lift
    /// defined: treatment 1, 2, 3 (ȳ 2, s² 1) gives 2 with SE² = 1/3 + (10/3)/4 = 7/6.
    @Test func zeroBaselineMeanKeepsTheAbsoluteLift() throws {
        let lift = ExperimentComparison(baseline: Self.arm([-2, -1, 1, 2]), treatment: Self.arm([1, 2, 3])).unadjusted
        #expect(lift.relative.unavailableReason == .zeroBaselineMean)
        let absolute = try #require(lift.absolute.lift)
        #expect(abs(absolute.estimate - 2) < 1e-15)
        #expect(abs(absolute.variance - 7.0 / 6) < 1e-14)
        #expect(try #require(lift.pValue) > 0)
    }

    /// 0 of 50 converted in control: p̂ = 0, so the relative lift has no baseline and p̂(1 − p̂) = 0.
    @Test func proportionWithoutConversions() {
        let baseline = ExperimentArmStatistics(kind: .proportion, count: 50, sum: 0, sumOfSquares: 0)
        let treatment = ExperimentArmStatistics(kind: .proportion, count: 50, sum: 5, sumOfSquares: 5)
        let lift = ExperimentComparison(baseline: baseline, treatment: treatment).unadjusted
        #expect(Self.reasons(lift) == [.zeroVariance, .zeroBaselineMean])
    }

    /// A constant pre-period value has pooled variance 0: θ = 0 and gbstats falls back to the
    /// unadjusted statistics, so CUPED equals the unadjusted lift (and a constant control stays
    /// `.zeroVariance`, as the fixture README says).
    @Test func constantCovariateFallsBackToUnadjusted() throws {
        let baseline = Self.arm([1, 2, 4, 7], preValues: [5, 5, 5, 5])
        let treatment = Self.arm([2, 3, 3, 9, 4], preValues: [5, 5, 5, 5, 5])
        let comparison = ExperimentComparison(baseline: baseline, treatment: treatment)
        let cuped = try #require(comparison.cuped)
        #expect(cuped.theta == 0)
        #expect(cuped.lift == comparison.unadjusted)
        let constant = ExperimentComparison(baseline: Self.arm([1, 1, 1], preValues: [2, 2, 2]),
                                            treatment: Self.arm([0, 1, 1], preValues: [2, 2, 2]))
        #expect(Self.reasons(try #require(constant.cuped).lift) == [.zeroVariance, .zeroVariance])
    }

    /// Without covariate sums there is no CUPED block.
    @Test func noCovariateNoCuped() {
        #expect(ExperimentComparison(baseline: Self.arm([1, 2]), treatment: Self.arm([2, 3])).cuped == nil)
    }

    /// A huge standardised effect gives an always-valid p of exactly 0, not NaN from exp overflow.
    @Test func sequentialPValueDoesNotOverflow() {
        let lift = Lift(estimate: 1e6, standardError: 1e-6, degreesOfFreedom: 100)
        let sequence = ConfidenceSequence()
        #expect(sequence.pValue(for: lift, totalUnits: 1_000_000) == 0)
        #expect(sequence.pValue(for: Lift(estimate: 0, standardError: 1, degreesOfFreedom: 100), totalUnits: 10) == 1)
    }

    /// 50/50/10 units with weights 1:1:0: the zero-weight arm is left out of χ² but counted in
    /// k (gbstats `check_srm`): e = 55 each, χ² = 2·25/55 = 10/11, p = P(χ²₂ > 10/11) = e^(−5/11).
    @Test func sampleRatioMismatchByHand() {
        let check = SampleRatioMismatch(counts: [50, 50, 10], weights: [1, 1, 0])
        #expect(abs(check.chiSquared - 10.0 / 11) < 1e-14)
        #expect(check.degreesOfFreedom == 2)
        #expect(abs(check.pValue - exp(-5.0 / 11)) < 1e-14)
    }

    @Test func sampleRatioMismatchWithoutUnitsOrArms() {
        let empty = SampleRatioMismatch(counts: [0, 0], weights: [1, 1])
        #expect(empty.chiSquared == 0 && empty.pValue == 1 && !empty.isMismatch())
        #expect(SampleRatioMismatch(counts: [7], weights: [1]).pValue == 1)
    }
}
