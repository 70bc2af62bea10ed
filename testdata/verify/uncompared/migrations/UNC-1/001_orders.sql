CREATE SCHEMA shop;
CREATE TABLE shop.orders (id bigint PRIMARY KEY, placed_at timestamptz NOT NULL);
-- Its columns are whatever the query gives: only the server knows them.
CREATE TABLE shop.order_copy AS SELECT id, placed_at FROM shop.orders;
