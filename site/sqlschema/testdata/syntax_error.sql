-- Statements before the error run on a server; the rest does not.
CREATE TABLE kept (id int, note text DEFAULT 'semi;colon');
CREATE TABLE "Ünïcödé" (id int);
CREATE TABLE broken (id int,, name text);
CREATE TABLE never_reached (id int);
