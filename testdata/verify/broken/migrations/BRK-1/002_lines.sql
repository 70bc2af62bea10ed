-- Order lines. The index below names a column the table does not have:
-- PostgreSQL refuses it, and the whole file is rolled back.
CREATE TABLE shop.order_lines (
    id       BIGINT PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES shop.orders (id)
);

CREATE INDEX idx_order_lines_order
    ON shop.order_lines (orderid);
