-- BILL-3: the invoice ledger, under a quoted (case-kept) table name.
CREATE SCHEMA billing;

CREATE TABLE billing."InvoiceLedger" (
    id          BIGSERIAL PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES public.accounts (id),
    amount      NUMERIC(12, 2) NOT NULL,
    "PostedAt"  TIMESTAMPTZ NOT NULL DEFAULT now(),
    memo        TEXT
);

ALTER TABLE billing."InvoiceLedger" DROP COLUMN memo;
