import ArgumentParser
import CXCore
import CXReports
import CXStore
import CXStats
import Foundation

/// `cxloop experiment analyze KEY` (a stored experiment, from the database) and
/// `cxloop experiment analyze --from FILE.csv` (a per-unit file): one engine (DESIGN.md §8).
struct ExperimentAnalyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse an experiment: SRM check, lifts with 95% CIs, Holm, guardrails, CUPED, sequential.",
        discussion: """
            Every arm is compared with the baseline (control, or --control) by GrowthBook's \
            frequentist engine: Welch t for the difference of means, the delta method for the \
            relative lift, Holm across arms × metrics (guardrails excluded: a guardrail is breached \
            when worse at unadjusted p < 0.05). The sample-ratio check comes first: when \
            p < 0.001 the assignment is broken and the results are not to be trusted.

            A stored experiment (KEY) is read in one SQL pass. Units enter at their first \
            assignment (intention to treat); the experiment's holdout is the arm "holdout". Each \
            unit's outcomes and responses count for --window days after its assignment (cut at \
            --as-of); the same days before it are the pre-period of --cuped. Over the default \
            window value, contacts and cost come from per-unit sums kept as outcomes arrive (a \
            unit with a summed outcome at or after --as-of is recounted from raw rows, so any \
            --as-of gives the same numbers); another --window recounts every raw outcome, which \
            takes longer on large experiments. Metrics: \
            \(ExperimentMetric.names). By default the experiment's primary metric and guardrails \
            and every other metric with data; retention adds a log-rank comparison of survival.

            A per-unit file (--from) is CSV with a header and one row per unit: \
            unit_id,arm,value[,pre_value] (variant is accepted for arm; other columns are ignored). \
            cxloop experiment export KEY --metric M writes that file from a stored experiment.

            --cuped adds the comparison adjusted by the pre-period value (one pooled slope per \
            pair, as GrowthBook). --sequential adds confidence sequences, valid however often you \
            look at a running experiment. JSON (DESIGN.md §8) is stable; a lift that cannot be \
            estimated (zero variance, a baseline mean of 0, fewer than 2 units) has null estimate \
            and ci95 and a "reason": zero_variance, zero_baseline_mean or too_few_units.

            Exit codes: 64 for a malformed request, 65 when the data cannot be analysed (unknown \
            experiment or arm; for a file the message names the line and column), 66 when the \
            file cannot be read.

            Examples:
              cxloop experiment analyze offer-q4
              cxloop experiment analyze offer-q4 --metrics nps,value,contacts --cuped --format json
              cxloop experiment analyze offer-q4 --as-of 2026-11-30T00:00:00Z --window 14
              cxloop experiment analyze offer-q4 --notify     # and queue experiment.verdict webhooks
              cxloop experiment analyze policies --control holdout --sequential
              cxloop experiment analyze --from offer-q4.csv
              cxloop experiment analyze --from signup.csv --metric-kind proportion
              cxloop experiment analyze --from q4.csv --control old --weights old=80,new=20
              cxloop experiment analyze --from revenue.csv --cuped --sequential --tuning 20000
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var stored: StoredExperimentOptions

    @Argument(help: "Stored experiment to analyse (or give --from).")
    var key: String?

    @Option(help: ArgumentHelp("Per-unit CSV file: unit_id,arm,value[,pre_value].", valueName: "file"))
    var from: String?

    @Option(help: ArgumentHelp("Metrics of a stored experiment, comma-separated.", valueName: "nps,value,..."))
    var metrics: String?

    @Option(help: "How a file's values are read: mean (any number) or proportion (0 or 1).")
    var metricKind: ExperimentMetricKind = .mean

    @Option(help: "The baseline arm every other arm is compared with (default control, else the first arm).")
    var control: String?

    @Flag(help: "Add the CUPED comparison, with the pre-period value as covariate.")
    var cuped = false

    @Flag(help: "Add confidence sequences (valid at any look) to each comparison.")
    var sequential = false

    @Option(help: "N*, the units at which the confidence sequence is tightest (with --sequential; default 5000).")
    var tuning: Double?

    @Option(help: ArgumentHelp("A file's intended split for the SRM check, e.g. control=50,treatment=50 (default: equal).",
                               valueName: "arm=share,..."))
    var weights: String?

    @Option(help: "Output: text, json, csv or markdown.")
    var format: ReportFormat = .text

    @Flag(help: "Also queue experiment.verdict (data: the analysis JSON) for the tenant's webhook endpoints (stored experiments only).")
    var notify = false

    func validate() throws {
        switch (key, from) {
        case (nil, nil): throw ValidationError("name a stored experiment (KEY) or a per-unit file (--from FILE.csv)")
        case (_?, _?): throw ValidationError("give either KEY or --from, not both")
        case (nil, _?):
            for (given, name) in [(metrics, "--metrics"), (stored.asOf, "--as-of"), (stored.tenant, "--tenant")] where given != nil {
                throw ValidationError("\(name) applies to a stored experiment, not to --from")
            }
            if notify { throw ValidationError("--notify applies to a stored experiment, not to --from") }
        case (_?, nil):
            if weights != nil { throw ValidationError("--weights applies to --from; a stored experiment's split is its shares") }
        }
        if let tuning {
            guard sequential else { throw ValidationError("--tuning applies only with --sequential") }
            guard tuning.isFinite, tuning > 0 else { throw ValidationError("--tuning must be a positive number of units, not \(tuning)") }
        }
        _ = try parsedWeights()
        _ = try parsedMetrics()
    }

    func run() async throws {
        let renderer: ReportRenderer
        let analysis: ExperimentAnalysis
        do {
            renderer = try await terminalRenderer()
            if let from {
                analysis = try fileAnalysis(from)
            } else {
                analysis = try await storedAnalysis()
            }
            print(try renderer.render(analysis, as: format), terminator: "")
            if notify {
                try await notifyWebhooks(global, tenant: stored.tenant, event: .experimentVerdict, data: try renderer.render(analysis, as: .json))
            }
        } catch let error as ReportError {
            throw error.exit(about: from)
        }
    }

    private var sequentialTuning: Double? {
        sequential ? tuning ?? ExperimentAnalysisRequest.defaultSequentialTuning : nil
    }

    /// The analysis of the per-unit file at `path`.
    private func fileAnalysis(_ path: String) throws -> ExperimentAnalysis {
        return try ExperimentAnalysis(csv: try InputFile.contents(of: path), request: ExperimentAnalysisRequest(
            experiment: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, kind: metricKind,
            control: control ?? "control", cuped: cuped, sequentialTuning: sequentialTuning, weights: try parsedWeights()))
    }

    /// The analysis of the stored experiment `key`.
    private func storedAnalysis() async throws -> ExperimentAnalysis {
        let request = try stored.request(key ?? "", metrics: try parsedMetrics(), control: control, cuped: cuped,
                                         sequentialTuning: sequentialTuning)
        return try await global.withTenant(stored.tenant, operationTimeout: StoredExperimentOptions.operationTimeout) { database, resolved in
            var request = request
            request.tenant = resolved
            return try await StoredExperimentAnalyzer(database: database).analyze(request)
        }
    }

    /// `--metrics` parsed, nil when not given.
    private func parsedMetrics() throws -> [ExperimentMetric]? {
        guard let metrics else { return nil }
        switch ExperimentMetric.parseList(metrics) {
        case .success(let list): return list
        case .failure(let failure): throw ValidationError(failure.issues.map(\.message).joined(separator: "; "))
        }
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
