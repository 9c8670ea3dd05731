-- Signed webhooks both ways (issue 7, Standard Webhooks scheme).
-- Secrets are stored usable (`whsec_…`): HMAC is symmetric, so verifying a signature needs
-- the key itself and it cannot be hashed the way API keys are. cxloop prints a secret only
-- when it is created; listings never show it. tenant_id leads every key and index.

-- The secret survey tools sign pushed responses with (POST /v1/webhooks/{tenant}/responses).
-- One per tenant; `webhooks inbound-secret` creates or replaces it.
CREATE TABLE webhook_inbound_secrets (
    tenant_id   text        PRIMARY KEY REFERENCES tenants (tenant_id),
    secret      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Receivers of outbound events, each with its own signing secret.
CREATE TABLE webhook_endpoints (
    tenant_id    text        NOT NULL REFERENCES tenants (tenant_id),
    endpoint_id  text        NOT NULL,
    url          text        NOT NULL,
    secret       text        NOT NULL,
    event_types  text[]      NOT NULL,
    enabled      boolean     NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, endpoint_id)
);

-- The durable delivery queue: one row per (event, endpoint). `event_id` is the
-- `webhook-id` header, the same on every attempt and replay, so receivers can deduplicate.
-- A worker claims due pending rows with FOR UPDATE SKIP LOCKED and leases them by moving
-- next_attempt_at forward, so a worker that dies mid-delivery only delays it.
CREATE TABLE webhook_deliveries (
    tenant_id        text        NOT NULL,
    delivery_id      bigint      GENERATED ALWAYS AS IDENTITY,
    event_id         text        NOT NULL,
    endpoint_id      text        NOT NULL,
    event_type       text        NOT NULL,
    payload          jsonb       NOT NULL,
    state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    last_status      integer,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    PRIMARY KEY (tenant_id, delivery_id),
    UNIQUE (tenant_id, event_id, endpoint_id),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, endpoint_id)
);
-- The worker's claim reads only pending rows, whatever the tenant; delivered and dead rows
-- leave this partial index, so it stays as small as the backlog.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (tenant_id, next_attempt_at) WHERE state = 'pending';
-- `webhooks deliveries` and `webhooks replay --since`.
CREATE INDEX webhook_deliveries_created ON webhook_deliveries (tenant_id, created_at);
