CREATE TABLE orders (id int PRIMARY KEY);

-- The usual "create if missing" block: its statements are applied.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'order_state') THEN
    CREATE TYPE order_state AS ENUM ('open', 'paid');
  END IF;
  ALTER TABLE orders ADD COLUMN IF NOT EXISTS state text;
  CREATE INDEX IF NOT EXISTS orders_state_idx ON orders (state);
END
$$;

-- A statement built at run time cannot be checked without running it.
DO $do$
DECLARE
  m int;
BEGIN
  FOR m IN 1..12 LOOP
    EXECUTE format('CREATE TABLE orders_%s (LIKE orders)', m);
  END LOOP;
  CREATE TABLE order_notes (order_id int REFERENCES orders, note text);
END
$do$;

DO 'BEGIN CREATE TABLE quoted_body (id int); END';
