import CXCore
import Foundation
import Testing

@Suite("ISOWeek")
struct ISOWeekTests {
    static func date(_ text: String) -> Date { Timestamp.parse(text)! }

    @Test("parses YYYY-Www and knows its Monday and Sunday")
    func bounds() throws {
        let week = try #require(ISOWeek("2026-W45"))
        #expect(week.year == 2026 && week.week == 45)
        #expect(week.firstDay == "2026-11-02")
        #expect(week.lastDay == "2026-11-08")
        #expect(week.description == "2026-W45")
        #expect(week.start(in: .gmt) == Self.date("2026-11-02T00:00:00Z"))
        #expect(week.end(in: .gmt) == Self.date("2026-11-09T00:00:00Z"))
        #expect(ISOWeek("2026-W01")?.firstDay == "2025-12-29")  // week 1 holds the year's first Thursday
    }

    @Test("a year has week 53 only when ISO says so", arguments: [
        ("2026-W53", true),  // 2026 starts on a Thursday
        ("2020-W53", true),  // leap year starting on a Wednesday
        ("2025-W53", false),
        ("2026-W54", false),
        ("2026-W00", false),
        ("2026-W5", false),
        ("2026-45", false),
        ("26-W45", false),
        ("abcd-W01", false),
        ("", false),
    ])
    func validity(text: String, valid: Bool) {
        #expect((ISOWeek(text) != nil) == valid)
    }

    @Test("the week containing an instant depends on the time zone")
    func zones() throws {
        let lateSunday = Self.date("2026-11-08T23:30:00Z")
        #expect(ISOWeek(containing: lateSunday, in: .gmt).description == "2026-W45")
        let amsterdam = try #require(TimeZone(identifier: "Europe/Amsterdam"))
        #expect(ISOWeek(containing: lateSunday, in: amsterdam).description == "2026-W46")
        #expect(ISOWeek("2026-W46")!.start(in: amsterdam) == Self.date("2026-11-08T23:00:00Z"))
        #expect(ISOWeek(containing: Self.date("2027-01-01T12:00:00Z"), in: .gmt).description == "2026-W53")
    }

    @Test("moves across year ends and lists a window oldest first")
    func arithmetic() {
        let first = ISOWeek("2027-W01")!
        #expect(first.advanced(by: -1).description == "2026-W53")
        #expect(first.advanced(by: -54).description == "2025-W52")
        #expect(ISOWeek("2026-W45")!.window(3).map(\.description) == ["2026-W43", "2026-W44", "2026-W45"])
        #expect(ISOWeek("2026-W44")! < ISOWeek("2026-W45")!)
    }
}
