import CXStats
import Foundation

/// A metric an experiment is judged on (issue 5, DESIGN.md §7–8). Each is one number per unit
/// of the experiment, measured over the unit's attribution window — from its first assignment
/// for `window` days, cut at the analysis' as-of time — and, for CUPED, the same number over the
/// `window` days before the assignment.
public enum ExperimentMetric: String, Sendable, Hashable, Codable, CaseIterable {
    /// NPS of the unit's last response in the window, coded +1 (9–10), 0 (7–8), −1 (0–6); a
    /// mean metric over the responding units (×100 is the NPS difference).
    case nps
    /// Top-2-box of the unit's last CSAT answer in the window: a proportion over responding units.
    case csat
    /// The unit's last CES answer in the window (higher = easier): a mean over responding units.
    case ces
    /// Whether the unit completed any survey in the window: a proportion over all units.
    case responseRate = "response_rate"
    /// Purchases minus refunds in the window (the CLV proxy): a mean over all units.
    case value
    /// Service contacts (`contact` outcomes) in the window: a mean over all units.
    case contacts
    /// Cost to serve (`cost` outcomes) in the window: a mean over all units.
    case cost
    /// Not churned by the retention horizon: a proportion over the units whose horizon has
    /// passed at the as-of time (no pre-period value).
    case retention

    /// How the per-unit values are read.
    public var kind: ExperimentMetricKind {
        switch self {
        case .csat, .responseRate, .retention: .proportion
        case .nps, .ces, .value, .contacts, .cost: .mean
        }
    }

    /// Whether an increase is good news (false for contacts and cost): it turns a significant
    /// difference into a win or a loss, and decides when a guardrail is breached.
    public var higherIsBetter: Bool {
        switch self {
        case .contacts, .cost: false
        case .nps, .csat, .ces, .responseRate, .value, .retention: true
        }
    }

    /// Whether the metric is measured from survey answers (only responding units count).
    public var isSurveyMetric: Bool {
        switch self {
        case .nps, .csat, .ces: true
        case .responseRate, .value, .contacts, .cost, .retention: false
        }
    }

    /// The metric's definition in a line, for the footer of the analysis (values are per unit
    /// over its attribution window).
    public var definition: String {
        switch self {
        case .nps: "last NPS answer coded +1/0/−1, mean over respondents"
        case .csat: "last CSAT answer in the top two points, share of respondents"
        case .ces: "last CES answer (higher = easier), mean over respondents"
        case .responseRate: "completed any survey, share of units"
        case .value: "purchases − refunds, mean per unit"
        case .contacts: "service contacts, mean per unit"
        case .cost: "cost to serve, mean per unit"
        case .retention: "not churned by the horizon, share of units past it"
        }
    }

    /// The names a list may use (`--metrics`, `--primary`, `--guardrails`).
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Parses a comma-separated list of metric names (duplicates kept once, in order).
    /// - Returns: the metrics, or a message naming the unknown name.
    public static func parseList(_ text: String) -> Result<[ExperimentMetric], ValidationFailure> {
        var metrics: [ExperimentMetric] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let metric = ExperimentMetric(rawValue: name) else {
                return .failure(ValidationFailure([ValidationIssue(
                    index: nil, field: "metrics", message: "unknown metric '\(name)'; metrics are \(names)")]))
            }
            if !metrics.contains(metric) { metrics.append(metric) }
        }
        return .success(metrics)
    }
}
