/// The metrics of the weekly report (DESIGN.md §6). All but `engagement` are computed from
/// the answers to one field; the engagement index is per person (`EngagementIndex`).
public enum MetricKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Net Promoter Score, −100…100, on an `nps` field.
    case nps
    /// Customer satisfaction: % top-2-box, 0–100, on a `csat` field.
    case csat
    /// Customer effort: mean on the field's scale (default 1–7, higher = easier), on a `ces` field.
    case ces
    /// Employee NPS, −100…100: NPS on an `enps` field or on an `nps` field of an employee survey.
    case enps
    /// Engagement index: mean of the persons' indices, 0–100, over the likert items naming it.
    case engagement

    /// The metric a report shows for a field of a survey answered by `population`, or nil for
    /// field types without a per-answer metric (likert, choice, text).
    public static func reported(for type: FieldType, population: Population) -> MetricKind? {
        switch type {
        case .nps: population == .employee ? .enps : .nps
        case .enps: .enps
        case .csat: .csat
        case .ces: .ces
        case .likert, .choice, .text: nil
        }
    }

    /// Whether the metric is defined on fields of `type` (never for `engagement`, which is
    /// defined on an index, not a field). NPS is refused on an `enps` field
    /// (whose rows are eNPS); eNPS accepts `nps` fields because an employee survey may ask
    /// its recommend question with the ordinary type.
    public func accepts(_ type: FieldType) -> Bool {
        switch self {
        case .nps: type == .nps
        case .enps: type == .enps || type == .nps
        case .csat: type == .csat
        case .ces: type == .ces
        case .engagement: false
        }
    }
}
