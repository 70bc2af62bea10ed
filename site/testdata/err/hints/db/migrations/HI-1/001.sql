CREATE TABLE hints (id INT);
