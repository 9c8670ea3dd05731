import ArgumentParser
import CXCore
import CXStore
import Foundation

struct Surveys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Define and list surveys.",
        discussion: """
            A definition is the JSON body of PUT /v1/surveys/{key} (see README). Putting a changed \
            definition creates a new version; responses keep the version they were validated against.

            Examples:
              cxloop surveys put support.json            # key "support" from the file name
              cxloop surveys put def.json --key pulse --tenant acme
              cxloop surveys list
            """,
        subcommands: [Put.self, List.self])

    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or update a survey from a JSON file.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "JSON file with title, population and fields.") var file: String
        @Option(help: "Survey key (default: the file name without extension).") var key: String?
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func run() async throws {
            let key = self.key ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            guard SurveyDefinition.isValidIdentifier(key) else {
                throw ValidationError("survey key '\(key)' must be 1–64 letters, digits, '_' or '-'; pass --key")
            }
            let items = try BatchParser.parse(try Data(contentsOf: URL(fileURLWithPath: file)), ndjson: false)
            let definition: SurveyDefinition
            switch SurveyDefinition.parse(items.count == 1 ? items[0] : .array(items)) {
            case .success(let parsed): definition = parsed
            case .failure(let failure):
                throw ValidationError("\(file) is not a valid survey definition:\n" + failure.issues.map { "  \($0.field): \($0.message)" }.joined(separator: "\n"))
            }
            let (stored, changed) = try await global.withTenant(tenant) { database, tenant in
                return try await PostgresSurveyRepository(database: database).put(tenant: tenant, key: key, definition: definition)
            }
            print("survey \(stored.key) version \(stored.version)\(changed ? "" : " (unchanged)"): \(stored.definition.fields.count) fields")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List surveys with their current version.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            let surveys = try await global.withTenant(tenant) { database, tenant in
                return try await PostgresSurveyRepository(database: database).list(tenant: tenant)
            }
            switch format {
            case .json:
                print(try JSONText.encode(surveys.map { ["survey": $0.key, "version": String($0.version), "title": $0.definition.title] }))
            case .text:
                print(TextTable(header: ["survey", "version", "population", "fields", "title"], rows: surveys.map {
                    [$0.key, String($0.version), $0.definition.population.rawValue, $0.definition.fields.map(\.id).joined(separator: ","), $0.definition.title]
                }).rendered)
            }
        }
    }
}
