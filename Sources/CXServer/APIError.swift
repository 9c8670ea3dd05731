import CXCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error returned to API clients as JSON: `{"error":"..."}`, or for validation failures
/// `{"errors":[{"field":…,"index":…,"message":…}]}` (DESIGN.md §5), keys sorted so
/// the body is byte-for-byte deterministic.
public struct APIError: HTTPResponseError {
    public var status: HTTPResponse.Status
    public var message: String
    public var issues: [ValidationIssue]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, issues: [ValidationIssue] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.issues = issues
        self.headers = headers
    }

    /// 422 with every validation issue.
    public static func invalid(_ failure: ValidationFailure) -> APIError {
        APIError(.unprocessableContent, "validation failed", issues: failure.issues)
    }

    /// 503 with `Retry-After`, for a database that cannot be reached.
    public static func unavailable(retryAfterSeconds: Int) -> APIError {
        var headers = HTTPFields()
        headers[.retryAfter] = String(retryAfterSeconds)
        return APIError(.serviceUnavailable, "database unavailable; nothing was written, retry later", headers: headers)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = issues.isEmpty ? ErrorBody(error: message) : ErrorBody(errors: issues)
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(body)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The JSON body of an error response.
private struct ErrorBody: Encodable {
    var error: String?
    var errors: [ValidationIssue]?
}
