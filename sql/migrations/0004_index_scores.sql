-- Each respondent's score on each index of a survey (e.g. the engagement index, 0–100;
-- DESIGN.md §6), computed at ingestion from the answers and the survey version they were
-- validated against (`EngagementIndex`), and rolled up like an answer under the field id
-- `index:<name>` so the weekly report reads engagement from `answer_rollups` too.
-- A submission has a row only for indices with at least ⅔ of their items answered. Rows
-- are replaced with their submission's answers when a partial response is completed.
-- Submissions stored before this migration have no scores (there was no production data).
CREATE TABLE index_scores (
    tenant_id      text             NOT NULL,
    survey_key     text             NOT NULL,
    submission_id  text             NOT NULL,
    index_name     text             NOT NULL,
    score          double precision NOT NULL CHECK (score >= 0 AND score <= 100),
    PRIMARY KEY (tenant_id, survey_key, submission_id, index_name),
    FOREIGN KEY (tenant_id, survey_key, submission_id)
        REFERENCES submissions (tenant_id, survey_key, submission_id) ON DELETE CASCADE
);
