-- Foundation schema: tenants, API keys, surveys, submissions, answers, outcomes.
-- tenant_id leads every primary key and index; no foreign key crosses tenants
-- (each one includes tenant_id), so the schema can be distributed by tenant_id.

CREATE TABLE tenants (
    tenant_id   text        PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    tenant_id   text        NOT NULL REFERENCES tenants (tenant_id),
    key_id      text        NOT NULL,
    key_hash    bytea       NOT NULL,
    scope       text        NOT NULL CHECK (scope IN ('ingest', 'decide', 'read', 'admin')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    PRIMARY KEY (tenant_id, key_id)
);
-- Lookup by hash at authentication time. The hash is SHA-256 of a 256-bit random
-- secret, so it is globally unique; this is the one index not led by tenant_id
-- because the tenant is what the lookup discovers.
CREATE UNIQUE INDEX api_keys_hash ON api_keys (key_hash);

CREATE TABLE surveys (
    tenant_id       text        NOT NULL REFERENCES tenants (tenant_id),
    survey_key      text        NOT NULL,
    current_version integer     NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, survey_key)
);

CREATE TABLE survey_versions (
    tenant_id   text        NOT NULL,
    survey_key  text        NOT NULL,
    version     integer     NOT NULL,
    definition  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, survey_key, version),
    FOREIGN KEY (tenant_id, survey_key) REFERENCES surveys (tenant_id, survey_key)
);

CREATE TABLE submissions (
    tenant_id       text        NOT NULL,
    survey_key      text        NOT NULL,
    submission_id   text        NOT NULL,
    survey_version  integer     NOT NULL,
    respondent      text,
    status          text        NOT NULL CHECK (status IN ('completed', 'partial')),
    submitted_at    timestamptz NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    attributes      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    raw             jsonb       NOT NULL,
    PRIMARY KEY (tenant_id, survey_key, submission_id),
    FOREIGN KEY (tenant_id, survey_key, survey_version)
        REFERENCES survey_versions (tenant_id, survey_key, version)
);
CREATE INDEX submissions_weekly ON submissions (tenant_id, survey_key, submitted_at);
CREATE INDEX submissions_respondent ON submissions (tenant_id, respondent);

-- Long format: one row per answered item. Skipped items have no row, so they never
-- enter a metric's denominator.
CREATE TABLE answers (
    tenant_id       text        NOT NULL,
    survey_key      text        NOT NULL,
    submission_id   text        NOT NULL,
    field_id        text        NOT NULL,
    survey_version  integer     NOT NULL,
    value_numeric   double precision,
    value_text      text,
    PRIMARY KEY (tenant_id, survey_key, submission_id, field_id),
    FOREIGN KEY (tenant_id, survey_key, submission_id)
        REFERENCES submissions (tenant_id, survey_key, submission_id) ON DELETE CASCADE
);

CREATE TABLE outcomes (
    tenant_id    text             NOT NULL REFERENCES tenants (tenant_id),
    event_id     text             NOT NULL,
    unit         text             NOT NULL,
    type         text             NOT NULL,
    value        double precision,
    occurred_at  timestamptz      NOT NULL,
    received_at  timestamptz      NOT NULL DEFAULT now(),
    attributes   jsonb            NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (tenant_id, event_id)
);
CREATE INDEX outcomes_unit ON outcomes (tenant_id, unit, occurred_at);
CREATE INDEX outcomes_type ON outcomes (tenant_id, type, occurred_at);
