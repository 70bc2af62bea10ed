-- SES-2: sessions (archive schema not done yet)
CREATE SCHEMA IF NOT EXISTS sessions;
CREATE SCHEMA IF NOT EXISTS sessions_archive;

SET search_path TO sessions;

CREATE TABLE session (
    id         UUID PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES public.accounts (id),
    started_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT session_expiry_after_start CHECK (expires_at > started_at)
);
