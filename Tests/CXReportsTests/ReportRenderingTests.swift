import CXCore
import CXReports
import CXStore
import Foundation
import Testing

/// The report's behaviour from hand-made histograms (no database): disclosure in every
/// format, the text layout, and the errors a user can run into.
@Suite("Weekly report rendering and errors")
struct ReportRenderingTests {
    static let week = ISOWeek("2026-W45")!
    static let support = SurveyVersion(key: "support", version: 1, definition: SurveyDefinition(
        title: "Support follow-up", population: .customer,
        fields: [SurveyField(id: "nps", type: .nps), SurveyField(id: "sat", type: .csat, scale: [1, 5])]))
    static let pulse = SurveyVersion(key: "pulse", version: 1, definition: SurveyDefinition(
        title: "Pulse", population: .employee, fields: [SurveyField(id: "enps", type: .enps)]))

    /// `count` answers of each value in `values` for one cell.
    static func cells(_ survey: String, _ field: String, _ week: ISOWeek, segment: String? = nil,
                      _ values: [Int: Int]) -> [RollupCell] {
        values.map { RollupCell(survey: survey, field: field, week: week, segment: segment, value: Double($0.key), count: $0.value) }
    }

    /// Support: NPS jumps from all 7s to mostly 10s (▲); CSAT has a low-n week. Pulse: team
    /// a (20) and team b (3, hidden) and, by the complement guard, team a too.
    static let store = MemoryReportRepository(
        cells: cells("support", "nps", week, [10: 80, 7: 20]) + cells("support", "nps", week.advanced(by: -1), [7: 100, 9: 10])
            + cells("support", "sat", week, [5: 10, 2: 5]) + cells("support", "sat", week.advanced(by: -1), [4: 40])
            + cells("pulse", "enps", week, [9: 20, 3: 3]),
        segments: ["team": cells("pulse", "enps", week, segment: "a", [9: 20]) + cells("pulse", "enps", week, segment: "b", [3: 3])],
        lifetimes: [LifetimeGroup(days: 10, churned: true, units: 1), LifetimeGroup(days: 100, churned: false, units: 3)],
        loyalty: LoyaltyCounts(membersAtStart: 4, retained: 3))

    static func generator() -> ReportGenerator {
        ReportGenerator(surveys: MemorySurveyRepository(surveys: [support, pulse]), store: store)
    }

    static func renderer(colour: Bool = false) async throws -> ReportRenderer {
        let directory = ResourceDirectory.find("dashboards-text", variable: "CXLOOP_TEMPLATES")!
        return ReportRenderer(templates: try await ReportTemplates.load(directory: directory), style: TextStyle(colour: colour))
    }

    @Test("text: fits 80 columns, flags the planted change, marks low n, hides the small employee cut")
    func text() async throws {
        let report = try await Self.generator().weekly(WeeklyReportRequest(tenant: "acme", week: Self.week, segmentAttribute: "team"))
        let text = try await Self.renderer().render(report, as: .text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        let nps = try #require(lines.first { $0.hasPrefix("  NPS ") })
        #expect(nps.contains("+70.9 ▲"))  // 100·80/100 − 100·10/110
        let csat = try #require(lines.first { $0.hasPrefix("  CSAT sat") })
        #expect(csat.contains("66.7%") && csat.contains("15*"))
        // Team b has 3 respondents; team a would reveal them by subtraction, so both are hidden.
        #expect(lines.filter { $0.contains("hidden:") }.count == 2)
        #expect(!text.contains("\u{1B}["))
        #expect(text.contains("Week 2026-11-02 00:00 to 2026-11-09 00:00 UTC"))
        let coloured = try await Self.renderer(colour: true).render(report, as: .text)
        #expect(coloured.contains("\u{1B}[32m▲\u{1B}[0m"))
    }

    @Test("json: suppressed rows keep their place with every number null, in every format")
    func suppressedEverywhere() async throws {
        let report = try await Self.generator().weekly(WeeklyReportRequest(tenant: "acme", week: Self.week, segmentAttribute: "team"))
        let rows = try #require(report.json.objectValue?["rows"].flatMap { if case .array(let rows) = $0 { rows } else { nil } })
        let teams = rows.filter { $0.objectValue?["survey"] == .string("pulse") && $0.objectValue?["segment"] != .null }
        #expect(teams.count == 2)
        for team in teams {
            let row = try #require(team.objectValue)
            for key in ["value", "n", "ci95", "previous", "delta", "p_value", "p_adjusted", "flag"] {
                #expect(row[key] == .null, "\(key)")
            }
            #expect(row["suppressed"] == .bool(true))
            #expect(row["trend"] == .array(Array(repeating: .null, count: 12)))
        }
        let renderer = try await Self.renderer()
        let csv = try renderer.render(report, as: .csv)
        #expect(csv.contains("pulse,enps,enps,team,b,,,,,,,,,,,false,true"))
        let markdown = try renderer.render(report, as: .markdown)
        #expect(markdown.contains("| b | hidden |"))
        #expect(!markdown.contains("| b | 3"))
    }

    @Test("errors name the problem: unknown survey, unknown attribute, wrong field type, low threshold")
    func errors() async throws {
        let generator = Self.generator()
        await #expect(throws: ReportError(.data, "unknown survey 'suport' for tenant acme; its surveys are: pulse, support")) {
            try await generator.weekly(WeeklyReportRequest(tenant: "acme", week: Self.week, surveys: ["suport"]))
        }
        let typo = await #expect(throws: ReportError.self) {
            try await generator.weekly(WeeklyReportRequest(tenant: "acme", week: Self.week, segmentAttribute: "tema"))
        }
        #expect(typo?.code == .data && typo?.message.contains("'tema'") == true)
        let wrongType = await #expect(throws: ReportError.self) {
            try await generator.trend(TrendRequest(tenant: "acme", survey: "support", metric: .nps, field: "sat", week: Self.week))
        }
        #expect(wrongType?.message == "nps is not defined on field sat of survey support, which is of type csat")
        let threshold = await #expect(throws: ReportError.self) {
            try await generator.weekly(WeeklyReportRequest(tenant: "acme", week: Self.week, anonymityThreshold: 2))
        }
        #expect(threshold?.code == .usage)
        // Employee weeks in another zone could be subtracted from UTC weeks: refused.
        let amsterdam = try #require(TimeZone(identifier: "Europe/Amsterdam"))
        let shifted = await #expect(throws: ReportError.self) {
            try await generator.weekly(WeeklyReportRequest(tenant: "acme", week: Self.week, timeZone: amsterdam))
        }
        #expect(shifted?.code == .usage && shifted?.message.hasPrefix("employee survey pulse") == true)
        _ = try await generator.weekly(WeeklyReportRequest(tenant: "acme", week: Self.week, surveys: ["support"], timeZone: amsterdam))
    }

    @Test("a week without answers is an explicit no-responses row, not zeros")
    func noResponses() async throws {
        let report = try await Self.generator().weekly(WeeklyReportRequest(tenant: "acme", week: Self.week.advanced(by: 3),
                                                                           surveys: ["support"]))
        let row = try #require(report.rows.first)
        #expect(row.current?.n == 0 && row.current?.value == nil && row.isLowN)
        let text = try await Self.renderer().render(report, as: .text)
        #expect(text.contains("no responses"))
    }
}
