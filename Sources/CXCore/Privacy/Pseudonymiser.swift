import Crypto
import Foundation

/// Replaces a respondent or unit identifier by a keyed pseudonym before it is stored:
/// `p_` + the first 32 hex digits (128 bits) of HMAC-SHA256(tenant secret, UTF-8 of the id).
///
/// The same identifier always gives the same pseudonym under one secret, so per-person joins
/// (responses, outcomes, decisions, experiment assignments) keep working, while another
/// tenant's secret gives an unrelated one. Without the secret a pseudonym cannot be computed
/// from a known identifier, which is what distinguishes it from a plain hash: the secret is a
/// key and must be protected like one (whoever has it can test guesses of identifiers).
public struct Pseudonymiser: Sendable, CustomStringConvertible {
    /// The prefix of every pseudonym.
    public static let prefix = "p_"
    /// Hex digits of the HMAC kept after the prefix (128 of its 256 bits).
    public static let hexDigits = 32
    /// Length of a generated secret, and the least a supplied one must have, in bytes.
    public static let keyBytes = 32

    private let key: [UInt8]

    /// A pseudonymiser with the HMAC key `key` (any length; generated secrets have ``keyBytes``).
    public init(key: [UInt8]) {
        self.key = key
    }

    /// Parses a key given as hex digits (e.g. `openssl rand -hex 32`); nil unless it is an
    /// even number of hex digits encoding at least ``keyBytes`` bytes.
    public static func key(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count >= 2 * keyBytes, digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    /// A new random key of ``keyBytes`` bytes.
    public static func generateKey() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<keyBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The pseudonym of `identifier`.
    public func pseudonym(for identifier: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(identifier.utf8), using: SymmetricKey(data: key))
        return Self.prefix + String(Self.hex(mac).prefix(Self.hexDigits))
    }

    /// Lowercase hex of `bytes`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Never the key, so a pseudonymiser cannot leak it into logs by interpolation.
    public var description: String { "Pseudonymiser(HMAC-SHA256, key hidden)" }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
