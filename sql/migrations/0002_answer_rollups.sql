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
