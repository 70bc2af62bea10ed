-- INHERITS: the child's columns are the parent's first, then its own; the
-- parent's CHECK constraints come along under their names.
CREATE TABLE base_items (id bigint, created timestamptz, CONSTRAINT id_positive CHECK (id > 0), UNIQUE (id));
CREATE TABLE special_items (extra text, id bigint) INHERITS (base_items);
CREATE SCHEMA s1 CREATE TABLE in_schema (a int) CREATE VIEW in_schema_v AS SELECT a FROM in_schema;
CREATE TABLE copy_of (LIKE base_items, more int);
CREATE INDEX base_items_created ON base_items (created);
CREATE TABLE full_copy (LIKE base_items INCLUDING ALL);
CREATE TABLE index_copy (LIKE base_items INCLUDING INDEXES, CONSTRAINT own_check CHECK (id < 100));
CREATE TABLE made_by_select AS SELECT 1 AS one;
CREATE TABLE like_select (LIKE made_by_select, two int);
CREATE UNLOGGED TABLE IF NOT EXISTS scratch (id int);
CREATE TEMP TABLE temp_t (id int);
