import CXCore
import CXReports
import CXStore
import CXTestSupport
import Foundation
import PostgresNIO
import Testing

/// `report weekly|trend --format json` equals the independent recomputation of
/// `Reference/make_reference.py` (numpy/scipy, written from DESIGN.md §6/§8 without reading
/// cxloop's code) to 1e-9: metrics, intervals, tests, Holm, flags, suppression and the
/// complement guard, retention.
@Suite("Weekly report against the independent reference")
struct ReferenceReportTests {
    static let week = ISOWeek("2026-W45")!
    /// After the last reference data, so the cut-off is the week's end.
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func generate<T: Sendable>(_ body: @escaping @Sendable (ReportGenerator) async throws -> T) async throws -> T {
        let configuration = try await ReferenceDataset.loaded.value
        return try await TestCluster.shared.database(configuration).withRunning { database in
            try await body(ReportGenerator(surveys: PostgresSurveyRepository(database: database),
                                           store: PostgresReportRepository(database: database)))
        }
    }

    @Test("report weekly", arguments: [
        ("expected-weekly.json", nil, nil),
        ("expected-weekly-by-segment.json", "support", "segment"),
        ("expected-pulse-by-team.json", "pulse", "team"),
    ] as [(String, String?, String?)])
    func weekly(expectedFile: String, survey: String?, by: String?) async throws {
        let request = WeeklyReportRequest(tenant: ReferenceDataset.tenant, week: Self.week, surveys: survey.map { [$0] },
                                          segmentAttribute: by, now: Self.now)
        let report = try await Self.generate { try await $0.weekly(request) }
        let differences = JSONTolerance.differences(report.json, try ReferenceDataset.expected(expectedFile))
        #expect(differences.isEmpty, "\(differences.count) differences, first: \(differences.prefix(20).joined(separator: "\n"))")
    }

    @Test("report trend --metric nps --survey support --weeks 26")
    func trend() async throws {
        let request = TrendRequest(tenant: ReferenceDataset.tenant, survey: "support", metric: .nps, weeks: 26, week: Self.week)
        let report = try await Self.generate { try await $0.trend(request) }
        let differences = JSONTolerance.differences(report.json, try ReferenceDataset.expected("expected-trend-nps.json"))
        #expect(differences.isEmpty, "\(differences.count) differences, first: \(differences.prefix(20).joined(separator: "\n"))")
    }

    /// Europe/London is UTC+0 in November but has summer time, so the report reads the raw
    /// answers instead of the UTC rollups: the report week and the
    /// previous one (both in GMT) must equal the reference; only trend weeks in summer
    /// time (W34–W43) may differ.
    @Test("--tz reads raw answers and agrees with the rollups where the zones agree")
    func rawPathInAnotherZone() async throws {
        let london = try #require(TimeZone(identifier: "Europe/London"))
        // Customer surveys only: employee results are refused outside UTC weeks.
        let request = WeeklyReportRequest(tenant: ReferenceDataset.tenant, week: Self.week, surveys: ["support"],
                                          segmentAttribute: "segment", timeZone: london, now: Self.now)
        let report = try await Self.generate { try await $0.weekly(request) }
        #expect(!report.readRollups)
        let differences = JSONTolerance.differences(report.json, try ReferenceDataset.expected("expected-weekly-by-segment.json"))
        let outsideSummerTrend = differences.filter { difference in
            !(0...9).contains { difference.contains(".trend[\($0)]") }
        }
        #expect(outsideSummerTrend.isEmpty, "\(outsideSummerTrend.prefix(20).joined(separator: "\n"))")
    }

    /// The rollups built by ingestion (replays, partials completed in another week or
    /// segment, index scores) equal a rebuild from the stored answers and scores.
    @Test("incremental rollups equal cxloop rollup rebuild on the reference data")
    func rollupsEqualRebuild() async throws {
        let configuration = try await ReferenceDataset.loaded.value
        try await TestCluster.shared.database(configuration).withRunning { database in
            let snapshot: PostgresQuery = """
                SELECT survey_key || '|' || field_id || '|' || week || '|' || segment_key || '=' || segment_value
                       || '|' || value || '|' || count
                FROM answer_rollups WHERE tenant_id = 'ref' AND count <> 0 ORDER BY 1
                """
            let incremental = try await database.rows(snapshot) { try $0.decode(String.self) }
            #expect(incremental.contains { $0.hasPrefix("pulse|index:engagement|") })
            let rebuilt = try await PostgresIngestStore(database: database).rebuildRollups(tenant: ReferenceDataset.tenant)
            #expect(rebuilt == incremental.count)
            #expect(try await database.rows(snapshot) { try $0.decode(String.self) } == incremental)
        }
    }
}
