package sqlschema

import (
	"encoding/json"
	"strings"
	"sync"
)

// Catalog is the state migrations build, statement by statement in file
// order. The zero value is not ready: use NewCatalog. Apply must not run
// concurrently with anything else; once applied, a catalog may be read
// (Find, Objects, Columns) from several goroutines.
type Catalog struct {
	entries []*entry
	// live holds the live entries by exact identity (see exactKey).
	live map[string]*entry
	// find indexes the live entries of each kind asked for by the keys
	// requirements use; nil when the catalog changed since it was built.
	// findMu guards it: Find builds it on first use, from any goroutine.
	findMu sync.Mutex
	find   map[string]map[string]*entry
	// types are the user types (enums, domains, composite and range
	// types) the migrations created, by schema and name: a column of one
	// names it unqualified, format_type() qualifies it by its schema.
	types map[string]bool
}

// entry is one object with what the catalog needs to replay changes to it.
type entry struct {
	Object
	// sig tells overloaded functions apart: their argument types.
	sig  string
	dead bool
	// pair is the index of a primary key or unique constraint, or the
	// constraint of such an index: renaming or dropping one does it to
	// both, as PostgreSQL does.
	pair *entry
	// cols and label are an index's columns and the label PostgreSQL
	// names such an index with (pkey, key, excl, idx): partitions get a
	// copy named after themselves. A constraint's label is its kind
	// (check, fkey, …), which says whether children inherit it.
	cols  []string
	label string
	// expr is a CHECK constraint's expression: dropping a column it reads
	// drops it.
	expr json.RawMessage
	// lang and body are a function's language and source, run when a
	// migration calls it.
	lang, body string
	// columnsUnknown marks a table whose columns the migrations do not
	// spell out: made by CREATE TABLE AS, or LIKE, INHERITS or PARTITION
	// OF a table they do not create.
	columnsUnknown bool
	// partOf is the partitioned table a partition belongs to; parents
	// are the tables a table INHERITS from.
	partOf  *entry
	parents []*entry
}

// NewCatalog returns an empty catalog.
func NewCatalog() *Catalog {
	return &Catalog{live: map[string]*entry{}, types: map[string]bool{}}
}

// exactKey identifies a live object as PostgreSQL does: relations (tables,
// views, indexes) share a schema's namespace, columns, triggers and
// constraints are per table, functions per argument types.
func exactKey(kind, schema, table, name, sig string) string {
	switch kind {
	case "table", "view", "index":
		kind, table = "relation", ""
	case "function":
		table = sig
	case "schema":
		schema = ""
	}
	return kind + "\x00" + schema + "\x00" + table + "\x00" + name
}

func (e *entry) key() string { return exactKey(e.Kind, e.Schema, e.Table, e.Name, e.sig) }

// add records a new live object, replacing a live one of the same
// identity (CREATE OR REPLACE keeps its place, with the new position).
func (c *Catalog) add(o Object, sig string) *entry {
	k := exactKey(o.Kind, o.Schema, o.Table, o.Name, sig)
	if old := c.live[k]; old != nil && old.Kind == o.Kind {
		old.Object = o
		c.find = nil
		return old
	} else if old != nil {
		c.drop(old)
	}
	e := &entry{Object: o, sig: sig}
	c.entries = append(c.entries, e)
	c.live[k] = e
	c.find = nil
	return e
}

// get returns the live object of that identity, or nil.
func (c *Catalog) get(kind, schema, table, name string) *entry {
	return c.live[exactKey(kind, schema, table, name, "")]
}

// relation returns the live table, view or index schema.name, or nil.
func (c *Catalog) relation(schema, name string) *entry {
	return c.live[exactKey("table", schema, "", name, "")]
}

// drop removes an object and what belongs to it: a table's (or view's)
// columns, indexes, triggers and constraints, a schema's objects.
func (c *Catalog) drop(e *entry) {
	if e == nil || e.dead {
		return
	}
	e.dead = true
	delete(c.live, e.key())
	c.find = nil
	if e.pair != nil {
		p := e.pair
		e.pair, p.pair = nil, nil
		c.drop(p)
	}
	switch e.Kind {
	case "table", "view":
		for _, d := range c.entries {
			if !d.dead && (d.Table == e.Name && d.Schema == e.Schema && d.Kind != "function" || d.partOf == e) {
				c.drop(d)
			}
		}
	case "schema":
		for _, d := range c.entries {
			if !d.dead && d.Schema == e.Name {
				c.drop(d)
			}
		}
		for k := range c.types {
			if strings.HasPrefix(k, e.Name+"\x00") {
				delete(c.types, k)
			}
		}
	}
}

// rekey moves e to a new identity after fn changes it, dropping whatever
// held that identity (a rename onto a taken name fails on a server; here
// the newer object wins).
func (c *Catalog) rekey(e *entry, fn func(*entry)) {
	delete(c.live, e.key())
	fn(e)
	k := e.key()
	if old := c.live[k]; old != nil && old != e {
		c.drop(old)
	}
	c.live[k] = e
	c.find = nil
}

// members returns the live objects that belong to table schema.table.
func (c *Catalog) members(schema, table string) []*entry {
	var out []*entry
	for _, d := range c.entries {
		if !d.dead && d.Table == table && d.Schema == schema && d.Kind != "function" && d.Kind != "schema" && d.Kind != "table" && d.Kind != "view" {
			out = append(out, d)
		}
	}
	return out
}

// Objects returns the live objects, in creation order.
func (c *Catalog) Objects() []Object {
	var out []Object
	for _, e := range c.entries {
		if !e.dead {
			out = append(out, e.Object)
		}
	}
	return out
}

// Find returns the first live object, in creation order, of type kind
// named qualified as requirements name things: case-insensitively, a
// function with or without its argument list, a trigger or constraint by
// its bare name, table.name, schema.name or schema.table.name. Nil when
// there is none.
func (c *Catalog) Find(kind, qualified string) *Object {
	if c == nil {
		return nil
	}
	c.findMu.Lock()
	defer c.findMu.Unlock()
	if c.find == nil {
		c.find = map[string]map[string]*entry{}
	}
	index, ok := c.find[kind]
	if !ok {
		// Built per kind on first use: a scan asks for few kinds of the
		// many objects a folder makes.
		index = map[string]*entry{}
		for _, e := range c.entries {
			if e.dead || e.Kind != kind {
				continue
			}
			for _, k := range objectKeys(&e.Object) {
				if _, ok := index[k]; !ok {
					index[k] = e
				}
			}
		}
		c.find[kind] = index
	}
	for _, k := range requirementKeys(kind, qualified) {
		if e, ok := index[k]; ok {
			o := e.Object
			return &o
		}
	}
	return nil
}

// ColumnsKnown reports whether the migrations spell out every column of
// table schema.table: false for a table made by CREATE TABLE AS (its
// columns come from a query) or copied with LIKE, INHERITS or PARTITION OF
// from a table they do not create, and for a table they do not leave.
// Names match as in Columns.
func (c *Catalog) ColumnsKnown(schema, table string) bool {
	t := c.relation(schema, table)
	if t == nil {
		for _, e := range c.entries {
			if !e.dead && e.Kind == "table" && strings.EqualFold(e.Schema, schema) && strings.EqualFold(e.Name, table) {
				t = e
				break
			}
		}
	}
	return t != nil && t.Kind == "table" && !t.columnsUnknown
}

// Columns returns the live columns of table schema.table, in column order.
// Names match exactly, as PostgreSQL stores them; when no table matches
// exactly they match case-insensitively.
func (c *Catalog) Columns(schema, table string) []Object {
	var out []Object
	for _, fold := range []bool{false, true} {
		for _, e := range c.entries {
			if e.dead || e.Kind != "column" {
				continue
			}
			if fold && strings.EqualFold(e.Schema, schema) && strings.EqualFold(e.Table, table) ||
				!fold && e.Schema == schema && e.Table == table {
				out = append(out, e.Object)
			}
		}
		if len(out) > 0 {
			break
		}
	}
	return out
}
