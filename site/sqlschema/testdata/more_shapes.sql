-- More shapes from real migrations.
CREATE TABLE docs (
  id bigint GENERATED ALWAYS AS IDENTITY,
  "user" text NOT NULL,
  body jsonb NOT NULL DEFAULT '{}',
  title text,
  title_lower text GENERATED ALWAYS AS (lower(title)) STORED,
  stamps timestamp(3)[] ,
  price varchar(20)
) WITH (fillfactor = 70);
ALTER TABLE docs ADD CONSTRAINT docs_pk PRIMARY KEY (id);
CREATE INDEX docs_body_gin ON docs USING gin (body);
CREATE INDEX ON docs (title DESC, id) INCLUDE (body) WHERE title IS NOT NULL;
CREATE UNIQUE INDEX docs_user_title ON docs ("user", title) NULLS NOT DISTINCT;
ALTER TABLE docs ADD CONSTRAINT docs_title_uniq UNIQUE (title) DEFERRABLE INITIALLY DEFERRED;
ALTER INDEX docs_title_uniq RENAME TO docs_title_key;
ALTER TABLE docs ALTER COLUMN price TYPE numeric(10,2) USING price::numeric;
ALTER TABLE IF EXISTS no_such_table ADD COLUMN x int;
DROP INDEX IF EXISTS no_such_index;
DROP FUNCTION IF EXISTS no_such_function(int);

CREATE TABLE doc_links (doc_id bigint, target text);
ALTER TABLE doc_links ADD CONSTRAINT doc_links_doc FOREIGN KEY (doc_id) REFERENCES docs (id) NOT VALID;
ALTER TABLE doc_links VALIDATE CONSTRAINT doc_links_doc;
CREATE UNIQUE INDEX doc_links_pk_idx ON doc_links (doc_id, target);
ALTER TABLE doc_links ALTER COLUMN doc_id SET NOT NULL, ALTER COLUMN target SET NOT NULL;
ALTER TABLE doc_links ADD CONSTRAINT doc_links_pkey PRIMARY KEY USING INDEX doc_links_pk_idx;
ALTER TABLE doc_links DROP CONSTRAINT doc_links_pkey;

CREATE VIEW doc_titles (id, t) AS SELECT id, title FROM docs WITH CHECK OPTION;
CREATE OR REPLACE VIEW doc_titles (id, t) AS SELECT id, title FROM docs;
CREATE FUNCTION doc_titles_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER doc_titles_ins INSTEAD OF INSERT ON doc_titles FOR EACH ROW EXECUTE FUNCTION doc_titles_insert();
CREATE MATERIALIZED VIEW doc_counts AS SELECT count(*) AS n FROM docs WITH NO DATA;
CREATE UNIQUE INDEX ON doc_counts (n);
ALTER MATERIALIZED VIEW doc_counts RENAME TO doc_totals;
ALTER TABLE doc_links ADD UNIQUE (target) INCLUDE (doc_id);
CREATE TABLE doc_tags (doc_id bigint, tag text, PRIMARY KEY (doc_id, tag) INCLUDE (tag));
