import ArgumentParser
import CXCore
import CXStore
import Foundation

/// `cxloop weights put|show|history|apply`: immutable policy versions and which one decides.
struct Weights: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "Policy versions of the next best experience: θ, λ, β, ε, κ; which one is in production.",
        discussion: """
            A policy version is immutable: θ weighs each objective's uplift into the score \
            S = Σ θⱼ ŝⱼ − κ·(recent contacts), λ weighs realised outcomes into business value, β is \
            the softmax inverse temperature and ε the exploration floor (π = (1 − ε) softmax(βS) + \
            ε/K). `apply` makes a version production and records why; `history` lists every change.

            FILE: {"version":"v1","weights":{"theta":{"value":1,"satisfaction":50,"cost":1},
                   "lambda":{"value":1,"satisfaction":50},"beta":0.5,"epsilon":0.1,"kappa":0.2}}

            Examples:
              cxloop weights put v1.json
              cxloop weights apply v1 --reason "first production policy"
              cxloop weights show
              cxloop weights history
              cxloop weights tune                          # screen candidate θ offline
              cxloop weights propose --experiment w48 --arms 2
              cxloop weights promote --experiment w48
            """,
        subcommands: [Put.self, Show.self, History.self, Apply.self, Tune.self, Propose.self, Promote.self])

    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store a new policy version (the same version twice is a no-op).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "JSON file of the version.") var file: String
        @Option(help: "A note stored with the version.") var note: String = ""
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func run() async throws {
            let policy = try InputFile.valid(PolicyVersion.parse(try InputFile.json(file)), in: file)
            let created = try await Weights.run(global, tenant) { [note] database, resolved in
                try await PostgresDecideRepository(database: database).putPolicy(tenant: resolved, policy: policy, note: note)
            }
            print("policy version \(policy.version) \(created ? "stored" : "already stored, unchanged")")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the production version, or VERSION.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A version (default: production).") var version: String?
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            let policy = try await Weights.run(global, tenant) { [version] database, resolved in
                let repository = PostgresDecideRepository(database: database)
                if let version {
                    return try await repository.policies(tenant: resolved).first { $0.policy.version == version }?.policy
                }
                return try await repository.production(tenant: resolved)
            }
            guard let policy else {
                FileHandle.standardError.write(Data("Error: \(version.map { "no policy version '\($0)'" } ?? "no production policy yet; cxloop weights apply VERSION")\n".utf8))
                throw ExitCode(65)
            }
            switch format {
            case .json: print(try JSONText.encode(policy))
            case .text:
                let weights = policy.weights
                print(TextTable(header: ["objective", "θ (policy)", "λ (value)"], rows: weights.objectives.map { objective in
                    [objective.name, weights.theta[objective].map { "\($0)" } ?? "-", weights.lambda[objective].map { "\($0)" } ?? "-"]
                }).rendered)
                print("version \(policy.version) · β \(weights.inverseTemperature) · ε \(weights.exploration) · κ \(weights.fatiguePrice) "
                    + "per contact in \(weights.fatigueWindowDays) days · effects \(policy.modelVersion ?? "priors")")
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every stored version and every change of production, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func run() async throws {
            let (policies, applications) = try await Weights.run(global, tenant) { database, resolved in
                let repository = PostgresDecideRepository(database: database)
                return (try await repository.policies(tenant: resolved), try await repository.history(tenant: resolved))
            }
            print(TextTable(header: ["applied at", "version", "reason"], rows: applications.map {
                [Timestamp.format($0.appliedAt), $0.version, $0.reason]
            }).rendered)
            print("")
            print(TextTable(header: ["version", "created", "note"], rows: policies.reversed().map {
                [$0.policy.version, Timestamp.format($0.createdAt), $0.note]
            }).rendered)
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make VERSION the production policy.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The version.") var version: String
        @Option(help: "Why, recorded with the change.") var reason: String = "applied by hand"
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func run() async throws {
            try await Weights.run(global, tenant) { [version, reason] database, resolved in
                try await PostgresDecideRepository(database: database).apply(tenant: resolved, version: version, reason: reason,
                                                                             evidence: nil)
            }
            print("policy version \(version) is in production")
        }
    }

    /// Runs `body` with the tenant; a store error naming something missing or conflicting exits 65.
    static func run<T: Sendable>(_ global: GlobalOptions, _ tenant: String?,
                                 _ body: @escaping @Sendable (Database, String) async throws -> T) async throws -> T {
        do {
            return try await global.withTenant(tenant, body)
        } catch let error as StoreError where error.code == .notFound || error.code == .conflict {
            FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
            throw ExitCode(65)
        }
    }
}
