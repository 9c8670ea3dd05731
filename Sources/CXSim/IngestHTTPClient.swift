import CXCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal client of the cxloop HTTP API, used by the demo to send data through the
/// real ingestion path.
public struct IngestHTTPClient: ServiceClient {
    public var baseURL: URL
    public var key: String

    public init(baseURL: URL, key: String) {
        self.baseURL = baseURL
        self.key = key
    }

    /// Sends `body` and returns the decoded JSON answer; throws ``Failure`` on a non-2xx.
    public func send(_ method: String, _ path: String, body: Data, contentType: String) async throws -> JSONValue {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = method
        request.httpBody = body
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        return try decode(try await URLSession.shared.data(for: request))
    }

    /// `GET path?query` and the decoded JSON answer; throws ``Failure`` on a non-2xx.
    public func get(_ path: String, query: [String: String]) async throws -> JSONValue {
        var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)
        components?.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        guard let url = components?.url else { throw ServiceFailure(status: 0, body: "cannot build a URL for \(path)") }
        var request = URLRequest(url: url)
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        return try decode(try await URLSession.shared.data(for: request))
    }

    /// The JSON of a 2xx answer; throws ``Failure`` otherwise.
    private func decode(_ answer: (Data, URLResponse)) throws -> JSONValue {
        let (data, response) = answer
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw ServiceFailure(status: status, body: String(decoding: data, as: UTF8.self)) }
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }
}
