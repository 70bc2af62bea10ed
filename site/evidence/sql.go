package evidence

import (
	"cmp"
	"github.com/infradoc/infradoc/site/finding"
	"strings"
)

// SQLObject is one database object a migration statement creates. Names
// are folded to lower case (comparisons are case-insensitive); quoted
// identifiers lose their quotes.
type SQLObject struct {
	// Kind is a requirement type: schema, table, view, index, function,
	// trigger, constraint or column.
	Kind   string
	Schema string
	// Table is the table a column, constraint, index or trigger belongs to.
	Table string
	Name  string
	// At is the CREATE or ALTER keyword of the statement.
	At finding.Pos
}

// Qualified returns the object's name as requirements write it.
func (o SQLObject) Qualified() string {
	switch o.Kind {
	case "schema":
		return o.Name
	case "column", "constraint", "trigger":
		if o.Table != "" {
			return o.Schema + "." + o.Table + "." + o.Name
		}
	}
	return o.Schema + "." + o.Name
}

// sqlTokenKind classifies SQL tokens.
type sqlTokenKind uint8

const (
	sqlWord   sqlTokenKind = iota // keyword or unquoted identifier (lower-cased)
	sqlQuoted                     // "quoted identifier" (unquoted, lower-cased)
	sqlString                     // 'string' or E'string' (its body)
	sqlDollar                     // $tag$ body $tag$ (body dropped)
	sqlPunct                      // one character of punctuation
)

// sqlToken is one token of a migration; comments are dropped.
type sqlToken struct {
	kind sqlTokenKind
	text string
	off  int
}

// isIdent reports whether t can name an object.
func (t sqlToken) isIdent() bool { return t.kind == sqlWord || t.kind == sqlQuoted }

// lexSQL splits a migration into tokens, dropping -- and nested /* */
// comments and the bodies of dollar-quoted strings.
func lexSQL(src []byte) []sqlToken {
	toks := make([]sqlToken, 0, len(src)/4)
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			i = indexByteFrom(src, i, '\n')
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			i = skipBlockComment(src, i)
		case c == '\'':
			end, body := sqlQuotedEnd(src, i+1, '\'', false)
			toks = append(toks, sqlToken{kind: sqlString, text: body, off: i})
			i = end
		case (c == 'e' || c == 'E') && i+1 < len(src) && src[i+1] == '\'' && (i == 0 || !isIdentByte(src[i-1])):
			end, body := sqlQuotedEnd(src, i+2, '\'', true)
			toks = append(toks, sqlToken{kind: sqlString, text: body, off: i})
			i = end
		case c == '"':
			end, body := sqlQuotedEnd(src, i+1, '"', false)
			toks = append(toks, sqlToken{kind: sqlQuoted, text: strings.ToLower(body), off: i})
			i = end
		case c == '$':
			if tag, ok := dollarTag(src, i); ok {
				end := indexFrom(src, i+len(tag), tag)
				toks = append(toks, sqlToken{kind: sqlDollar, off: i})
				i = end
				continue
			}
			toks = append(toks, sqlToken{kind: sqlPunct, text: "$", off: i})
			i++
		case isIdentStart(c):
			j := i + 1
			for j < len(src) && isIdentByte(src[j]) {
				j++
			}
			toks = append(toks, sqlToken{kind: sqlWord, text: strings.ToLower(string(src[i:j])), off: i})
			i = j
		default:
			toks = append(toks, sqlToken{kind: sqlPunct, text: string(c), off: i})
			i++
		}
	}
	return toks
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 0x80 || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

func isIdentByte(c byte) bool {
	return isIdentStart(c) || c == '$' || (c >= '0' && c <= '9')
}

// skipBlockComment returns the offset past the (possibly nested) block
// comment starting at i.
func skipBlockComment(src []byte, i int) int {
	depth := 0
	for i < len(src) {
		switch {
		case src[i] == '/' && i+1 < len(src) && src[i+1] == '*':
			depth++
			i += 2
		case src[i] == '*' && i+1 < len(src) && src[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return len(src)
}

// sqlQuotedEnd scans a body quoted by q (a doubled q escapes it, and so
// does a backslash in escape strings such as E'\n') and returns the offset
// past the closing quote and the unescaped body.
func sqlQuotedEnd(src []byte, i int, q byte, backslash bool) (int, string) {
	var b strings.Builder
	for i < len(src) {
		c := src[i]
		switch {
		case backslash && c == '\\' && i+1 < len(src):
			b.WriteByte(src[i+1])
			i += 2
		case c == q && i+1 < len(src) && src[i+1] == q:
			b.WriteByte(q)
			i += 2
		case c == q:
			return i + 1, b.String()
		default:
			b.WriteByte(c)
			i++
		}
	}
	return len(src), b.String()
}

// dollarTag returns the $tag$ opening a dollar-quoted string at i ("$$" or
// "$name$"); a positional parameter such as $1 is not one.
func dollarTag(src []byte, i int) (string, bool) {
	j := i + 1
	if j < len(src) && src[j] == '$' {
		return "$$", true
	}
	if j >= len(src) || !isIdentStart(src[j]) {
		return "", false
	}
	for j < len(src) && src[j] != '$' {
		if !isIdentByte(src[j]) {
			return "", false
		}
		j++
	}
	if j >= len(src) {
		return "", false
	}
	return string(src[i : j+1]), true
}

// scanSQL returns the objects created by a migration file, in statement
// order. SET search_path changes the schema of unqualified names for the
// rest of the file.
func scanSQL(file string, src []byte) []SQLObject {
	li := NewLineIndex(file, src)
	toks := lexSQL(src)
	p := &sqlParser{li: li, schema: "public"}
	start := 0
	for i := 0; i <= len(toks); i++ {
		if i == len(toks) || (toks[i].kind == sqlPunct && toks[i].text == ";") {
			if i > start {
				p.statement(toks[start:i])
			}
			start = i + 1
		}
	}
	return p.objects
}

// sqlParser recognises the statements that create objects.
type sqlParser struct {
	li      *LineIndex
	schema  string // for unqualified names
	objects []SQLObject
	t       []sqlToken // the current statement
	at      finding.Pos
}

// word reports whether token i of the statement is the keyword w.
func (p *sqlParser) word(i int, w string) bool {
	return i < len(p.t) && p.t[i].kind == sqlWord && p.t[i].text == w
}

// punct reports whether token i is the punctuation c.
func (p *sqlParser) punct(i int, c string) bool {
	return i < len(p.t) && p.t[i].kind == sqlPunct && p.t[i].text == c
}

// skipWords skips the keyword sequence ws at i if it is there in full.
func (p *sqlParser) skipWords(i int, ws ...string) int {
	for k, w := range ws {
		if !p.word(i+k, w) {
			return i
		}
	}
	return i + len(ws)
}

// name reads a possibly qualified name at i: it returns the schema ("" when
// unqualified), the name and the index after it.
func (p *sqlParser) name(i int) (schema, name string, next int, ok bool) {
	var parts []string
	for i < len(p.t) && p.t[i].isIdent() {
		parts = append(parts, p.t[i].text)
		i++
		if !p.punct(i, ".") {
			break
		}
		i++
	}
	switch len(parts) {
	case 0:
		return "", "", i, false
	case 1:
		return "", parts[0], i, true
	}
	return parts[len(parts)-2], parts[len(parts)-1], i, true
}

func (p *sqlParser) add(kind, schema, table, name string) {
	if schema == "" {
		schema = p.schema
	}
	p.objects = append(p.objects, SQLObject{Kind: kind, Schema: schema, Table: table, Name: name, At: p.at})
}

// createModifiers are the words that may stand between CREATE and the kind
// of object.
var createModifiers = map[string]bool{
	"or": true, "replace": true, "temp": true, "temporary": true, "unlogged": true, "global": true,
	"local": true, "recursive": true, "unique": true, "constraint": true, "foreign": true,
	"materialized": true, "trusted": true, "procedural": true,
}

func (p *sqlParser) statement(t []sqlToken) {
	p.t = t
	p.at = p.li.Pos(t[0].off)
	switch {
	case p.word(0, "create"):
		i := 1
		for i < len(t) && t[i].kind == sqlWord && createModifiers[t[i].text] {
			i++
		}
		p.create(i)
	case p.word(0, "alter") && p.word(1, "table"):
		p.alterTable(2)
	case p.word(0, "set") && p.word(1, "search_path"):
		p.searchPath(2)
	}
}

func (p *sqlParser) create(i int) {
	kind := ""
	if i < len(p.t) {
		kind = p.t[i].text
	}
	i = p.skipWords(i+1, "if", "not", "exists")
	switch kind {
	case "schema":
		if p.word(i, "authorization") {
			i++
		}
		if _, name, _, ok := p.name(i); ok {
			p.add("schema", name, "", name)
		}
	case "table":
		schema, name, next, ok := p.name(i)
		if !ok {
			return
		}
		schema = cmp.Or(schema, p.schema)
		p.add("table", schema, "", name)
		if p.punct(next, "(") {
			p.tableElements(next+1, schema, name)
		}
	case "view", "function", "procedure":
		if kind == "procedure" {
			kind = "function"
		}
		if schema, name, _, ok := p.name(i); ok {
			p.add(kind, schema, "", name)
		}
	case "index":
		p.index(p.skipWords(i, "concurrently"))
	case "trigger":
		p.trigger(i)
	}
}

// index reads [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table: the
// index lives in its table's schema.
func (p *sqlParser) index(i int) {
	i = p.skipWords(i, "if", "not", "exists")
	name := ""
	if !p.word(i, "on") {
		_, n, next, ok := p.name(i)
		if !ok {
			return
		}
		name, i = n, next
	}
	if !p.word(i, "on") || name == "" {
		return
	}
	schema, table, _, ok := p.name(p.skipWords(i+1, "only"))
	if ok {
		p.add("index", schema, table, name)
	}
}

// trigger reads name … ON table: the trigger lives in its table's schema.
func (p *sqlParser) trigger(i int) {
	_, name, i, ok := p.name(i)
	if !ok {
		return
	}
	for ; i < len(p.t); i++ {
		if p.word(i, "on") {
			if schema, table, _, ok := p.name(i + 1); ok {
				p.add("trigger", schema, table, name)
			}
			return
		}
	}
}

// tableElements reads the column and constraint definitions of CREATE
// TABLE, from just after its opening parenthesis.
func (p *sqlParser) tableElements(i int, schema, table string) {
	for _, el := range p.split(i) {
		first := p.t[el[0]]
		switch {
		case first.kind == sqlWord && first.text == "constraint":
		case first.kind == sqlWord && tableConstraintWords[first.text]:
		case first.isIdent():
			p.add("column", schema, table, first.text)
		}
		p.constraints(el[0], el[1], schema, table)
	}
}

var tableConstraintWords = map[string]bool{
	"primary": true, "unique": true, "check": true, "foreign": true, "exclude": true, "like": true,
}

// constraints records every CONSTRAINT name in tokens [from, to).
func (p *sqlParser) constraints(from, to int, schema, table string) {
	for k := from; k+1 < to; k++ {
		if p.word(k, "constraint") && p.t[k+1].isIdent() {
			p.add("constraint", schema, table, p.t[k+1].text)
		}
	}
}

// split cuts the tokens from i up to the closing parenthesis (or the end of
// the statement) at top-level commas; each element is [from, to).
func (p *sqlParser) split(i int) [][2]int {
	var out [][2]int
	depth, start := 0, i
	for ; i < len(p.t); i++ {
		if p.t[i].kind != sqlPunct {
			continue
		}
		switch p.t[i].text {
		case "(":
			depth++
		case ")":
			depth--
		case ",":
			if depth == 0 {
				out = appendElement(out, start, i)
				start = i + 1
			}
		}
		if depth < 0 {
			break
		}
	}
	return appendElement(out, start, i)
}

func appendElement(out [][2]int, from, to int) [][2]int {
	if to > from {
		out = append(out, [2]int{from, to})
	}
	return out
}

// alterTable reads ALTER TABLE [IF EXISTS] [ONLY] name [*] followed by
// actions; ADD [COLUMN] [IF NOT EXISTS] col and ADD CONSTRAINT name create.
func (p *sqlParser) alterTable(i int) {
	i = p.skipWords(i, "if", "exists")
	i = p.skipWords(i, "only")
	schema, table, i, ok := p.name(i)
	if !ok {
		return
	}
	schema = cmp.Or(schema, p.schema)
	if p.punct(i, "*") {
		i++
	}
	for _, act := range p.split(i) {
		k := act[0]
		if !p.word(k, "add") || k+1 >= act[1] {
			continue
		}
		k++
		switch {
		case p.word(k, "constraint"):
		case p.t[k].kind == sqlWord && tableConstraintWords[p.t[k].text]:
		default:
			k = p.skipWords(k, "column")
			k = p.skipWords(k, "if", "not", "exists")
			if k < act[1] && p.t[k].isIdent() {
				p.add("column", schema, table, p.t[k].text)
			}
		}
		p.constraints(act[0], act[1], schema, table)
	}
}

// searchPath reads SET search_path {TO|=} a, b: unqualified names go to the
// first schema other than "$user".
func (p *sqlParser) searchPath(i int) {
	if p.word(i, "to") || p.punct(i, "=") {
		i++
	}
	for ; i < len(p.t); i++ {
		t := p.t[i]
		if (t.isIdent() || t.kind == sqlString) && t.text != "$user" {
			p.schema = strings.ToLower(t.text)
			return
		}
	}
}
