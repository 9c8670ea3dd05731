import ArgumentParser
import CXCore
import CXDecide
import CXReports
import Foundation

/// `cxloop models fit|show`: the NBX effect models ŝⱼ(action, channel, segment).
struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Effect models of the next best experience: fit them from the decision log, show them.",
        discussion: """
            `fit` reads the logged decisions and the outcomes and survey answers attributed to \
            them (last touch, within each objective's window), estimates each action's uplift \
            against doing nothing per channel and segment, shrinks thin cells toward the action's \
            overall effect (empirical Bayes) and stores the result as a new version (effects-N). \
            Policy versions name the model they score with; `weights propose` uses the latest.

            Examples:
              cxloop models fit
              cxloop models fit --since-days 28 --window value=30,satisfaction=7
              cxloop models show --format json
            """,
        subcommands: [Fit.self, Show.self])

    struct Fit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fit and store a new effect model version.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var learning: LearningOptions
        @Option(help: "Attribution windows in days per objective, e.g. value=30,effort=7 (default 14 each).")
        var window: String?

        func validate() throws {
            _ = try windows()
        }

        func run() async throws {
            let (since, asOf) = try learning.period()
            let windows = try windows()
            do {
                let model = try await global.withTenant(learning.tenant, operationTimeout: LearningOptions.operationTimeout) { database, tenant in
                    try await PolicyLearning(database: database).fit(tenant: tenant, since: since, asOf: asOf, windows: windows)
                }
                print("effect model \(model.version) fitted on decisions from \(Timestamp.format(since)) to \(Timestamp.format(asOf))\n")
                Models.printSummary(model)
            } catch let error as ReportError {
                throw error.exit()
            }
        }

        private func windows() throws -> [Objective: Double] {
            guard let window else { return [:] }
            var windows: [Objective: Double] = [:]
            for pair in window.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, Objective(parts[0]).isValid, let days = Double(parts[1]), days.isFinite, days > 0 else {
                    throw ValidationError("--window takes objective=days pairs such as value=30,effort=7; '\(pair)' is not one")
                }
                windows[Objective(parts[0])] = days
            }
            return windows
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the latest effect model, or VERSION.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A model version (default: the latest).") var version: String?
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            do {
                let model = try await global.withTenant(tenant) { [version] database, resolved in
                    try await PolicyLearning(database: database).model(tenant: resolved, version: version)
                }
                switch format {
                case .json: print(try model.json.serialized)
                case .text: Models.printSummary(model)
                }
            } catch let error as ReportError {
                throw error.exit()
            }
        }
    }

    /// The model's estimates as a table: one row per action, channel and segment.
    static func printSummary(_ model: EffectModel) {
        let objectives = Array(Set(model.cells.map(\.objective))).sorted()
        let rows = Dictionary(grouping: model.cells) { "\($0.action)|\($0.channel.rawValue)|\($0.segment)" }
            .sorted { $0.key < $1.key }
            .map { _, cells -> [String] in
                let first = cells[0]
                return [first.action, first.channel.rawValue, first.segment, "\(cells.map(\.count).max() ?? 0)"] + objectives.map { objective in
                    cells.first { $0.objective == objective }.map { String(format: "%+.3f", $0.estimate) } ?? "-"
                }
            }
        print(TextTable(header: ["action", "channel", "segment", "n"] + objectives.map { "ŝ \($0)" }, rows: rows).rendered)
        print("\n\(model.version) · fitted \(Timestamp.format(model.fittedAt)) · windows "
            + model.windows.sorted { $0.key < $1.key }.map { "\($0.key) \(Int($0.value))d" }.joined(separator: ", "))
    }
}
