import CXCore
import CXSim
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat

/// The simulator's ``ServiceClient`` through the application's router: every request takes
/// the full path (middleware, authentication, controllers, database) without sockets.
struct RouterServiceClient: ServiceClient {
    let client: any TestClientProtocol
    let key: String

    func send(_ method: String, _ path: String, body: Data, contentType: String) async throws -> JSONValue {
        let headers: HTTPFields = [.contentType: contentType, .authorization: "Bearer \(key)"]
        let (status, answer) = try await client.execute(uri: "/" + path, method: HTTPRequest.Method(method)!, headers: headers,
                                                        body: ByteBuffer(bytes: body)) { ($0.status, $0.body) }
        guard (200..<300).contains(status.code) else { throw ServiceFailure(status: status.code, body: String(buffer: answer)) }
        return try JSONDecoder().decode(JSONValue.self, from: Data(buffer: answer))
    }
}
