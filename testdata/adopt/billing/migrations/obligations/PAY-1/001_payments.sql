CREATE SCHEMA IF NOT EXISTS payments;

CREATE TABLE payments.capture (
    id BIGSERIAL PRIMARY KEY,
    amount_cents BIGINT NOT NULL
);
