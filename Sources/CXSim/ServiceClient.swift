import CXCore
import Foundation

/// A client of the cxloop HTTP API: over the network (``IngestHTTPClient``) or, in tests,
/// through the application's router. The demo and the simulator send everything through it.
public protocol ServiceClient: Sendable {
    /// Sends `body` and returns the decoded JSON answer; throws ``ServiceFailure`` on a non-2xx.
    func send(_ method: String, _ path: String, body: Data, contentType: String) async throws -> JSONValue
}

/// A non-2xx answer of the service.
public struct ServiceFailure: Error, CustomStringConvertible {
    public var status: Int
    public var body: String
    public var description: String { "HTTP \(status): \(body)" }

    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }
}

extension ServiceClient {
    /// Sends a JSON body.
    public func send(_ method: String, _ path: String, body: Data) async throws -> JSONValue {
        try await send(method, path, body: body, contentType: "application/json")
    }

    /// Posts `items` as NDJSON in batches; returns total accepted and duplicates.
    public func postNDJSON(_ path: String, _ items: [JSONValue], batchSize: Int = 500) async throws -> (accepted: Int, duplicates: Int) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var accepted = 0
        var duplicates = 0
        for start in stride(from: 0, to: items.count, by: batchSize) {
            var body = Data()
            for item in items[start..<min(start + batchSize, items.count)] {
                body.append(try encoder.encode(item))
                body.append(UInt8(ascii: "\n"))
            }
            let answer = try await send("POST", path, body: body, contentType: "application/x-ndjson")
            accepted += Int(answer.objectValue?["accepted"]?.numberValue ?? 0)
            duplicates += Int(answer.objectValue?["duplicates"]?.numberValue ?? 0)
        }
        return (accepted, duplicates)
    }
}
