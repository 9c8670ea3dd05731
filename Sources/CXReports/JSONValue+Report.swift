import CXCore
import CXStats

extension JSONValue {
    /// A number, or null when absent or not finite (JSON has no NaN).
    static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    /// An integer count, or null when absent.
    static func count(_ value: Int?) -> JSONValue {
        value.map { .number(Double($0)) } ?? .null
    }

    /// `[lower, upper]`, or null.
    static func interval(_ interval: Interval?) -> JSONValue {
        guard let interval, interval.lower.isFinite, interval.upper.isFinite else { return .null }
        return .array([.number(interval.lower), .number(interval.upper)])
    }
}
