import CXCore
import CXStats

/// `cxloop weights tune` (issue 6): candidate weight vectors θ around production, screened and
/// ranked offline on the decision log by ``PolicyEvaluator``.
///
/// 1. **Draw.** Objectives are put on one scale by the spread of their uplifts (the root mean
///    square of ŝⱼ over every catalog action, channel and segment), zⱼ = θⱼ·spreadⱼ. Candidate i
///    is zⱼ = z⁰ⱼ + r·L·(2hᵢⱼ − 1) with h the i-th ``HaltonSequence`` point, r the radius and
///    L = Σ|z⁰ⱼ|, then normalised back to Σ|zⱼ| = L: every candidate has production's score
///    scale (so β keeps its meaning) and only the direction of θ changes — signs included.
///    θ ∝ λ (the business value's own weights, normalised the same way) is drawn too: with
///    a right model it is the greedy optimum, so the log can say whether it is.
/// 2. **Screen.** A candidate survives when its ESS reaches the floor and, on each guardrail,
///    the one-sided 95% lower bound of its paired DR improvement over production is above
///    −tolerance·|production's value| (direction-aware: less is better for cost and effort).
/// 3. **Rank.** Survivors — production's own θ among them, which on a newer effect model may
///    itself be an improvement — by the upper 95% bound of their DR business value (optimism in
///    the face of uncertainty: the experiment, not the log, decides).
public struct WeightTuner: Sendable {
    /// How candidates are drawn and screened.
    public struct Settings: Sendable, Hashable {
        public var candidates = 256
        /// r, the half-width of the box around production, in units of production's scale.
        public var radius = 1.0
        public var guardrails: [Objective] = [.satisfaction, .effort]
        public var minimumEffectiveSampleSize = 100.0
        /// The share of production's guardrail value a candidate may lose before it is refused.
        public var guardrailTolerance = 0.05
        public var top = 5

        public init() {}
    }

    public var settings: Settings

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// The screened, ranked candidates around `production`.
    /// - Throws: ``OffPolicyDataError`` when the log cannot be evaluated (e.g. it is empty).
    public func tune(production: PolicyWeights, evaluator: PolicyEvaluator, model: EffectModel,
                     catalog: [ActionDefinition]) throws(OffPolicyDataError) -> TuningResult {
        let baseline = try evaluator.evaluate(production, reporting: settings.guardrails)
        let objectives = production.objectives
        let spreads = Self.spreads(of: objectives, model: model, catalog: catalog)
        let origin = objectives.map { (production.theta[$0] ?? 0) * spreads[$0]! }
        let scale = origin.reduce(0) { $0 + abs($1) } > 0 ? origin.reduce(0) { $0 + abs($1) } : 1
        /// Production with θ from a point z on the common scale, normalised to production's scale.
        func weights(_ z: [Double]) -> PolicyWeights? {
            let norm = z.reduce(0) { $0 + abs($1) }
            guard norm > 0 else { return nil }
            var weights = production
            weights.theta = Dictionary(uniqueKeysWithValues: zip(objectives, z).map { ($0, $1 * scale / norm / spreads[$0]!) })
            return weights
        }
        let halton = HaltonSequence(dimensions: objectives.count)
        var candidates: [TuningCandidate] = []
        for point in 1...max(1, settings.candidates) {
            guard let weights = weights(zip(origin, halton.point(point)).map { $0 + settings.radius * scale * (2 * $1 - 1) }) else { continue }
            candidates.append(screen(weights, evaluation: try evaluator.evaluate(weights, reporting: settings.guardrails), number: point,
                                     against: baseline))
        }
        // λ itself competes: scoring by the business value is the greedy optimum when the model is right.
        if let business = weights(objectives.map { (production.lambda[$0] ?? 0) * spreads[$0]! }) {
            candidates.append(screen(business, evaluation: try evaluator.evaluate(business, reporting: settings.guardrails),
                                     number: TuningCandidate.businessValue, against: baseline))
        }
        // Production's own θ competes too: scored with the latest model, a better model alone can win.
        let incumbent = screen(production, evaluation: baseline, number: 0, against: baseline)
        let survivors = (candidates + [incumbent]).filter(\.passed).sorted { $0.valueUpperBound > $1.valueUpperBound }
        return TuningResult(production: incumbent,
                            drawn: candidates.count, survivors: survivors.count, top: Array(survivors.prefix(settings.top)),
                            refusals: Dictionary(grouping: candidates.compactMap(\.refusal), by: { $0 }).mapValues(\.count))
    }

    /// The screening of one evaluated candidate against production's evaluation.
    private func screen(_ weights: PolicyWeights, evaluation: PolicyEvaluation, number: Int,
                        against baseline: PolicyEvaluation) -> TuningCandidate {
        let z95 = Normal.standard.quantile(0.95)
        let guardrails = settings.guardrails.compactMap { objective -> TuningCandidate.Guardrail? in
            guard let mine = evaluation.objectives[objective], let theirs = baseline.objectives[objective] else { return nil }
            let direction = objective.higherIsBetter ? 1.0 : -1.0
            let (difference, standardError) = mine.difference(from: theirs)
            let lower = direction * difference - z95 * (standardError.isFinite ? standardError : 0)
            return .init(objective: objective, value: mine.estimate.estimate, change: difference, lowerBound: lower,
                         held: lower >= -settings.guardrailTolerance * abs(theirs.estimate.estimate))
        }
        let ess = evaluation.value.estimate.effectiveSampleSize ?? 0
        let refusal: String? = ess < settings.minimumEffectiveSampleSize
            ? "effective sample size below \(settings.minimumEffectiveSampleSize)"
            : guardrails.first { !$0.held }.map { "guardrail \($0.objective) would not hold" }
        let interval = evaluation.value.estimate.interval()
        return TuningCandidate(number: number, theta: weights.theta, value: evaluation.value.estimate.estimate,
                               valueInterval: interval, valueUpperBound: interval.upper,
                               selfNormalizedValue: evaluation.selfNormalized.estimate, effectiveSampleSize: ess,
                               guardrails: guardrails, refusal: refusal)
    }

    /// The root mean square of each objective's uplift over the catalog's actions, channels and
    /// the model's segments (1 where every uplift is 0).
    static func spreads(of objectives: [Objective], model: EffectModel, catalog: [ActionDefinition]) -> [Objective: Double] {
        let segments = Set(model.baselines.map(\.segment)).subtracting(["*"]).sorted()
        let cells = catalog.flatMap { action in action.channels.flatMap { channel in
            (segments.isEmpty ? ["default"] : segments).map { (action, channel, $0) }
        } }
        return Dictionary(uniqueKeysWithValues: objectives.map { objective in
            let squares = cells.reduce(0.0) { sum, cell in
                let uplift = model.uplift(of: objective, action: cell.0, channel: cell.1, segment: cell.2)
                return sum + uplift * uplift
            }
            let spread = cells.isEmpty ? 0 : (squares / Double(cells.count)).squareRoot()
            return (objective, spread > 0 ? spread : 1)
        })
    }
}

/// One screened candidate of ``WeightTuner``.
public struct TuningCandidate: Sendable, Hashable {
    /// The ``number`` of the candidate whose θ is λ (on production's scale).
    public static let businessValue = -1

    /// A guardrail's check: the candidate's DR value, its change from production and the
    /// one-sided lower bound of the improvement.
    public struct Guardrail: Sendable, Hashable {
        public var objective: Objective
        public var value: Double
        public var change: Double
        public var lowerBound: Double
        public var held: Bool
    }

    /// The Halton point it came from (0 = production, ``businessValue`` = θ ∝ λ).
    public var number: Int
    public var theta: [Objective: Double]
    /// The DR business value per decision, its 95% interval and the upper bound it ranks by.
    public var value: Double
    public var valueInterval: Interval
    public var valueUpperBound: Double
    public var selfNormalizedValue: Double
    public var effectiveSampleSize: Double
    public var guardrails: [Guardrail]
    /// Why it was screened out, nil when it passed.
    public var refusal: String?

    public var passed: Bool { refusal == nil }
}

/// What ``WeightTuner/tune(production:evaluator:model:catalog:)`` found.
public struct TuningResult: Sendable, Hashable {
    /// Production evaluated the same way, for comparison.
    public var production: TuningCandidate
    public var drawn: Int
    public var survivors: Int
    /// The best survivors, best first.
    public var top: [TuningCandidate]
    /// How many were refused for each reason.
    public var refusals: [String: Int]
}
