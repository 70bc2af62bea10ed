CREATE TABLE u (id int);
DO $$
BEGIN
    RAISE EXCEPTION 'refused by the migration itself';
END
$$;
