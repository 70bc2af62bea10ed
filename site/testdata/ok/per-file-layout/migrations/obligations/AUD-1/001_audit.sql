CREATE SCHEMA IF NOT EXISTS audit;

CREATE TABLE audit.event_log (
    id BIGSERIAL PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    action TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

ALTER TABLE audit.event_log ADD CONSTRAINT event_log_action_not_blank CHECK (action <> '');

CREATE INDEX idx_event_log_tenant ON audit.event_log (tenant_id, created_at);

CREATE OR REPLACE FUNCTION audit.reject_mutation()
RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit.event_log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trg_event_log_no_update
BEFORE UPDATE OR DELETE ON audit.event_log
FOR EACH ROW EXECUTE FUNCTION audit.reject_mutation();

CREATE VIEW audit.recent_events AS
    SELECT * FROM audit.event_log WHERE created_at > now() - interval '7 days';
