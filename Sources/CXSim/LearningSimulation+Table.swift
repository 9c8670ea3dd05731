import CXCore
import CXStats
import Foundation

extension LearningSimulation.Report {
    /// The per-round table (production θ, realised λ-value against the holdout with its 95% CI,
    /// true λ-value, regret, share of the optimum, true satisfaction uplift, what the trial
    /// decided), the promotions, and the final comparison with the baselines.
    public var rendered: String {
        let objectives: [Objective] = [.value, .cost, .effort, .satisfaction]
        func percent(_ value: Double) -> String { String(format: "%.0f%%", 100 * value / optimum) }
        func realised(_ estimate: Double, _ interval: Interval) -> String {
            String(format: "%+.2f [%+.2f, %+.2f]", estimate, interval.lower, interval.upper)
        }
        let table = TextTable(
            header: ["round", "production", "θ value/cost/effort/satisfaction", "realised λ-value vs holdout", "true λ-value", "regret",
                     "of optimum", "Δ satisfied", "trial"],
            rows: rounds.map { round in
                ["\(round.number)", round.production, objectives.map { String(format: "%.2f", round.theta[$0] ?? 0) }.joined(separator: " / "),
                 realised(round.realisedUplift, round.realisedInterval), String(format: "%.2f", round.trueValue),
                 String(format: "%.2f", optimum - round.trueValue), percent(round.trueValue),
                 String(format: "%+.3f", round.trueSatisfaction), round.promoted.map { "promoted \($0)" } ?? (round.number == 1 ? "-" : "kept")]
            })
        let comparison = TextTable(header: ["final comparison", "realised λ-value vs holdout", "true λ-value", "of optimum"], rows: contenders.map {
            [$0.name, realised($0.realisedUplift, $0.realisedInterval), String(format: "%.2f", $0.trueValue), percent($0.trueValue)]
        })
        return [
            table.rendered,
            String(format: "\noptimum (θ = λ on the true effects): %.2f per customer; greedy oracle %.2f", optimum, oracle),
            "promotions: " + (promotions.isEmpty ? "none" : promotions.map {
                "\($0.version) (guardrails \($0.guardrailsHeld ? "held" : "BREACHED"))"
            }.joined(separator: ", ")),
            "",
            comparison.rendered,
        ].joined(separator: "\n")
    }
}
