CREATE TABLE ev.three (id int);
