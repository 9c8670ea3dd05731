-- Effect models of the next best experience (issue 6): each fit of ŝⱼ(action, channel,
-- segment) is an immutable, versioned document (baselines, shrunk uplifts, response rates and
-- the fit's parameters) that policy versions name in `model_version`.
CREATE TABLE effect_models (
    tenant_id    text        NOT NULL REFERENCES tenants (tenant_id),
    version      text        NOT NULL,
    fitted_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    model        jsonb       NOT NULL,
    PRIMARY KEY (tenant_id, version)
);
CREATE INDEX effect_models_fitted ON effect_models (tenant_id, fitted_at);

-- Experiments run by `cxloop weights propose`: which candidates they compare, so that
-- `weights promote` knows the production arm and the candidates' evidence.
CREATE TABLE policy_trials (
    tenant_id        text        NOT NULL,
    experiment_key   text        NOT NULL,
    production       text        NOT NULL,
    candidates       text[]      NOT NULL,
    screening        jsonb       NOT NULL,
    decided_at       timestamptz,
    outcome          jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, experiment_key),
    FOREIGN KEY (tenant_id, experiment_key) REFERENCES experiments (tenant_id, experiment_key)
);
