import CXCore
import Foundation

/// Decisions laid out as the parallel arrays that one `INSERT … SELECT FROM unnest(…)` writes
/// to `decisions` and `decision_candidate_sets` (migration 0014): an array per decision field,
/// and each per-decision list (candidates, survivors, objectives, scores) flattened across the
/// decisions, every decision naming its slice by 1-based first and last positions (last <
/// first for an empty list).
///
/// Each array is encoded as it is filled (``PostgresArrayColumn``). Arrays of text carry no NULL,
/// so '' stands for NULL in the optional text columns; the statement turns it back with `nullif`.
struct DecisionColumns: Sendable {
    /// Each decision's slice of flattened lists that run in parallel (one bound for all of them).
    struct Bounds: Sendable {
        var first = PostgresArrayColumn<Int32>()
        var last = PostgresArrayColumn<Int32>()

        /// Bounds the next decision's `count` elements, appended after `total` ones.
        mutating func append(count: Int, after total: Int) {
            first.append(Int32(total + 1))
            last.append(Int32(total + count))
        }
    }

    var tenants = PostgresArrayColumn<String>()
    var decisionIDs = PostgresArrayColumn<String>()
    var units = PostgresArrayColumn<String>()
    var decidedAt = PostgresArrayColumn<Date>()
    var experiments = PostgresArrayColumn<String>()
    var arms = PostgresArrayColumn<String>()
    var policyVersions = PostgresArrayColumn<String>()
    var modelVersions = PostgresArrayColumn<String>()
    var actions = PostgresArrayColumn<String>()
    var channels = PostgresArrayColumn<String>()
    var propensities = PostgresArrayColumn<Double>()
    var holdouts = PostgresArrayColumn<Bool>()
    /// Whether the decision contacts the unit (a channel, not held out): it goes in the ledger.
    var contacts = PostgresArrayColumn<Bool>()
    var shadows = PostgresArrayColumn<String>()
    var contexts = PostgresArrayColumn<String>()
    /// The fatigue price of the survivors (0 when only `none` survived).
    var fatigue = PostgresArrayColumn<Double>()
    /// Slices of `survivorActions` and `survivorChannels`.
    var survivorBounds = Bounds()
    var survivorActions = PostgresArrayColumn<String>()
    var survivorChannels = PostgresArrayColumn<String>()
    /// Slices of every `candidate…` list.
    var candidateBounds = Bounds()
    var candidateActions = PostgresArrayColumn<String>()
    var candidateChannels = PostgresArrayColumn<String>()
    var candidateFatigue = PostgresArrayColumn<Double>()
    var candidateScore = PostgresArrayColumn<Double>()
    var candidatePropensity = PostgresArrayColumn<Double>()
    var candidateFiltered = PostgresArrayColumn<String>()
    var objectiveBounds = Bounds()
    var objectives = PostgresArrayColumn<String>()
    var scoreBounds = Bounds()
    /// Candidate by candidate, in the order of the decision's objectives.
    var scores = PostgresArrayColumn<Double>()

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
        let survivorsBefore = survivorActions.count
        var survivorFatigue = 0.0
        for candidate in candidates where candidate.filtered == nil {
            survivorActions.append(candidate.action)
            survivorChannels.append(candidate.channel ?? "")
            survivorFatigue = max(survivorFatigue, candidate.fatigue)
        }
        survivorBounds.append(count: survivorActions.count - survivorsBefore, after: survivorsBefore)
        fatigue.append(survivorFatigue)
        objectiveBounds.append(count: record.objectives.count, after: objectives.count)
        for objective in record.objectives { objectives.append(objective) }
        candidateBounds.append(count: candidates.count, after: candidateActions.count)
        scoreBounds.append(count: candidates.count * record.objectives.count, after: scores.count)
        for candidate in candidates {
            precondition(candidate.scores.count == record.objectives.count, "a candidate scores every objective of its decision")
            candidateActions.append(candidate.action)
            candidateChannels.append(candidate.channel ?? "")
            candidateFatigue.append(candidate.fatigue)
            candidateScore.append(candidate.score)
            candidatePropensity.append(candidate.propensity)
            candidateFiltered.append(candidate.filtered ?? "")
            for score in candidate.scores { scores.append(score) }
        }
    }
}
