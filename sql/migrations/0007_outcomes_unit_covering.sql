-- The outcomes of one unit in time order, with the columns the experiment analysis and the
-- decide history read (type, value), so both are index-only scans: the analysis merge-joins
-- a million assignments with their outcomes in unit order and aggregates them as they stream,
-- instead of hashing every outcome row (issue 5 benchmark). Replaces outcomes_unit.
CREATE INDEX outcomes_unit_covering ON outcomes (tenant_id, unit, occurred_at) INCLUDE (type, value);
DROP INDEX outcomes_unit;
