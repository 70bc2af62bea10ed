-- M10: recovery suggestions and the dead-letter queue.
CREATE SCHEMA IF NOT EXISTS m10_recovery;
CREATE SCHEMA IF NOT EXISTS m10_dlq;

CREATE TABLE m10_dlq.dead_letters (
    id         BIGSERIAL PRIMARY KEY,
    payload    JSONB NOT NULL,
    attempts   INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

ALTER TABLE m10_dlq.dead_letters
    ADD CONSTRAINT dead_letters_attempts_positive CHECK (attempts > 0);

CREATE INDEX idx_dead_letters_created ON m10_dlq.dead_letters (created_at);

CREATE TABLE m10_recovery.suggestions (
    id             BIGSERIAL PRIMARY KEY,
    dead_letter_id BIGINT NOT NULL REFERENCES m10_dlq.dead_letters (id),
    action         TEXT NOT NULL,
    claimed_by     TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
