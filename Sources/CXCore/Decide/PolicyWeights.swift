/// The tunable parameters of an NBX policy (DESIGN.md §7).
///
/// The engine scores a candidate (action a, channel c) for unit x as
/// S_θ(x, a, c) = Σⱼ θⱼ·ŝⱼ(x, a, c) − κ·n(x), with ŝⱼ the uplift against doing nothing and n(x)
/// the unit's contacts (any channel) within ``fatigueWindowDays``; `none` scores 0. It then
/// draws from π = (1 − ε)·softmax(β·S) + ε/K over the K candidates that survive the filters.
/// λ does not enter the decision: it is the business value Σⱼ λⱼ·yⱼ of observed outcomes,
/// the reward that off-policy evaluation and the holdout comparison judge candidate θ by.
public struct PolicyWeights: Sendable, Hashable, Codable {
    /// θ, the policy's weight per objective (signs: see ``Objective``).
    public var theta: [Objective: Double]
    /// λ, the business value of one unit of each objective, for evaluation and tuning.
    public var lambda: [Objective: Double]
    /// β ≥ 0, the softmax inverse temperature (0 = uniform).
    public var inverseTemperature: Double
    /// ε ∈ [0, 1), the exploration floor: every surviving candidate gets at least ε/K.
    public var exploration: Double
    /// κ ≥ 0, the price in score units of one recent contact (priced fatigue).
    public var fatiguePrice: Double
    /// How far back a contact counts as recent for κ, in days (> 0).
    public var fatigueWindowDays: Double

    /// The fatigue window when a body does not give one.
    public static let defaultFatigueWindowDays = 7.0

    public init(theta: [Objective: Double], lambda: [Objective: Double] = [:], inverseTemperature: Double, exploration: Double,
                fatiguePrice: Double = 0, fatigueWindowDays: Double = defaultFatigueWindowDays) {
        self.theta = theta
        self.lambda = lambda
        self.inverseTemperature = inverseTemperature
        self.exploration = exploration
        self.fatiguePrice = fatiguePrice
        self.fatigueWindowDays = fatigueWindowDays
    }

    enum CodingKeys: String, CodingKey {
        case theta, lambda
        case inverseTemperature = "beta"
        case exploration = "epsilon"
        case fatiguePrice = "kappa"
        case fatigueWindowDays = "fatigue_window_days"
    }

    /// The objectives the policy knows (weighted by θ or λ), in name order: the engine logs
    /// every candidate's uplift on each, so any θ′ over them can be evaluated offline.
    public var objectives: [Objective] { Set(theta.keys).union(lambda.keys).sorted() }

    /// Every rule the weights must satisfy, as issues naming the field: θ weighs at least one
    /// objective, θ and λ are finite on valid names, β finite ≥ 0, 0 ≤ ε < 1, κ finite ≥ 0 and a
    /// finite fatigue window > 0.
    public var issues: [ValidationIssue] {
        var issues = theta.objectiveIssues(field: "theta") + lambda.objectiveIssues(field: "lambda")
        func fail(_ field: String, _ message: String) {
            issues.append(ValidationIssue(index: nil, field: field, message: message))
        }
        if theta.isEmpty { fail("theta", "must weigh at least one objective") }
        if !(inverseTemperature.isFinite && inverseTemperature >= 0) { fail("beta", "must be a finite number ≥ 0, got \(inverseTemperature)") }
        if !(exploration >= 0 && exploration < 1) { fail("epsilon", "must be at least 0 and below 1, got \(exploration)") }
        if !(fatiguePrice.isFinite && fatiguePrice >= 0) { fail("kappa", "must be a finite number ≥ 0, got \(fatiguePrice)") }
        if !(fatigueWindowDays.isFinite && fatigueWindowDays > 0) {
            fail("fatigue_window_days", "must be a finite number of days > 0, got \(fatigueWindowDays)")
        }
        return issues
    }

    /// The keys of a weights body.
    public static let bodyKeys: Set<String> = ["theta", "lambda", "beta", "epsilon", "kappa", "fatigue_window_days"]

    /// Validates JSON weights completely and returns them, or every problem found, each naming
    /// its field: `{"theta":{"value":1,"cost":-1,"satisfaction":40},"lambda":{"value":1,"cost":-1},
    /// "beta":2,"epsilon":0.05,"kappa":0.5,"fatigue_window_days":7}` — `theta`, `beta` and
    /// `epsilon` are required; λ defaults to none, κ to 0, the window to 7 days.
    public static func parse(_ json: JSONValue) -> Result<PolicyWeights, ValidationFailure> {
        ObjectReader.document(json, allowed: bodyKeys).flatMap { document in
            var reader = document
            let weights = PolicyWeights(
                theta: reader.objectiveNumbers("theta"), lambda: reader.objectiveNumbers("lambda"),
                inverseTemperature: reader.number("beta", required: true) ?? 0, exploration: reader.number("epsilon", required: true) ?? 0,
                fatiguePrice: reader.number("kappa") ?? 0, fatigueWindowDays: reader.number("fatigue_window_days") ?? defaultFatigueWindowDays)
            return reader.result(weights, rules: weights.issues)
        }
    }
}
