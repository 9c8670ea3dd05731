import Foundation
import PostgresNIO

/// The statements of a ``DecideBatch``, prepared once per connection: a batch runs both, and
/// parsing them anew each time cost PostgreSQL about as much as executing them.
enum DecideBatchStatements {
    /// Locks the batch's units and reads their histories in one round trip (the function of
    /// migration 0016): one transaction-scoped advisory lock per key (`tenant/unit`), in hash
    /// order, then each unit's contacts since its `since` and outcomes in [`since`, `until`],
    /// tagged with the unit's 1-based position, read in a snapshot taken after the locks. It also
    /// has the rest of the transaction use generic plans (see the migration).
    struct LockAndReadHistories: PostgresPreparedStatement {
        static let sql = "SELECT * FROM decide_lock_and_read($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])"
        typealias Row = (Int, Bool, String, Date, Double?)

        var keys: [String]
        var tenants: [String]
        var units: [String]
        var since: [Date]
        var until: [Date]

        func makeBindings() -> PostgresBindings {
            PostgresBindings(keys, tenants, units, since, until)
        }

        func decodeRow(_ row: PostgresRow) throws -> Row {
            try row.decode(Row.self)
        }
    }

    /// The decisions (with their survivors and fatigue), their candidate sets and the contacts of
    /// those that contact their unit, from ``DecisionColumns``; the candidate sets' and the
    /// ledger's foreign keys are checked at the statement's end.
    struct LogDecisions: PostgresPreparedStatement {
        static let sql = """
            WITH d AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
                                     $8::text[], $9::text[], $10::text[], $11::float8[], $12::bool[], $13::bool[], $14::text[],
                                     $15::text[], $16::float8[], $17::int4[], $18::int4[], $19::int4[], $20::int4[],
                                     $21::int4[], $22::int4[], $23::int4[], $24::int4[])
                AS d(tenant_id, decision_id, unit, decided_at, experiment_key, arm, policy_version, model_version, action_key,
                     channel, propensity, holdout, contacts, shadow, context, fatigue, survivors_first, survivors_last,
                     candidates_first, candidates_last, objectives_first, objectives_last, scores_first, scores_last)
            ), logged AS (
                INSERT INTO decisions (tenant_id, decision_id, unit, decided_at, experiment_key, arm, policy_version, model_version,
                                       action_key, channel, propensity, holdout, shadow, context,
                                       survivor_actions, survivor_channels, fatigue)
                SELECT tenant_id, decision_id, unit, decided_at, nullif(experiment_key, ''), nullif(arm, ''), policy_version,
                       nullif(model_version, ''), action_key, nullif(channel, ''), propensity, holdout,
                       nullif(shadow, '')::jsonb, context::jsonb,
                       ($25::text[])[survivors_first:survivors_last], ($26::text[])[survivors_first:survivors_last], fatigue
                FROM d
            ), candidates AS (
                INSERT INTO decision_candidate_sets (tenant_id, decision_id, actions, channels, objectives, scores, fatigue, score,
                                                     propensity, filtered)
                SELECT tenant_id, decision_id,
                       ($27::text[])[candidates_first:candidates_last], ($28::text[])[candidates_first:candidates_last],
                       ($29::text[])[objectives_first:objectives_last], ($30::float8[])[scores_first:scores_last],
                       ($31::float8[])[candidates_first:candidates_last], ($32::float8[])[candidates_first:candidates_last],
                       ($33::float8[])[candidates_first:candidates_last], ($34::text[])[candidates_first:candidates_last]
                FROM d
            )
            INSERT INTO contact_ledger (tenant_id, unit, channel, contacted_at, decision_id)
            SELECT tenant_id, unit, channel, decided_at, decision_id FROM d WHERE contacts
            """
        typealias Row = ()

        var columns: DecisionColumns

        func makeBindings() -> PostgresBindings {
            let c = columns
            return PostgresBindings(
                c.tenants, c.decisionIDs, c.units, c.decidedAt, c.experiments, c.arms, c.policyVersions, c.modelVersions, c.actions,
                c.channels, c.propensities, c.holdouts, c.contacts, c.shadows, c.contexts, c.fatigue,
                c.survivorBounds.first, c.survivorBounds.last, c.candidateBounds.first, c.candidateBounds.last,
                c.objectiveBounds.first, c.objectiveBounds.last, c.scoreBounds.first, c.scoreBounds.last,
                c.survivorActions, c.survivorChannels, c.candidateActions, c.candidateChannels, c.objectives, c.scores,
                c.candidateFatigue, c.candidateScore, c.candidatePropensity, c.candidateFiltered)
        }

        func decodeRow(_ row: PostgresRow) throws {}
    }
}
