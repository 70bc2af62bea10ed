-- DO blocks infradoc cannot read: another language, and a body the
-- PL/pgSQL parser refuses. Both are listed, and the file goes on.
CREATE TABLE before_them (id int);
DO LANGUAGE plpythonu $$ plpy.execute("CREATE TABLE from_python (id int)") $$;
DO $$ BEGIN this is not pl/pgsql END $$;
CREATE TABLE after_them (id int);
