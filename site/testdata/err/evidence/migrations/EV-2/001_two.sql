CREATE SCHEMA ev;
CREATE TABLE ev.two (id int PRIMARY KEY);
ALTER TABLE ev.two ADD COLUMN note text;
CREATE INDEX idx_two_id ON ev.two (id);
