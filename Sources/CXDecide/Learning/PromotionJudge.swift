import CXCore
import CXStats
import CXStore

/// `cxloop weights promote` (issue 6): whether a candidate policy of a trial beats production
/// on realised business value with the guardrails held.
///
/// Per arm, a unit's value is r + (λ_satisfaction/ρ)·s·answered, with r its λ-weighted outcomes
/// and contact costs, s its top-2-box satisfaction and ρ the arm's response rate (inverse
/// response-probability weighting, as in ``PolicyEvaluator``). Each candidate is compared with
/// production by a one-sided Welch test (H₁: the candidate's mean value is higher); the
/// p-values are Holm-adjusted across the candidates. A candidate is promoted only when the
/// sample ratio test passes, its adjusted p is below α and none of its guardrails is breached;
/// among several, the one with the largest lift. Otherwise production stays, with the reason.
public struct PromotionJudge: Sendable {
    public static let alpha = 0.05

    public init() {}

    /// The verdict on a trial.
    /// - Parameters:
    ///   - sums: the arms' sums (``PostgresLearningStore/armPolicyValues(_:)``).
    ///   - breaches: the guardrail metrics each candidate breached (experiment analysis).
    ///   - sampleRatioOK: whether the trial's SRM check passed.
    public func judge(production: String, candidates: [String], sums: [ArmPolicyValueSums], satisfactionWeight: Double,
                      breaches: [String: [String]], sampleRatioOK: Bool) -> PromotionVerdict {
        let summaries = Dictionary(uniqueKeysWithValues: sums.map { ($0.arm, Self.summary($0, satisfactionWeight: satisfactionWeight)) })
        guard let baseline = summaries[production], baseline.count >= 2 else {
            return PromotionVerdict(production: production, productionValue: summaries[production], comparisons: [], promoted: nil,
                                    reason: "the production arm '\(production)' has fewer than 2 units; nothing to compare")
        }
        var comparisons = candidates.compactMap { arm -> PromotionVerdict.Comparison? in
            guard let summary = summaries[arm], summary.count >= 2 else { return nil }
            let test = WelchTTest(summary, baseline)
            return PromotionVerdict.Comparison(arm: arm, value: summary, lift: test.difference, interval: test.interval(),
                                               pValue: test.greaterPValue, adjustedP: .nan, breaches: breaches[arm] ?? [])
        }
        for (position, adjusted) in MultipleTesting.holm(comparisons.map { $0.pValue.isNaN ? 1 : $0.pValue }).enumerated() {
            comparisons[position].adjustedP = adjusted
        }
        let verdict = { (promoted: String?, reason: String) in
            PromotionVerdict(production: production, productionValue: baseline, comparisons: comparisons, promoted: promoted, reason: reason)
        }
        guard sampleRatioOK else {
            return verdict(nil, "sample ratio mismatch: the arms did not get their planned shares, so no comparison is trusted")
        }
        let winners = comparisons.filter { $0.adjustedP < Self.alpha && $0.breaches.isEmpty }
        if let best = winners.max(by: { $0.lift < $1.lift }) {
            return verdict(best.arm, "beats production on λ-value by \(Self.format(best.lift)) per unit (one-sided Holm p = "
                + "\(Self.format(best.adjustedP))) with every guardrail held")
        }
        if let breached = comparisons.first(where: { $0.adjustedP < Self.alpha }) {
            return verdict(nil, "\(breached.arm) wins on λ-value but breaches \(breached.breaches.joined(separator: ", ")); production stays")
        }
        return verdict(nil, "no candidate beats production on λ-value at α = \(Self.alpha) after Holm; production stays")
    }

    /// The arm's per-unit value summary with satisfaction weighted by the arm's response rate.
    public static func summary(_ sums: ArmPolicyValueSums, satisfactionWeight: Double) -> SampleSummary {
        let rate = sums.units > 0 ? Double(sums.respondents) / Double(sums.units) : 0
        let scale = rate > 0 ? satisfactionWeight / rate : 0
        return SufficientStatistics(
            count: sums.units, sum: sums.value + scale * sums.satisfaction,
            sumOfSquares: sums.valueSquares + 2 * scale * sums.valueTimesSatisfaction + scale * scale * sums.satisfactionSquares).summary
    }

    /// A number rounded to 4 decimals for messages.
    public static func format(_ number: Double) -> String {
        let scaled = (number * 10_000).rounded() / 10_000
        return "\(scaled)"
    }
}

/// What ``PromotionJudge`` decided and why.
public struct PromotionVerdict: Sendable, Hashable {
    /// One candidate against production.
    public struct Comparison: Sendable, Hashable {
        public var arm: String
        public var value: SampleSummary
        public var lift: Double
        /// The two-sided 95% Welch interval of the lift.
        public var interval: Interval
        public var pValue: Double
        public var adjustedP: Double
        public var breaches: [String]
    }

    public var production: String
    public var productionValue: SampleSummary?
    public var comparisons: [Comparison]
    /// The promoted version, nil when production stays.
    public var promoted: String?
    public var reason: String

    /// The evidence recorded with the promotion (or the refusal).
    public var evidence: JSONValue {
        func number(_ value: Double) -> JSONValue { value.isFinite ? .number(value) : .null }
        return .object([
            "production": .string(production),
            "production_value": productionValue.map { .object(["n": .number(Double($0.count)), "mean": number($0.mean)]) } ?? .null,
            "promoted": promoted.map(JSONValue.string) ?? .null,
            "reason": .string(reason),
            "comparisons": .array(comparisons.map { comparison in
                .object(["arm": .string(comparison.arm), "n": .number(Double(comparison.value.count)), "mean": number(comparison.value.mean),
                         "lift": number(comparison.lift), "ci95": .array([number(comparison.interval.lower), number(comparison.interval.upper)]),
                         "p_value": number(comparison.pValue), "p_adjusted": number(comparison.adjustedP),
                         "guardrails_breached": .array(comparison.breaches.map(JSONValue.string))])
            }),
        ])
    }
}
