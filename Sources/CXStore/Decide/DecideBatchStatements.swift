import Foundation
import PostgresNIO

/// The statements of a ``DecideBatch``, prepared once per connection: a batch runs three of
/// them, and planning them anew each time cost PostgreSQL about as much as executing them.
enum DecideBatchStatements {
    /// One transaction-scoped advisory lock per key (`tenant/unit`), taken in hash order so that
    /// batches sharing units wait for each other instead of deadlocking.
    ///
    /// It also sets `plan_cache_mode` to `force_generic_plan` for the rest of the transaction.
    /// The batch's other statements take arrays whose lengths the planner can use only in a
    /// custom plan, so a custom plan always looks cheaper and PostgreSQL would plan them anew on
    /// every execution (0.3–0.5 ms each); their generic plans are as good and are made once per
    /// connection (and remade when the tables' statistics change).
    struct LockUnits: PostgresPreparedStatement {
        static let sql = """
            SELECT count(pg_advisory_xact_lock(key)), set_config('plan_cache_mode', 'force_generic_plan', true)
            FROM (SELECT DISTINCT hashtextextended(k, 0) AS key FROM unnest($1::text[]) AS k ORDER BY 1) keys
            """
        typealias Row = (Int, String)

        var keys: [String]

        func makeBindings() -> PostgresBindings {
            PostgresBindings(keys)
        }

        func decodeRow(_ row: PostgresRow) throws -> Row {
            try row.decode(Row.self)
        }
    }

    /// Each unit's contacts since its `since` and outcomes in [`since`, `until`], tagged with the
    /// unit's 1-based position in the batch.
    struct Histories: PostgresPreparedStatement {
        static let sql = """
            WITH u AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[])
                    WITH ORDINALITY AS u(tenant_id, unit, since, until, index)
            )
            SELECT u.index, true, l.channel, l.contacted_at, NULL::float8 FROM u
            JOIN contact_ledger l ON l.tenant_id = u.tenant_id AND l.unit = u.unit AND l.contacted_at >= u.since
            UNION ALL
            SELECT u.index, false, o.type, o.occurred_at, o.value FROM u
            JOIN outcomes o ON o.tenant_id = u.tenant_id AND o.unit = u.unit AND o.occurred_at >= u.since AND o.occurred_at <= u.until
            """
        typealias Row = (Int, Bool, String, Date, Double?)

        var tenants: [String]
        var units: [String]
        var since: [Date]
        var until: [Date]

        func makeBindings() -> PostgresBindings {
            PostgresBindings(tenants, units, since, until)
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
