import CXStats
import Testing

/// The statistics of the NBX learning loop against independent references: random-effects
/// pooling against statsmodels 0.15 `combine_effects(method_re="dl")`, the one-sided Welch p
/// against scipy 1.17 `ttest_ind(equal_var=False, alternative="greater")`, Halton points
/// against their hand-computed radical inverses.
@Suite("Learning statistics")
struct LearningStatisticsTests {
    @Test("DerSimonian–Laird τ², pooled mean and shrunk estimates match statsmodels")
    func dersimonianLaird() {
        let pooling = RandomEffectsPooling(estimates: [2.5, -0.4, 1.1, 3.8, 0.2], variances: [0.8, 1.5, 0.3, 2.2, 0.5])
        #expect(abs(pooling.betweenVariance - 0.8943608074011771) < 1e-12)
        #expect(abs(pooling.pooledMean - 1.2479477929679474) < 1e-12)
        let expected = [1.9088379752114502, 0.6323931471860867, 1.1371615826769808, 1.9855655481282064, 0.5757807116370125]
        for (shrunk, reference) in zip(pooling.shrunkEstimates, expected) {
            #expect(abs(shrunk - reference) < 1e-12)
        }
    }

    @Test("Effects that vary less than their noise all shrink to the fixed-effect mean (τ² = 0)")
    func homogeneousEffects() {
        let pooling = RandomEffectsPooling(estimates: [1.0, 1.2, 0.9], variances: [0.5, 0.6, 0.4])
        #expect(pooling.betweenVariance == 0)
        // Σ(y/v)/Σ(1/v) = (2 + 2 + 2.25)/(2 + 5/3 + 2.5) by hand.
        #expect(abs(pooling.pooledMean - 6.25 / (2 + 5.0 / 3 + 2.5)) < 1e-12)
        #expect(pooling.shrunkEstimates.allSatisfy { abs($0 - pooling.pooledMean) < 1e-12 })
        #expect(RandomEffectsPooling(estimates: [4.2], variances: [1]).shrunkEstimates == [4.2])
    }

    @Test("One-sided Welch p matches scipy's alternative='greater'")
    func oneSidedWelch() {
        let test = WelchTTest(SampleSummary(count: 7, mean: 4.085714285714286, variance: 1.718095238095238),
                              SampleSummary(count: 6, mean: 2.6, variance: 0.32799999999999996))
        #expect(abs(test.greaterPValue - 0.012623120171783688) < 1e-9)
        #expect(abs(WelchTTest(test.second, test.first).greaterPValue - (1 - 0.012623120171783688)) < 1e-9)
    }

    @Test("Halton points are the radical inverses in bases 2, 3, 5")
    func halton() {
        let sequence = HaltonSequence(dimensions: 3)
        #expect(sequence.point(1) == [0.5, 1.0 / 3, 0.2])
        #expect(sequence.point(2) == [0.25, 2.0 / 3, 0.4])
        // 6 = 110₂ → 0.011₂ = 3/8; 6 = 20₃ → 0.02₃ = 2/9; 6 = 11₅ → 0.11₅ = 6/25.
        let sixth = sequence.point(6)
        #expect(abs(sixth[0] - 3.0 / 8) < 1e-15 && abs(sixth[1] - 2.0 / 9) < 1e-15 && abs(sixth[2] - 6.0 / 25) < 1e-15)
        #expect(sequence.points(256).allSatisfy { $0.allSatisfy { $0 > 0 && $0 < 1 } })
    }
}
