import Hummingbird
import NIOCore

extension RequestBody {
    /// Collects the body, refusing one over `limit` bytes with 413 and a message naming it.
    func collectWithinLimit(_ limit: Int) async throws -> ByteBuffer {
        do {
            return try await collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "the request body exceeds the limit of \(limit) bytes; split it into smaller batches")
        }
    }
}
