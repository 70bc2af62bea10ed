package sqlschema

import (
	"strconv"
	"strings"
)

// builtinTypes maps pg_catalog's internal type names to what format_type()
// prints for them. The parser turns SQL's standard spellings (int,
// varchar, double precision, timestamp with time zone …) into these
// internal names; a migration may also write them directly.
var builtinTypes = map[string]string{
	"int2": "smallint", "int4": "integer", "int8": "bigint",
	"float4": "real", "float8": "double precision",
	"bool":    "boolean",
	"varchar": "character varying", "bpchar": "character",
	"bit": "bit", "varbit": "bit varying",
	"numeric":     "numeric",
	"timestamp":   "timestamp without time zone",
	"timestamptz": "timestamp with time zone",
	"time":        "time without time zone",
	"timetz":      "time with time zone",
	"interval":    "interval",
	"char":        `"char"`,
	// serial types are integers with a sequence for default.
	"serial": "integer", "serial4": "integer",
	"bigserial": "bigint", "serial8": "bigint",
	"smallserial": "smallint", "serial2": "smallint",
}

// Interval field masks as PostgreSQL encodes them in an interval's typmod.
const (
	maskMonth  = 1 << 1
	maskYear   = 1 << 2
	maskDay    = 1 << 3
	maskHour   = 1 << 10
	maskMinute = 1 << 11
	maskSecond = 1 << 12
	fullRange  = 0x7FFF
	fullPrec   = 0xFFFF
)

var intervalFields = map[int]string{
	maskYear: " year", maskMonth: " month", maskDay: " day", maskHour: " hour", maskMinute: " minute", maskSecond: " second",
	maskYear | maskMonth: " year to month", maskDay | maskHour: " day to hour",
	maskDay | maskHour | maskMinute: " day to minute", maskDay | maskHour | maskMinute | maskSecond: " day to second",
	maskHour | maskMinute: " hour to minute", maskHour | maskMinute | maskSecond: " hour to second",
	maskMinute | maskSecond: " minute to second",
}

// formatType prints a type as formatTypeIn does, finding the schema of an
// unqualified user type along the file's search_path among the types the
// migrations created.
func (a *applier) formatType(t *typeName) string {
	return formatTypeIn(t, func(name string) string {
		for _, s := range a.path {
			if a.c.types[s+"\x00"+name] {
				return s
			}
		}
		return ""
	})
}

// formatTypeIn prints a column's type as PostgreSQL's format_type() does
// in a session with the default search_path: built-in types by their SQL
// names with their modifiers, "[]" for an array whatever its dimensions
// (PostgreSQL does not keep them), and other types as written, qualified
// by their schema unless it is public or pg_catalog. schemaOf returns the
// schema of an unqualified user type ("" when unknown: an extension's, say).
func formatTypeIn(t *typeName, schemaOf func(name string) string) string {
	if t == nil {
		return ""
	}
	names := strs(t.Names)
	if len(names) == 0 {
		return ""
	}
	mods := make([]int, 0, len(t.Typmods))
	for _, m := range t.Typmods {
		if m.AConst != nil && m.AConst.Ival != nil {
			mods = append(mods, m.AConst.Ival.Ival)
		} else {
			mods = append(mods, 0)
		}
	}
	name := names[len(names)-1]
	schema := ""
	if len(names) > 1 {
		schema = names[len(names)-2]
	}
	var s string
	if sql, ok := builtinTypes[name]; ok && (schema == "" || schema == "pg_catalog") {
		s = builtinWithMods(name, sql, mods)
	} else {
		parts := names
		if len(parts) == 1 {
			if s := schemaOf(name); s != "" {
				schema, parts = s, []string{s, name}
			}
		}
		if len(parts) > 1 && (schema == "pg_catalog" || schema == "public") {
			parts = parts[len(parts)-1:]
		}
		quoted := make([]string, len(parts))
		for i, p := range parts {
			quoted[i] = quoteIdent(p)
		}
		s = strings.Join(quoted, ".")
		if len(mods) > 0 {
			s += "(" + joinInts(mods) + ")"
		}
	}
	if len(t.ArrayBounds) > 0 {
		s += "[]"
	}
	return s
}

// builtinWithMods adds a built-in type's modifiers where format_type()
// prints them.
func builtinWithMods(name, sql string, mods []int) string {
	switch name {
	case "varchar", "bpchar", "bit", "varbit":
		if len(mods) > 0 {
			return sql + "(" + strconv.Itoa(mods[0]) + ")"
		}
		if name == "bpchar" {
			// Written as bpchar, without a length: format_type() keeps
			// the internal name, "character" would mean character(1).
			return "bpchar"
		}
	case "numeric":
		switch len(mods) {
		case 1:
			return "numeric(" + strconv.Itoa(mods[0]) + ",0)"
		case 2:
			return "numeric(" + joinInts(mods) + ")"
		}
	case "timestamp", "timestamptz", "time", "timetz":
		if len(mods) > 0 {
			base, zone, _ := strings.Cut(sql, " ")
			return base + "(" + strconv.Itoa(mods[0]) + ") " + zone
		}
	case "interval":
		// The parser writes the fields' mask first, then the precision
		// when given: interval(3) is [full range, 3].
		fields, prec := fullRange, fullPrec
		if len(mods) > 0 {
			fields = mods[0]
		}
		if len(mods) > 1 {
			prec = mods[1]
		}
		s := sql + intervalFields[fields]
		if prec != fullPrec {
			s += "(" + strconv.Itoa(prec) + ")"
		}
		return s
	}
	return sql
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// quoteIdent quotes a name as PostgreSQL's quote_identifier() does when it
// is not a plain lower-case identifier. (Key words, which it quotes too,
// cannot name a type without quotes in a migration either, and are rare.)
func quoteIdent(s string) string {
	plain := s != ""
	for i, c := range s {
		if !(c >= 'a' && c <= 'z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '$')) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
