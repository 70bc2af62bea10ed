-- The application's base schema: the obligations' tables refer to it.
CREATE TABLE public.accounts (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
