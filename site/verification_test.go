package site

import (
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/finding"
)

// A malformed report is a message at the byte where the problem is, and
// that byte's line and column are the ones an editor shows.
func TestDecodeVerificationProblems(t *testing.T) {
	for _, c := range []struct {
		name, data, msg string
		line, col       int
	}{
		{"empty", "", "the file is empty", 1, 1},
		{"blank", "  \n", "the file is empty", 1, 1},
		{"cut short", "{\n  \"version\": 1,\n  \"obligations\": [", "the JSON ends too early", 3, 19},
		{"missing comma", "{\n  \"version\": 1\n  \"time\": \"x\"\n}", "after object key:value pair", 3, 3},
		{"wrong type", "{\n  \"version\": \"one\"\n}", "version is a JSON string, not a Go int", 2, 14},
		{"nested wrong type", "{\"obligations\": [{\"objects\": [{\"name\": 7}]}]}", "obligations.objects.name is a JSON number", 1, 40},
		{"two values", "{\"version\": 1}\n{}", "more than one JSON value", 2, 2},
		{"after multibyte", "{\"time\": \"é\" x}", "invalid character 'x'", 1, 14},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, msg, off := decodeVerification([]byte(c.data))
			if v != nil || !strings.Contains(msg, c.msg) {
				t.Fatalf("got %v, %q; want nil and a message with %q", v, msg, c.msg)
			}
			if at := finding.NewLineIndex("r", []byte(c.data)).Pos(off); at.Line != c.line || at.Col != c.col {
				t.Errorf("at %d:%d, want %d:%d (%s)", at.Line, at.Col, c.line, c.col, msg)
			}
		})
	}
}

// The offsets of the obligations' ids follow the array, whatever else the
// report and each element hold, and an element without an id has none.
func TestJSONObligationIDOffsets(t *testing.T) {
	data := `{"findings": [{"id": "not this"}], "obligations": [` +
		`{"objects": [{"id": "nor this"}], "id" :  "A"},` +
		`{"status": "PARTIAL"},` +
		`{"id":"B"}], "id": "nor this one"}`
	got := jsonObligationIDOffsets([]byte(data))
	if len(got) != 3 {
		t.Fatalf("got %v, want three offsets", got)
	}
	for i, want := range []string{`"A"`, "", `"B"`} {
		if want == "" {
			if got[i] != -1 {
				t.Errorf("element %d: offset %d, want -1", i, got[i])
			}
			continue
		}
		if got[i] < 0 || !strings.HasPrefix(data[got[i]:], want) {
			t.Errorf("element %d: offset %d does not start %s", i, got[i], want)
		}
	}
}
