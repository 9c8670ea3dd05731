import CXCore
import CXReports
import CXStore
import CXTestSupport
import Foundation
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
        return try await Database(configuration: configuration, logger: TestCluster.shared.logger).withRunning { database in
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
}
