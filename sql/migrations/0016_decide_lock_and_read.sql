-- A decide batch locks its units and reads their histories in one round trip instead of two.
--
-- The history read must see every contact committed by whoever held a unit's lock before this
-- batch got it. One plain statement cannot do that: under READ COMMITTED its snapshot is taken
-- when it starts, before it waits for the locks. A VOLATILE function takes a new snapshot for
-- each statement it runs, so the read below, which runs after the locks are granted, sees those
-- commits (as the triggers of migration 0015 rely on for their bucket locks).
--
-- It also sets plan_cache_mode to force_generic_plan for the rest of the transaction: the read
-- here and the batch's log statement take arrays whose lengths only a custom plan can use, so a
-- custom plan always looks cheaper and PostgreSQL would plan them anew on every batch (0.3–0.5 ms
-- each); their generic plans are as good, made once per connection and remade when the tables'
-- statistics change.
--
-- Locks are per `tenant/unit` key, taken in hash order so that batches sharing units wait for
-- each other instead of deadlocking. Rows are each unit's contacts since its `since` and its
-- outcomes in [`since`, `until`], tagged with the unit's 1-based position in the arrays.
CREATE FUNCTION decide_lock_and_read(lock_keys text[], batch_tenants text[], batch_units text[],
                                     batch_since timestamptz[], batch_until timestamptz[])
RETURNS TABLE (unit_position bigint, is_contact boolean, name text, at timestamptz, value float8)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM set_config('plan_cache_mode', 'force_generic_plan', true);
    PERFORM pg_advisory_xact_lock(k.key)
    FROM (SELECT DISTINCT hashtextextended(lock_key, 0) AS key FROM unnest(lock_keys) AS lock_key ORDER BY 1) AS k;
    RETURN QUERY
        WITH u AS (
            SELECT * FROM unnest(batch_tenants, batch_units, batch_since, batch_until)
                WITH ORDINALITY AS u(tenant_id, unit, since, until, position)
        )
        SELECT u.position, true, l.channel, l.contacted_at, NULL::float8 FROM u
        JOIN contact_ledger l ON l.tenant_id = u.tenant_id AND l.unit = u.unit AND l.contacted_at >= u.since
        UNION ALL
        SELECT u.position, false, o.type, o.occurred_at, o.value FROM u
        JOIN outcomes o ON o.tenant_id = u.tenant_id AND o.unit = u.unit AND o.occurred_at >= u.since AND o.occurred_at <= u.until;
END
$$;
