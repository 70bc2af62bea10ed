-- An index built without blocking writes: PostgreSQL refuses
-- CREATE INDEX CONCURRENTLY inside a transaction block, so this file
-- runs statement by statement, as psql runs it.
CREATE TABLE c_events (id bigint PRIMARY KEY, at timestamptz NOT NULL);
CREATE INDEX CONCURRENTLY idx_c_events_at ON c_events (at);
BEGIN;
CREATE TABLE c_audit (id bigint PRIMARY KEY);
COMMIT;
