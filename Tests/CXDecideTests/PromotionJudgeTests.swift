import CXCore
import CXDecide
import CXStats
import CXStore
import Testing

/// `weights promote`'s rule against scipy 1.17 (`ttest_ind_from_stats(equal_var=False,
/// alternative="greater")`) and statsmodels' Holm, on arm sums with satisfaction weighted by
/// each arm's response rate (hand-computed means and variances in the comments).
@Suite("Promotion judge")
struct PromotionJudgeTests {
    static let sums = [
        ArmPolicyValueSums(arm: "prod", units: 100, value: 1000, valueSquares: 15000, respondents: 50, satisfaction: 30,
                           satisfactionSquares: 30, valueTimesSatisfaction: 320),
        ArmPolicyValueSums(arm: "c1", units: 90, value: 1200, valueSquares: 20000, respondents: 45, satisfaction: 36,
                           satisfactionSquares: 36, valueTimesSatisfaction: 500),
        ArmPolicyValueSums(arm: "c2", units: 95, value: 900, valueSquares: 12000, respondents: 40, satisfaction: 20,
                           satisfactionSquares: 20, valueTimesSatisfaction: 190),
    ]

    func judge(breaches: [String: [String]] = [:], sampleRatioOK: Bool = true) -> PromotionVerdict {
        PromotionJudge().judge(production: "prod", candidates: ["c1", "c2"], sums: Self.sums, satisfactionWeight: 10,
                               breaches: breaches, sampleRatioOK: sampleRatioOK)
    }

    @Test("Values, one-sided Welch p and Holm match scipy; the winner with guardrails held is promoted")
    func promotes() throws {
        let verdict = judge()
        // prod: mean 16, variance 143.434…; c1: 21.333…, 151.011…; c2: 14.4736…, 131.967….
        #expect(abs(verdict.productionValue!.mean - 16) < 1e-12 && abs(verdict.productionValue!.variance - 143.43434343434345) < 1e-9)
        let c1 = try #require(verdict.comparisons.first { $0.arm == "c1" })
        let c2 = try #require(verdict.comparisons.first { $0.arm == "c2" })
        #expect(abs(c1.value.variance - 151.01123595505618) < 1e-9 && abs(c2.value.mean - 14.473684210526315) < 1e-12)
        #expect(abs(c1.lift - 5.333333333333332) < 1e-9 && abs(c1.pValue - 0.001428435532518228) < 1e-9)
        #expect(abs(c2.pValue - 0.8175864686357643) < 1e-9)
        #expect(abs(c1.adjustedP - 0.002856871065036456) < 1e-9 && abs(c2.adjustedP - 0.8175864686357643) < 1e-9)
        #expect(verdict.promoted == "c1")
        #expect(verdict.evidence.objectValue?["promoted"]?.stringValue == "c1")
    }

    @Test("A winner that breaches a guardrail, or a sample ratio mismatch, keeps production and says why")
    func keeps() {
        let breached = judge(breaches: ["c1": ["csat"]])
        #expect(breached.promoted == nil && breached.reason.contains("breaches csat"), "\(breached.reason)")
        let mismatch = judge(sampleRatioOK: false)
        #expect(mismatch.promoted == nil && mismatch.reason.contains("sample ratio mismatch"))
        let noWinner = PromotionJudge().judge(production: "prod", candidates: ["c2"], sums: Self.sums, satisfactionWeight: 10,
                                              breaches: [:], sampleRatioOK: true)
        #expect(noWinner.promoted == nil && noWinner.reason.contains("no candidate beats production"))
    }
}
