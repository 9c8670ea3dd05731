import Foundation

/// The events cxloop delivers to subscribed endpoints.
public enum WebhookEventType: String, Sendable, CaseIterable, Codable {
    /// A response was accepted (new, or a partial replaced); queued in the ingest transaction.
    case responseReceived = "response.received"
    /// A weekly report was produced with `cxloop report weekly --notify`.
    case weeklyReportReady = "report.weekly_ready"
    /// An experiment was analysed with `cxloop experiment analyze KEY --notify`.
    case experimentVerdict = "experiment.verdict"

    /// Every event name, comma-separated, for help texts.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Parses a comma-separated list of event names (duplicates removed, order kept).
    /// - Throws: ``ValidationFailure`` naming each unknown event.
    public static func parseList(_ text: String) throws(ValidationFailure) -> [WebhookEventType] {
        var events: [WebhookEventType] = []
        var issues: [ValidationIssue] = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let event = WebhookEventType(rawValue: name) else {
                issues.append(ValidationIssue(index: nil, field: "events", message: "unknown event '\(name)'; events are \(names)"))
                continue
            }
            if !events.contains(event) { events.append(event) }
        }
        if events.isEmpty && issues.isEmpty { issues.append(ValidationIssue(index: nil, field: "events", message: "name at least one event of \(names)")) }
        guard issues.isEmpty else { throw ValidationFailure(issues) }
        return events
    }
}
