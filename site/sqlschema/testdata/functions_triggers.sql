CREATE SCHEMA audit;
CREATE TABLE audit.event_log (id bigserial PRIMARY KEY, happened_at timestamptz NOT NULL DEFAULT now(), body jsonb);

-- The body runs when the function is called, not when it is created: the
-- table in it is not created by this migration.
CREATE OR REPLACE FUNCTION audit.reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  CREATE TABLE audit.never_made (id int);
  RAISE EXCEPTION 'event_log is append-only; %', 'a;b';
END;
$$;

CREATE FUNCTION audit.stamp(at timestamptz, OUT label text) LANGUAGE sql AS $fn$ SELECT 'x;y' $fn$;
CREATE FUNCTION audit.stamp(n int) RETURNS text LANGUAGE sql AS 'SELECT ''quoted;body''';
CREATE OR REPLACE FUNCTION audit.reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no'; END $$;

CREATE TRIGGER event_log_no_update BEFORE UPDATE OR DELETE ON audit.event_log
  FOR EACH ROW EXECUTE FUNCTION audit.reject_change();
CREATE CONSTRAINT TRIGGER event_log_check AFTER INSERT ON audit.event_log
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit.reject_change();
CREATE OR REPLACE TRIGGER event_log_no_update BEFORE UPDATE ON audit.event_log
  FOR EACH ROW EXECUTE FUNCTION audit.reject_change();
CREATE PROCEDURE audit.prune(keep interval) LANGUAGE sql AS $$ DELETE FROM audit.event_log WHERE happened_at < now() - keep $$;

DROP FUNCTION audit.stamp(integer);
DROP TRIGGER event_log_check ON audit.event_log;
ALTER PROCEDURE audit.prune(interval) RENAME TO prune_old;
