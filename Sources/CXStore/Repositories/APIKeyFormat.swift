import Crypto
import Foundation

/// The shape of API keys: `cx_<key id>_<secret>`, where the key id (12 hex digits) is
/// public and identifies the key in listings, and the secret carries 256 random bits.
/// Only the SHA-256 of the whole key is stored (DESIGN.md §5).
enum APIKeyFormat {
    static func generate() -> (key: String, keyID: String) {
        var generator = SystemRandomNumberGenerator()
        let keyID = (0..<6).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let secretBytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = Data(secretBytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return ("cx_\(keyID)_\(secret)", keyID)
    }

    static func hash(_ key: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(key.utf8)))
    }
}
