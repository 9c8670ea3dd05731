import CXCore
import Foundation
import Testing

@Suite("Timestamp")
struct TimestampTests {
    // Expected epoch seconds computed independently with Python 3:
    //   datetime.fromisoformat("2026-11-03T10:15:00+00:00").timestamp()  → 1793700900.0
    // (and likewise for each row below).
    @Test(arguments: [
        ("2026-11-03T10:15:00Z", 1_793_700_900.0),
        ("1970-01-01T00:00:00Z", 0.0),
        ("1969-12-31T23:59:59Z", -1.0),
        ("2000-01-01T00:00:00Z", 946_684_800.0),
        ("2024-02-29T12:00:00Z", 1_709_208_000.0),
        ("1900-03-01T00:00:00Z", -2_203_891_200.0),
        ("2100-02-28T00:00:00Z", 4_107_456_000.0),
        ("2026-11-03T10:15:00+01:00", 1_793_697_300.0),
        ("2026-11-03T10:15:00-05:30", 1_793_720_700.0),
        ("2026-11-03T10:15:00.250Z", 1_793_700_900.25),
        ("2026-11-03T10:15:00.5+00:00", 1_793_700_900.5),
        ("2026-11-03t10:15:00z", 1_793_700_900.0),
        ("2026-11-03 10:15:00Z", 1_793_700_900.0),
    ])
    func parsesToKnownEpochSeconds(text: String, seconds: Double) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6)
    }

    @Test func fractionalSecondsKeepSubMillisecondDigits() throws {
        let date = try #require(Timestamp.parse("2026-11-03T10:15:00.123456Z"))
        #expect(abs(date.timeIntervalSince1970 - 1_793_700_900.123456) < 1e-5)
    }

    @Test(arguments: [
        "2023-02-29T00:00:00Z",  // 2023 is not a leap year
        "1900-02-29T00:00:00Z",  // century, not divisible by 400
        "2026-04-31T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z",
        "2026-11-00T00:00:00Z",
        "2026-11-03T24:00:00Z",
        "2026-11-03T10:60:00Z",
        "2026-11-03T10:15:61Z",
        "2026-11-03T10:15:00",  // missing zone: refused, not guessed
        "2026-11-03",
        "2026-11-03T10:15Z",
        "2026-11-03T10:15:00.Z",
        "2026-11-03T10:15:00+0100",
        "2026-11-03T10:15:00+24:00",
        "2026-11-03T10:15:00+01:60",
        "2026-11-03T10:15:00ZZ",
        "26-11-03T10:15:00Z",
        "2026/11/03T10:15:00Z",
        " 2026-11-03T10:15:00Z",
        "yesterday",
        "",
        "1793700900",
    ])
    func refusesInvalidTimestamps(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func leapDayOf2024IsValid() {
        #expect(Timestamp.parse("2024-02-29T00:00:00Z") != nil)
        #expect(Timestamp.parse("2000-02-29T00:00:00Z") != nil)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (-1.0, "1969-12-31T23:59:59Z"),
        (1_793_700_900.0, "2026-11-03T10:15:00Z"),
        (1_793_700_900.25, "2026-11-03T10:15:00.250Z"),
        (1_709_208_000.0, "2024-02-29T12:00:00Z"),
        (-2_203_891_200.0, "1900-03-01T00:00:00Z"),
    ])
    func formatsInUTC(seconds: Double, text: String) {
        #expect(Timestamp.format(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func formatNormalisesOffsetsToUTC() throws {
        let date = try #require(Timestamp.parse("2026-11-03T10:15:00-05:30"))
        #expect(Timestamp.format(date) == "2026-11-03T15:45:00Z")
    }

    @Test(arguments: [
        "2026-11-03T10:15:00Z", "2026-11-03T10:15:00.001Z", "2026-11-03T10:15:00.999Z",
        "1970-01-01T00:00:00.002Z", "1969-12-31T23:59:59.002Z", "1980-05-11T13:42:09.547Z",
        "2024-02-29T23:59:59.500Z", "1900-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
    ])
    func formatRoundTrips(text: String) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(Timestamp.format(date) == text)
        #expect(Timestamp.parse(Timestamp.format(date)) == date)
    }

    @Test func formatRoundTripsEveryMillisecondNearTheEpoch() throws {
        // Near 1970 a Date (seconds since 2001) cannot hold .002 exactly; formatting must
        // still print what was parsed.
        for millisecond in 1..<1000 {
            let digits = String(millisecond + 1000).dropFirst()
            let text = "1970-01-01T00:00:00.\(digits)Z"
            let date = try #require(Timestamp.parse(text))
            #expect(Timestamp.format(date) == text)
        }
    }
}
