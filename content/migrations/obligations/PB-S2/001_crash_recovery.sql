-- PB-S2: orphaned runs are recorded and recovered.
CREATE SCHEMA IF NOT EXISTS pb_s2;

CREATE TABLE pb_s2.orphaned_runs (
    run_id      UUID PRIMARY KEY,
    worker_id   TEXT NOT NULL,
    state       TEXT NOT NULL,
    detected_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

ALTER TABLE pb_s2.orphaned_runs
    ADD CONSTRAINT orphaned_runs_state_check CHECK (state IN ('orphaned', 'recovering', 'recovered'));

CREATE VIEW pb_s2.recoverable_runs AS
    SELECT run_id, worker_id, detected_at
    FROM pb_s2.orphaned_runs
    WHERE state = 'orphaned';
