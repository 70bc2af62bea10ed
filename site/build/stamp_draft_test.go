package build

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"
	"time"

	"github.com/infradoc/infradoc/site"
)

// ageOld is a modification time long before any test build.
var ageOld = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

// hostileStampText is text with characters JSON escapes, and the
// separators of the stamp's former text format.
const hostileStampText = "tab\there\nline \"quoted\" back\\slash \r <script> é \u2028 end"

// A stamp reads back as it was written, whatever its fields hold.
func TestStampRoundTrip(t *testing.T) {
	fsys := fstest.MapFS{
		"a<b>&.yaml": {Data: []byte("x: 1\n" + hostileStampText + "\n"), ModTime: ageOld},
		"dir/c.yaml": {Data: []byte("y: 2\n"), ModTime: ageOld},
	}
	rec := newRecordingFS(fsys)
	for _, p := range []string{"a<b>&.yaml", "dir/c.yaml", "missing.yaml"} {
		rec.ReadFile(p)
	}
	rec.ReadDir("dir")
	findings := []site.Finding{
		{Pos: site.Pos{File: "a<b>&.yaml", Line: 2, Col: 3}, Severity: site.SeverityWarning, Message: hostileStampText, Rule: "r"},
		{Pos: site.Pos{File: "dir/c.yaml", Line: 9, Col: 1}, Severity: site.SeverityWarning, Message: "", Rule: "r\tx"},
	}
	sources := map[string][]byte{"a<b>&.yaml": fsys["a<b>&.yaml"].Data}
	outputs := []stampEntry{
		{Path: "index.html", Kind: "f", Size: 10, MTime: 1},
		{Path: "gone.html", Kind: "-"},
		{Path: "odd\tname \"x\".html", Kind: "?open: " + hostileStampText, Size: -1, MTime: -6795364578871345152, List: "\\"},
		{Path: `"quoted"`, Kind: "d", List: "0123abcd"},
	}
	for _, tc := range []struct {
		name     string
		findings []site.Finding
	}{{"with findings", findings}, {"without findings", nil}} {
		d := draftStamp("key \t\"<&>\"", rec, tc.findings, sources)
		want := d.st
		want.Outputs = outputs
		data, err := encodeStamp(&want)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeStamp(data)
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.name, err, data)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s: read back\n%+v\nwrote\n%+v", tc.name, *got, want)
		}
		if len(got.Inputs) != 4 || len(got.Outputs) != 4 || (tc.findings != nil && len(got.Quotes) != 1) {
			t.Errorf("%s: read back %d inputs, %d outputs, %d quotes", tc.name, len(got.Inputs), len(got.Outputs), len(got.Quotes))
		}
	}
}

// goodStamp is a small valid stamp file.
func goodStamp(t *testing.T) []byte {
	t.Helper()
	data, err := encodeStamp(&buildStamp{Version: stampVersion, Key: "k",
		Binary:  stampBinary{Module: "m", Version: "(devel)", Exe: "e"},
		Inputs:  []stampEntry{{Path: "a.yaml", Kind: "f", Size: 1, MTime: 2}},
		Outputs: []stampEntry{{Path: "index.html", Kind: "f", Size: 3, MTime: 4}}})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A stamp that was cut short, edited into nonsense or written by another
// version is not trusted.
func TestStampRefusesDamage(t *testing.T) {
	good := goodStamp(t)
	if _, err := decodeStamp(good); err != nil {
		t.Fatalf("the good stamp: %v", err)
	}
	encode := func(st buildStamp) string {
		t.Helper()
		data, err := encodeStamp(&st)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	text := string(good)
	for name, damaged := range map[string]string{
		"cut short":       text[:len(text)-1],
		"cut mid-value":   text[:len(text)/2],
		"after the end":   text + text,
		"garbage after":   text + "x",
		"no key":          encode(buildStamp{Version: stampVersion}),
		"another version": encode(buildStamp{Version: stampVersion - 1, Key: "k"}),
		"JSON of old":     `{"version":3,"key":"k","inputs":[],"outputs":[]}`,
		"the text format": "infradoc build stamp 2\nkey\tk\ni\ta.yaml\tf\t1\t2\t\no\tindex.html\tf\t3\t4\t\nend\n",
		"empty":           "",
	} {
		if st, err := decodeStamp([]byte(damaged)); err == nil {
			t.Errorf("%s: decoded as %+v", name, st)
		}
		path := filepath.Join(t.TempDir(), "stamp")
		if err := os.WriteFile(path, []byte(damaged), 0o600); err != nil {
			t.Fatal(err)
		}
		if st := readStamp(path); st != nil {
			t.Errorf("%s: readStamp trusted %+v", name, st)
		}
	}
}

// A path read after the draft was made still reaches the stamp, a file
// only its owner can read.
func TestStampDraftTakesLaterInputs(t *testing.T) {
	fsys := fstest.MapFS{"a.yaml": {Data: []byte("a"), ModTime: ageOld}, "b.yaml": {Data: []byte("b"), ModTime: ageOld}}
	rec := newRecordingFS(fsys)
	rec.ReadFile("a.yaml")
	d := draftStamp("k", rec, nil, nil)
	rec.ReadFile("b.yaml")
	d.refresh(rec)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "cache", "stamp")
	if err := d.write(path, dir, []string{"index.html"}, nil); err != nil {
		t.Fatal(err)
	}
	st := readStamp(path)
	if st == nil {
		t.Fatal("the stamp written cannot be read")
	}
	if len(st.Inputs) != 2 || st.Inputs[1].Path != "b.yaml" {
		t.Errorf("the stamp's inputs are %+v, want a.yaml and b.yaml", st.Inputs)
	}
	if len(st.Outputs) != 1 || st.Outputs[0].Kind != "f" || st.Outputs[0].Size != 3 {
		t.Errorf("the stamp's outputs are %+v, want index.html of 3 bytes", st.Outputs)
	}
	if bin, _ := thisBinary(); st.Binary != bin {
		t.Errorf("the stamp names the binary %+v, this one is %+v", st.Binary, bin)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("the stamp's mode is %v, want 0600", perm)
	}
	data, _ := os.ReadFile(path)
	if st, err := decodeStamp(data); err != nil || st.Version != stampVersion {
		t.Errorf("the stamp does not read back as version %d: %v", stampVersion, err)
	}
}

// A path that is not UTF-8 is kept as it is: the stamp holds it and a
// no-change build trusts it.
func TestStampKeepsPathsThatAreNotUTF8(t *testing.T) {
	fsys := fstest.MapFS{"bad\xff.yaml": {Data: []byte("a"), ModTime: ageOld}}
	rec := newRecordingFS(fsys)
	rec.ReadFile("bad\xff.yaml")
	d := draftStamp("k", rec, nil, nil)
	dir := t.TempDir()
	path := filepath.Join(dir, "stamp")
	if err := d.write(path, dir, nil, nil); err != nil {
		t.Fatal(err)
	}
	st := readStamp(path)
	if st == nil || len(st.Inputs) != 1 || st.Inputs[0].Path != "bad\xff.yaml" {
		t.Fatalf("read back %+v", st)
	}
	if !openStampFile(path).current("k", fsys, dir) {
		t.Error("the stamp of an unchanged path that is not UTF-8 does not hold")
	}
}
