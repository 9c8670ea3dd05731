import ArgumentParser
import CXCore
import CXStore
import Foundation

struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke API keys.",
        discussion: """
            Keys are shown once at creation and stored only as SHA-256 hashes. Scopes: ingest \
            (send data), decide, read, admin (everything, including survey definitions).

            Examples:
              cxloop keys create --tenant acme --scope ingest
              cxloop keys list --tenant acme
              cxloop keys revoke 3f9a0c1b22de --tenant acme
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key (and the tenant, if new); prints the key once.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant the key belongs to; created when it does not exist.") var tenant: String
        @Option(help: "ingest, decide, read or admin.") var scope: Scope
        @Option(help: "text or json ({\"key\":...}).") var format: OutputFormat = .text

        func validate() throws {
            guard SurveyDefinition.isValidIdentifier(tenant) else {
                throw ValidationError("--tenant must be 1–64 letters, digits, '_' or '-' starting with a letter or digit")
            }
        }

        func run() async throws {
            let issued = try await global.environment.withDatabase(logger: global.logger()) { database in
                try await PostgresAPIKeyRepository(database: database).create(tenant: tenant, scope: scope)
            }
            switch format {
            case .json: print(try JSONText.encode(["key": issued.key, "key_id": issued.keyID, "tenant": issued.tenant, "scope": issued.scope.rawValue]))
            case .text:
                print(issued.key)
                FileHandle.standardError.write(Data("key \(issued.keyID) for tenant \(issued.tenant), scope \(issued.scope.rawValue); it is not shown again\n".utf8))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (ids, scopes, dates; never secrets).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this tenant's keys.") var tenant: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            let keys = try await global.environment.withDatabase(logger: global.logger()) { database in
                try await PostgresAPIKeyRepository(database: database).list(tenant: tenant)
            }
            switch format {
            case .json: print(try JSONText.encode(keys))
            case .text:
                print(TextTable(header: ["key id", "tenant", "scope", "created", "revoked"], rows: keys.map {
                    [$0.keyID, $0.tenant, $0.scope.rawValue, Timestamp.format($0.createdAt), $0.revokedAt.map(Timestamp.format) ?? "-"]
                }).rendered)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key; it stops working within 10 seconds.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The key id shown by `keys list`.") var keyID: String
        @Option(help: "The key's tenant (default: the only tenant).") var tenant: String?

        func run() async throws {
            let revoked = try await global.environment.withDatabase(logger: global.logger()) { database in
                let keys = PostgresAPIKeyRepository(database: database)
                return try await keys.revoke(tenant: try await resolveTenant(tenant, keys: keys), keyID: keyID)
            }
            guard revoked else { throw ValidationError("no key \(keyID) for this tenant; see `cxloop keys list`") }
            print("revoked \(keyID)")
        }
    }
}

extension Scope: ExpressibleByArgument {}
