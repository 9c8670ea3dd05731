import CXCore
import CXServer
import CXStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Webhooks: signed inbound responses")
struct InboundWebhookTests {
    /// An app whose tenant `acme` has the support survey and an inbound secret.
    private func prepared() async throws -> (TestApp, WebhookSecret) {
        let app = try await TestApp.make { $0.webhooks.enabled = false }
        let key = try await app.key("acme", .admin)
        try await app.test { client in try await client.defineSupportSurvey(key: key) }
        return (app, try await app.webhooks { try await $0.rotateInboundSecret(tenant: "acme") })
    }

    @Test("a correctly signed push is ingested like POST /v1/responses, without a bearer key")
    func signedPushIsIngested() async throws {
        let (app, secret) = try await prepared()
        let body = [response("s-1"), response("s-2")].joined(separator: "\n")
        try await app.test { client in
            let result = try await client.sendSigned(tenant: "acme", body: body, headers: signedHeaders(body, secret: secret),
                                                     contentType: "application/x-ndjson")
            #expect(result.status == .ok)
            #expect(result.body == #"{"accepted":2,"duplicates":0}"#)
            // The same message again (a retry by the tool) is idempotent like any replay.
            let again = try await client.sendSigned(tenant: "acme", body: body, headers: signedHeaders(body, secret: secret),
                                                    contentType: "application/x-ndjson")
            #expect(again.body == #"{"accepted":0,"duplicates":2}"#)
            // Validation is that of /v1/responses: 422 with every issue, nothing written.
            let invalid = response("s-3", nps: 11)
            let refused = try await client.sendSigned(tenant: "acme", body: invalid, headers: signedHeaders(invalid, secret: secret))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains(#""field":"answers.nps""#))
        }
        #expect(try await app.snapshot("SELECT tenant_id || '/' || submission_id FROM submissions ORDER BY 1") == ["acme/s-1", "acme/s-2"])
        #expect(try await app.count("SELECT count(*) FROM answers") == 8)
    }

    @Test("bad, missing or replayed signatures are 401 naming the header and rule, and write nothing")
    func refusedSignatures() async throws {
        let (app, secret) = try await prepared()
        let body = response("s-1")
        let good = signedHeaders(body, secret: secret)
        let cases: [(String, [(String, String)], String)] = [
            ("wrong secret", signedHeaders(body, secret: .generate()), "webhook-signature has no v1 signature matching the body"),
            ("tampered body", signedHeaders(response("s-1", nps: 0), secret: secret), "webhook-signature has no v1 signature"),
            ("no signature", good.filter { $0.0 != "webhook-signature" }, "missing header webhook-signature; Standard Webhooks requires"),
            ("no id", good.filter { $0.0 != "webhook-id" }, "missing header webhook-id"),
            ("no timestamp", good.filter { $0.0 != "webhook-timestamp" }, "missing header webhook-timestamp"),
            ("replayed 10 minutes later", signedHeaders(body, secret: secret, secondsAgo: 600), "webhook-timestamp is 6"),
            ("no headers at all", [], "missing header webhook-id"),
        ]
        try await app.test { client in
            for (name, headers, message) in cases {
                let result = try await client.sendSigned(tenant: "acme", body: body, headers: headers)
                #expect(result.status == .unauthorized, "\(name)")
                let error = try json(result.body)["error"] as? String ?? ""
                #expect(error.hasPrefix(message), "\(name): \(error)")
                if name.hasPrefix("replayed") { #expect(error.contains(" s old; it must be within 300 s of the receiver's clock")) }
            }
        }
        #expect(try await app.count("SELECT count(*) FROM submissions") == 0)
    }

    @Test("each tenant verifies with its own secret; a tenant without one, or unknown, is 401")
    func tenantIsolation() async throws {
        let (app, secret) = try await prepared()
        let beta = try await app.key("beta", .admin)
        try await app.test { client in try await client.defineSupportSurvey(key: beta) }
        let body = response("s-1")
        try await app.test { client in
            for tenant in ["beta", "nobody"] {
                let result = try await client.sendSigned(tenant: tenant, body: body, headers: signedHeaders(body, secret: secret))
                #expect(result.status == .unauthorized)
                #expect(result.body.contains("accepts no signed webhooks"))
            }
        }
        let betaSecret = try await app.webhooks { try await $0.rotateInboundSecret(tenant: "beta") }
        #expect(betaSecret != secret)
        try await app.test { client in
            // acme's signature does not open beta's door, and beta's own does, into beta only.
            let withAcmeSecret = try await client.sendSigned(tenant: "beta", body: body, headers: signedHeaders(body, secret: secret))
            #expect(withAcmeSecret.status == .unauthorized)
            let withOwnSecret = try await client.sendSigned(tenant: "beta", body: body, headers: signedHeaders(body, secret: betaSecret))
            #expect(withOwnSecret.status == .ok)
        }
        #expect(try await app.snapshot("SELECT tenant_id || '/' || submission_id FROM submissions") == ["beta/s-1"])
        // Rotation replaces the secret: the old one stops working.
        let rotated = try await app.webhooks { try await $0.rotateInboundSecret(tenant: "beta") }
        try await app.test { client in
            let body = response("s-2")
            let withOldSecret = try await client.sendSigned(tenant: "beta", body: body, headers: signedHeaders(body, secret: betaSecret))
            #expect(withOldSecret.status == .unauthorized)
            let withNewSecret = try await client.sendSigned(tenant: "beta", body: body, headers: signedHeaders(body, secret: rotated))
            #expect(withNewSecret.status == .ok)
        }
    }
}
