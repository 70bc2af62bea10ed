-- PB-S3: feedback is recorded; the review queue comes in a later migration.
CREATE SCHEMA IF NOT EXISTS pb_s3;

CREATE TABLE pb_s3.pattern_feedback (
    id          UUID PRIMARY KEY,
    pattern     TEXT NOT NULL,
    observed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
