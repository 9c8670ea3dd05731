import ArgumentParser
import CXCore
import CXReports
import CXStore
import Foundation

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Weekly CX report and metric trends, read from the weekly rollups.",
        discussion: """
            Metrics (DESIGN.md §6): NPS, CSAT (% top-2-box), CES (mean, % agree), eNPS and the \
            engagement index per survey field, with 95% intervals and week-over-week tests \
            (Holm-adjusted across the report), plus customer retention (Kaplan–Meier) and \
            loyalty retention. Employee results below the anonymity threshold are hidden in \
            every format.

            Exit codes: 64 for a malformed request (week, zone, metric, threshold), 65 when \
            the data cannot answer it (unknown survey, a metric the survey does not have).

            Examples:
              cxloop report weekly
              cxloop report weekly --week 2026-W45 --by segment --format markdown
              cxloop report trend --metric nps --survey support --weeks 26 --format csv
            """,
        subcommands: [Weekly.self, Trend.self])

    struct Weekly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One row per metric and survey field: this week against the previous one, 12-week sparkline, retention.",
            discussion: """
                ▲/▼ flag a change only when it is significant after Holm across the report's \
                rows and both weeks have at least 30 answers; * marks low n (< 30). With --by, \
                each row is followed by one row per value of the attribute.

                Examples:
                  cxloop report weekly --week 2026-W45
                  cxloop report weekly --survey support --by segment
                  cxloop report weekly --format json > week45.json
                  NO_COLOR=1 cxloop report weekly --tz Europe/Amsterdam
                  cxloop report weekly --notify          # and queue report.weekly_ready webhooks
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: ReportOptions
        @Option(help: "Survey key to report (repeatable; default: every survey).") var survey: [String] = []
        @Option(help: "Attribute to split each row by, e.g. segment, region, team.") var by: String?
        @Flag(help: "Also queue report.weekly_ready (data: the report's JSON) for the tenant's webhook endpoints.") var notify = false

        func run() async throws {
            let renderer = try await terminalRenderer()
            let threshold = try options.threshold()
            let report = try await reporting(global, tenant: options.tenant) { generator, tenant in
                try await generator.weekly(WeeklyReportRequest(
                    tenant: tenant, week: options.reportWeek(), surveys: survey.isEmpty ? nil : survey,
                    segmentAttribute: by, timeZone: options.timeZone, anonymityThreshold: threshold))
            }
            print(try renderer.render(report, as: options.format), terminator: "")
            if notify {
                try await notifyWebhooks(global, tenant: report.tenant, event: .weeklyReportReady, data: try renderer.render(report, as: .json))
            }
        }
    }

    struct Trend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The weekly series of one metric with 95% intervals, for charts and spreadsheets.",
            discussion: """
                Examples:
                  cxloop report trend --metric nps --survey support
                  cxloop report trend --metric ces --survey support --field effort --weeks 52 --format csv
                  cxloop report trend --metric engagement --survey pulse --format json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: ReportOptions
        @Option(help: "Metric: \(MetricKind.allCases.map(\.rawValue).joined(separator: ", ")).") var metric: MetricKind
        @Option(help: "Survey key.") var survey: String
        @Option(help: "Field id (or index name for engagement) when the survey has several of the metric.") var field: String?
        @Option(help: "Number of weeks, ending with --week.") var weeks: Int = 26

        func validate() throws {
            guard (1...520).contains(weeks) else { throw ValidationError("--weeks must be 1–520, not \(weeks)") }
        }

        func run() async throws {
            let renderer = try await terminalRenderer()
            let threshold = try options.threshold()
            let report = try await reporting(global, tenant: options.tenant) { generator, tenant in
                try await generator.trend(TrendRequest(
                    tenant: tenant, survey: survey, metric: metric, field: field, weeks: weeks,
                    week: options.reportWeek(), timeZone: options.timeZone, anonymityThreshold: threshold))
            }
            print(try renderer.render(report, as: options.format, threshold: threshold), terminator: "")
        }
    }
}

/// Runs `body` with a report generator on the configured database, mapping `ReportError` to
/// exit codes 64 (usage) and 65 (data) with its message on stderr.
func reporting<T: Sendable>(
    _ global: GlobalOptions, tenant: String?, _ body: @escaping @Sendable (ReportGenerator, String) async throws -> T
) async throws -> T {
    do {
        return try await global.withTenant(tenant) { database, resolved in
            return try await body(ReportGenerator(surveys: PostgresSurveyRepository(database: database),
                                                  store: PostgresReportRepository(database: database)), resolved)
        }
    } catch let error as ReportError {
        FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
        throw ExitCode(error.code == .usage ? 64 : 65)
    }
}
