import Foundation

/// Finds a TCP port on 127.0.0.1 that nothing is listening on.
enum FreePort {
    /// A port the system picks as free.
    static func find() throws -> Int {
        try bindLoopback(port: 0)
    }

    /// Whether `port` can be bound on 127.0.0.1 right now.
    static func isFree(_ port: Int) -> Bool {
        (try? bindLoopback(port: port)) != nil
    }

    private static func bindLoopback(port: Int) throws -> Int {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw EmbeddedClusterError(.startFailed, "socket() failed: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else { throw EmbeddedClusterError(.startFailed, "could not find a free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
