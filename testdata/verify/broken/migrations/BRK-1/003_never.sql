-- Never applied: the migration before it fails.
CREATE TABLE shop.refunds (id BIGINT PRIMARY KEY);
