package sqlschema

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/pganalyze/pg_query_go/v6/parser"
)

// do applies a DO block: its body is parsed as PL/pgSQL and the SQL
// statements in it are applied in order, as if at the DO statement's place
// in the file (each positioned at its line in the body). What cannot be
// known without running the block is a migration-dynamic finding. It
// returns false when a statement in the body does not parse: the block,
// and so the migration, fails there.
func (a *applier) do(s *doStmt) bool {
	lang, body, bodyAt := "plpgsql", "", -1
	for _, arg := range s.Args {
		d := arg.DefElem
		if d == nil {
			continue
		}
		switch d.Defname {
		case "language":
			lang = d.Arg.String.Sval
		case "as":
			body, bodyAt = d.Arg.String.Sval, d.ArgLocation
		}
	}
	doAt := a.at
	defer func() { a.at = doAt }()
	if !strings.EqualFold(lang, "plpgsql") {
		a.dynamic(doAt, "a DO block in language %s runs code infradoc cannot read: what it does is not verifiable statically", lang)
		return true
	}
	// Line 1 of the body is the line its quote opens on.
	baseLine := doAt.Line
	if bodyAt >= 0 {
		baseLine = a.li.Pos(bodyAt).Line
	}
	return a.runPLpgSQL(body, "this DO block", func(lineno int) finding.Pos {
		return lineStart(a.li, a.src, baseLine+max(lineno, 1)-1)
	})
}

// runPLpgSQL parses body as PL/pgSQL and applies the SQL statements in it
// in order, each at the position at returns for its line in the body;
// what names the code in messages. It returns false when a statement does
// not parse.
func (a *applier) runPLpgSQL(body, what string, at func(lineno int) finding.Pos) bool {
	// libpg_query parses PL/pgSQL inside a CREATE FUNCTION; the body is
	// wrapped in one, quoted with a tag it does not contain.
	tag := "$infradoc_do$"
	for strings.Contains(body, tag) {
		tag = tag[:len(tag)-1] + "_$"
	}
	out, err := parser.ParsePlPgSqlToJSON("CREATE FUNCTION infradoc_do() RETURNS void LANGUAGE plpgsql AS " + tag + body + tag)
	if err != nil {
		a.dynamic(at(1), "PostgreSQL's PL/pgSQL parser rejects %s (%s): what it does is not verifiable statically", what, parserMessage(err))
		return true
	}
	w := &plWalker{a: a, at: at, what: what}
	err = w.value(json.NewDecoder(strings.NewReader(out)))
	return !errors.Is(err, errStop)
}

// parserMessage returns the message of a parser error.
func parserMessage(err error) string {
	var pe *parser.Error
	if errors.As(err, &pe) {
		return pe.Message
	}
	return err.Error()
}

// call runs the function a migration calls (SELECT f(), CALL p()) when
// the migrations made it: the SQL in its body is applied at the call. A
// function in a language infradoc cannot read is migration-dynamic; one
// the migrations did not make (a built-in, an extension's) is left alone.
// It returns false when a statement in the body does not parse.
func (a *applier) call(names []string) bool {
	if len(names) == 0 {
		return true
	}
	name, schemas := names[len(names)-1], a.path
	if len(names) > 1 {
		schemas = names[len(names)-2 : len(names)-1]
	}
	var fn *entry
	for _, s := range schemas {
		for _, e := range a.c.entries {
			if !e.dead && e.Kind == "function" && e.Schema == s && e.Name == name {
				fn = e
				break
			}
		}
		if fn != nil {
			break
		}
	}
	if fn == nil || a.calling[fn] {
		return true
	}
	if a.calling == nil {
		a.calling = map[*entry]bool{}
	}
	a.calling[fn] = true
	defer delete(a.calling, fn)
	callAt := a.at
	defer func() { a.at = callAt }()
	what := "function " + fn.Qualified()
	switch fn.lang {
	case "plpgsql":
		return a.runPLpgSQL(fn.body, what, func(int) finding.Pos { return callAt })
	case "sql":
		res, err := parseJSON([]byte(fn.body))
		if err != nil {
			a.out = append(a.out, finding.Finding{Pos: callAt, Severity: finding.Error, Rule: "migration-syntax",
				Message: "PostgreSQL's parser rejects the body of " + what + ", called here: " + parserMessage(err)})
			return false
		}
		for i := range res.Stmts {
			a.at = callAt
			if !a.stmt(&res.Stmts[i].Stmt) {
				return false
			}
		}
	default:
		a.dynamic(callAt, "this calls %s, written in %s, which infradoc cannot read: what it does is not verifiable statically", what, fn.lang)
	}
	return true
}

// dynamic records a migration-dynamic finding.
func (a *applier) dynamic(at finding.Pos, format string, args ...any) {
	a.out = append(a.out, finding.Finding{Pos: at, Severity: finding.Info, Rule: "migration-dynamic", Message: fmt.Sprintf(format, args...)})
}

// errStop ends the walk of a DO body at a statement that does not parse.
var errStop = errors.New("stop")

// plWalker walks libpg_query's PL/pgSQL JSON in document order (the order
// of the statements in the body), which a decoded map would lose.
type plWalker struct {
	a    *applier
	at   func(lineno int) finding.Pos
	what string
}

// plStmt is the part of a PL/pgSQL statement the walker reads.
type plStmt struct {
	Lineno  int `json:"lineno"`
	Sqlstmt struct {
		Expr struct {
			Query string `json:"query"`
		} `json:"PLpgSQL_expr"`
	} `json:"sqlstmt"`
	// Expr is PERFORM's query (SELECT f()).
	Expr struct {
		Expr struct {
			Query string `json:"query"`
		} `json:"PLpgSQL_expr"`
	} `json:"expr"`
}

func (w *plWalker) value(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil
		}
		return err
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return err
			}
			switch key {
			case "PLpgSQL_stmt_execsql", "PLpgSQL_stmt_perform", "PLpgSQL_stmt_dynexecute", "PLpgSQL_stmt_dynfors":
				var st plStmt
				if err := dec.Decode(&st); err != nil {
					return err
				}
				if err := w.stmt(key.(string), st); err != nil {
					return err
				}
			default:
				if err := w.value(dec); err != nil {
					return err
				}
			}
		}
		_, err = dec.Token()
		return err
	case json.Delim('['):
		for dec.More() {
			if err := w.value(dec); err != nil {
				return err
			}
		}
		_, err = dec.Token()
		return err
	}
	return nil
}

func (w *plWalker) stmt(key string, st plStmt) error {
	at := w.at(st.Lineno)
	q := st.Sqlstmt.Expr.Query
	if key == "PLpgSQL_stmt_perform" {
		key, q = "PLpgSQL_stmt_execsql", st.Expr.Expr.Query
	}
	if key != "PLpgSQL_stmt_execsql" {
		w.a.dynamic(at, "EXECUTE in %s runs a statement built at run time: what it does is not verifiable statically", w.what)
		return nil
	}
	out, err := parser.ParseToJSON(q)
	if err != nil {
		w.a.out = append(w.a.out, finding.Finding{Pos: at, Severity: finding.Error, Rule: "migration-syntax",
			Message: "PostgreSQL's parser rejects a statement of " + w.what + ": " + parserMessage(err)})
		return errStop
	}
	var res parseResult
	if json.Unmarshal([]byte(out), &res) != nil {
		return nil
	}
	for i := range res.Stmts {
		w.a.at = at
		if !w.a.stmt(&res.Stmts[i].Stmt) {
			return errStop
		}
	}
	return nil
}
