package sqlschema

import "strings"

// SplitQualified splits a possibly qualified SQL name on the dots outside
// double quotes and parentheses, drops quotes and a function's argument
// list, and trims spaces: `audit."My.Table"` gives [audit My.Table].
func SplitQualified(name string) []string {
	var parts []string
	var b strings.Builder
	for sc := (qualifiedScanner{name: name}); ; {
		c, sep, ok := sc.next()
		switch {
		case !ok:
			return append(parts, strings.TrimSpace(b.String()))
		case sep:
			parts = append(parts, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
}

// SeparatingDots counts the dots of name that separate the parts
// SplitQualified returns (len(SplitQualified(name))-1), without building
// them: callers ask for every requirement of every page.
func SeparatingDots(name string) int {
	if strings.IndexAny(name, `"(`) < 0 {
		// No quotes and no arguments: every dot separates.
		return strings.Count(name, ".")
	}
	dots := 0
	for sc := (qualifiedScanner{name: name}); ; {
		_, sep, ok := sc.next()
		if !ok {
			return dots
		}
		if sep {
			dots++
		}
	}
}

// qualifiedScanner reads a possibly qualified SQL name: dots inside
// "quoted identifiers" ("" is a quote) or a function's (arguments) do not
// separate parts, and quotes and arguments are not part of a name.
type qualifiedScanner struct {
	name   string
	i      int
	quoted bool
	depth  int
}

// next returns the next byte of a part, or sep at a separating dot; ok is
// false at the end of the name.
func (sc *qualifiedScanner) next() (c byte, sep, ok bool) {
	for sc.i < len(sc.name) {
		c, sc.i = sc.name[sc.i], sc.i+1
		switch {
		case c == '"' && sc.quoted && sc.i < len(sc.name) && sc.name[sc.i] == '"':
			sc.i++
			return '"', false, true
		case c == '"' && sc.depth == 0:
			sc.quoted = !sc.quoted
		case sc.quoted:
			return c, false, true
		case c == '(':
			sc.depth++
		case c == ')':
			sc.depth = max(sc.depth-1, 0)
		case sc.depth > 0:
		case c == '.':
			return 0, true, true
		default:
			return c, false, true
		}
	}
	return 0, false, false
}

// objectKeys are the keys an object can be looked up by: requirements name
// things case-insensitively, and a trigger or constraint by its bare name,
// table.name, schema.name or schema.table.name.
func objectKeys(o *Object) []string {
	k := o.Kind + "|"
	schema, table, name := strings.ToLower(o.Schema), strings.ToLower(o.Table), strings.ToLower(o.Name)
	switch o.Kind {
	case "schema":
		return []string{k + name}
	case "column":
		return []string{k + schema + "." + table + "." + name}
	case "trigger", "constraint":
		return []string{k + "q|" + schema + "." + name, k + "b|" + name, k + "t|" + table + "." + name, k + "f|" + schema + "." + table + "." + name}
	}
	return []string{k + "q|" + schema + "." + name}
}

// requirementKeys are the keys a required object of type kind, named
// qualified, may be found under (any of them).
func requirementKeys(kind, qualified string) []string {
	parts := SplitQualified(qualified)
	for i, p := range parts {
		parts[i] = strings.ToLower(p)
	}
	k := kind + "|"
	last := func(n int) string { return strings.Join(parts[max(len(parts)-n, 0):], ".") }
	switch kind {
	case "schema":
		return []string{k + last(1)}
	case "column":
		return []string{k + last(3)}
	case "trigger", "constraint":
		switch len(parts) {
		case 1:
			return []string{k + "b|" + parts[0]}
		case 2:
			return []string{k + "q|" + last(2), k + "t|" + last(2)}
		}
		return []string{k + "f|" + last(3)}
	}
	return []string{k + "q|" + last(2)}
}
