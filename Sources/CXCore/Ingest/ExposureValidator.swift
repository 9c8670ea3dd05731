#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Validates experiment exposure events (`POST /v1/exposures`, issue 5): what happened to a
/// unit's treatment — `sent`, `delivered`, `seen`, `accepted` or `ignored`.
///
/// `{"event_id":"x-1","experiment":"offer-q4","unit":"cust-42","arm":"treatment",
///   "kind":"seen","occurred_at":"2026-11-03T10:00:00Z","decision_id":"d-9","attributes":{…}}`
///
/// An exposure is stored as an outcome of type `exposure_<kind>` whose attributes carry the
/// experiment, the arm and the decision id, so it shares the outcomes' idempotency on
/// (tenant, event_id): event ids are unique across outcomes and exposures.
public struct ExposureValidator: Sendable {
    /// The exposure kinds, in funnel order.
    public static let kinds = ["sent", "delivered", "seen", "accepted", "ignored"]
    /// The outcome type prefix of stored exposures.
    public static let outcomeTypePrefix = "exposure_"
    public static let topLevelKeys: Set<String> = [
        "event_id", "experiment", "unit", "arm", "kind", "occurred_at", "decision_id", "attributes",
    ]

    /// The tenant's experiments by key (an exposure must name one, and one of its arms).
    public var experiments: [String: ExperimentDefinition]
    public var now: Date

    public init(experiments: [String: ExperimentDefinition], now: Date = Date()) {
        self.experiments = experiments
        self.now = now
    }

    /// Validates the item at `index`; returns the outcome record to store or the item's issues.
    public func validate(_ item: JSONValue, index: Int) -> Result<OutcomeRecord, ValidationFailure> {
        var reader: ObjectReader
        switch ObjectReader.item(item, index: index, kind: "exposure", allowed: Self.topLevelKeys) {
        case .success(let opened): reader = opened
        case .failure(let failure): return .failure(failure)
        }
        let eventID = reader.string("event_id", required: true)
        let unit = reader.string("unit", required: true)
        let key = reader.string("experiment", required: true, maxLength: 64)
        let experiment = key.flatMap { experiments[$0] }
        if let key, experiment == nil {
            reader.fail("experiment", "unknown experiment '\(key)'; create it first with POST /v1/experiments")
        }
        var arm = reader.string("arm", required: false, maxLength: 64)
        if let given = arm, let experiment, given != "holdout" {
            // Stored as the definition spells it: `String` equality is canonical equivalence
            // (a Kelvin sign "\u{212A}" equals "K"), while analysis matches the stored bytes.
            arm = experiment.arms.first { $0.name == given }?.name
            if arm == nil {
                reader.fail("arm", "must be one of \((experiment.arms.map(\.name) + ["holdout"]).joined(separator: ", ")), not '\(given)'")
            }
        }
        let kind = reader.string("kind", required: true, maxLength: 32)
        if let kind, !Self.kinds.contains(kind) {
            reader.fail("kind", "must be one of \(Self.kinds.joined(separator: ", "))")
        }
        let decisionID = reader.string("decision_id", required: false)
        let occurredAt = reader.timestamp("occurred_at", now: now)
        var attributes = reader.attributes("attributes")
        guard reader.issues.isEmpty, let eventID, let unit, let key, let kind, let occurredAt else {
            return .failure(ValidationFailure(reader.issues))
        }
        attributes["experiment"] = .string(experiment?.key ?? key)
        if let arm { attributes["arm"] = .string(arm) }
        if let decisionID { attributes["decision_id"] = .string(decisionID) }
        return .success(OutcomeRecord(eventID: eventID, unit: unit, type: Self.outcomeTypePrefix + kind, value: nil,
                                      occurredAt: occurredAt, attributes: attributes))
    }
}
