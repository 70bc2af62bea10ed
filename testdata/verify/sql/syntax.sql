CREATE TABLE v (id int);
CREATE TABLE w (id int,);
