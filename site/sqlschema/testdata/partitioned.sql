-- A partitioned table: its partitions take its columns, and a copy of its
-- indexes and key named after themselves.
CREATE SCHEMA metrics;
CREATE TABLE metrics.devices (id int PRIMARY KEY);
CREATE TABLE metrics.samples (
  taken_at timestamptz NOT NULL,
  device_id int NOT NULL REFERENCES metrics.devices (id),
  value double precision CHECK (value >= 0),
  PRIMARY KEY (device_id, taken_at)
) PARTITION BY RANGE (taken_at);
CREATE INDEX samples_value_idx ON metrics.samples (value);
CREATE TABLE metrics.samples_2026_01 PARTITION OF metrics.samples
  FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
CREATE TABLE IF NOT EXISTS metrics.samples_2026_02 PARTITION OF metrics.samples
  FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
CREATE INDEX ON metrics.samples (device_id);
CREATE TABLE metrics.samples_default PARTITION OF metrics.samples DEFAULT;
CREATE TABLE metrics.samples_2025 (LIKE metrics.samples INCLUDING DEFAULTS);
CREATE INDEX samples_2025_by_device ON metrics.samples_2025 (device_id);
ALTER TABLE metrics.samples_2025 ADD CONSTRAINT samples_value_check CHECK (value >= 0);
ALTER TABLE metrics.samples ATTACH PARTITION metrics.samples_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
DROP TABLE metrics.samples_2026_02;
