-- Privacy (issue 7): pseudonymised identifiers and row-level security as a second wall.

-- A tenant's pseudonymisation secret: an HMAC-SHA256 key. When a tenant has one, respondent
-- and unit ids are stored as 'p_' + the first 32 hex digits of HMAC-SHA256(secret, id). The
-- secret is stored usable (every new id needs it) and must be protected like a key: whoever
-- holds it can test guessed ids against the pseudonyms. Never listed; replacing it would give
-- everyone new pseudonyms, so cxloop only ever creates it.
CREATE TABLE pseudonym_secrets (
    tenant_id   text        PRIMARY KEY REFERENCES tenants (tenant_id),
    secret      bytea       NOT NULL CHECK (octet_length(secret) >= 32),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Row-level security, optional and off for the service's own role. Every tenant table gets
--   * a permissive policy for every role (USING true): roles that own the tables bypass RLS
--     anyway, and any other role the service may run as sees exactly what it saw before;
--   * a RESTRICTIVE policy for the NOLOGIN role cxloop_tenant, AND-ed with the first:
--     under that role only rows with tenant_id = current_setting('cxloop.tenant') are visible
--     or writable (WITH CHECK). Unset, the setting is NULL and no row matches.
-- Use: BEGIN; SET LOCAL ROLE cxloop_tenant; SET LOCAL cxloop.tenant = 'acme'; ...; COMMIT;
-- Creating the role needs CREATEROLE; without it (a managed server) the migration still
-- succeeds, with a notice, and only the permissive policies: create the role and re-run
-- the DO block at the end of this file as an administrator to add the wall.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cxloop_tenant') THEN
        CREATE ROLE cxloop_tenant NOLOGIN;
    END IF;
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'cxloop: no privilege to create role cxloop_tenant; row-level security policies for it are skipped';
    WHEN duplicate_object OR unique_violation THEN
        NULL;  -- created meanwhile by a migration of another database of the cluster
END
$$;

DO $$
DECLARE
    tenant_tables text[] := ARRAY[
        'tenants', 'api_keys', 'surveys', 'survey_versions', 'submissions', 'answers', 'answer_rollups',
        'index_scores', 'outcomes', 'experiments', 'global_holdouts', 'experiment_assignments', 'actions',
        'decide_rules', 'policy_versions', 'policy_applications', 'decisions', 'decision_candidates',
        'contact_ledger', 'effect_models', 'policy_trials', 'webhook_inbound_secrets', 'webhook_endpoints',
        'webhook_deliveries', 'pseudonym_secrets'];
    wall boolean := EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cxloop_tenant');
    tenant_table text;
BEGIN
    IF wall THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO cxloop_tenant', current_schema());
        EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO cxloop_tenant', current_schema());
    END IF;
    FOREACH tenant_table IN ARRAY tenant_tables LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
        IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = tenant_table AND policyname = 'cxloop_any_role'
                       AND schemaname = current_schema()) THEN
            EXECUTE format('CREATE POLICY cxloop_any_role ON %I AS PERMISSIVE FOR ALL TO PUBLIC USING (true) WITH CHECK (true)', tenant_table);
        END IF;
        IF wall THEN
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO cxloop_tenant', tenant_table);
            IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = tenant_table AND policyname = 'cxloop_tenant_wall'
                           AND schemaname = current_schema()) THEN
                EXECUTE format(
                    'CREATE POLICY cxloop_tenant_wall ON %I AS RESTRICTIVE FOR ALL TO cxloop_tenant '
                    'USING (tenant_id = current_setting(''cxloop.tenant'', true)) '
                    'WITH CHECK (tenant_id = current_setting(''cxloop.tenant'', true))', tenant_table);
            END IF;
        END IF;
    END LOOP;
END
$$;
