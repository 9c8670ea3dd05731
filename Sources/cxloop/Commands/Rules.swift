import ArgumentParser
import CXCore
import CXStore
import Foundation

/// `cxloop rules put FILE|show`: context suppression rules and contact caps, as data.
struct Rules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "When not to contact: suppression after recent events, and contact caps per channel.",
        discussion: """
            FILE: {"suppression":[{"name":"no-promo-after-complaint","kinds":["offer"],
                                   "after_event":"complaint","within_days":14}],
                   "caps":[{"channel":"sms","max":2,"window_days":7}]}
            A suppression rule keeps actions of its kinds (all when omitted) off its channels (all
            when omitted) for a unit with the event in the last within_days (and value ≥ min_value
            when given). A cap refuses a channel once the unit had max contacts on it in the window.

            Examples:
              cxloop rules put rules.json
              cxloop rules show
            """,
        subcommands: [Put.self, Show.self])

    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the tenant's rules with FILE's (all or none).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "JSON file: {\"suppression\":[…],\"caps\":[…]}.") var file: String
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func run() async throws {
            let json = try InputFile.json(file)
            guard let members = json.objectValue, Set(members.keys).isSubset(of: ["suppression", "caps"]) else {
                FileHandle.standardError.write(Data("Error: \(file): must be an object with only \"suppression\" and \"caps\"\n".utf8))
                throw ExitCode(65)
            }
            func items(_ key: String) -> [JSONValue] {
                if case .array(let items)? = members[key] { return items }
                return []
            }
            let suppressions = try items("suppression").enumerated().map { index, item in
                try InputFile.valid(SuppressionRule.parse(item), in: "\(file): suppression[\(index)]")
            }
            let caps = try items("caps").enumerated().map { index, item in
                try InputFile.valid(ContactCap.parse(item), in: "\(file): caps[\(index)]")
            }
            try await global.withTenant(tenant) { database, resolved in
                try await PostgresDecideRepository(database: database).putRules(tenant: resolved, suppressions: suppressions, caps: caps)
            }
            print("\(suppressions.count) suppression rule\(suppressions.count == 1 ? "" : "s"), \(caps.count) cap\(caps.count == 1 ? "" : "s") stored")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the tenant's rules as JSON.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func run() async throws {
            let rules = try await global.withTenant(tenant) { database, resolved in
                try await PostgresDecideRepository(database: database).rules(tenant: resolved)
            }
            print(try JSONText.encode(RulesBody(suppression: rules.suppressions, caps: rules.caps)))
        }
    }

    struct RulesBody: Encodable {
        var suppression: [SuppressionRule]
        var caps: [ContactCap]
    }
}
