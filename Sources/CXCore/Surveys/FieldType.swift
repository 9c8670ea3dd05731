/// The kinds of survey item cxloop understands (DESIGN.md §5).
public enum FieldType: String, Sendable, Codable, CaseIterable {
    /// Net Promoter Score item, integer 0–10.
    case nps
    /// Customer satisfaction item, integer in `scale` (default 1–5); metric is top-2-box.
    case csat
    /// Customer effort item, integer in `scale` (default 1–7), higher = easier.
    case ces
    /// Agreement item, integer in `scale`, optionally part of an index, optionally reversed.
    case likert
    /// Employee Net Promoter Score item, integer 0–10.
    case enps
    /// One of a set of options.
    case choice
    /// Free text.
    case text

    /// The scale used when a definition gives none; `nil` for non-numeric types.
    public var defaultScale: ClosedRange<Int>? {
        switch self {
        case .nps, .enps: 0...10
        case .csat, .likert: 1...5
        case .ces: 1...7
        case .choice, .text: nil
        }
    }

    /// Whether the type's scale is fixed by definition (NPS is always 0–10).
    public var hasFixedScale: Bool { self == .nps || self == .enps }
}
