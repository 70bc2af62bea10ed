-- Unnamed constraints and indexes get the names PostgreSQL gives them.
CREATE TABLE customers (id int PRIMARY KEY);
CREATE TABLE other (a int, b text, PRIMARY KEY (a, b));
CREATE TABLE shop_orders (
  id serial PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customers (id),
  code text UNIQUE,
  qty int CHECK (qty > 0),
  price numeric(10,2),
  CHECK (price * qty < 1000000),
  CHECK (price > 0),
  UNIQUE (customer_id, code),
  UNIQUE (customer_id, code),
  CONSTRAINT orders_named_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  FOREIGN KEY (customer_id, code) REFERENCES other (a, b),
  EXCLUDE USING btree (code WITH =)
);
CREATE INDEX ON shop_orders (customer_id);
CREATE INDEX ON shop_orders (customer_id);
CREATE UNIQUE INDEX IF NOT EXISTS shop_orders_code_uidx ON shop_orders (lower(code));
CREATE UNIQUE INDEX IF NOT EXISTS shop_orders_code_uidx ON shop_orders (code);
CREATE INDEX ON shop_orders ((qty * 2));
ALTER TABLE shop_orders ADD UNIQUE (price);
CREATE TABLE a_table_with_a_name_long_enough_to_need_shortening_by_postgres (
  a_column_with_a_name_long_enough_to_need_shortening_too int UNIQUE
);
CREATE UNIQUE INDEX shop_orders_price_idx ON shop_orders (price);
ALTER TABLE shop_orders ADD CONSTRAINT shop_orders_price_uniq UNIQUE USING INDEX shop_orders_price_idx;
