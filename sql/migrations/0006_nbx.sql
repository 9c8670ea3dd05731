-- Next best experience (issue 6, DESIGN.md §1 and §7): the action catalog, the decide rules,
-- immutable policy versions and which one is in production, the decision log with every
-- candidate, and the contact ledger that enforces the caps.

-- One row per action; `none` is built in and never stored.
CREATE TABLE actions (
    tenant_id    text        NOT NULL REFERENCES tenants (tenant_id),
    action_key   text        NOT NULL,
    definition   jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, action_key)
);

-- Context suppression rules and contact caps are data: one document per tenant.
CREATE TABLE decide_rules (
    tenant_id    text        PRIMARY KEY REFERENCES tenants (tenant_id),
    suppression  jsonb       NOT NULL DEFAULT '[]'::jsonb,
    caps         jsonb       NOT NULL DEFAULT '[]'::jsonb,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Policy versions are immutable: θ, λ, β, ε, κ and the effect model they score with
-- (the JSON of `PolicyVersion`).
CREATE TABLE policy_versions (
    tenant_id    text        NOT NULL REFERENCES tenants (tenant_id),
    version      text        NOT NULL,
    definition   jsonb       NOT NULL,
    note         text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, version)
);

-- Every change of the production version, with why (`weights apply`, a promotion's evidence).
CREATE TABLE policy_applications (
    tenant_id    text        NOT NULL,
    applied_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    version      text        NOT NULL,
    reason       text        NOT NULL,
    evidence     jsonb,
    PRIMARY KEY (tenant_id, applied_at),
    FOREIGN KEY (tenant_id, version) REFERENCES policy_versions (tenant_id, version)
);

-- The decision log: what was chosen, with which propensity, under which policy and arm.
CREATE TABLE decisions (
    tenant_id       text             NOT NULL REFERENCES tenants (tenant_id),
    decision_id     text             NOT NULL,
    unit            text             NOT NULL,
    decided_at      timestamptz      NOT NULL DEFAULT now(),
    experiment_key  text,
    arm             text,
    policy_version  text             NOT NULL,
    model_version   text,
    action_key      text             NOT NULL,
    channel         text,
    propensity      double precision NOT NULL CHECK (propensity > 0 AND propensity <= 1),
    holdout         boolean          NOT NULL,
    shadow          jsonb,
    context         jsonb            NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (tenant_id, decision_id)
);
CREATE INDEX decisions_unit ON decisions (tenant_id, unit, decided_at);
CREATE INDEX decisions_time ON decisions (tenant_id, decided_at);

-- Every candidate of a decision: per-objective uplifts ŝⱼ, the fatigue price, the score
-- S = Σ θⱼŝⱼ − fatigue, propensity (0 when filtered) and the reason it was filtered — enough
-- to rescore the decision under other weights (off-policy evaluation).
CREATE TABLE decision_candidates (
    tenant_id    text             NOT NULL,
    decision_id  text             NOT NULL,
    position     integer          NOT NULL,
    action_key   text             NOT NULL,
    channel      text,
    scores       jsonb            NOT NULL,
    fatigue      double precision NOT NULL,
    score        double precision NOT NULL,
    propensity   double precision NOT NULL CHECK (propensity >= 0 AND propensity <= 1),
    filtered     text,
    PRIMARY KEY (tenant_id, decision_id, position),
    FOREIGN KEY (tenant_id, decision_id) REFERENCES decisions (tenant_id, decision_id) ON DELETE CASCADE
);

-- Contacts made (a decision with a channel that was not held out), for caps and fatigue.
CREATE TABLE contact_ledger (
    tenant_id     text        NOT NULL,
    unit          text        NOT NULL,
    channel       text        NOT NULL,
    contacted_at  timestamptz NOT NULL,
    decision_id   text        NOT NULL,
    PRIMARY KEY (tenant_id, unit, channel, contacted_at, decision_id),
    FOREIGN KEY (tenant_id, decision_id) REFERENCES decisions (tenant_id, decision_id) ON DELETE CASCADE
);
