CREATE SCHEMA IF NOT EXISTS cache;
CREATE TABLE cache.key_policy (key_prefix TEXT PRIMARY KEY, ttl_seconds INT NOT NULL);
