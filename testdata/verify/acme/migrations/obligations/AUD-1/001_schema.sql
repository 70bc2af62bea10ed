-- AUD-1: schema and table
CREATE SCHEMA IF NOT EXISTS audit;

CREATE TABLE audit.event_log (
    id         BIGSERIAL PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES public.tenants (id),
    action     VARCHAR(64) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_event_log_tenant ON audit.event_log (tenant_id, created_at);
