package sqlschema

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxNameLen is PostgreSQL's NAMEDATALEN-1: the longest name it keeps.
const maxNameLen = 63

// The functions below choose the names PostgreSQL gives constraints and
// indexes a migration leaves unnamed, as its makeObjectName,
// ChooseRelationName and ChooseConstraintName do, so that requirements
// naming "orders_pkey" or "orders_email_key" find them.

// makeObjectName joins name1, name2 (may be "") and label with "_",
// shortening the longer of name1 and name2 until the whole fits
// maxNameLen bytes, never cutting a character in two.
func makeObjectName(name1, name2, label string) string {
	overhead := 0
	if label != "" {
		overhead += len(label) + 1
	}
	if name2 != "" {
		overhead++
	}
	avail := maxNameLen - overhead
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	name := clipRunes(name1, n1)
	if name2 != "" {
		name += "_" + clipRunes(name2, n2)
	}
	if label != "" {
		name += "_" + label
	}
	return name
}

// clipRunes returns the longest prefix of s of at most n bytes that ends
// on a character boundary.
func clipRunes(s string, n int) string {
	n = max(min(n, len(s)), 0)
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// chooseRelationName picks a name for an index no relation of the schema
// has (and, for a constraint's index, no constraint either): label, then
// label1, label2 …
func (c *Catalog) chooseRelationName(schema, name1, name2, label string, isConstraint bool) string {
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l += strconv.Itoa(pass)
		}
		name := makeObjectName(name1, name2, l)
		if c.relation(schema, name) == nil && !(isConstraint && c.constraintNamed(schema, name)) {
			return name
		}
	}
}

// chooseConstraintName picks a name no constraint of the schema has.
func (c *Catalog) chooseConstraintName(schema, name1, name2, label string) string {
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l += strconv.Itoa(pass)
		}
		if name := makeObjectName(name1, name2, l); !c.constraintNamed(schema, name) {
			return name
		}
	}
}

// constraintNamed reports whether a live constraint of the schema, on any
// table, is called name.
func (c *Catalog) constraintNamed(schema, name string) bool {
	for _, e := range c.entries {
		if !e.dead && e.Kind == "constraint" && e.Schema == schema && e.Name == name {
			return true
		}
	}
	return false
}

// nameAddition joins column names with "_" for an index or constraint
// name, as ChooseIndexNameAddition and ChooseForeignKeyConstraintNameAddition
// do (makeObjectName shortens the result).
func nameAddition(cols []string) string {
	return strings.Join(cols, "_")
}
