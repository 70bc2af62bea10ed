-- A function runs when the migration calls it: what its body makes counts
-- from the call on.
CREATE SCHEMA reports;
CREATE FUNCTION reports.make_monthly(m int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  CREATE TABLE IF NOT EXISTS reports.monthly (month int, total numeric(14,2));
  EXECUTE format('CREATE TABLE reports.month_%s (LIKE reports.monthly)', m);
  PERFORM reports.make_index();
END
$$;
CREATE FUNCTION reports.make_index() RETURNS void LANGUAGE sql AS $$
  CREATE INDEX IF NOT EXISTS monthly_month_idx ON reports.monthly (month);
$$;
CREATE PROCEDURE reports.add_note() LANGUAGE sql AS 'ALTER TABLE reports.monthly ADD COLUMN IF NOT EXISTS note text';
CREATE FUNCTION reports.never_called() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  CREATE TABLE reports.never (id int);
END
$$;

SELECT reports.make_monthly(1);
CALL reports.add_note();
DO $$ BEGIN PERFORM reports.make_monthly(2); END $$;
SELECT now(), count(*) FROM pg_class; -- built-ins are left alone
