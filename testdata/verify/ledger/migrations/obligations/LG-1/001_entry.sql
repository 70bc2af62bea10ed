-- LG-1: ledger entries.
CREATE SCHEMA IF NOT EXISTS ledger;

CREATE TABLE ledger.entry (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account    text NOT NULL,
    amount     numeric(12,2) NOT NULL,
    posted_at  timestamp with time zone NOT NULL DEFAULT now()
);

CREATE INDEX idx_entry_account ON ledger.entry (account);
