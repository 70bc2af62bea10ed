//go:build !cgo

package sqlschema

// infradoc reads migrations with libpg_query, PostgreSQL's parser in C,
// through cgo. Without cgo pg_query_go's parser package does not build and
// Go reports a pile of undefined C names; this line makes the build fail
// on one name that says what to do instead.
var _ = infradoc_needs_cgo_for_libpg_query_set_CGO_ENABLED_1_and_install_gcc
