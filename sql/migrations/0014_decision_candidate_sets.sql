-- Every candidate of a decision in one row per decision, as parallel arrays in logged order,
-- instead of one decision_candidates row each: a decide writes two rows (the decision and its
-- candidate set), not 31 rows and 30 foreign-key checks. The decisions table stays narrow for
-- the scans of off-policy evaluation, which read the survivors on the decision itself
-- (migration 0012). decision_candidates stays, as a view with the table's old columns.
--
-- channels: '' for none; filtered: '' for a survivor. scores: the per-objective uplifts,
-- candidate by candidate in the order of objectives (row-major: cardinality = candidates ×
-- objectives); NaN marks an objective that a candidate logged before this migration lacked.
CREATE TABLE decision_candidate_sets (
    tenant_id   text               NOT NULL,
    decision_id text               NOT NULL,
    actions     text[]             NOT NULL,
    channels    text[]             NOT NULL,
    objectives  text[]             NOT NULL,
    scores      double precision[] NOT NULL,
    fatigue     double precision[] NOT NULL,
    score       double precision[] NOT NULL,
    propensity  double precision[] NOT NULL,
    filtered    text[]             NOT NULL,
    PRIMARY KEY (tenant_id, decision_id),
    FOREIGN KEY (tenant_id, decision_id) REFERENCES decisions (tenant_id, decision_id) ON DELETE CASCADE,
    CONSTRAINT decision_candidate_sets_parallel CHECK (
        cardinality(channels) = cardinality(actions) AND cardinality(fatigue) = cardinality(actions)
        AND cardinality(score) = cardinality(actions) AND cardinality(propensity) = cardinality(actions)
        AND cardinality(filtered) = cardinality(actions)
        AND cardinality(scores) = cardinality(actions) * cardinality(objectives)),
    CONSTRAINT decision_candidate_sets_propensity CHECK (0 <= ALL (propensity) AND 1 >= ALL (propensity))
);

WITH objectives AS (
    SELECT tenant_id, decision_id, array_agg(DISTINCT name ORDER BY name) AS names
    FROM decision_candidates CROSS JOIN LATERAL jsonb_object_keys(scores) AS name
    GROUP BY tenant_id, decision_id
), scores AS (
    SELECT c.tenant_id, c.decision_id,
           array_agg(coalesce((c.scores ->> o.name)::double precision, 'NaN') ORDER BY c.position, o.index) AS scores
    FROM decision_candidates c
    JOIN objectives USING (tenant_id, decision_id)
    CROSS JOIN LATERAL unnest(objectives.names) WITH ORDINALITY AS o(name, index)
    GROUP BY c.tenant_id, c.decision_id
)
INSERT INTO decision_candidate_sets (tenant_id, decision_id, actions, channels, objectives, scores, fatigue, score, propensity, filtered)
SELECT c.tenant_id, c.decision_id,
       array_agg(c.action_key ORDER BY c.position), array_agg(coalesce(c.channel, '') ORDER BY c.position),
       coalesce(min(o.names), '{}'), coalesce(min(s.scores), '{}'),
       array_agg(c.fatigue ORDER BY c.position), array_agg(c.score ORDER BY c.position),
       array_agg(c.propensity ORDER BY c.position), array_agg(coalesce(c.filtered, '') ORDER BY c.position)
FROM decision_candidates c
LEFT JOIN objectives o USING (tenant_id, decision_id)
LEFT JOIN scores s USING (tenant_id, decision_id)
GROUP BY c.tenant_id, c.decision_id;

DROP TABLE decision_candidates;

-- The candidates one row each, as the table had them (position from 0, scores as an object).
-- security_invoker: a reader sees the candidates the tenant wall lets it see.
CREATE VIEW decision_candidates WITH (security_invoker = true) AS
SELECT s.tenant_id, s.decision_id, (c.position - 1)::integer AS position, c.action_key, nullif(c.channel, '') AS channel,
       (SELECT coalesce(jsonb_object_agg(o.name, o.score) FILTER (WHERE o.score <> 'NaN'), '{}'::jsonb)
        FROM (SELECT n.name, s.scores[(c.position - 1) * cardinality(s.objectives) + n.index] AS score
              FROM unnest(s.objectives) WITH ORDINALITY AS n(name, index)) o) AS scores,
       c.fatigue, c.score, c.propensity, nullif(c.filtered, '') AS filtered
FROM decision_candidate_sets s
CROSS JOIN LATERAL unnest(s.actions, s.channels, s.fatigue, s.score, s.propensity, s.filtered)
    WITH ORDINALITY AS c(action_key, channel, fatigue, score, propensity, filtered, position);

-- The tenant wall of migration 0010 on the new table.
ALTER TABLE decision_candidate_sets ENABLE ROW LEVEL SECURITY;
CREATE POLICY cxloop_any_role ON decision_candidate_sets AS PERMISSIVE FOR ALL TO PUBLIC USING (true) WITH CHECK (true);
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cxloop_tenant') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON decision_candidate_sets TO cxloop_tenant;
        GRANT SELECT ON decision_candidates TO cxloop_tenant;
        CREATE POLICY cxloop_tenant_wall ON decision_candidate_sets AS RESTRICTIVE FOR ALL TO cxloop_tenant
            USING (tenant_id = current_setting('cxloop.tenant', true))
            WITH CHECK (tenant_id = current_setting('cxloop.tenant', true));
    END IF;
END
$$;

-- A candidate set is 2–4 kB: kept inline and uncompressed, so writing one costs no compression.
ALTER TABLE decision_candidate_sets SET (toast_tuple_target = 8160);
