-- LG-3: the store's audit trail.
CREATE SCHEMA IF NOT EXISTS ledger;

CREATE TABLE ledger.audit (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action  text NOT NULL,
    at      timestamp with time zone NOT NULL DEFAULT now()
);
