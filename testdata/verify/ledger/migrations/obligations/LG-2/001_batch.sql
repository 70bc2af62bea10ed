-- LG-2: batches of entries.
CREATE SCHEMA IF NOT EXISTS ledger;

CREATE TABLE ledger.batch (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    opened_at  timestamp with time zone NOT NULL DEFAULT now(),
    closed_at  timestamp with time zone
);
