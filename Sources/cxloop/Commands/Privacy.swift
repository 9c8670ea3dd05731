import ArgumentParser
import CXCore
import CXStore
import Foundation

struct Privacy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Privacy settings of a tenant: pseudonymised respondent and unit ids.",
        discussion: """
            With pseudonymisation on, every respondent and unit id the tenant sends (responses, \
            outcomes, exposures, decide, assign) is stored as p_ + 32 hex digits of \
            HMAC-SHA256(tenant secret, id); the clear id is never written. Lookups by a clear id \
            (GET /v1/assign, cxloop erase --respondent) apply the same function.

            Examples:
              cxloop privacy pseudonymise --tenant acme
              cxloop privacy pseudonymise --tenant acme --secret-from-env CXLOOP_PSEUDONYM_SECRET
            """,
        subcommands: [Pseudonymise.self])

    struct Pseudonymise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn pseudonymisation on for a tenant; prints a generated secret once.",
            discussion: """
                The secret is an HMAC key: protect it like one (whoever has it can test guessed ids \
                against the stored pseudonyms) and keep a copy — it cannot be changed afterwards \
                without giving everyone new pseudonyms. Data stored before keeps its clear ids. \
                Running servers apply it within \(TenantPseudonyms.defaultTimeToLive.components.seconds) seconds: \
                turn it on before the tenant sends data.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?
        @Option(help: ArgumentHelp(
            "Take the secret from this environment variable (at least 64 hex digits, e.g. openssl rand -hex 32) instead of generating one; it is not printed.",
            valueName: "VAR"))
        var secretFromEnv: String?

        func validate() throws {
            _ = try suppliedKey()
        }

        func run() async throws {
            let supplied = try suppliedKey()
            let key = supplied ?? Pseudonymiser.generateKey()
            let (resolved, enabled) = try await global.withTenant(tenant) { database, tenant in
                (tenant, try await PostgresPseudonymSecrets(database: database).enable(tenant: tenant, key: key))
            }
            guard enabled else {
                FileHandle.standardError.write(Data("""
                    Error: tenant \(resolved) already pseudonymises; its secret is kept (a new one would give everyone \
                    new pseudonyms and break the joins with stored data)

                    """.utf8))
                throw ExitCode(65)
            }
            if supplied == nil { print(Pseudonymiser.hex(key)) }
            FileHandle.standardError.write(Data("""
                pseudonymisation on for tenant \(resolved)\(supplied == nil ? ": the secret above (hex) is not shown again; store it like a key" : "")

                """.utf8))
        }

        /// The key of `--secret-from-env`, or nil when the secret is to be generated.
        private func suppliedKey() throws -> [UInt8]? {
            guard let variable = secretFromEnv else { return nil }
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                throw ValidationError("--secret-from-env: the environment variable \(variable) is not set")
            }
            guard let key = Pseudonymiser.key(hex: value.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw ValidationError(
                    "--secret-from-env: \(variable) must hold at least \(2 * Pseudonymiser.keyBytes) hex digits (\(Pseudonymiser.keyBytes) bytes), e.g. from openssl rand -hex 32")
            }
            return key
        }
    }
}
