import CXCore
import CXServer
import CXStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

@Suite("Experiments and assignment")
struct ExperimentRoutesTests {
    static let offer = #"{"key":"offer-q4","arms":[{"name":"control","share":50},{"name":"treatment","share":50}],"holdout":5,"primary":"nps"}"#

    @Test("create, read, assign: GrowthBook buckets, sticky when shares change, holdout, errors")
    func assignment() async throws {
        let app = try await TestApp.make()
        let admin = try await app.key("acme", .admin)
        let reader = try await app.key("acme", .read)
        try await app.test { client in
            let created = try await client.send(.post, "/v1/experiments", key: admin, body: Self.offer)
            #expect(created.status == .created)
            #expect(try await client.send(.get, "/v1/experiments/offer-q4", key: reader).body.contains(#""status":"running""#))

            // cust-42's GrowthBook v2 bucket for the seed offer-q4 is 0.6352 → treatment.
            let first = try await client.send(.get, "/v1/assign?experiment=offer-q4&unit=cust-42", key: admin)
            #expect(first.status == .ok)
            #expect(first.body == #"{"arm":"treatment","bucket":0.6352,"holdout":false}"#)
            let units = (0..<300).map { "u-\($0)" }
            var before: [String: String] = [:]
            for unit in units {
                before[unit] = try await client.send(.get, "/v1/assign?experiment=offer-q4&unit=\(unit)", key: admin).body
            }
            // Units whose bucket is in the 5% holdout gap get no arm.
            #expect(before.values.contains { $0.hasPrefix(#"{"arm":null"#) && $0.hasSuffix(#""holdout":true}"#) })

            // New shares: assigned units keep their arm; new units follow the new split.
            let changed = #"{"key":"offer-q4","arms":[{"name":"control","share":10},{"name":"treatment","share":90}]}"#
            #expect(try await client.send(.post, "/v1/experiments", key: admin, body: changed).status == .ok)
            for unit in units {
                #expect(try await client.send(.get, "/v1/assign?experiment=offer-q4&unit=\(unit)", key: admin).body == before[unit])
            }
            let fresh = try await client.send(.get, "/v1/assign?experiment=offer-q4&unit=newcomer-7", key: admin).body
            let bucket = GrowthBookHash.bucket(seed: "offer-q4", value: "newcomer-7")!
            #expect(fresh.contains(bucket < 0.1 ? #""arm":"control""# : #""arm":"treatment""#))

            // Errors: wrong scope, unknown experiment, missing unit, bad shares, other arms.
            #expect(try await client.send(.get, "/v1/assign?experiment=offer-q4&unit=x", key: reader).status == .forbidden)
            #expect(try await client.send(.get, "/v1/assign?experiment=nope&unit=x", key: admin).status == .notFound)
            #expect(try await client.send(.get, "/v1/assign?experiment=offer-q4", key: admin).status == .badRequest)
            let bad = try await client.send(.post, "/v1/experiments", key: admin,
                                            body: #"{"key":"b","arms":[{"name":"control","share":50},{"name":"t","share":40}]}"#)
            #expect(bad.status == .unprocessableContent && bad.body.contains(#""field":"arms""#))
            let renamed = #"{"key":"offer-q4","arms":[{"name":"control","share":50},{"name":"other","share":50}]}"#
            #expect(try await client.send(.post, "/v1/experiments", key: admin, body: renamed).status == .conflict)
        }
        #expect(try await app.count("SELECT count(*) FROM experiment_assignments") == 302)
    }

    @Test("the global holdout is respected by every experiment; stopped experiments assign no one; tenants are isolated")
    func holdoutStopAndIsolation() async throws {
        let app = try await TestApp.make()
        let admin = try await app.key("acme", .admin)
        let other = try await app.key("beta", .admin)
        let holdout = try await app.database.withRunning { database in
            try await PostgresExperimentRepository(database: database).declareGlobalHoldout(tenant: "acme", percent: 5)
        }
        await #expect(throws: StoreError.self) {
            try await app.database.withRunning { database in
                try await PostgresExperimentRepository(database: database).declareGlobalHoldout(tenant: "acme", percent: 3)
            }
        }
        let held = (0..<400).map { "c-\($0)" }.filter { holdout.contains(unit: $0) }
        #expect(!held.isEmpty)
        try await app.test { client in
            #expect(try await client.send(.post, "/v1/experiments", key: admin, body: Self.offer).status == .created)
            for unit in held {
                let body = try await client.send(.get, "/v1/assign?experiment=offer-q4&unit=\(unit)", key: admin).body
                #expect(body.hasPrefix(#"{"arm":null"#) && body.hasSuffix(#""holdout":true}"#))
            }
            // Another tenant cannot see or use the experiment, even knowing its key.
            #expect(try await client.send(.get, "/v1/experiments/offer-q4", key: other).status == .notFound)
            #expect(try await client.send(.get, "/v1/assign?experiment=offer-q4&unit=c-1", key: other).status == .notFound)
            #expect(try await client.send(.get, "/v1/experiments", key: other).body == #"{"experiments":[]}"#)
        }
        let stopped = try await app.database.withRunning { database in
            try await PostgresExperimentRepository(database: database).stop(tenant: "acme", key: "offer-q4")
        }
        #expect(stopped)
        try await app.test { client in
            let refused = try await client.send(.get, "/v1/assign?experiment=offer-q4&unit=c-1", key: admin)
            #expect(refused.status == .conflict && refused.body.contains("stopped"))
        }
        #expect(try await app.count("SELECT count(*) FROM experiment_assignments WHERE global_holdout") == held.count)
    }

    @Test("a unit of few characters but thousands of bytes is 400, not a 500 from the assignments' primary key")
    func manyByteUnit() async throws {
        let app = try await TestApp.make()
        let admin = try await app.key("acme", .admin)
        try await app.test { client in
            #expect(try await client.send(.post, "/v1/experiments", key: admin, body: Self.offer).status == .created)
            let unit = ManyBytesTests.heavy.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let result = try await client.send(.get, "/v1/assign?experiment=offer-q4&unit=\(unit)", key: admin)
            #expect(result.status == .badRequest, "\(result.body)")
        }
        #expect(try await app.count("SELECT count(*) FROM experiment_assignments") == 0)
    }
}
