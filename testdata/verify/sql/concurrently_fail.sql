-- Run statement by statement: the table before the refused index stays,
-- the transaction opened after it is never reached.
CREATE TABLE c_kept (id bigint PRIMARY KEY);
CREATE INDEX CONCURRENTLY idx_c_kept ON c_kept (nope);
BEGIN;
CREATE TABLE c_never (id bigint);
COMMIT;
