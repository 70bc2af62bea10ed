-- Statements PostgreSQL refuses, for the positions of verify-migration-failed.
CREATE TABLE t (id int, label text);
/* a comment before the statement */ INSERT INTO t (id, label)
    VALUES (1, 'déjà vu'), (2, nope);
