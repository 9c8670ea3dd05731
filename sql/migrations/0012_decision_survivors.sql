-- The surviving candidates of each decision (unfiltered, in logged order; channel '' for
-- none) and its fatigue price, on the decision itself: off-policy evaluation groups decisions
-- by (segment, survivors, fatigue, served, propensity) without reading decision_candidates.
ALTER TABLE decisions
    ADD COLUMN survivor_actions  text[],
    ADD COLUMN survivor_channels text[],
    ADD COLUMN fatigue           double precision;

UPDATE decisions d
SET survivor_actions = c.actions, survivor_channels = c.channels, fatigue = c.fatigue
FROM (
    SELECT tenant_id, decision_id,
           array_agg(action_key ORDER BY position) AS actions,
           array_agg(coalesce(channel, '') ORDER BY position) AS channels,
           coalesce(max(fatigue), 0) AS fatigue
    FROM decision_candidates WHERE filtered IS NULL
    GROUP BY tenant_id, decision_id
) c
WHERE c.tenant_id = d.tenant_id AND c.decision_id = d.decision_id;

UPDATE decisions SET survivor_actions = '{}', survivor_channels = '{}', fatigue = 0 WHERE survivor_actions IS NULL;

ALTER TABLE decisions
    ALTER COLUMN survivor_actions SET NOT NULL,
    ALTER COLUMN survivor_channels SET NOT NULL,
    ALTER COLUMN fatigue SET NOT NULL;
