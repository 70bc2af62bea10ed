package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/infradoc/infradoc/site"
)

// ageOld is a modification time long before any test build.
var ageOld = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

// A draft finished with its outputs is the stamp json.Encoder writes for
// the same buildStamp, byte for byte, whatever the fields hold.
func TestStampDraftEncodesAsTheEncoder(t *testing.T) {
	fsys := fstest.MapFS{
		"a<b>&.yaml": {Data: []byte("x: 1\nline two \u2028 <script>\n"), ModTime: ageOld},
		"dir/c.yaml": {Data: []byte("y: 2\n"), ModTime: ageOld},
	}
	rec := newRecordingFS(fsys)
	for _, p := range []string{"a<b>&.yaml", "dir/c.yaml", "missing.yaml"} {
		rec.ReadFile(p)
	}
	rec.ReadDir("dir")
	findings := []site.Finding{
		{Pos: site.Pos{File: "a<b>&.yaml", Line: 2, Col: 3}, Severity: site.SeverityWarning, Message: `"quoted" & <tagged>`, Rule: "r"},
		{Pos: site.Pos{File: "dir/c.yaml", Line: 9, Col: 1}, Severity: site.SeverityWarning, Message: "past the end", Rule: "r"},
	}
	sources := map[string][]byte{"a<b>&.yaml": fsys["a<b>&.yaml"].Data}
	outputs := []stampEntry{{Path: "index.html", Kind: "f", Size: 10, MTime: 1}, {Path: "gone.html", Kind: "-"}}
	for _, tc := range []struct {
		name     string
		findings []site.Finding
	}{{"with findings", findings}, {"without findings", nil}} {
		d := draftStamp("key \"<&>\"", rec, tc.findings, sources)
		got, err := d.encode(outputs)
		if err != nil {
			t.Fatal(err)
		}
		st := d.st
		st.Outputs = outputs
		var want bytes.Buffer
		if err := json.NewEncoder(&want).Encode(&st); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: draft encodes\n%s\nthe encoder writes\n%s", tc.name, got, want.Bytes())
		}
		var back buildStamp
		if err := json.Unmarshal(got, &back); err != nil || len(back.Inputs) != 4 || len(back.Outputs) != 2 || back.Key != d.st.Key {
			t.Errorf("%s: the stamp does not read back: %v %+v", tc.name, err, back)
		}
	}
}

// A path read after the draft was made still reaches the stamp.
func TestStampDraftTakesLaterInputs(t *testing.T) {
	fsys := fstest.MapFS{"a.yaml": {Data: []byte("a"), ModTime: ageOld}, "b.yaml": {Data: []byte("b"), ModTime: ageOld}}
	rec := newRecordingFS(fsys)
	rec.ReadFile("a.yaml")
	d := draftStamp("k", rec, nil, nil)
	rec.ReadFile("b.yaml")
	d.refresh(rec)
	dir := t.TempDir()
	path := filepath.Join(dir, "stamp.json")
	if err := d.write(path, dir, nil); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st buildStamp
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatal(err)
	}
	if len(st.Inputs) != 2 || st.Inputs[1].Path != "b.yaml" {
		t.Errorf("the stamp's inputs are %+v, want a.yaml and b.yaml", st.Inputs)
	}
}
