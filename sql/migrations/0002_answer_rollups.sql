-- Weekly rollups of numeric answers, so reports never scan raw answers (issue 4):
-- (tenant, survey, field, ISO week starting Monday in UTC, segment, answer value) → count.
-- segment_key = '' and segment_value = '' is the all-respondents row; every other row is one
-- attribute of the submission (name, value as text), for `report weekly --by ATTR`.
-- Maintained in the ingest transaction (added for new answers, subtracted for the answers a
-- later partial replaces); `cxloop rollup rebuild` recomputes them from raw data.
CREATE TABLE answer_rollups (
    tenant_id      text             NOT NULL,
    survey_key     text             NOT NULL,
    field_id       text             NOT NULL,
    week           date             NOT NULL,
    segment_key    text             NOT NULL,
    segment_value  text             NOT NULL,
    value          double precision NOT NULL,
    count          bigint           NOT NULL,
    PRIMARY KEY (tenant_id, survey_key, field_id, week, segment_key, segment_value, value)
);

-- Backfill from the answers stored before this migration (same computation as a rebuild).
INSERT INTO answer_rollups (tenant_id, survey_key, field_id, week, segment_key, segment_value, value, count)
SELECT a.tenant_id, a.survey_key, a.field_id,
       date_trunc('week', s.submitted_at AT TIME ZONE 'UTC')::date,
       seg.segment_key, seg.segment_value, a.value_numeric, count(*)
FROM answers a
JOIN submissions s ON s.tenant_id = a.tenant_id AND s.survey_key = a.survey_key AND s.submission_id = a.submission_id
CROSS JOIN LATERAL (
    SELECT '' AS segment_key, '' AS segment_value
    UNION ALL
    SELECT key, value FROM jsonb_each_text(s.attributes) WHERE value IS NOT NULL
) seg
WHERE a.value_numeric IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;
