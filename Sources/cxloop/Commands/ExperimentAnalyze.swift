import ArgumentParser
import CXReports
import CXStats
import Foundation

/// `cxloop experiment analyze --from FILE.csv`: the offline analysis of a per-unit file with the
/// engine the stored experiments use (DESIGN.md §8).
struct ExperimentAnalyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse an experiment from a per-unit file: SRM check, lifts with 95% CIs, Holm, CUPED, sequential.",
        discussion: """
            The file is CSV with a header and one row per unit: unit_id,arm,value[,pre_value] \
            (variant is accepted for arm; other columns are ignored). Every arm is compared with \
            the baseline (control, or --control) by GrowthBook's frequentist engine: Welch t for \
            the difference of means, the delta method for the relative lift, Holm across the \
            comparisons. The sample-ratio check (χ² against --weights, equal by default) comes \
            first: when p < 0.001 the assignment is broken and the results are not to be trusted.

            --cuped adds the comparison adjusted by pre_value (one pooled slope per pair, as \
            GrowthBook). --sequential adds confidence sequences, valid however often you look at \
            a running experiment. JSON (DESIGN.md §8) is stable; a lift that cannot be estimated \
            (zero variance, a baseline mean of 0, fewer than 2 units) has null estimate and ci95 \
            and a "reason": zero_variance, zero_baseline_mean or too_few_units.

            Analysis of a stored experiment (experiment analyze KEY) comes with exposures; until \
            then --from is required.

            Exit codes: 64 for a malformed request (--weights, --tuning), 65 when the file cannot \
            be analysed (the message names the line and column), 66 when it cannot be read.

            Examples:
              cxloop experiment analyze --from offer-q4.csv
              cxloop experiment analyze --from signup.csv --metric-kind proportion
              cxloop experiment analyze --from q4.csv --control old --weights old=80,new=20
              cxloop experiment analyze --from revenue.csv --cuped --sequential
              cxloop experiment analyze --from revenue.csv --sequential --tuning 20000
              cxloop experiment analyze --from q4.csv --format json > q4-analysis.json
            """)

    @Option(help: ArgumentHelp("Per-unit CSV file: unit_id,arm,value[,pre_value].", valueName: "file"))
    var from: String

    @Option(help: "How values are read: mean (any number) or proportion (0 or 1).")
    var metricKind: ExperimentMetricKind = .mean

    @Option(help: "The baseline arm every other arm is compared with.")
    var control: String = "control"

    @Flag(help: "Add the CUPED comparison, with the file's pre_value as covariate.")
    var cuped = false

    @Flag(help: "Add confidence sequences (valid at any look) to each comparison.")
    var sequential = false

    @Option(help: "N*, the units at which the confidence sequence is tightest (with --sequential; default 5000).")
    var tuning: Double?

    @Option(help: ArgumentHelp("Intended split for the SRM check, e.g. control=50,treatment=50 (default: equal).",
                               valueName: "arm=share,..."))
    var weights: String?

    @Option(help: "Output: text, json, csv or markdown.")
    var format: ReportFormat = .text

    func validate() throws {
        if let tuning {
            guard sequential else { throw ValidationError("--tuning applies only with --sequential") }
            guard tuning.isFinite, tuning > 0 else { throw ValidationError("--tuning must be a positive number of units, not \(tuning)") }
        }
        _ = try parsedWeights()
    }

    func run() async throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: from))
        } catch {
            FileHandle.standardError.write(Data("Error: cannot read \(from): \(error.localizedDescription)\n".utf8))
            throw ExitCode(66)
        }
        let request = ExperimentAnalysisRequest(
            experiment: URL(fileURLWithPath: from).deletingPathExtension().lastPathComponent, kind: metricKind,
            control: control, cuped: cuped,
            sequentialTuning: sequential ? tuning ?? ExperimentAnalysisRequest.defaultSequentialTuning : nil,
            weights: try parsedWeights())
        let analysis: ExperimentAnalysis
        do {
            analysis = try ExperimentAnalysis(csv: data, request: request)
        } catch {
            throw Self.exit(error, about: from)
        }
        do {
            let renderer = try await terminalRenderer()
            print(try renderer.render(analysis, as: format), terminator: "")
        } catch {
            throw Self.exit(error)
        }
    }

    /// Writes `error` to stderr (prefixed by the file it is about) and returns its exit code:
    /// 64 for usage, 65 for data.
    private static func exit(_ error: ReportError, about file: String? = nil) -> ExitCode {
        FileHandle.standardError.write(Data("Error: \(file.map { "\($0): " } ?? "")\(error.message)\n".utf8))
        return ExitCode(error.code == .usage ? 64 : 65)
    }

    /// `--weights` parsed, nil when not given.
    private func parsedWeights() throws -> [String: Double]? {
        guard let weights else { return nil }
        do {
            return try ExperimentAnalysisRequest.parseWeights(weights)
        } catch {
            throw ValidationError(error.message)
        }
    }
}

extension ExperimentMetricKind: ExpressibleByArgument {}
