-- PB-S1: retries are new rows that point at the run they retry.
CREATE SCHEMA IF NOT EXISTS pb_s1;

CREATE TABLE pb_s1.retry_state (
    id          UUID PRIMARY KEY,
    run_id      UUID NOT NULL,
    attempt     INTEGER NOT NULL CHECK (attempt >= 1),
    outcome     TEXT,
    finished_at TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

ALTER TABLE pb_s1.retry_state ADD COLUMN retry_of UUID REFERENCES pb_s1.retry_state (id);

CREATE INDEX idx_retry_state_run ON pb_s1.retry_state (run_id, attempt);
