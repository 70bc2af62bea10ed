package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"
)

// VerificationVersion is the version of the report of `infradoc verify`
// this infradoc reads.
const VerificationVersion = 1

// Verification is a report `infradoc verify --format json` wrote, as the
// site shows it: what a real PostgreSQL and the JUnit files proved of each
// obligation. It is the JSON of package verify's Report, decoded into
// types of this package because verify loads sites (and talks to
// PostgreSQL), so site cannot import it; a test of package build holds
// the two to the same shape.
type Verification struct {
	// File is the report's display path.
	File string `json:"-"`
	// Version is VerificationVersion.
	Version int `json:"version"`
	// Time is when verify ran (RFC 3339), shown as written.
	Time string `json:"time"`
	// Server is the server's name and version ("PostgreSQL 15.18").
	Server string `json:"server"`
	// Database says which database was checked.
	Database string `json:"database"`
	// Migrated says the migrations were applied to a throwaway database.
	Migrated bool `json:"migrated"`
	// JUnit are the display paths of the JUnit files read.
	JUnit       []string              `json:"junit,omitempty"`
	Obligations []*VerifiedObligation `json:"obligations"`
	// Findings are verify's own; the site does not repeat them.
	Findings []Finding `json:"findings"`
	// byID indexes Obligations.
	byID map[string]*VerifiedObligation
}

// VerifiedObligation is what verify found of one obligation.
type VerifiedObligation struct {
	ID string `json:"id"`
	// Status is the status the YAML declared when verify ran.
	Status string `json:"status"`
	// File is the obligation's YAML.
	File    string            `json:"file"`
	Objects []*VerifiedObject `json:"objects"`
	// Tests is nil when verify read no JUnit file.
	Tests    *VerifiedTests   `json:"tests,omitempty"`
	Computed VerifiedCriteria `json:"computed"`
	Declared VerifiedCriteria `json:"declared"`
}

// Verdicts of a VerifiedObject.
const (
	VerdictExists  = "exists"
	VerdictMissing = "missing"
	VerdictDrifted = "drifted"
)

// VerifiedObject is the verdict on one required object.
type VerifiedObject struct {
	Type string `json:"type"`
	// Name is qualified, as the requirement names it.
	Name string `json:"name"`
	// Verdict is VerdictExists, VerdictMissing or VerdictDrifted.
	Verdict string `json:"verdict"`
	// Detail says what drifted, or where the object was looked for.
	Detail string `json:"detail,omitempty"`
	// YAML is the requires entry; Migration where the migrations create
	// the object (zero when they do not).
	YAML      Pos `json:"yaml"`
	Migration Pos `json:"migration,omitzero"`
}

// VerifiedTests is what the JUnit files say of an obligation's tests.
type VerifiedTests struct {
	Declared int `json:"declared"`
	Executed int `json:"executed"`
	Passed   int `json:"passed"`
	Failed   int `json:"failed"`
	Skipped  int `json:"skipped"`
	// Cases are the failed and skipped cases at least.
	Cases []VerifiedCase `json:"cases"`
}

// VerifiedCase is one JUnit test case of an obligation.
type VerifiedCase struct {
	File      string `json:"file,omitempty"`
	ClassName string `json:"classname,omitempty"`
	Name      string `json:"name"`
	// Result is "passed", "failed" or "skipped".
	Result  string `json:"result"`
	Message string `json:"message,omitempty"`
}

// VerifiedCriteria are the four promotion criteria verify computes; nil
// means neither proven nor refuted.
type VerifiedCriteria struct {
	AllObjectsExist *bool `json:"all_objects_exist"`
	AllTestsPass    *bool `json:"all_tests_pass"`
	NoSchemaDrift   *bool `json:"no_schema_drift"`
	MigrationsExist *bool `json:"migrations_exist"`
}

// CriterionNames are the criteria verify computes, in the order
// VerifiedCriteria.List returns them.
var CriterionNames = []string{"all_objects_exist", "all_tests_pass", "no_schema_drift", "migrations_exist"}

// List returns the criteria in the order of CriterionNames.
func (c VerifiedCriteria) List() []*bool {
	return []*bool{c.AllObjectsExist, c.AllTestsPass, c.NoSchemaDrift, c.MigrationsExist}
}

// Obligation returns the report's result for obligation id, nil when the
// report has none.
func (v *Verification) Obligation(id string) *VerifiedObligation {
	if v == nil {
		return nil
	}
	return v.byID[id]
}

// Object returns the verdict on the required object of type typ named
// name (compared as requirement names are, case aside), nil when the
// report has none.
func (o *VerifiedObligation) Object(typ, name string) *VerifiedObject {
	if o == nil {
		return nil
	}
	for _, obj := range o.Objects {
		if obj != nil && strings.EqualFold(obj.Type, typ) && strings.EqualFold(obj.Name, name) {
			return obj
		}
	}
	return nil
}

// loadVerification reads the report at p into s.Verification. A report
// that cannot be read or decoded is a finding and leaves it nil; one that
// names an obligation not loaded is a warning (verification-stale). The
// report's time is not compared with the YAML's: only its content counts,
// so that the same files give the same site.
func (s *Site) loadVerification(p string, fs *findings) {
	display := s.DisplayPath(p)
	data, err := s.readInput(p)
	if errors.Is(err, errNotFound) {
		fs.Add(s.missingAt(p, display), "file-missing", "verification report %s does not exist: run 'infradoc verify --format json > %s' to write it", display, path.Base(p))
		return
	}
	if s.inputFinding(p, display, err, fs) {
		return
	}
	if err != nil {
		fs.Add(s.missingAt(p, display), "input-file", "verification report %s cannot be read: %v", display, err)
		return
	}
	s.Sources[display] = data
	v, bad, off := decodeVerification(data)
	if bad != "" {
		line, col := offsetLineCol(data, off)
		fs.Add(Pos{File: display, Line: line, Col: col}, "verification-report", "%s is not a report of infradoc verify: %s", display, bad)
		return
	}
	v.File = display
	if v.Version != VerificationVersion {
		fs.Add(Pos{File: display, Line: 1, Col: 1}, "verification-report", "%s is a verification report of version %d; this infradoc reads version %d (run 'infradoc verify' again)", display, v.Version, VerificationVersion)
		return
	}
	loaded := map[string]bool{}
	for _, o := range s.Obligations {
		loaded[o.ID] = true
	}
	idAt := jsonObligationIDOffsets(data)
	v.byID = make(map[string]*VerifiedObligation, len(v.Obligations))
	for i, o := range v.Obligations {
		if o == nil {
			continue
		}
		if !loaded[o.ID] {
			at := Pos{File: display, Line: 1, Col: 1}
			if i < len(idAt) {
				at.Line, at.Col = offsetLineCol(data, idAt[i])
			}
			fs.Add(at, "verification-stale", "the verification report names obligation %q, which is not among the obligations loaded: run 'infradoc verify' again", o.ID)
			continue
		}
		if _, dup := v.byID[o.ID]; !dup {
			v.byID[o.ID] = o
		}
	}
	s.Verification = v
}

// decodeVerification decodes a report. A malformed one is nil, a
// message and the byte offset of the problem.
func decodeVerification(data []byte) (*Verification, string, int) {
	var v Verification
	dec := json.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			return nil, "more than one JSON value", int(dec.InputOffset())
		}
		return &v, "", 0
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return nil, "the file is empty", 0
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, "the JSON ends too early", len(data)
	case errors.As(err, &syntax):
		// Offset counts the bytes read, the offending one included.
		return nil, syntax.Error(), max(int(syntax.Offset)-1, 0)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "the report"
		}
		return nil, fmt.Sprintf("%s is a JSON %s, not a Go %s", field, typ.Value, typ.Type), jsonTokenStart(data, int(typ.Offset))
	}
	return nil, err.Error(), 0
}

// offsetLineCol returns the 1-based line and column (in characters) of
// byte offset off of data.
func offsetLineCol(data []byte, off int) (int, int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line := 1 + bytes.Count(before, []byte("\n"))
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCount(before[lineStart:])
}

// jsonObligationIDOffsets returns, for each element of the report's
// top-level "obligations" array, the byte offset of its "id" value (-1
// when it has none), so that a stale id is reported where it is written.
// data has decoded already; on any surprise it returns what it found.
func jsonObligationIDOffsets(data []byte) []int {
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []int
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return out
		}
		if key != "obligations" {
			if skipJSONValue(dec) != nil {
				return out
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return out
		}
		for dec.More() {
			if t, err := dec.Token(); err != nil || t != json.Delim('{') {
				return out
			}
			at := -1
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return out
				}
				if k == "id" {
					at = jsonValueStart(data, int(dec.InputOffset()))
				}
				if skipJSONValue(dec) != nil {
					return out
				}
			}
			if _, err := dec.Token(); err != nil {
				return out
			}
			out = append(out, at)
		}
		return out
	}
	return out
}

// skipJSONValue reads the next value of dec, however deep.
func skipJSONValue(dec *json.Decoder) error {
	depth := 0
	for {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

// jsonTokenStart returns the offset where the JSON token that ends at end
// starts (a type error's offset is the end of the value it is about).
func jsonTokenStart(data []byte, end int) int {
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		before := int(dec.InputOffset())
		if _, err := dec.Token(); err != nil {
			return max(end-1, 0)
		}
		if int(dec.InputOffset()) >= end {
			return jsonValueStart(data, before)
		}
	}
}

// jsonValueStart returns the offset of the token after one that ends at
// off: past the blanks, the colon or the comma.
func jsonValueStart(data []byte, off int) int {
	for off < len(data) && strings.IndexByte(" \t\r\n:,", data[off]) >= 0 {
		off++
	}
	return off
}
