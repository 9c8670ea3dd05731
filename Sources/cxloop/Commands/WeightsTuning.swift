import ArgumentParser
import CXCore
import CXDecide
import CXReports
import CXStats
import Foundation

extension Weights {
    /// `cxloop weights tune`: screen candidate θ offline.
    struct Tune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Screen candidate weights around production by off-policy evaluation of the decision log.",
            discussion: """
                Draws --candidates weight vectors θ around production (Halton points, normalised to \
                production's score scale), evaluates each on the logged decisions with the latest \
                effect model — doubly robust value of λ per decision, SNIPS as a cross-check — and \
                refuses those whose effective sample size is below --min-ess or whose guardrails' \
                one-sided 95% lower bound loses more than --tolerance of production's value. \
                Survivors are ranked by the upper bound of their value; the top --top are printed.

                Examples:
                  cxloop weights tune
                  cxloop weights tune --candidates 512 --guardrails csat,contacts --format json
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var learning: LearningOptions
        @OptionGroup var tuning: TuningOptions
        @Option(help: "How many of the best candidates to print.") var top: Int = 5
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            let (since, asOf) = try learning.period()
            let settings = try tuning.settings(top: top)
            do {
                let tuned = try await global.withTenant(learning.tenant, operationTimeout: LearningOptions.operationTimeout) { database, tenant in
                    try await PolicyLearning(database: database).tune(tenant: tenant, since: since, asOf: asOf, settings: settings)
                }
                switch format {
                case .json: print(tuned.result.json.serialized)
                case .text: Weights.printTuning(tuned)
                }
            } catch let error as ReportError {
                throw error.exit()
            }
        }
    }

    /// `cxloop weights propose`: run the best candidates as arms.
    struct Propose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the best tuned candidates as arms of a new experiment against production and a holdout.",
            discussion: """
                Tunes as `weights tune` does, stores the best --arms candidates as policy versions \
                KEY-c1, KEY-c2, … on the latest effect model, and creates experiment KEY whose arms \
                are production and those versions (equal shares) with a --holdout % holdout. Decide \
                with "experiment":"KEY" to serve it; judge it with `weights promote --experiment KEY`.

                Example:
                  cxloop weights propose --experiment weights-w48 --arms 2
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var learning: LearningOptions
        @OptionGroup var tuning: TuningOptions
        @Option(help: "The new experiment's key.") var experiment: String
        @Option(help: "Candidate arms (besides production).") var arms: Int = 2
        @Option(help: "Percent of units held out (served nothing).") var holdout: Double = 10

        func validate() throws {
            guard (1...8).contains(arms) else { throw ValidationError("--arms must be 1–8, not \(arms)") }
            guard holdout >= 0, holdout < 50 else { throw ValidationError("--holdout must be a percent in [0, 50), not \(holdout)") }
        }

        func run() async throws {
            let (since, asOf) = try learning.period()
            let settings = try tuning.settings(top: arms)
            do {
                let versions = try await global.withTenant(learning.tenant, operationTimeout: LearningOptions.operationTimeout) {
                    [experiment, arms, holdout] database, tenant in
                    let loop = PolicyLearning(database: database)
                    let tuned = try await loop.tune(tenant: tenant, since: since, asOf: asOf, settings: settings)
                    return try await loop.propose(tenant: tenant, experiment: experiment, arms: arms, holdoutPercent: holdout, tuning: tuned)
                }
                print("experiment \(experiment) runs production against \(versions.map(\.version).joined(separator: ", ")) "
                    + "with \(holdout)% held out")
                print("decide with {\"experiment\":\"\(experiment)\"}; then: cxloop weights promote --experiment \(experiment)")
            } catch let error as ReportError {
                throw error.exit()
            }
        }
    }

    /// `cxloop weights promote`: judge a trial.
    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Promote a trial's candidate only if it beats production with the guardrails held.",
            discussion: """
                Reads the experiment's units: each unit's realised value Σ λⱼ yⱼ over the window \
                (satisfaction weighted by the arm's response rate), one-sided Welch test of each \
                candidate against production, Holm across candidates; the guardrails (csat, \
                contacts) must not be significantly worse and the sample ratio test must pass. \
                A winner becomes production with its evidence (cxloop weights history); otherwise \
                production stays and the reason is printed. The experiment is stopped either way.

                Example:
                  cxloop weights promote --experiment weights-w48
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The trial's experiment key.") var experiment: String
        @OptionGroup var stored: StoredExperimentOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            let asOf = try stored.asOfDate() ?? Date()
            do {
                let verdict = try await global.withTenant(stored.tenant, operationTimeout: StoredExperimentOptions.operationTimeout) {
                    [experiment, stored] database, tenant in
                    try await PolicyLearning(database: database).promote(tenant: tenant, experiment: experiment, asOf: asOf,
                                                                         windowDays: stored.window)
                }
                switch format {
                case .json: print(verdict.evidence.serialized)
                case .text: Weights.printVerdict(verdict)
                }
            } catch let error as ReportError {
                throw error.exit()
            }
        }
    }

    static func printTuning(_ tuned: PolicyLearning.Tuning) {
        let result = tuned.result
        let objectives = tuned.production.weights.objectives
        let guardrails = result.production.guardrails.map(\.objective)
        func row(_ label: String, _ candidate: TuningCandidate) -> [String] {
            [label] + objectives.map { String(format: "%+.3f", candidate.theta[$0] ?? 0) }
                + [String(format: "%.2f", candidate.value),
                   String(format: "[%.2f, %.2f]", candidate.valueInterval.lower, candidate.valueInterval.upper),
                   String(format: "%.2f", candidate.selfNormalizedValue), String(format: "%.0f", candidate.effectiveSampleSize)]
                + candidate.guardrails.map { String(format: "%+.3f%@", $0.change, $0.held ? "" : " ✗") }
        }
        print(TextTable(header: ["candidate"] + objectives.map { "θ \($0)" } + ["DR value", "95% CI", "SNIPS", "ESS"]
                            + guardrails.map { "Δ \($0)" },
                        rows: [row(tuned.production.version, result.production)] + result.top.map { row($0.number == TuningCandidate.businessValue ? "θ ∝ λ" : "#\($0.number)", $0) }).rendered)
        print("\n\(result.drawn) candidates on \(tuned.decisions) decisions with \(tuned.model.version): \(result.survivors) survive screening"
            + (result.refusals.isEmpty ? "" : "; refused: " + result.refusals.sorted { $0.key < $1.key }.map { "\($0.value) (\($0.key))" }
                .joined(separator: ", ")))
    }

    static func printVerdict(_ verdict: PromotionVerdict) {
        let rows = verdict.comparisons.map { comparison in
            [comparison.arm, "\(comparison.value.count)", String(format: "%.2f", comparison.value.mean), String(format: "%+.2f", comparison.lift),
             String(format: "[%+.2f, %+.2f]", comparison.interval.lower, comparison.interval.upper),
             String(format: "%.4f", comparison.adjustedP), comparison.breaches.isEmpty ? "held" : "breached: " + comparison.breaches.joined(separator: ", ")]
        }
        let production = verdict.productionValue.map { [verdict.production, "\($0.count)", String(format: "%.2f", $0.mean), "", "", "", ""] }
        print(TextTable(header: ["arm", "n", "λ-value", "lift", "95% CI", "p (Holm, 1-sided)", "guardrails"],
                        rows: (production.map { [$0] } ?? []) + rows).rendered)
        print("\n" + (verdict.promoted.map { "promoted \($0): " } ?? "kept \(verdict.production): ") + verdict.reason)
    }
}
