// Package sqlschema reads migration SQL with PostgreSQL's own parser
// (libpg_query, through pg_query_go's parser package) and replays the
// statements, file by file, into a Catalog: the schemas, tables, columns
// with their types, views, indexes, functions, triggers and constraints
// the migrations leave behind. A dropped or renamed object no longer counts
// under its old name.
//
// Only pg_query_go's parser subpackage is used: its root package registers
// protobuf types at start-up, which every infradoc command would pay for.
// The parse tree is read from the JSON libpg_query writes, decoded into the
// few node shapes this package needs.
package sqlschema
