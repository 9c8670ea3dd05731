-- Per-unit survey responses of every experiment (issue 5: analyse a million units in one pass).
--
-- One row per assigned unit outside the tenant's global holdout that has a completed submission
-- in its default windows (28 days, as `experiment_unit_sums`, migration 0011): its arm, assignment
-- time, whether it responded in the post and the pre window, and per survey metric (nps, csat,
-- ces) the code of its last answer in each window — what the analysis' raw statement computes
-- per unit (ExperimentUnitsSQL: the last answer by submission time, then submission id, survey
-- and field; NPS coded +1/0/−1, CSAT 1 from the top-2-box up, CES its value) — with
-- `last_post_at`, the latest submission in the post window. The analysis reads a unit's row when
-- last_post_at is before its as-of time and recounts the others from raw rows.
--
-- Which fields feed which metric is ExperimentSurveyField.fields: the fields of the tenant's
-- current survey versions answered by the experiment's population. ``experiment_response_fields``
-- is that mapping in SQL; the analysis reads the rows only when it equals the mapping it was
-- given, and falls back to raw rows otherwise, so a divergence costs time, never a number.
--
-- Maintained by triggers as 0011's sums are, recomputing the affected units from raw rows:
-- completed submissions (inserted, or completed from partial), their answers, assignments, a
-- new survey version whose mapping differs from the previous one (its respondents), and an
-- experiment whose unit type changes (its units). Writers of the same unit serialise on one of 64
-- advisory locks per tenant of their own (experiment_unit_responses_lock_key); every path takes
-- them before 0011's outcome locks (ingestion writes responses before outcomes, an assignment's
-- triggers fire in name order: `…_unit_responses` before `…_unit_sums`), so the two families
-- never wait on each other in a cycle.
CREATE TABLE experiment_unit_responses (
    tenant_id       text             NOT NULL,
    experiment_key  text             NOT NULL,
    unit            text             NOT NULL,
    arm             text,
    assigned_at     timestamptz      NOT NULL,
    responded_post  boolean          NOT NULL,
    responded_pre   boolean          NOT NULL,
    nps_post        double precision,
    nps_pre         double precision,
    csat_post       double precision,
    csat_pre        double precision,
    ces_post        double precision,
    ces_pre         double precision,
    last_post_at    timestamptz,
    PRIMARY KEY (tenant_id, experiment_key, unit)
);
CREATE INDEX experiment_unit_responses_unit ON experiment_unit_responses (tenant_id, unit);
-- The analysis' open units, whose post window reaches its as-of time: a range of this index.
CREATE INDEX experiment_unit_responses_open ON experiment_unit_responses (tenant_id, experiment_key, last_post_at);

-- The fields of one survey definition that feed a survey metric, with CSAT's top-2-box lower
-- bound (the two highest points of its scale, default 1–5) and 0 for the others: `nps` and
-- `enps` fields feed nps, `csat` csat, `ces` ces.
CREATE FUNCTION experiment_survey_metric_fields(definition jsonb)
RETURNS TABLE (field_id text, metric text, top_box_from double precision)
LANGUAGE sql IMMUTABLE AS $$
    SELECT f->>'id', CASE f->>'type' WHEN 'enps' THEN 'nps' ELSE f->>'type' END,
           CASE WHEN f->>'type' <> 'csat' THEN 0
                WHEN jsonb_typeof(f->'scale') = 'array' AND jsonb_array_length(f->'scale') = 2
                     AND (f->'scale'->>0)::int < (f->'scale'->>1)::int
                THEN greatest((f->'scale'->>0)::int, (f->'scale'->>1)::int - 1)
                ELSE 4 END::float8
    FROM jsonb_array_elements(definition->'fields') AS f
    WHERE f->>'type' IN ('nps', 'enps', 'csat', 'ces')
$$;

-- What of a survey definition the rows depend on: its population and metric fields.
CREATE FUNCTION experiment_survey_mapping(definition jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('population', definition->>'population',
        'fields', (SELECT jsonb_agg(to_jsonb(m) ORDER BY m.field_id) FROM experiment_survey_metric_fields(definition) AS m))
$$;

-- Per experiment, the fields feeding its survey metrics: the current versions of the tenant's
-- surveys answered by the experiment's population (employee experiments read employee surveys).
CREATE VIEW experiment_response_fields WITH (security_invoker = true) AS
SELECT e.tenant_id, e.experiment_key, s.survey_key, m.field_id, m.metric, m.top_box_from
FROM experiments e
JOIN surveys s ON s.tenant_id = e.tenant_id
JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.survey_key = s.survey_key AND v.version = s.current_version
CROSS JOIN LATERAL experiment_survey_metric_fields(v.definition) AS m
WHERE v.definition->>'population' = CASE e.definition->>'unit' WHEN 'employee' THEN 'employee' ELSE 'customer' END;

-- What the table holds, computed from raw rows: the definition a rebuild and every refresh use.
CREATE VIEW experiment_unit_responses_source WITH (security_invoker = true) AS
SELECT a.tenant_id, a.experiment_key, a.unit, a.arm, a.assigned_at, r.*
FROM experiment_assignments a
CROSS JOIN LATERAL (  -- per assignment, so that a filter or join on its units reaches the index scans
    SELECT bool_or(c.post) AS responded_post, bool_or(NOT c.post) AS responded_pre,
           (array_agg(c.code ORDER BY c.at DESC, c.id DESC, c.survey DESC, c.field DESC) FILTER (WHERE c.metric = 'nps' AND c.post))[1] AS nps_post,
           (array_agg(c.code ORDER BY c.at DESC, c.id DESC, c.survey DESC, c.field DESC) FILTER (WHERE c.metric = 'nps' AND NOT c.post))[1] AS nps_pre,
           (array_agg(c.code ORDER BY c.at DESC, c.id DESC, c.survey DESC, c.field DESC) FILTER (WHERE c.metric = 'csat' AND c.post))[1] AS csat_post,
           (array_agg(c.code ORDER BY c.at DESC, c.id DESC, c.survey DESC, c.field DESC) FILTER (WHERE c.metric = 'csat' AND NOT c.post))[1] AS csat_pre,
           (array_agg(c.code ORDER BY c.at DESC, c.id DESC, c.survey DESC, c.field DESC) FILTER (WHERE c.metric = 'ces' AND c.post))[1] AS ces_post,
           (array_agg(c.code ORDER BY c.at DESC, c.id DESC, c.survey DESC, c.field DESC) FILTER (WHERE c.metric = 'ces' AND NOT c.post))[1] AS ces_pre,
           max(c.at) FILTER (WHERE c.post) AS last_post_at
    FROM (
        SELECT s.survey_key AS survey, s.submission_id AS id, s.submitted_at AS at, s.submitted_at >= a.assigned_at AS post,
               x.field_id AS field, x.metric,
               CASE x.metric
                   WHEN 'nps' THEN CASE WHEN x.value_numeric >= 9 THEN 1 WHEN x.value_numeric <= 6 THEN -1 ELSE 0 END
                   WHEN 'csat' THEN (x.value_numeric >= x.top_box_from)::int
                   ELSE x.value_numeric
               END::float8 AS code
        FROM submissions s
        LEFT JOIN (
            SELECT n.survey_key, n.submission_id, n.field_id, n.value_numeric, m.metric, m.top_box_from
            FROM answers n JOIN experiment_response_fields m
              ON m.tenant_id = n.tenant_id AND m.survey_key = n.survey_key AND m.field_id = n.field_id
            WHERE n.tenant_id = a.tenant_id AND m.experiment_key = a.experiment_key
        ) AS x ON x.survey_key = s.survey_key AND x.submission_id = s.submission_id
        WHERE s.tenant_id = a.tenant_id AND s.respondent = a.unit AND s.status = 'completed'
          AND s.submitted_at >= a.assigned_at - interval '28 days' AND s.submitted_at < a.assigned_at + interval '28 days'
    ) AS c
) AS r
WHERE NOT a.global_holdout AND r.responded_post IS NOT NULL;  -- units without a response in either window have no row

-- The advisory lock of one of a tenant's 64 unit buckets (0011's buckets, locks of their own).
CREATE FUNCTION experiment_unit_responses_lock_key(tenant text, bucket int) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$ SELECT hashtextextended(tenant || '/experiment-unit-responses/' || bucket, 11) $$;

-- Recomputes the rows of `units` of `tenant` (every experiment they are assigned to): rows whose
-- unit no longer responded, or is no longer assigned, leave; the others are written when changed.
CREATE FUNCTION experiment_unit_responses_refresh(tenant text, units text[]) RETURNS void
LANGUAGE plpgsql SET TimeZone = 'UTC' SET enable_seqscan = off AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(experiment_unit_responses_lock_key(tenant, b))
    FROM (SELECT DISTINCT experiment_unit_sums_bucket(u) AS b FROM unnest(units) AS u ORDER BY 1) AS buckets;
    WITH fresh AS MATERIALIZED (
        SELECT v.* FROM unnest(units) AS c(unit) JOIN experiment_unit_responses_source v ON v.tenant_id = tenant AND v.unit = c.unit
    ), gone AS (
        DELETE FROM experiment_unit_responses r USING unnest(units) AS c(unit)
        WHERE r.tenant_id = tenant AND r.unit = c.unit
          AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.experiment_key = r.experiment_key AND f.unit = r.unit)
    )
    INSERT INTO experiment_unit_responses AS r SELECT * FROM fresh
    ON CONFLICT (tenant_id, experiment_key, unit) DO UPDATE SET
        arm = EXCLUDED.arm, assigned_at = EXCLUDED.assigned_at, responded_post = EXCLUDED.responded_post,
        responded_pre = EXCLUDED.responded_pre, nps_post = EXCLUDED.nps_post, nps_pre = EXCLUDED.nps_pre,
        csat_post = EXCLUDED.csat_post, csat_pre = EXCLUDED.csat_pre, ces_post = EXCLUDED.ces_post,
        ces_pre = EXCLUDED.ces_pre, last_post_at = EXCLUDED.last_post_at
    WHERE r IS DISTINCT FROM EXCLUDED;
END
$$;

-- Recomputes every row of one experiment (`cxloop experiment rebuild-sums`); returns the row count.
CREATE FUNCTION experiment_unit_responses_rebuild(tenant text, experiment text) RETURNS bigint
LANGUAGE plpgsql SET TimeZone = 'UTC' SET enable_seqscan = off AS $$
DECLARE
    written bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(experiment_unit_responses_lock_key(tenant, b)) FROM generate_series(0, 63) AS b ORDER BY b;
    DELETE FROM experiment_unit_responses WHERE tenant_id = tenant AND experiment_key = experiment;
    INSERT INTO experiment_unit_responses
    SELECT * FROM experiment_unit_responses_source WHERE tenant_id = tenant AND experiment_key = experiment;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;

-- Statement trigger: TG_ARGV[0] selects (tenant_id, unit) of the changed rows from the
-- statement's transition tables; their units are refreshed, tenant by tenant.
CREATE FUNCTION experiment_unit_responses_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed record;
BEGIN
    FOR changed IN EXECUTE format(
        'SELECT tenant_id, array_agg(DISTINCT unit) AS units FROM (%s) AS c WHERE unit IS NOT NULL GROUP BY tenant_id ORDER BY tenant_id',
        TG_ARGV[0])
    LOOP
        PERFORM experiment_unit_responses_refresh(changed.tenant_id, changed.units);
    END LOOP;
    RETURN NULL;
END
$$;

-- Submissions: only completed ones count (a partial's later completion is an update of the row).
CREATE TRIGGER submissions_inserted_unit_responses AFTER INSERT ON submissions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_responses_changed(
        'SELECT tenant_id, respondent AS unit FROM new_rows WHERE status = ''completed''');
CREATE TRIGGER submissions_deleted_unit_responses AFTER DELETE ON submissions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_responses_changed(
        'SELECT tenant_id, respondent AS unit FROM old_rows WHERE status = ''completed''');
CREATE TRIGGER submissions_updated_unit_responses AFTER UPDATE ON submissions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_responses_changed(
        'SELECT tenant_id, respondent AS unit FROM old_rows WHERE status = ''completed''
         UNION ALL SELECT tenant_id, respondent FROM new_rows WHERE status = ''completed''');
-- Answers: the respondent is their submission's (answers deleted with it are covered by its trigger).
CREATE TRIGGER answers_inserted_unit_responses AFTER INSERT ON answers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_responses_changed(
        'SELECT s.tenant_id, s.respondent AS unit FROM new_rows n JOIN submissions s
             ON s.tenant_id = n.tenant_id AND s.survey_key = n.survey_key AND s.submission_id = n.submission_id
         WHERE s.status = ''completed''');
CREATE TRIGGER answers_deleted_unit_responses AFTER DELETE ON answers
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_responses_changed(
        'SELECT s.tenant_id, s.respondent AS unit FROM old_rows o JOIN submissions s
             ON s.tenant_id = o.tenant_id AND s.survey_key = o.survey_key AND s.submission_id = o.submission_id
         WHERE s.status = ''completed''');
CREATE TRIGGER answers_updated_unit_responses AFTER UPDATE ON answers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_responses_changed(
        'SELECT s.tenant_id, s.respondent AS unit FROM new_rows n JOIN submissions s
             ON s.tenant_id = n.tenant_id AND s.survey_key = n.survey_key AND s.submission_id = n.submission_id
         WHERE s.status = ''completed''');
-- Assignments: rows whose arm, time or holdout changed (the sticky assignment's no-op upsert is no change).
CREATE TRIGGER assignments_inserted_unit_responses AFTER INSERT ON experiment_assignments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_responses_changed(
        'SELECT tenant_id, unit FROM new_rows WHERE NOT global_holdout');
CREATE TRIGGER assignments_deleted_unit_responses AFTER DELETE ON experiment_assignments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_responses_changed(
        'SELECT tenant_id, unit FROM old_rows WHERE NOT global_holdout');
CREATE TRIGGER assignments_updated_unit_responses AFTER UPDATE ON experiment_assignments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_responses_changed(
        'SELECT tenant_id, unit FROM (
             (SELECT tenant_id, experiment_key, unit, arm, assigned_at, global_holdout FROM old_rows
              EXCEPT SELECT tenant_id, experiment_key, unit, arm, assigned_at, global_holdout FROM new_rows)
             UNION ALL
             (SELECT tenant_id, experiment_key, unit, arm, assigned_at, global_holdout FROM new_rows
              EXCEPT SELECT tenant_id, experiment_key, unit, arm, assigned_at, global_holdout FROM old_rows)) AS changed');
-- A new survey version (written after `surveys.current_version` moved to it) whose population or
-- metric fields differ from the previous version's: the survey's respondents.
CREATE TRIGGER survey_versions_inserted_unit_responses AFTER INSERT ON survey_versions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_responses_changed(
        'SELECT s.tenant_id, s.respondent AS unit FROM new_rows n
         LEFT JOIN survey_versions p ON p.tenant_id = n.tenant_id AND p.survey_key = n.survey_key AND p.version = n.version - 1
         JOIN submissions s ON s.tenant_id = n.tenant_id AND s.survey_key = n.survey_key AND s.status = ''completed''
         WHERE experiment_survey_mapping(n.definition) IS DISTINCT FROM experiment_survey_mapping(p.definition)');
-- An experiment whose unit type (so population) changed: its units.
CREATE TRIGGER experiments_updated_unit_responses AFTER UPDATE ON experiments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION experiment_unit_responses_changed(
        'SELECT a.tenant_id, a.unit FROM old_rows o JOIN new_rows n ON n.tenant_id = o.tenant_id AND n.experiment_key = o.experiment_key
         JOIN experiment_assignments a ON a.tenant_id = n.tenant_id AND a.experiment_key = n.experiment_key
         WHERE n.definition->>''unit'' IS DISTINCT FROM o.definition->>''unit''');

-- The experiments stored before this migration.
SELECT experiment_unit_responses_rebuild(tenant_id, experiment_key) FROM experiments;

-- Row-level security as migration 0010 gives every tenant table.
ALTER TABLE experiment_unit_responses ENABLE ROW LEVEL SECURITY;
CREATE POLICY cxloop_any_role ON experiment_unit_responses AS PERMISSIVE FOR ALL TO PUBLIC USING (true) WITH CHECK (true);
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cxloop_tenant') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON experiment_unit_responses TO cxloop_tenant;
        GRANT SELECT ON experiment_unit_responses_source, experiment_response_fields TO cxloop_tenant;
        CREATE POLICY cxloop_tenant_wall ON experiment_unit_responses AS RESTRICTIVE FOR ALL TO cxloop_tenant
            USING (tenant_id = current_setting('cxloop.tenant', true))
            WITH CHECK (tenant_id = current_setting('cxloop.tenant', true));
    END IF;
END
$$;
