ALTER TABLE ms.accounts ADD COLUMN created_at timestamptz;
CREATE TABLE ms.after_the_error (id bigint,, note text);
