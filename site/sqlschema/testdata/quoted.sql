-- Quoted identifiers keep their case; unquoted ones fold to lower case.
CREATE SCHEMA IF NOT EXISTS "Billing";
CREATE SCHEMA IF NOT EXISTS "Billing"; -- a second time changes nothing
CREATE SCHEMA Audit;
CREATE TABLE "Billing"."Invoice Lines" (
  "LineID" bigint GENERATED ALWAYS AS IDENTITY,
  "Amount" numeric(12, 2) NOT NULL,
  Note text
);
CREATE TABLE IF NOT EXISTS "Billing"."Invoice Lines" (other int);
CREATE TABLE IF NOT EXISTS audit.Event_Log (id uuid, "Payload" jsonb);
SET search_path TO "$user", "Billing";
CREATE TABLE ledger (id int);
CREATE VIEW "Recent" AS SELECT * FROM ledger;
RESET search_path;
CREATE TABLE plain (id int);
SET search_path = 'audit';
CREATE INDEX ON event_log ("Payload");
COMMENT ON TABLE event_log IS 'comments change no object';
