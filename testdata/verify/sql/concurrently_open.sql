-- A transaction the file opens and never ends is rolled back after it.
VACUUM;
BEGIN;
CREATE TABLE c_unfinished (id bigint);
