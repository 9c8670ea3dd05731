import ArgumentParser
import CXCore
import CXStore
import Foundation

/// `cxloop actions put FILE|list`: the NBX action catalog (DESIGN.md §7).
struct Actions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "The next-best-experience catalog: what can be done for a customer, on which channels, for whom.",
        discussion: """
            An action has a kind (offer, service, education, retention, other), channels with a \
            unit cost each (sms, email, app, web, call), eligibility rules (segments, lifecycle \
            stages, attributes, minimum days since the last contact) and priors: the uplift of each \
            objective used until effect models are fitted. `none` (do nothing) is built in.

            FILE holds one action or an array of them, each with its key:
              {"key":"winback-10","kind":"retention","channels":{"email":0.01,"sms":0.05},
               "eligibility":{"segments":["smb"],"min_days_since_contact":7},
               "priors":{"value":4.0,"satisfaction":0.02}}

            Examples:
              cxloop actions put catalog.json
              cxloop actions list --format json
            """,
        subcommands: [Put.self, List.self])

    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store the actions of FILE (all or none: every problem is listed).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "JSON file: an action or an array of actions, each with its key.") var file: String
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func run() async throws {
            let json = try InputFile.json(file)
            let items: [JSONValue]
            if case .array(let array) = json { items = array } else { items = [json] }
            let actions = try items.enumerated().map { index, item in
                guard var members = item.objectValue, let key = members.removeValue(forKey: "key")?.stringValue else {
                    FileHandle.standardError.write(Data("Error: \(file): item \(index) must be an object with a string \"key\"\n".utf8))
                    throw ExitCode(65)
                }
                return try InputFile.valid(ActionDefinition.parse(key: key, .object(members)), in: "\(file): \(key)")
            }
            let created = try await global.withTenant(tenant) { database, resolved in
                let repository = PostgresDecideRepository(database: database)
                var created: [Bool] = []
                for action in actions { created.append(try await repository.putAction(tenant: resolved, action: action)) }
                return created
            }
            for (action, new) in zip(actions, created) {
                print("action \(action.key) \(new ? "created" : "updated"): \(action.kind.rawValue) on "
                    + action.channels.map(\.rawValue).joined(separator: ", "))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the catalog.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            let actions = try await global.withTenant(tenant) { database, resolved in
                try await PostgresDecideRepository(database: database).actions(tenant: resolved)
            }
            switch format {
            case .json: print(try JSONText.encode(actions))
            case .text:
                print(TextTable(header: ["action", "kind", "channels (unit cost)", "priors"], rows: actions.map { action in
                    [action.key, action.kind.rawValue,
                     action.channels.map { "\($0.rawValue) \(action.channelCosts[$0] ?? 0)" }.joined(separator: ", "),
                     action.priors.sorted { $0.key < $1.key }.map { "\($0.key.name) \($0.value)" }.joined(separator: ", ")]
                }).rendered)
            }
        }
    }
}
