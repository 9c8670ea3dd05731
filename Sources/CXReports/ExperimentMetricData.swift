import CXStats

/// What a metric is in an experiment: the one the verdict is about, a guardrail that must not
/// get worse (outside the Holm family), or any other metric analysed (inside it).
public enum ExperimentMetricRole: String, Sendable, Hashable, CaseIterable, Comparable {
    case primary
    case secondary
    case guardrail

    /// Primary < secondary < guardrail, the order of an analysis' sections.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .primary: 0
        case .secondary: 1
        case .guardrail: 2
        }
    }
}

/// One metric's per-arm sufficient statistics, the input of
/// ``ExperimentAnalysis/init(units:metrics:survival:request:)``.
public struct ExperimentMetricData: Sendable, Hashable {
    /// The metric's name in the output.
    public var name: String
    public var kind: ExperimentMetricKind
    public var role: ExperimentMetricRole
    /// Whether an increase is good news; decides win/loss and guardrail breaches.
    public var higherIsBetter: Bool
    /// By arm; an arm without any unit having a value may be absent (it then has n = 0).
    public var arms: [String: ExperimentArmStatistics]

    public init(name: String, kind: ExperimentMetricKind, role: ExperimentMetricRole = .primary,
                higherIsBetter: Bool = true, arms: [String: ExperimentArmStatistics]) {
        self.name = name
        self.kind = kind
        self.role = role
        self.higherIsBetter = higherIsBetter
        self.arms = arms
    }
}
