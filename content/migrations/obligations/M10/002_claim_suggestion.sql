-- M10: suggestions carry a confidence and are claimed exactly once.
ALTER TABLE m10_recovery.suggestions ADD COLUMN confidence NUMERIC(3, 2) NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION m10_recovery.claim_suggestion(worker TEXT)
RETURNS BIGINT AS $$
    UPDATE m10_recovery.suggestions
    SET claimed_by = worker
    WHERE id = (
        SELECT id FROM m10_recovery.suggestions
        WHERE claimed_by IS NULL
        ORDER BY created_at
        FOR UPDATE SKIP LOCKED
        LIMIT 1
    )
    RETURNING id;
$$ LANGUAGE sql;
