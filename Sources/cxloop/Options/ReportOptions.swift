import ArgumentParser
import CXCore
import CXReports
import Foundation

extension ReportFormat: ExpressibleByArgument {}
extension MetricKind: ExpressibleByArgument {}

/// Options every report command shares: week, zone, format, tenant and the anonymity threshold.
struct ReportOptions: ParsableArguments {
    @Option(help: "ISO week, e.g. 2026-W45 (default: the last complete week in --tz).")
    var week: String?

    @Option(help: "IANA time zone whose Mondays bound the weeks, e.g. Europe/Amsterdam (default UTC). Other than UTC the report reads raw answers, since rollups are UTC.")
    var tz: String = "UTC"

    @Option(help: "Output: text, json, csv or markdown.")
    var format: ReportFormat = .text

    @Option(help: "Tenant (default: the only tenant).")
    var tenant: String?

    @Option(help: "Employee results with fewer respondents are hidden (minimum 3; default CXLOOP_ANONYMITY_THRESHOLD or 5).")
    var anonymityThreshold: Int?

    func validate() throws {
        if let week, ISOWeek(week) == nil {
            throw ValidationError("--week must be an ISO week like 2026-W45 (and the year must have that week), not '\(week)'")
        }
        guard TimeZone(identifier: tz) != nil else {
            throw ValidationError("--tz must be an IANA time zone such as UTC or Europe/Amsterdam, not '\(tz)'")
        }
        if try threshold() < DisclosurePolicy.minimumAnonymityThreshold {
            throw ValidationError("the anonymity threshold must be at least \(DisclosurePolicy.minimumAnonymityThreshold)")
        }
    }

    var timeZone: TimeZone { TimeZone(identifier: tz) ?? .gmt }

    /// `--week`, or the last complete week in the zone.
    func reportWeek(now: Date = Date()) -> ISOWeek {
        week.flatMap(ISOWeek.init) ?? ISOWeek(containing: now, in: timeZone).advanced(by: -1)
    }

    /// `--anonymity-threshold`, else `CXLOOP_ANONYMITY_THRESHOLD`, else 5.
    func threshold() throws -> Int {
        if let anonymityThreshold { return anonymityThreshold }
        guard let text = ProcessInfo.processInfo.environment["CXLOOP_ANONYMITY_THRESHOLD"] else {
            return DisclosurePolicy.defaultAnonymityThreshold
        }
        guard let value = Int(text) else {
            throw ValidationError("CXLOOP_ANONYMITY_THRESHOLD must be an integer, not '\(text)'")
        }
        return value
    }

}

/// The renderer with the templates of `dashboards-text/` for this process's stdout: colour
/// only on a terminal without NO_COLOR.
func terminalRenderer() async throws(ReportError) -> ReportRenderer {
    ReportRenderer(templates: try await ReportTemplates.load(),
                   style: TextStyle(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) != 0))
}
