-- M24: the event stream; the last-day view is still to come.
CREATE SCHEMA IF NOT EXISTS m24_ops;

CREATE TABLE m24_ops.ops_events (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL,
    detail      JSONB NOT NULL DEFAULT '{}',
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
