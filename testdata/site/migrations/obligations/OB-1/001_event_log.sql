CREATE SCHEMA audit;
CREATE TABLE audit.event_log (id bigserial PRIMARY KEY, at timestamptz NOT NULL);
CREATE INDEX event_log_at_idx ON audit.event_log (at);
