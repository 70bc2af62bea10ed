package sqlschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/pganalyze/pg_query_go/v6/parser"
)

// Statement is one top-level statement of a migration file, for running it
// against a server.
type Statement struct {
	// SQL is the statement's text exactly as in the file, from its first
	// token to its last (the semicolon after it left out).
	SQL string
	// At is its first token.
	At finding.Pos
	// Transaction says the statement begins or ends a transaction (BEGIN,
	// START TRANSACTION, COMMIT, END, ROLLBACK, ABORT), which a caller
	// running the file in a transaction of its own leaves out.
	Transaction bool
	// NoTransaction says PostgreSQL refuses to run the statement inside a
	// transaction block (CREATE INDEX CONCURRENTLY, VACUUM, CREATE
	// DATABASE …): a file holding one is run as psql runs it, statement
	// by statement.
	NoTransaction bool
}

// transactionKinds are the TransactionStmt kinds that begin or end a
// transaction, as opposed to savepoints and two-phase commits.
var transactionKinds = map[string]bool{"TRANS_STMT_BEGIN": true, "TRANS_STMT_START": true, "TRANS_STMT_COMMIT": true, "TRANS_STMT_ROLLBACK": true}

// PosOf returns the position in the file of cursor, a 1-based character
// position in SQL as PostgreSQL gives one in an error; At for 0.
func (s Statement) PosOf(cursor int) finding.Pos {
	pos := s.At
	if cursor <= 0 {
		return pos
	}
	for _, r := range s.SQL[:runeOffset([]byte(s.SQL), cursor)] {
		if r == '\n' {
			pos.Line++
			pos.Col = 1
		} else {
			pos.Col++
		}
	}
	return pos
}

// File is a migration file read once by PostgreSQL's parser: a Catalog
// applies it (ApplyFile) and Statements cuts it for a server.
type File struct {
	li    *finding.LineIndex
	src   []byte
	stmts []rawStmt
	// syntax is the migration-syntax finding of a file that does not
	// parse, errOff the byte offset of the error.
	syntax *finding.Finding
	errOff int
}

// ParseFile parses src, the migration file shown as file.
func ParseFile(file string, src []byte) *File {
	li := finding.NewLineIndex(file, src)
	stmts, f, errOff := parse(li, src)
	return &File{li: li, src: src, stmts: stmts, syntax: f, errOff: errOff}
}

// Split returns the file's statements, cut where libpg_query's parse tree
// says they start and end, or the syntax findings (rule migration-syntax)
// when the file does not parse.
func Split(file string, src []byte) ([]Statement, []finding.Finding) {
	return ParseFile(file, src).Statements()
}

// Statements is Split of a file already parsed.
func (f *File) Statements() ([]Statement, []finding.Finding) {
	if f.syntax != nil {
		return nil, []finding.Finding{*f.syntax}
	}
	out := make([]Statement, 0, len(f.stmts))
	for _, s := range f.stmts {
		from, to := s.span(f.src)
		tx := s.Stmt.TransactionStmt != nil && transactionKinds[s.Stmt.TransactionStmt.Kind]
		out = append(out, Statement{SQL: string(f.src[from:to]), At: f.li.Pos(from), Transaction: tx, NoTransaction: s.Stmt.outsideTransaction()})
	}
	return out, nil
}

// span returns the byte range of the statement's text: from its first
// token (past the blanks and comments libpg_query counts in) to its end,
// trailing blanks left out.
func (s rawStmt) span(src []byte) (from, to int) {
	from = min(max(s.Location, 0), len(src))
	to = len(src)
	if s.Len > 0 {
		to = min(from+s.Len, len(src))
	}
	from = skipBlanks(src, from, to)
	for to > from && isBlank(src[to-1]) {
		to--
	}
	return from, to
}

func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// skipBlanks returns the offset of the first byte from i that is neither
// blank nor inside a -- or (nested) /* */ comment, at most to.
func skipBlanks(src []byte, i, to int) int {
	for i < to {
		switch {
		case isBlank(src[i]):
			i++
		case src[i] == '-' && i+1 < to && src[i+1] == '-':
			for i < to && src[i] != '\n' {
				i++
			}
		case src[i] == '/' && i+1 < to && src[i+1] == '*':
			depth := 0
			for i < to {
				if src[i] == '/' && i+1 < to && src[i+1] == '*' {
					depth++
					i += 2
				} else if src[i] == '*' && i+1 < to && src[i+1] == '/' {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
		default:
			return i
		}
	}
	return to
}

// parse parses src with libpg_query. A syntax error is a migration-syntax
// finding at the parser's cursor.
// errOff is the byte offset of the error.
func parse(li *finding.LineIndex, src []byte) (stmts []rawStmt, f *finding.Finding, errOff int) {
	res, err := parseJSON(src)
	if err != nil {
		f, errOff = syntaxFinding(li, src, err)
		return nil, f, errOff
	}
	return res.Stmts, nil, 0
}

// parseJSON parses src and decodes the statements of the parse tree.
func parseJSON(src []byte) (*parseResult, error) {
	out, err := parser.ParseToJSON(string(src))
	if err != nil {
		return nil, err
	}
	var res parseResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		// libpg_query wrote JSON encoding/json cannot read: a bug in one
		// of them, reported rather than hidden.
		return nil, fmt.Errorf("infradoc cannot read the parse tree of this file: %w", err)
	}
	return &res, nil
}

// syntaxFinding turns a parser error into a finding at the parser's
// cursor, and returns the cursor's byte offset.
func syntaxFinding(li *finding.LineIndex, src []byte, err error) (*finding.Finding, int) {
	var pe *parser.Error
	off, msg := 0, err.Error()
	if errors.As(err, &pe) {
		msg = pe.Message
		if pe.Cursorpos > 0 {
			off = runeOffset(src, pe.Cursorpos)
		}
	}
	return &finding.Finding{Pos: li.Pos(off), Severity: finding.Error, Rule: "migration-syntax",
		Message: "PostgreSQL's parser rejects this migration: " + msg}, off
}

// maxPrefixTries bounds the parses parsedPrefix makes: each semicolon
// before the error may be the end of the last good statement, or sit in a
// string or comment.
const maxPrefixTries = 32

// parsedPrefix returns the statements of src before a syntax error at
// byte errOff: those of the longest prefix ending at a semicolon that
// parses. A server running the file statement by statement applies those
// before it fails.
func parsedPrefix(src []byte, errOff int) []rawStmt {
	end := min(errOff, len(src))
	for try := 0; try < maxPrefixTries; try++ {
		i := bytes.LastIndexByte(src[:end], ';')
		if i < 0 {
			return nil
		}
		if res, err := parseJSON(src[:i+1]); err == nil {
			return res.Stmts
		}
		end = i
	}
	return nil
}
