CREATE TABLE public.tenants (
    id         TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES public.accounts (id)
);
