-- ALTER TABLE without ONLY reaches partitions and inheritance children.
CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')
  PARTITION BY RANGE (at);
CREATE TABLE events_2026_h1 PARTITION OF events_2026 FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
ALTER TABLE events ADD COLUMN source text CHECK (source <> ''), ADD CONSTRAINT events_id_positive CHECK (id > 0);
ALTER TABLE events RENAME COLUMN kind TO event_kind;
ALTER TABLE events ALTER COLUMN event_kind TYPE varchar(40);
ALTER TABLE events ADD PRIMARY KEY (id, at);
CREATE INDEX ON ONLY events (source);
ALTER TABLE events DROP CONSTRAINT events_source_check;

CREATE TABLE animals (name text, legs int);
CREATE TABLE dogs (breed text) INHERITS (animals);
ALTER TABLE animals ADD COLUMN born date;
ALTER TABLE animals ADD CONSTRAINT legs_known CHECK (legs IS NOT NULL) NO INHERIT;
ALTER TABLE animals ADD CONSTRAINT name_given CHECK (name <> '');
ALTER TABLE animals ALTER COLUMN legs TYPE smallint;
ALTER TABLE animals DROP COLUMN born;
