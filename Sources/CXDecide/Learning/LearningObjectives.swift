import CXCore
import CXStore
import Foundation

/// How the learning loop measures each objective from what cxloop stores (DESIGN.md §1):
///
/// | objective | measured as | default window |
/// |---|---|---|
/// | value | Σ purchase − Σ refund amounts | 14 days |
/// | cost | Σ `cost` amounts (+ the contact's channel cost, from the catalog) | 14 days |
/// | effort | number of `contact` outcomes (service contacts) | 14 days |
/// | satisfaction | CSAT answers in the top two boxes, share (respondents only) | 14 days |
/// | custom name | Σ values (1 when absent) of outcomes of that type | 14 days |
public struct LearningObjectives: Sendable, Hashable {
    /// The attribution window when none is configured.
    public static let defaultWindowDays = 14.0

    /// The objectives measured from outcomes (every objective but satisfaction), in name order.
    public var outcomeObjectives: [Objective]
    public var windows: [Objective: Double]

    /// The built-ins and every objective of `custom` (e.g. those the policies weigh), with
    /// `windows` over the default.
    public init(custom: some Sequence<Objective> = [], windows: [Objective: Double] = [:]) {
        outcomeObjectives = Array(Set(Objective.builtIn).union(custom).subtracting([.satisfaction])).sorted()
        self.windows = Dictionary(uniqueKeysWithValues: (outcomeObjectives + [.satisfaction]).map {
            ($0, windows[$0] ?? Self.defaultWindowDays)
        })
    }

    /// The outcome types of each objective.
    public var measures: [AttributionRequest.OutcomeMeasure] {
        outcomeObjectives.flatMap { objective -> [AttributionRequest.OutcomeMeasure] in
            let days = windows[objective] ?? Self.defaultWindowDays
            func measure(_ type: String, sign: Double = 1, counts: Bool = false) -> AttributionRequest.OutcomeMeasure {
                AttributionRequest.OutcomeMeasure(objective: objective.name, outcomeType: type, sign: sign, counts: counts, windowDays: days)
            }
            switch objective {
            case .value: return [measure("purchase"), measure("refund", sign: -1)]
            case .cost: return [measure("cost")]
            case .effort: return [measure("contact", counts: true)]
            default: return [measure(objective.name)]
            }
        }
    }

    /// The request for the decisions made in [since, asOf) of `tenant`, with satisfaction from
    /// the tenant's customer CSAT fields.
    public func request(tenant: String, since: Date, asOf: Date, surveys: [SurveyVersion]) -> AttributionRequest {
        AttributionRequest(tenant: tenant, since: since, asOf: asOf, measures: measures,
                           satisfactionFields: ExperimentSurveyField.fields(of: surveys, population: .customer).filter { $0.metric == .csat },
                           satisfactionWindowDays: windows[.satisfaction] ?? Self.defaultWindowDays)
    }
}
