CREATE TABLE before_do (id int);
DO $$
BEGIN
  CREATE TABLE in_do (id int);
  CREATE TABLE in_do_broken (id int,);
  CREATE TABLE in_do_after (id int);
END $$;
CREATE TABLE after_do (id int);
