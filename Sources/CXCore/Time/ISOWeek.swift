#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An ISO 8601 week (`2026-W45`): Monday to Sunday, week 1 holding the year's first Thursday
/// (DESIGN.md §6). Reports bucket answers by the week of their `submitted_at` in the report's
/// time zone (UTC unless `--tz`).
public struct ISOWeek: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ISO week-numbering year (may differ from the calendar year around 1 January).
    public let year: Int
    /// 1…52 or 53.
    public let week: Int

    /// The week `week` of `year`, or nil when the year has no such week (e.g. W53 of 2026).
    public init?(year: Int, week: Int) {
        guard (1...53).contains(week), (1...9999).contains(year) else { return nil }
        self.year = year
        self.week = week
        // A 52-week year's "W53" would land on the next year's W01: refuse it.
        guard Self(containing: start(in: .gmt), in: .gmt) == self else { return nil }
    }

    /// Parses `YYYY-Www` (e.g. `2026-W45`); nil when malformed or the year has no such week.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 3, parts[1].first == "W",
              let year = Int(parts[0]), let week = Int(parts[1].dropFirst())
        else { return nil }
        self.init(year: year, week: week)
    }

    /// The week holding `date` in `timeZone`.
    public init(containing date: Date, in timeZone: TimeZone) {
        let components = Self.calendar(timeZone).dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        year = components.yearForWeekOfYear!
        week = components.weekOfYear!
    }

    /// Monday 00:00 of the week in `timeZone`.
    public func start(in timeZone: TimeZone) -> Date {
        let monday = DateComponents(weekday: 2, weekOfYear: week, yearForWeekOfYear: year)
        return Self.calendar(timeZone).date(from: monday)!
    }

    /// The next Monday 00:00 in `timeZone`: the week's exclusive end.
    public func end(in timeZone: TimeZone) -> Date {
        advanced(by: 1).start(in: timeZone)
    }

    /// The week `weeks` later (earlier when negative).
    public func advanced(by weeks: Int) -> ISOWeek {
        let date = start(in: .gmt).addingTimeInterval(Double(weeks) * 7 * 86_400 + 3 * 86_400)
        return ISOWeek(containing: date, in: .gmt)
    }

    /// The `count` weeks ending with this one, oldest first.
    public func window(_ count: Int) -> [ISOWeek] {
        (0..<count).reversed().map { advanced(by: -$0) }
    }

    /// Monday's date, `YYYY-MM-DD`.
    public var firstDay: String { Self.day(start(in: .gmt)) }
    /// Sunday's date, `YYYY-MM-DD`.
    public var lastDay: String { Self.day(start(in: .gmt).addingTimeInterval(6 * 86_400)) }

    /// `YYYY-Www`.
    public var description: String {
        "\(year)-W\(week < 10 ? "0" : "")\(week)"
    }

    public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool {
        (lhs.year, lhs.week) < (rhs.year, rhs.week)
    }

    private static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = timeZone
        return calendar
    }

    private static func day(_ date: Date) -> String {
        let parts = calendar(.gmt).dateComponents([.year, .month, .day], from: date)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.year!)-\(two(parts.month!))-\(two(parts.day!))"
    }
}
