-- Experiments (issue 5, DESIGN.md §7): definitions, the tenant's global holdout, and the
-- sticky first assignment of each unit (never moved when shares change later).
CREATE TABLE experiments (
    tenant_id        text             NOT NULL REFERENCES tenants (tenant_id),
    experiment_key   text             NOT NULL,
    definition       jsonb            NOT NULL,
    status           text             NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'stopped')),
    created_at       timestamptz      NOT NULL DEFAULT now(),
    updated_at       timestamptz      NOT NULL DEFAULT now(),
    stopped_at       timestamptz,
    PRIMARY KEY (tenant_id, experiment_key)
);

-- Declared once per tenant; every experiment respects it.
CREATE TABLE global_holdouts (
    tenant_id   text             PRIMARY KEY REFERENCES tenants (tenant_id),
    percent     double precision NOT NULL CHECK (percent > 0 AND percent <= 20),
    salt        text             NOT NULL,
    created_at  timestamptz      NOT NULL DEFAULT now()
);

CREATE TABLE experiment_assignments (
    tenant_id       text             NOT NULL,
    experiment_key  text             NOT NULL,
    unit            text             NOT NULL,
    arm             text,
    bucket          double precision NOT NULL,
    holdout         boolean          NOT NULL,
    global_holdout  boolean          NOT NULL,
    assigned_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, experiment_key, unit),
    FOREIGN KEY (tenant_id, experiment_key) REFERENCES experiments (tenant_id, experiment_key)
);
