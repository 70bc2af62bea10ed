-- Migrations of the PROMOTED obligations of the single-file fixtures.
CREATE TABLE ob_placeholder (id INTEGER PRIMARY KEY);
