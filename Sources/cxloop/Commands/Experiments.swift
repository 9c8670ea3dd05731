import ArgumentParser
import CXCore
import CXServer
import CXStore
import Foundation

struct Experiments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Create and inspect experiments: GrowthBook-compatible, sticky assignment with holdouts.",
        discussion: """
            A unit's bucket is GrowthBook's hash v2 of (salt, unit id); arms take ranges of the \
            bucket line by their shares (GrowthBook getBucketRanges), after --holdout percent of \
            units is kept out. Any GrowthBook SDK with hashVersion 2, the same seed (the salt) and \
            coverage 1 − holdout/100 reproduces an assignment. The first assignment of a unit is \
            stored and never moves; share changes apply to new units only.

            Examples:
              cxloop experiment create offer-q4 --arms control=50,treatment=50 --holdout 5 --primary nps
              cxloop experiment holdout 2          # the tenant's global holdout, declared once
              cxloop experiment list
              cxloop experiment show offer-q4 --format json
              cxloop experiment stop offer-q4
              cxloop experiment analyze offer-q4 --cuped
              cxloop experiment export offer-q4 --metric value > units.csv
              cxloop experiment analyze --from units.csv --cuped
            """,
        subcommands: [Create.self, List.self, Show.self, Stop.self, Holdout.self, ExperimentAnalyze.self, ExperimentExport.self,
                      RebuildSums.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an experiment, or change the shares of a running one (assigned units keep their arm).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Experiment key (letters, digits, '_' or '-').") var key: String
        @Option(help: "Arms and shares of the covered units, summing to 100: control=50,treatment=50.") var arms: String
        @Option(help: "Percent of units kept out of every arm (the experiment's holdout).") var holdout: Double = 0
        @Option(help: "Hash seed (default: the key).") var salt: String?
        @Option(help: "Unit randomised: customer or employee.") var unit: ExperimentDefinition.Unit = .customer
        @Option(help: "Primary metric, e.g. nps.") var primary: String?
        @Option(help: "Guardrail metrics, comma-separated, e.g. csat,ces,contacts.") var guardrails: String?
        @Option(help: "Start (RFC 3339); units asking earlier get no arm.") var start: String?
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func run() async throws {
            let definition = try validated()
            let (stored, created) = try await global.withTenant(tenant) { database, resolved in
                return try await PostgresExperimentRepository(database: database).put(tenant: resolved, definition: definition)
            }
            print("experiment \(stored.definition.key) \(created ? "created" : "updated"): "
                + definition.arms.map { "\($0.name) \($0.share)%" }.joined(separator: ", ")
                + (definition.holdoutPercent > 0 ? ", holdout \(definition.holdoutPercent)%" : ""))
        }

        private func validated() throws -> ExperimentDefinition {
            let parsedArms: [ExperimentDefinition.Arm]
            switch ExperimentDefinition.parseArms(arms) {
            case .success(let value): parsedArms = value
            case .failure(let failure): throw ValidationError(failure.issues.map(\.message).joined(separator: "; "))
            }
            var startDate: Date?
            if let start {
                guard let parsed = Timestamp.parse(start) else {
                    throw ValidationError("--start must be an RFC 3339 timestamp such as 2026-11-02T00:00:00Z")
                }
                startDate = parsed
            }
            let definition = ExperimentDefinition(
                key: key, arms: parsedArms, holdoutPercent: holdout, salt: salt, unit: unit, primaryMetric: primary,
                guardrails: guardrails.map { $0.split(separator: ",").map(String.init) } ?? [], start: startDate)
            let issues = definition.issues
            guard issues.isEmpty else {
                throw ValidationError(issues.map { "--\($0.field.split(separator: "[").first ?? ""): \($0.message)" }.joined(separator: "\n"))
            }
            return definition
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tenant's experiments.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            let experiments = try await global.withTenant(tenant) { database, resolved in
                return try await PostgresExperimentRepository(database: database).list(tenant: resolved)
            }
            switch format {
            case .json: print(try JSONText.encode(experiments.map { ExperimentBody($0) }))
            case .text:
                print(TextTable(header: ["experiment", "status", "arms", "holdout", "primary"], rows: experiments.map {
                    let definition = $0.definition
                    return [definition.key, $0.running ? "running" : "stopped",
                            definition.arms.map { "\($0.name)=\($0.share)" }.joined(separator: ","),
                            "\(definition.holdoutPercent)%", definition.primaryMetric ?? "-"]
                }).rendered)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one experiment.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Experiment key.") var key: String
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            let stored = try await global.withTenant(tenant) { database, resolved in
                return try await PostgresExperimentRepository(database: database).get(tenant: resolved, key: key)
            }
            guard let stored else {
                FileHandle.standardError.write(Data("Error: no experiment '\(key)'\n".utf8))
                throw ExitCode(65)
            }
            let summary = ExperimentBody(stored)
            switch format {
            case .json: print(try JSONText.encode(summary))
            case .text:
                print(TextTable(header: ["field", "value"], rows: [
                    ["experiment", summary.experiment], ["status", summary.status],
                    ["arms", summary.arms.map { "\($0.name) \($0.share)%" }.joined(separator: ", ")],
                    ["holdout", "\(summary.holdout)% (GrowthBook coverage \(stored.definition.coverage))"],
                    ["salt (hash seed)", summary.salt], ["unit", summary.unit.rawValue],
                    ["primary", summary.primary ?? "-"], ["guardrails", summary.guardrails.joined(separator: ", ")],
                ]).rendered)
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop assigning units to an experiment.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Experiment key.") var key: String
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func run() async throws {
            let stopped = try await global.withTenant(tenant) { database, resolved in
                return try await PostgresExperimentRepository(database: database).stop(tenant: resolved, key: key)
            }
            guard stopped else {
                FileHandle.standardError.write(Data("Error: no experiment '\(key)'\n".utf8))
                throw ExitCode(65)
            }
            print("experiment \(key) stopped; stored assignments are kept for analysis")
        }
    }

    struct RebuildSums: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild-sums",
            abstract: "Recompute an experiment's per-unit outcome and response sums from raw rows.",
            discussion: """
                The analysis reads value, contacts and cost, and response_rate, nps, csat and ces, over \
                the default window from per-unit sums that triggers keep equal to this rebuild as \
                outcomes, responses, assignments and survey versions change; rebuilding is for checking \
                or repairing them. Writers of the tenant's responses and outcomes wait meanwhile.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Experiment key.") var key: String
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func run() async throws {
            let units = try await global.withTenant(tenant, operationTimeout: StoredExperimentOptions.operationTimeout) { database, resolved in
                guard try await PostgresExperimentRepository(database: database).get(tenant: resolved, key: key) != nil else {
                    return nil as Int?
                }
                return try await ExperimentUnitSums(database: database).rebuild(tenant: resolved, experiment: key)
            }
            guard let units else {
                FileHandle.standardError.write(Data("Error: no experiment '\(key)'\n".utf8))
                throw ExitCode(65)
            }
            print("experiment \(key): sums of \(units) units rebuilt")
        }
    }

    struct Holdout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Declare the tenant's global holdout: a percentage of units no experiment ever treats.",
            discussion: "Declared once: changing it would move held-out units into experiments. Example: cxloop experiment holdout 2")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Percent of units, 0.1–20 (DESIGN.md suggests 1–5).") var percent: Double
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func validate() throws {
            guard GlobalHoldout.allowedPercent.contains(percent) else {
                throw ValidationError("the global holdout must be 0.1–20 percent, not \(percent)")
            }
        }

        func run() async throws {
            let holdout = try await global.withTenant(tenant) { database, resolved in
                return try await PostgresExperimentRepository(database: database).declareGlobalHoldout(tenant: resolved, percent: percent)
            }
            print("global holdout \(holdout.percent)% (hash seed '\(holdout.salt)')")
        }
    }
}

extension ExperimentDefinition.Unit: ExpressibleByArgument {}
