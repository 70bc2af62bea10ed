-- AUD-1: reject UPDATE and DELETE
BEGIN;

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

COMMIT;
