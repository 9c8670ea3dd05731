import ArgumentParser
import CXCore
import CXReports
import CXStore
import Foundation

/// `cxloop experiment export KEY --metric M`: a stored experiment's per-unit values as the
/// file `experiment analyze --from` reads.
struct ExperimentExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a stored experiment's per-unit values of one metric as CSV: unit_id,arm,value,pre_value.",
        discussion: """
            The values are those experiment analyze KEY aggregates (same windows, same units), so \
            experiment analyze --from on the file gives the same numbers — for offline analysis, \
            a notebook, or another tool. Units without a value (non-respondents of a survey \
            metric, units whose retention horizon has not passed) are left out; pre_value is empty \
            for retention. A proportion metric's file is read with --metric-kind proportion.

            Examples:
              cxloop experiment export offer-q4 --metric value > offer-q4-value.csv
              cxloop experiment analyze --from offer-q4-value.csv --cuped
              cxloop experiment export offer-q4 --metric csat --as-of 2026-11-30T00:00:00Z --output csat.csv
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var stored: StoredExperimentOptions
    @Argument(help: "Experiment key.") var key: String
    @Option(help: "Metric: \(ExperimentMetric.names).") var metric: ExperimentMetric
    @Option(help: "Write to this file instead of stdout.") var output: String?

    func run() async throws {
        let request = try stored.request(key, metrics: [metric])
        let rows: [ExperimentUnitValue]
        do {
            rows = try await global.withTenant(stored.tenant, operationTimeout: StoredExperimentOptions.operationTimeout) { [metric] database, resolved in
                var request = request
                request.tenant = resolved
                return try await StoredExperimentAnalyzer(database: database).unitValues(request, metric: metric)
            }
        } catch let error as ReportError {
            FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
            throw ExitCode(error.code == .usage ? 64 : 65)
        }
        let text = ExperimentUnitValue.csv(rows)
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                FileHandle.standardError.write(Data("Error: cannot write \(output): \(error.localizedDescription)\n".utf8))
                throw ExitCode(73)
            }
        } else {
            print(text, terminator: "")
        }
    }
}
