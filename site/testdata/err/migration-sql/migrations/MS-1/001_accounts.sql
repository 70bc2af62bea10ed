CREATE SCHEMA ms;
CREATE TABLE ms.accounts (id bigint PRIMARY KEY, email text NOT NULL);
DO $$
BEGIN
  EXECUTE format('CREATE INDEX %I ON ms.accounts (email)', 'accounts_email_idx');
END
$$;
