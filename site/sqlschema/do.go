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
		if d == nil || d.Arg.String == nil {
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
	// libpg_query parses PL/pgSQL inside a CREATE FUNCTION; the body is
	// wrapped in one, quoted with a tag it does not contain.
	tag := "$infradoc_do$"
	for strings.Contains(body, tag) {
		tag = tag[:len(tag)-1] + "_$"
	}
	out, err := parser.ParsePlPgSqlToJSON("CREATE FUNCTION infradoc_do() RETURNS void LANGUAGE plpgsql AS " + tag + body + tag)
	if err != nil {
		var pe *parser.Error
		msg := err.Error()
		if errors.As(err, &pe) {
			msg = pe.Message
		}
		a.dynamic(doAt, "PostgreSQL's PL/pgSQL parser rejects this DO block (%s): what it does is not verifiable statically", msg)
		return true
	}
	// Line 1 of the body is the line its quote opens on.
	baseLine := doAt.Line
	if bodyAt >= 0 {
		baseLine = a.li.pos(bodyAt).Line
	}
	w := &plWalker{a: a, baseLine: baseLine}
	err = w.value(json.NewDecoder(strings.NewReader(out)))
	return !errors.Is(err, errStop)
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
	a        *applier
	baseLine int
}

// plStmt is the part of a PL/pgSQL statement the walker reads.
type plStmt struct {
	Lineno  int `json:"lineno"`
	Sqlstmt struct {
		Expr struct {
			Query string `json:"query"`
		} `json:"PLpgSQL_expr"`
	} `json:"sqlstmt"`
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
			case "PLpgSQL_stmt_execsql", "PLpgSQL_stmt_dynexecute", "PLpgSQL_stmt_dynfors":
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
	at := w.a.li.lineStart(w.baseLine + max(st.Lineno, 1) - 1)
	if key != "PLpgSQL_stmt_execsql" {
		w.a.dynamic(at, "EXECUTE runs a statement built at run time: what it does is not verifiable statically")
		return nil
	}
	q := st.Sqlstmt.Expr.Query
	out, err := parser.ParseToJSON(q)
	if err != nil {
		var pe *parser.Error
		msg := err.Error()
		if errors.As(err, &pe) {
			msg = pe.Message
		}
		w.a.out = append(w.a.out, finding.Finding{Pos: at, Severity: finding.Error, Rule: "migration-syntax",
			Message: "PostgreSQL's parser rejects a statement of this DO block: " + msg})
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
