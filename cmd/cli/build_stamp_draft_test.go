package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/infradoc/infradoc/site"
)

// ageOld is a modification time long before any test build.
var ageOld = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

// hostileStampText is text with every character the stamp's lines treat
// specially.
const hostileStampText = "tab\there\nline \"quoted\" back\\slash \r <script> é \u2028 end"

// A stamp reads back as it was written, whatever its fields hold, and a
// draft finished with its outputs writes what encodeStamp writes.
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
		data := d.encode(outputs)
		want := d.st
		want.Outputs = outputs
		if enc := encodeStamp(&want); string(enc) != string(data) {
			t.Errorf("%s: the draft writes\n%s\nencodeStamp writes\n%s", tc.name, data, enc)
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

// A stamp that was cut short, edited into nonsense or written by another
// version is not trusted.
func TestStampRefusesDamage(t *testing.T) {
	good := encodeStamp(&buildStamp{Version: stampVersion, Key: "k",
		Inputs:  []stampEntry{{Path: "a.yaml", Kind: "f", Size: 1, MTime: 2}},
		Outputs: []stampEntry{{Path: "index.html", Kind: "f", Size: 3, MTime: 4}}})
	if _, err := decodeStamp(good); err != nil {
		t.Fatalf("the good stamp: %v", err)
	}
	text := string(good)
	for name, damaged := range map[string]string{
		"cut short":       text[:len(text)-4],
		"cut mid-line":    text[:len(text)/2],
		"no end":          strings.TrimSuffix(text, "end\n"),
		"after the end":   text + "i\tx\tf\t1\t2\t\n",
		"bad number":      strings.Replace(text, "\t3\t4", "\tthree\t4", 1),
		"missing field":   strings.Replace(text, "\t3\t4\t", "\t3\t", 1),
		"unknown line":    strings.Replace(text, "end\n", "z\t1\nend\n", 1),
		"bad quoting":     strings.Replace(text, "a.yaml", `"a.yaml`, 1),
		"no key":          strings.Replace(text, "key\tk\n", "", 1),
		"not a stamp":     "{\"version\":1}\n",
		"empty":           "",
		"another version": strings.Replace(text, stampHeader+"2", stampHeader+"x", 1),
	} {
		if st, err := decodeStamp([]byte(damaged)); err == nil {
			t.Errorf("%s: decoded as %+v", name, st)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "stamp")
	old := strings.Replace(text, stampHeader+strconv.Itoa(stampVersion), stampHeader+strconv.Itoa(stampVersion-1), 1)
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	if st := readStamp(path); st != nil {
		t.Errorf("a stamp of another version was trusted: %+v", st)
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
	path := filepath.Join(dir, "stamp")
	if err := d.write(path, dir, nil); err != nil {
		t.Fatal(err)
	}
	st := readStamp(path)
	if st == nil {
		t.Fatal("the stamp written cannot be read")
	}
	if len(st.Inputs) != 2 || st.Inputs[1].Path != "b.yaml" {
		t.Errorf("the stamp's inputs are %+v, want a.yaml and b.yaml", st.Inputs)
	}
}

// Whatever a stamp file holds, reading it does not crash, and a stamp that
// reads back is written again as the same stamp.
func FuzzDecodeStamp(f *testing.F) {
	f.Add(encodeStamp(&buildStamp{Version: stampVersion, Key: "k",
		Inputs:   []stampEntry{{Path: "a.yaml", Kind: "f", Size: 1, MTime: 2}, {Path: hostileStampText, Kind: "d", List: "ab"}},
		Outputs:  []stampEntry{{Path: "index.html", Kind: "f", Size: 3, MTime: 4}},
		Findings: []site.Finding{{Pos: site.Pos{File: "a.yaml", Line: 1, Col: 2}, Severity: site.SeverityWarning, Rule: "r", Message: hostileStampText}},
		Quotes:   []stampQuote{{File: "a.yaml", Line: 1, Text: hostileStampText}}}))
	f.Add([]byte(stampHeader + "2\nkey\tk\nend\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := decodeStamp(data)
		if err != nil {
			return
		}
		again, err := decodeStamp(encodeStamp(st))
		if err != nil || !reflect.DeepEqual(again, st) {
			t.Errorf("%q read back as %+v, written again and read as %+v (%v)", data, st, again, err)
		}
	})
}
