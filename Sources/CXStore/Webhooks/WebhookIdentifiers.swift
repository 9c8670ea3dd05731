import Foundation

/// Ids of webhook events (`webhook-id`, `msg_` + 32 hex digits) and endpoints (`ep_` + 12).
enum WebhookIdentifiers {
    static func event() -> String {
        "msg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    static func endpoint() -> String {
        "ep_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
    }
}
