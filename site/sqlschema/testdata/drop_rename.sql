CREATE SCHEMA app;
CREATE TABLE app.accounts (
  id int CONSTRAINT accounts_pk PRIMARY KEY,
  email text UNIQUE,
  legacy_flag boolean,
  balance int CHECK (balance >= 0)
);
CREATE INDEX accounts_email_lower ON app.accounts (lower(email));
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE app.sessions (id int, account_id int REFERENCES app.accounts);
CREATE TRIGGER sessions_touch AFTER INSERT ON app.sessions FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE VIEW app.active AS SELECT email FROM app.accounts;
CREATE MATERIALIZED VIEW app.totals AS SELECT count(*) AS n FROM app.accounts;

-- A dropped or renamed object no longer counts under its old name.
ALTER TABLE app.accounts DROP COLUMN legacy_flag;
ALTER TABLE app.accounts RENAME COLUMN email TO email_address;
ALTER TABLE app.accounts ALTER COLUMN balance TYPE bigint, ALTER COLUMN balance SET DEFAULT 0;
ALTER TABLE app.accounts ALTER COLUMN id SET DATA TYPE bigint;
ALTER TABLE app.accounts RENAME CONSTRAINT accounts_pk TO accounts_pkey;
ALTER TABLE app.accounts DROP CONSTRAINT accounts_balance_check;
ALTER TABLE app.accounts ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT accounts_created_past CHECK (created_at <= now());
ALTER INDEX app.accounts_email_lower RENAME TO accounts_email_ci;
ALTER TABLE app.accounts RENAME TO customers;
ALTER VIEW app.active RENAME TO active_customers;
DROP MATERIALIZED VIEW app.totals;
DROP TABLE IF EXISTS app.sessions, app.nothing_here CASCADE;
CREATE SCHEMA archive;
ALTER TABLE app.customers SET SCHEMA archive;
ALTER SCHEMA archive RENAME TO old;
CREATE SCHEMA scratch;
CREATE TABLE scratch.tmp (id int);
DROP SCHEMA scratch CASCADE;
-- Dropping a column drops the indexes and constraints on it.
CREATE TABLE app.items (
  id int PRIMARY KEY, a int CHECK (a > 0), b int, owner int REFERENCES app.items (id),
  CONSTRAINT ab_ok CHECK (a < b), UNIQUE (a, b)
);
CREATE INDEX ON app.items ((b + 1), (b * 2));
ALTER TABLE app.items DROP COLUMN a, DROP COLUMN owner;
