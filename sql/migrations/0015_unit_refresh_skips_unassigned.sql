-- The statement triggers of migrations 0011 (outcome sums) and 0013 (responses) refresh only
-- the units that are assigned to an experiment or already have a row: for any other unit a
-- refresh writes nothing. Ingestion of units outside experiments — most of them, and all of a
-- tenant without experiments — then costs two index probes per unit instead of a recomputation.
--
-- The units' bucket locks are taken before the probes, as the refresh takes them: an assignment
-- made by a concurrent transaction is either committed before the probe (which then sees it), or
-- its own refresh waits for this transaction's commit and then sees this statement's rows.
CREATE OR REPLACE FUNCTION experiment_unit_sums_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed record;
    live text[];
BEGIN
    FOR changed IN EXECUTE format(
        'SELECT tenant_id, array_agg(DISTINCT unit) AS units FROM (%s) AS c GROUP BY tenant_id ORDER BY tenant_id', TG_ARGV[0])
    LOOP
        PERFORM pg_advisory_xact_lock(experiment_unit_sums_lock_key(changed.tenant_id, b))
        FROM (SELECT DISTINCT experiment_unit_sums_bucket(u) AS b FROM unnest(changed.units) AS u ORDER BY 1) AS buckets;
        SELECT array_agg(u) INTO live FROM unnest(changed.units) AS u
        WHERE EXISTS (SELECT 1 FROM experiment_assignments a WHERE a.tenant_id = changed.tenant_id AND a.unit = u)
           OR EXISTS (SELECT 1 FROM experiment_unit_sums s WHERE s.tenant_id = changed.tenant_id AND s.unit = u);
        IF live IS NOT NULL THEN
            PERFORM experiment_unit_sums_refresh(changed.tenant_id, live, TG_TABLE_NAME = 'experiment_assignments');
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION experiment_unit_responses_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed record;
    live text[];
BEGIN
    FOR changed IN EXECUTE format(
        'SELECT tenant_id, array_agg(DISTINCT unit) AS units FROM (%s) AS c WHERE unit IS NOT NULL GROUP BY tenant_id ORDER BY tenant_id',
        TG_ARGV[0])
    LOOP
        PERFORM pg_advisory_xact_lock(experiment_unit_responses_lock_key(changed.tenant_id, b))
        FROM (SELECT DISTINCT experiment_unit_sums_bucket(u) AS b FROM unnest(changed.units) AS u ORDER BY 1) AS buckets;
        SELECT array_agg(u) INTO live FROM unnest(changed.units) AS u
        WHERE EXISTS (SELECT 1 FROM experiment_assignments a WHERE a.tenant_id = changed.tenant_id AND a.unit = u)
           OR EXISTS (SELECT 1 FROM experiment_unit_responses r WHERE r.tenant_id = changed.tenant_id AND r.unit = u);
        IF live IS NOT NULL THEN
            PERFORM experiment_unit_responses_refresh(changed.tenant_id, live);
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;
