import CXCore
import CXStats
import Foundation

/// Rounding of report numbers for people (JSON keeps them unrounded): one decimal for NPS,
/// CSAT and engagement, two for CES.
enum NumberText {
    static func decimals(_ metric: MetricKind) -> Int {
        metric == .ces ? 2 : 1
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// The value with its unit (`64.7%` for CSAT).
    static func value(_ value: Double?, _ metric: MetricKind) -> String {
        guard let value else { return "—" }
        return fixed(value, decimals(metric)) + (metric == .csat ? "%" : "")
    }

    /// `27.1–38.6`.
    static func interval(_ interval: Interval?, _ metric: MetricKind) -> String {
        guard let interval else { return "" }
        return fixed(interval.lower, decimals(metric)) + "–" + fixed(interval.upper, decimals(metric))
    }

    /// `+3.2` / `-1.5`; empty when nil.
    static func signed(_ delta: Double?, _ metric: MetricKind) -> String {
        guard let delta else { return "" }
        let text = fixed(delta, decimals(metric))
        return delta >= 0 && !text.hasPrefix("-") ? "+" + text : text
    }

    /// `0.016`, `<.001`; empty when nil.
    static func p(_ p: Double?) -> String {
        guard let p else { return "" }
        return p < 0.001 ? "<.001" : fixed(p, 3)
    }

    /// A share as a percentage with one decimal.
    static func percent(_ share: Double?) -> String {
        guard let share else { return "—" }
        return fixed(100 * share, 1) + "%"
    }

    /// The zone's name as reports print it (`UTC` rather than Foundation's `GMT`).
    static func zone(_ zone: TimeZone) -> String {
        zone.identifier == "GMT" ? "UTC" : zone.identifier
    }

    /// Left-aligned in `width` columns (truncated with `…` when longer).
    static func left(_ text: String, _ width: Int) -> String {
        text.count > width ? String(text.prefix(width - 1)) + "…" : text + String(repeating: " ", count: width - text.count)
    }

    /// Right-aligned in `width` columns.
    static func right(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
