import Foundation

/// The NBX stochastic policy of DESIGN.md §7: softmax(β·S) mixed with ε-uniform,
/// π(a) = (1 − ε)·softmax(β·S)ₐ + ε/K over the K candidates of one decision. Off-policy evaluation
/// turns each candidate weight vector's scores into target probabilities this way.
///
/// Every candidate keeps at least ε/K (the exploration floor that keeps future logs evaluable);
/// β = 0 gives the uniform policy, and β → ∞ with ε = 0 the greedy one.
public struct SoftmaxPolicy: Sendable, Hashable {
    /// β, the inverse temperature: how sharply higher scores are preferred.
    public let inverseTemperature: Double
    /// ε ∈ [0, 1], the share of probability spread uniformly over the candidates.
    public let exploration: Double

    /// A policy with inverse temperature β and exploration ε.
    /// - Precondition: β is finite and ε ∈ [0, 1].
    public init(inverseTemperature: Double, exploration: Double) {
        precondition(inverseTemperature.isFinite, "the inverse temperature must be finite")
        precondition(exploration >= 0 && exploration <= 1, "the exploration share must lie in [0, 1]")
        self.inverseTemperature = inverseTemperature
        self.exploration = exploration
    }

    /// π(·) over candidates with the given scores S, in the same order. The softmax is taken
    /// of β·(S − S*) with S* the best score for β (the maximum for β > 0, the minimum for β < 0),
    /// so every exponent is ≤ 0 and no score or β, however large, overflows: the probabilities
    /// are finite and sum to 1 within rounding. β = 0 gives exactly 1/K each.
    /// - Precondition: `scores` is non-empty and finite.
    public func probabilities(scores: [Double]) -> [Double] {
        precondition(!scores.isEmpty, "a decision needs at least one candidate")
        precondition(scores.allSatisfy(\.isFinite), "scores must be finite")
        let uniform = 1 / Double(scores.count)
        guard inverseTemperature != 0 else { return scores.map { _ in uniform } }
        let best = (inverseTemperature > 0 ? scores.max() : scores.min()) ?? 0
        let exponentials = scores.map { exp(inverseTemperature * ($0 - best)) }
        let total = exponentials.reduce(0, +)
        let floor = exploration / Double(scores.count)
        return exponentials.map { (1 - exploration) * ($0 / total) + floor }
    }
}
