import ArgumentParser
import CXCore
import CXStore
import Foundation

struct Webhooks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Signed webhooks (Standard Webhooks): endpoints, the inbound secret, deliveries and replay.",
        discussion: """
            Outbound: events (\(WebhookEventType.names)) are queued in PostgreSQL for every \
            enabled endpoint subscribed to them and delivered by `cxloop serve`, signed with the \
            endpoint's secret; failures are retried with exponential backoff and end as dead \
            after the last attempt. `replay` queues finished deliveries again.

            Inbound: survey tools may push responses to POST /v1/webhooks/TENANT/responses \
            signed with the tenant's inbound secret instead of sending a bearer key.

            Secrets are printed once, when created.

            Examples:
              cxloop webhooks add-endpoint https://hooks.example.com/cx --events response.received,experiment.verdict
              cxloop webhooks list
              cxloop webhooks inbound-secret --tenant acme
              cxloop webhooks deliveries --state dead
              cxloop webhooks replay --dead
              cxloop webhooks replay --since 2026-11-03T00:00:00Z
            """,
        subcommands: [AddEndpoint.self, List.self, Disable.self, Enable.self, InboundSecret.self, Deliveries.self, Replay.self])

    struct AddEndpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-endpoint", abstract: "Add a receiver of events; prints its signing secret once.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The receiver's http or https URL.") var url: String
        @Option(help: ArgumentHelp("Events to send, comma-separated: \(WebhookEventType.names).", valueName: "event,...")) var events: String
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func validate() throws {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
                  !(parsed.host ?? "").isEmpty
            else { throw ValidationError("URL must be an http:// or https:// address with a host, not '\(url)'") }
            _ = try parsedEvents()
        }

        func run() async throws {
            let events = try parsedEvents()
            let added = try await global.withTenant(tenant) { database, tenant in
                try await PostgresWebhookRepository(database: database).addEndpoint(tenant: tenant, url: url, events: events)
            }
            switch format {
            case .json:
                print(try JSONText.encode(["endpoint_id": added.endpoint.endpointID, "secret": added.secret.encoded, "url": url]))
            case .text:
                print(added.secret.encoded)
                FileHandle.standardError.write(Data(
                    "endpoint \(added.endpoint.endpointID) for tenant \(added.endpoint.tenant): the secret above signs its deliveries; it is not shown again\n".utf8))
            }
        }

        private func parsedEvents() throws -> [WebhookEventType] {
            do {
                return try WebhookEventType.parseList(events)
            } catch {
                throw ValidationError(error.issues.map(\.message).joined(separator: "; "))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List endpoints (ids, URLs, events; never secrets).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            let endpoints = try await global.withTenant(tenant) { database, tenant in
                try await PostgresWebhookRepository(database: database).endpoints(tenant: tenant)
            }
            switch format {
            case .json: print(try JSONText.encode(endpoints))
            case .text:
                print(TextTable(header: ["endpoint", "url", "events", "enabled", "created"], rows: endpoints.map {
                    [$0.endpointID, $0.url, $0.events.map(\.rawValue).joined(separator: ","), $0.enabled ? "yes" : "no",
                     Timestamp.format($0.createdAt)]
                }).rendered)
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop sending to an endpoint: it gets no new events and its pending deliveries wait.")
        @OptionGroup var endpoint: EndpointSelection

        func run() async throws { try await endpoint.set(enabled: false) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume sending to a disabled endpoint.")
        @OptionGroup var endpoint: EndpointSelection

        func run() async throws { try await endpoint.set(enabled: true) }
    }

    struct InboundSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inbound-secret",
            abstract: "Create or replace the secret survey tools sign pushed responses with; prints it once.",
            discussion: """
                The old secret stops working at once. Give the new one to the survey tool, which \
                signs each POST /v1/webhooks/TENANT/responses with it (Standard Webhooks).
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func run() async throws {
            let (resolved, secret) = try await global.withTenant(tenant) { database, tenant in
                (tenant, try await PostgresWebhookRepository(database: database).rotateInboundSecret(tenant: tenant))
            }
            print(secret.encoded)
            FileHandle.standardError.write(Data(
                "inbound secret of tenant \(resolved) for POST /v1/webhooks/\(resolved)/responses; it is not shown again\n".utf8))
        }
    }

    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deliveries, newest first, with their attempts and last error.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only deliveries in this state: pending, delivered or dead.") var state: WebhookDeliveryState?
        @Option(help: "Most deliveries to list.") var limit: Int = 50
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be positive, not \(limit)") }
        }

        func run() async throws {
            let deliveries = try await global.withTenant(tenant) { database, tenant in
                try await PostgresWebhookRepository(database: database).deliveries(tenant: tenant, state: state, limit: limit)
            }
            switch format {
            case .json: print(try JSONText.encode(deliveries))
            case .text:
                print(TextTable(header: ["id", "event", "type", "endpoint", "state", "attempts", "next attempt", "last"], rows: deliveries.map {
                    [String($0.deliveryID), $0.eventID, $0.eventType, $0.endpointID, $0.state.rawValue, String($0.attempts),
                     $0.state == .pending ? Timestamp.format($0.nextAttemptAt) : "-",
                     $0.lastError ?? $0.lastStatus.map(String.init) ?? "-"]
                }).rendered)
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue finished deliveries again (a receiver that was down gets everything).",
            discussion: """
                Selected delivered or dead deliveries become pending, due now, with their attempts \
                reset; `cxloop serve` sends them again with the same webhook-id, so a receiver can \
                tell a replay from a new event.

                Examples:
                  cxloop webhooks replay --dead
                  cxloop webhooks replay --since 2026-11-03T00:00:00Z
                  cxloop webhooks replay --id 42
                """)
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Every dead delivery.") var dead = false
        @Option(help: "Every delivered or dead delivery created at or after this RFC 3339 time.") var since: String?
        @Option(help: "One delivery, by the id `webhooks deliveries` shows.") var id: Int?
        @Option(help: "Tenant (default: the only tenant).") var tenant: String?

        func validate() throws {
            guard [dead, since != nil, id != nil].filter({ $0 }).count == 1 else {
                throw ValidationError("choose exactly one of --dead, --since TIME and --id ID")
            }
            _ = try selection()
        }

        func run() async throws {
            let selection = try selection()
            let count = try await global.withTenant(tenant) { database, tenant in
                try await PostgresWebhookRepository(database: database).replay(tenant: tenant, selection)
            }
            print("requeued \(count) deliver\(count == 1 ? "y" : "ies")")
        }

        private func selection() throws -> WebhookReplaySelection {
            if let id { return .id(id) }
            if let since {
                guard let date = Timestamp.parse(since) else {
                    throw ValidationError("--since must be an RFC 3339 time such as 2026-11-03T00:00:00Z, not '\(since)'")
                }
                return .since(date)
            }
            return .dead
        }
    }
}

/// The endpoint `webhooks enable|disable` act on.
struct EndpointSelection: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The endpoint id shown by `webhooks list`.") var endpointID: String
    @Option(help: "Tenant (default: the only tenant).") var tenant: String?

    func set(enabled: Bool) async throws {
        let found = try await global.withTenant(tenant) { database, tenant in
            try await PostgresWebhookRepository(database: database).setEnabled(tenant: tenant, endpointID: endpointID, enabled: enabled)
        }
        guard found else { throw ValidationError("no endpoint \(endpointID) for this tenant; see `cxloop webhooks list`") }
        print("\(enabled ? "enabled" : "disabled") \(endpointID)")
    }
}

/// Queues `event` with `data` (JSON) for `tenant`'s subscribed endpoints (`--notify`),
/// saying on stderr how many deliveries were queued.
func notifyWebhooks(_ global: GlobalOptions, tenant: String?, event: WebhookEventType, data: String) async throws {
    let queued = try await global.withTenant(tenant) { database, tenant in
        try await PostgresWebhookRepository(database: database).enqueue(tenant: tenant, event: event, data: data)
    }
    FileHandle.standardError.write(Data("\(event.rawValue) queued for \(queued) endpoint\(queued == 1 ? "" : "s")\n".utf8))
}

extension WebhookDeliveryState: ExpressibleByArgument {}
