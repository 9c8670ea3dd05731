import CXCore
import Foundation
import Testing

@Suite("Pseudonymiser")
struct PseudonymiserTests {
    /// RFC 4231 §4.2 and §4.3 (test cases 1 and 2): HMAC-SHA256 of the data under the key; the
    /// pseudonym is p_ and the first 32 hex digits. Checked also with Python:
    /// `hmac.new(b"Jefe", b"what do ya want for nothing?", "sha256").hexdigest()`.
    @Test("pseudonym = p_ + first 32 hex digits of HMAC-SHA256 (RFC 4231 test cases)", arguments: [
        ([UInt8](repeating: 0x0b, count: 20), "Hi There",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), "what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    ])
    func rfc4231(key: [UInt8], data: String, mac: String) {
        let pseudonym = Pseudonymiser(key: key).pseudonym(for: data)
        #expect(pseudonym == "p_" + mac.prefix(32))
    }

    @Test("hex keys: at least 32 bytes of hex digits, either case")
    func hexKeys() {
        let hex = String(repeating: "0123456789abcdEF", count: 4)
        #expect(Pseudonymiser.key(hex: hex)?.count == 32)
        #expect(Pseudonymiser.key(hex: hex).map(Pseudonymiser.hex) == hex.lowercased())
        #expect(Pseudonymiser.key(hex: String(hex.dropLast(2))) == nil)  // 31 bytes
        #expect(Pseudonymiser.key(hex: hex + "0") == nil)  // odd length
        #expect(Pseudonymiser.key(hex: String(hex.dropLast()) + "g") == nil)
        #expect(Pseudonymiser.generateKey().count == Pseudonymiser.keyBytes)
    }

    @Test("a response's respondent is replaced in the record and its raw copy; an outcome's unit too")
    func records() {
        let pseudonymiser = Pseudonymiser(key: Array(repeating: 7, count: 32))
        let expected = pseudonymiser.pseudonym(for: "cust-42")
        let raw = JSONValue.object(["respondent": .string("cust-42"), "submission_id": .string("s-1")])
        let response = ResponseRecord(
            survey: "support", surveyVersion: 1, submissionID: "s-1", respondent: "cust-42", status: .completed,
            submittedAt: Date(timeIntervalSince1970: 0), answers: [], attributes: [:], raw: raw)
        let stored = pseudonymiser.pseudonymised(response)
        #expect(stored.respondent == expected)
        #expect(stored.raw == .object(["respondent": .string(expected), "submission_id": .string("s-1")]))
        var anonymous = response
        anonymous.respondent = nil
        anonymous.raw = .object(["submission_id": .string("s-1")])
        #expect(pseudonymiser.pseudonymised(anonymous) == anonymous)
        let outcome = OutcomeRecord(eventID: "e-1", unit: "cust-42", type: "churn", value: nil,
                                    occurredAt: Date(timeIntervalSince1970: 0), attributes: [:])
        #expect(pseudonymiser.pseudonymised(outcome).unit == expected)
        #expect(expected.count == 2 + Pseudonymiser.hexDigits)
        #expect(Pseudonymiser(key: Array(repeating: 8, count: 32)).pseudonym(for: "cust-42") != expected)
    }

    @Test("its description never shows the key")
    func description() {
        #expect(!"\(Pseudonymiser(key: Array("secret-key".utf8)))".contains("secret"))
    }
}
