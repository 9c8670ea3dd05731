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
    /// One flattened list and each decision's slice of it.
    struct Slices<Element: Sendable>: Sendable {
        var elements: [Element] = []
        var first: [Int32] = []
        var last: [Int32] = []

        mutating func append(_ list: some Collection<Element>) {
            first.append(Int32(elements.count + 1))
            elements.append(contentsOf: list)
            last.append(Int32(elements.count))
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
    var survivorActions = Slices<String>()
    var survivorChannels = Slices<String>()
    var candidateActions = Slices<String>()
    var candidateChannels = Slices<String>()
    var candidateFatigue = Slices<Double>()
    var candidateScore = Slices<Double>()
    var candidatePropensity = Slices<Double>()
    var candidateFiltered = Slices<String>()
    var objectives = Slices<String>()
    /// Candidate by candidate, in the order of the decision's objectives.
    var scores = Slices<Double>()

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
        survivorActions.append(survivors.map(\.action))
        survivorChannels.append(survivors.map { $0.channel ?? "" })
        candidateActions.append(candidates.map(\.action))
        candidateChannels.append(candidates.map { $0.channel ?? "" })
        candidateFatigue.append(candidates.map(\.fatigue))
        candidateScore.append(candidates.map(\.score))
        candidatePropensity.append(candidates.map(\.propensity))
        candidateFiltered.append(candidates.map { $0.filtered ?? "" })
        let names = Set(candidates.flatMap(\.scores.keys)).sorted()
        objectives.append(names)
        // An objective a candidate lacks is NaN, which the decision_candidates view leaves out.
        scores.append(candidates.flatMap { candidate in names.map { candidate.scores[$0] ?? .nan } })
    }
}
