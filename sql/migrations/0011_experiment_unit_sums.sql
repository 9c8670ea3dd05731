-- Per-unit outcome sums of every experiment (issue 5: analyse a million units in one pass).
--
-- One row per assigned unit outside the tenant's global holdout: its arm, assignment time and
-- the sums of its outcomes over the analysis' default windows (28 days) — post =
-- [assigned_at, assigned_at + 28 days), pre = [assigned_at − 28 days, assigned_at) — with
-- `last_post_at`, the latest outcome summed into a post column. The analysis reads a unit's sums
-- when last_post_at is before its as-of time (then cutting the window there changes nothing)
-- and recomputes the others, and any other window, from raw outcomes.
--
-- Maintained by triggers, in the writer's transaction, so that every path — ingestion,
-- assignment, erasure, the benchmark's SQL load — keeps the table equal to a rebuild: a
-- statement that inserts, updates or deletes outcomes of a summed type or assignments
-- recomputes the affected units from raw rows (``experiment_unit_sums_refresh``). Recomputing
-- rather than adding makes the result independent of arrival order (bit for bit what a rebuild
-- gives) and handles late, replayed (ON CONFLICT DO NOTHING: no row, no change) and erased rows
-- alike. Windows are computed in UTC, as the analysis does.
--
-- Concurrency: a unit's recomputation must see every committed outcome and assignment of the
-- unit, so writers of the same unit serialise on one of 64 advisory locks per tenant
-- (experiment_unit_sums_lock_key), taken in key order; under READ COMMITTED each statement
-- after the lock sees what the previous holder committed.
CREATE TABLE experiment_unit_sums (
    tenant_id       text             NOT NULL,
    experiment_key  text             NOT NULL,
    unit            text             NOT NULL,
    arm             text,
    assigned_at     timestamptz      NOT NULL,
    value_post      double precision NOT NULL,
    value_pre       double precision NOT NULL,
    contacts_post   bigint           NOT NULL,
    contacts_pre    bigint           NOT NULL,
    cost_post       double precision NOT NULL,
    cost_pre        double precision NOT NULL,
    last_post_at    timestamptz,
    PRIMARY KEY (tenant_id, experiment_key, unit)
);

-- A unit's rows and assignments, as the triggers (and the eraser) look them up: by unit.
CREATE INDEX experiment_unit_sums_unit ON experiment_unit_sums (tenant_id, unit);
CREATE INDEX experiment_assignments_unit ON experiment_assignments (tenant_id, unit);

-- What the table holds, computed from raw rows: the definition a rebuild and every refresh use
-- (the analysis' raw path, ExperimentUnitsSQL, computes the same sums). Read with the invoker's
-- rights, so that row-level security applies to it as to its tables.
CREATE VIEW experiment_unit_sums_source WITH (security_invoker = true) AS
SELECT a.tenant_id, a.experiment_key, a.unit, a.arm, a.assigned_at, s.*
FROM experiment_assignments a
CROSS JOIN LATERAL (  -- per assignment, so that a filter or join on its units reaches the index scans
    SELECT coalesce(sum(CASE o.type WHEN 'purchase' THEN o.value WHEN 'refund' THEN -o.value ELSE 0 END)
                    FILTER (WHERE o.occurred_at >= a.assigned_at), 0) AS value_post,
           coalesce(sum(CASE o.type WHEN 'purchase' THEN o.value WHEN 'refund' THEN -o.value ELSE 0 END)
                    FILTER (WHERE o.occurred_at < a.assigned_at), 0) AS value_pre,
           count(*) FILTER (WHERE o.type = 'contact' AND o.occurred_at >= a.assigned_at) AS contacts_post,
           count(*) FILTER (WHERE o.type = 'contact' AND o.occurred_at < a.assigned_at) AS contacts_pre,
           coalesce(sum(o.value) FILTER (WHERE o.type = 'cost' AND o.occurred_at >= a.assigned_at), 0) AS cost_post,
           coalesce(sum(o.value) FILTER (WHERE o.type = 'cost' AND o.occurred_at < a.assigned_at), 0) AS cost_pre,
           max(o.occurred_at) FILTER (WHERE o.occurred_at >= a.assigned_at) AS last_post_at
    FROM outcomes o
    WHERE o.tenant_id = a.tenant_id AND o.unit = a.unit AND o.type IN ('purchase', 'refund', 'contact', 'cost')
      AND o.occurred_at >= a.assigned_at - interval '28 days' AND o.occurred_at < a.assigned_at + interval '28 days'
) AS s
WHERE NOT a.global_holdout;

-- The advisory lock of one of a tenant's 64 unit buckets.
CREATE FUNCTION experiment_unit_sums_lock_key(tenant text, bucket int) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$ SELECT hashtextextended(tenant || '/experiment-unit-sums/' || bucket, 11) $$;

CREATE FUNCTION experiment_unit_sums_bucket(unit text) RETURNS int
LANGUAGE sql IMMUTABLE AS $$ SELECT hashtext(unit) & 63 $$;

-- Recomputes the rows of `units` of `tenant` (every experiment they are assigned to); with
-- `prune`, first drops those whose assignment is gone or in the global holdout. The units are
-- joined as a set (not `= ANY`) and read through the indexes even when the statistics claim a
-- table is empty (right after a bulk load, a sequential scan per unit would be quadratic), so a
-- bulk statement's million units cost linear time. Unchanged rows are not rewritten.
CREATE FUNCTION experiment_unit_sums_refresh(tenant text, units text[], prune boolean) RETURNS void
LANGUAGE plpgsql SET TimeZone = 'UTC' SET enable_seqscan = off AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(experiment_unit_sums_lock_key(tenant, b))
    FROM (SELECT DISTINCT experiment_unit_sums_bucket(u) AS b FROM unnest(units) AS u ORDER BY 1) AS buckets;
    IF prune THEN
        DELETE FROM experiment_unit_sums s USING unnest(units) AS c(unit)
        WHERE s.tenant_id = tenant AND s.unit = c.unit AND NOT EXISTS (
            SELECT 1 FROM experiment_assignments a
            WHERE a.tenant_id = s.tenant_id AND a.experiment_key = s.experiment_key AND a.unit = s.unit AND NOT a.global_holdout);
    END IF;
    INSERT INTO experiment_unit_sums AS s
    SELECT v.* FROM unnest(units) AS c(unit) JOIN experiment_unit_sums_source v ON v.tenant_id = tenant AND v.unit = c.unit
    ON CONFLICT (tenant_id, experiment_key, unit) DO UPDATE SET
        arm = EXCLUDED.arm, assigned_at = EXCLUDED.assigned_at, value_post = EXCLUDED.value_post,
        value_pre = EXCLUDED.value_pre, contacts_post = EXCLUDED.contacts_post, contacts_pre = EXCLUDED.contacts_pre,
        cost_post = EXCLUDED.cost_post, cost_pre = EXCLUDED.cost_pre, last_post_at = EXCLUDED.last_post_at
    WHERE s IS DISTINCT FROM EXCLUDED;
END
$$;

-- Recomputes every row of one experiment (`cxloop experiment rebuild-sums`); returns the row count.
CREATE FUNCTION experiment_unit_sums_rebuild(tenant text, experiment text) RETURNS bigint
LANGUAGE plpgsql SET TimeZone = 'UTC' SET enable_seqscan = off AS $$
DECLARE
    written bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(experiment_unit_sums_lock_key(tenant, b)) FROM generate_series(0, 63) AS b ORDER BY b;
    DELETE FROM experiment_unit_sums WHERE tenant_id = tenant AND experiment_key = experiment;
    INSERT INTO experiment_unit_sums
    SELECT * FROM experiment_unit_sums_source WHERE tenant_id = tenant AND experiment_key = experiment;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;

-- Statement trigger: TG_ARGV[0] selects (tenant_id, unit) of the changed rows from the
-- statement's transition tables; their units are refreshed, tenant by tenant (pruned when
-- assignments changed: outcomes cannot remove a unit's row).
CREATE FUNCTION experiment_unit_sums_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed record;
BEGIN
    FOR changed IN EXECUTE format(
        'SELECT tenant_id, array_agg(DISTINCT unit) AS units FROM (%s) AS c GROUP BY tenant_id ORDER BY tenant_id', TG_ARGV[0])
    LOOP
        PERFORM experiment_unit_sums_refresh(changed.tenant_id, changed.units, TG_TABLE_NAME = 'experiment_assignments');
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER outcomes_inserted_unit_sums AFTER INSERT ON outcomes
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_sums_changed(
        'SELECT tenant_id, unit FROM new_rows WHERE type IN (''purchase'', ''refund'', ''contact'', ''cost'')');
CREATE TRIGGER outcomes_deleted_unit_sums AFTER DELETE ON outcomes
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_sums_changed(
        'SELECT tenant_id, unit FROM old_rows WHERE type IN (''purchase'', ''refund'', ''contact'', ''cost'')');
CREATE TRIGGER outcomes_updated_unit_sums AFTER UPDATE ON outcomes
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_sums_changed(
        'SELECT tenant_id, unit FROM old_rows UNION ALL SELECT tenant_id, unit FROM new_rows');
CREATE TRIGGER assignments_inserted_unit_sums AFTER INSERT ON experiment_assignments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_sums_changed(
        'SELECT tenant_id, unit FROM new_rows WHERE NOT global_holdout');
CREATE TRIGGER assignments_deleted_unit_sums AFTER DELETE ON experiment_assignments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_sums_changed(
        'SELECT tenant_id, unit FROM old_rows WHERE NOT global_holdout');
-- Only rows whose arm, time or holdout changed: the sticky assignment's no-op upsert is no change.
CREATE TRIGGER assignments_updated_unit_sums AFTER UPDATE ON experiment_assignments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_sums_changed(
        'SELECT o.tenant_id, o.unit FROM old_rows o FULL JOIN new_rows n
             ON n.tenant_id = o.tenant_id AND n.experiment_key = o.experiment_key AND n.unit = o.unit
                AND n.arm IS NOT DISTINCT FROM o.arm AND n.assigned_at = o.assigned_at AND n.global_holdout = o.global_holdout
         WHERE n.unit IS NULL AND o.unit IS NOT NULL
         UNION ALL
         SELECT n.tenant_id, n.unit FROM new_rows n LEFT JOIN old_rows o
             ON n.tenant_id = o.tenant_id AND n.experiment_key = o.experiment_key AND n.unit = o.unit
                AND n.arm IS NOT DISTINCT FROM o.arm AND n.assigned_at = o.assigned_at AND n.global_holdout = o.global_holdout
         WHERE o.unit IS NULL');

-- The experiments stored before this migration.
SELECT experiment_unit_sums_rebuild(tenant_id, experiment_key) FROM experiments;

-- Row-level security as migration 0010 gives every tenant table.
ALTER TABLE experiment_unit_sums ENABLE ROW LEVEL SECURITY;
CREATE POLICY cxloop_any_role ON experiment_unit_sums AS PERMISSIVE FOR ALL TO PUBLIC USING (true) WITH CHECK (true);
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cxloop_tenant') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON experiment_unit_sums TO cxloop_tenant;
        GRANT SELECT ON experiment_unit_sums_source TO cxloop_tenant;
        CREATE POLICY cxloop_tenant_wall ON experiment_unit_sums AS RESTRICTIVE FOR ALL TO cxloop_tenant
            USING (tenant_id = current_setting('cxloop.tenant', true))
            WITH CHECK (tenant_id = current_setting('cxloop.tenant', true));
    END IF;
END
$$;
