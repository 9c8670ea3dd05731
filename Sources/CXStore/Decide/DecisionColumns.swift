import CXCore
import Foundation

/// Decisions laid out as the parallel arrays that one `INSERT … SELECT FROM unnest(…)` writes
/// to `decisions` and `decision_candidate_sets` (migration 0014): an array per decision field,
/// and each per-decision list (candidates, survivors, objectives, scores) flattened across the
/// decisions, every decision naming its slice by 1-based first and last positions (last <
/// first for an empty list).
///
/// PostgreSQL arrays of text cannot carry NULL through PostgresNIO's array encoding, so '' stands
/// for NULL in the optional text columns; the statement turns it back with `nullif`.
struct DecisionColumns: Sendable {
    /// Each decision's slice of flattened lists that run in parallel (one bound for all of them).
    struct Bounds: Sendable {
        var first: [Int32] = []
        var last: [Int32] = []

        /// Bounds the next decision's `count` elements, appended after `total` ones.
        mutating func append(count: Int, after total: Int) {
            first.append(Int32(total + 1))
            last.append(Int32(total + count))
        }
    }

    var tenants: [String] = []
    var decisionIDs: [String] = []
    var units: [String] = []
    var decidedAt: [Date] = []
    var experiments: [String] = []
    var arms: [String] = []
    var policyVersions: [String] = []
    var modelVersions: [String] = []
    var actions: [String] = []
    var channels: [String] = []
    var propensities: [Double] = []
    var holdouts: [Bool] = []
    /// Whether the decision contacts the unit (a channel, not held out): it goes in the ledger.
    var contacts: [Bool] = []
    var shadows: [String] = []
    var contexts: [String] = []
    /// The fatigue price of the survivors (0 when only `none` survived).
    var fatigue: [Double] = []
    /// Slices of `survivorActions` and `survivorChannels`.
    var survivorBounds = Bounds()
    var survivorActions: [String] = []
    var survivorChannels: [String] = []
    /// Slices of every `candidate…` list.
    var candidateBounds = Bounds()
    var candidateActions: [String] = []
    var candidateChannels: [String] = []
    var candidateFatigue: [Double] = []
    var candidateScore: [Double] = []
    var candidatePropensity: [Double] = []
    var candidateFiltered: [String] = []
    var objectiveBounds = Bounds()
    var objectives: [String] = []
    var scoreBounds = Bounds()
    /// Candidate by candidate, in the order of the decision's objectives.
    var scores: [Double] = []

    init(_ records: [(tenant: String, record: DecisionRecord)]) {
        for (tenant, record) in records { append(record, tenant: tenant) }
    }

    private mutating func append(_ record: DecisionRecord, tenant: String) {
        tenants.append(tenant)
        decisionIDs.append(record.decisionID)
        units.append(record.unit)
        decidedAt.append(record.decidedAt)
        experiments.append(record.experiment ?? "")
        arms.append(record.arm ?? "")
        policyVersions.append(record.policyVersion)
        modelVersions.append(record.modelVersion ?? "")
        actions.append(record.action)
        channels.append(record.channel ?? "")
        propensities.append(record.propensity)
        holdouts.append(record.holdout)
        contacts.append(record.channel != nil && !record.holdout)
        // The project's serializer: no Foundation encoder on the decide path.
        shadows.append(record.shadow?.serialized ?? "")
        contexts.append(record.context.serialized)
        let candidates = record.candidates
        let survivors = candidates.filter { $0.filtered == nil }
        fatigue.append(survivors.map(\.fatigue).max() ?? 0)
        survivorBounds.append(count: survivors.count, after: survivorActions.count)
        survivorActions += survivors.map(\.action)
        survivorChannels += survivors.map { $0.channel ?? "" }
        candidateBounds.append(count: candidates.count, after: candidateActions.count)
        candidateActions += candidates.map(\.action)
        candidateChannels += candidates.map { $0.channel ?? "" }
        candidateFatigue += candidates.map(\.fatigue)
        candidateScore += candidates.map(\.score)
        candidatePropensity += candidates.map(\.propensity)
        candidateFiltered += candidates.map { $0.filtered ?? "" }
        let names = Set(candidates.flatMap(\.scores.keys)).sorted()
        objectiveBounds.append(count: names.count, after: objectives.count)
        objectives += names
        // An objective a candidate lacks is NaN, which the decision_candidates view leaves out.
        scoreBounds.append(count: candidates.count * names.count, after: scores.count)
        scores += candidates.flatMap { candidate in names.map { candidate.scores[$0] ?? .nan } }
    }
}
