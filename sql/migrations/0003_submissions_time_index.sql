-- The foreign key answers → submissions is checked per inserted answer with a plan that
-- Postgres caches per connection. With `submissions_weekly` on (tenant_id, survey_key,
-- submitted_at), a plan made while the table was small (a new cluster or tenant, before
-- autovacuum's first ANALYZE) could pick that index over the primary key — both matched
-- the first two columns — and then filtered every submission of the survey for each answer
-- checked: ingestion became O(batch × survey size) (seen: 1,700 answers taking 3.5 s).
-- An index on (tenant_id, submitted_at) serves the time-range reads (reports in a time zone
-- other than UTC) and shares only its first column with the primary key, which therefore
-- always wins the lookups by submission id.
DROP INDEX submissions_weekly;
CREATE INDEX submissions_by_time ON submissions (tenant_id, submitted_at);
