package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/verification"
)

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
	li := finding.NewLineIndex(display, data)
	v, bad, off := decodeVerification(data)
	if bad != "" {
		fs.Add(li.Pos(off), "verification-report", "%s is not a report of infradoc verify: %s", display, bad)
		return
	}
	v.File = display
	if v.Version != verification.Version {
		fs.Add(Pos{File: display, Line: 1, Col: 1}, "verification-report", "%s is a verification report of version %d; this infradoc reads version %d (run 'infradoc verify' again)", display, v.Version, verification.Version)
		return
	}
	loaded := map[string]bool{}
	for _, o := range s.Obligations {
		loaded[o.ID] = true
	}
	idAt := jsonObligationIDOffsets(data)
	for i, o := range v.Obligations {
		if o == nil {
			continue
		}
		if !loaded[o.ID] {
			at := Pos{File: display, Line: 1, Col: 1}
			if i < len(idAt) {
				at = li.Pos(idAt[i])
			}
			fs.Add(at, "verification-stale", "the verification report names obligation %q, which is not among the obligations loaded: run 'infradoc verify' again", o.ID)
		}
	}
	v.Index()
	s.Verification = v
}

// decodeVerification decodes a report. A malformed one is nil, a
// message and the byte offset of the problem.
func decodeVerification(data []byte) (*verification.Report, string, int) {
	var v verification.Report
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
