package build

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/verify"
)

// fill sets every field of v, however deep, to a value that is not its
// zero: strings to their field's name, numbers to n, booleans to true,
// pointers and slices to one filled element.
func fill(v reflect.Value, name string, n int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(name)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), name, n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), name, n)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), v.Type().Field(i).Name, n+i)
			}
		}
	}
}

// lowerKeys lower-cases the keys of every object in a decoded JSON value:
// encoding/json matches keys case aside, and verify's TestResult writes
// its counts' keys capitalised.
func lowerKeys(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[strings.ToLower(k)] = lowerKeys(e)
		}
		return out
	case []any:
		for i, e := range x {
			x[i] = lowerKeys(e)
		}
	}
	return v
}

// The site reads verify's report into types of its own (site cannot
// import verify): every field verify writes, present and future, must
// arrive, none may be unknown to the site, and nothing may change on
// the way.
func TestVerificationReadsEveryFieldOfVerifyReport(t *testing.T) {
	var r verify.Report
	fill(reflect.ValueOf(&r).Elem(), "Report", 1)
	written, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var v site.Verification
	dec := json.NewDecoder(bytes.NewReader(written))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("site.Verification cannot read what verify writes: %v\n%s", err, written)
	}
	read, err := json.Marshal(&v)
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	if err := json.Unmarshal(written, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(read, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(lowerKeys(want), lowerKeys(got)) {
		t.Errorf("the report changes on its way into the site:\nverify wrote %s\nthe site kept %s", written, read)
	}
}

// reportJSON is a report of OB-1 of testdata/site made at time at.
func reportJSON(at string) []byte {
	return []byte(`{"version": 1, "time": "` + at + `", "server": "PostgreSQL 15.18", "database": "a private server (--migrate)", "migrated": true,
"obligations": [{"id": "OB-1", "status": "PROMOTED", "file": "obligations/OB-1.yaml",
 "objects": [{"type": "schema", "name": "audit", "verdict": "exists", "yaml": {"file": "obligations/OB-1.yaml", "line": 7, "col": 7}},
  {"type": "table", "name": "audit.event_log", "verdict": "missing", "detail": "no table audit.event_log", "yaml": {"file": "obligations/OB-1.yaml", "line": 9, "col": 7}}],
 "computed": {"all_objects_exist": false, "all_tests_pass": null, "no_schema_drift": null, "migrations_exist": true},
 "declared": {"all_objects_exist": true, "all_tests_pass": true, "no_schema_drift": null, "migrations_exist": null}}],
"findings": []}
`)
}

// The config's verification: reaches the pages through a real build, and
// the report is an input like the others: a build after the report
// changed is not skipped as up to date, and shows the new report.
func TestBuildShowsVerificationAndRebuildsWhenItChanges(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "testdata", "site"))); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, site.ConfigFileName)
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append(data, "verification: reports/verify.json\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	writeRepoFile(t, dir, "reports/verify.json", reportJSON("2026-12-05T10:00:00Z"))
	diagrams, stamps := t.TempDir(), t.TempDir()
	build := func() *Result {
		t.Helper()
		rootfs, err := site.OpenRootFS(dir)
		if err != nil {
			t.Fatal(err)
		}
		r := &Repo{FS: rootfs, Dir: dir, Display: ".", Opts: site.Options{FS: rootfs, Root: "."}}
		res, err := Site(r, Options{Out: "out"}, Env{Dir: dir, CacheDir: stamps, Renderer: func() *graphviz.Renderer {
			return graphviz.New(graphviz.Options{CacheDir: diagrams})
		}})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Severity == site.SeverityError || strings.HasPrefix(f.Rule, "verification") {
				t.Fatalf("finding: %s", f)
			}
		}
		return res
	}
	build()
	page := readString(t, filepath.Join(dir, "out", "obligations", "OB-1.html"))
	for _, want := range []string{
		`<div class="verification" data-verification>`,
		`<span class="vcheck vcheck-missing">missing in PostgreSQL 15.18 at <time datetime="2026-12-05T10:00:00Z">2026-12-05T10:00:00Z</time>: no table audit.event_log</span>`,
		`report <code>reports/verify.json</code>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("OB-1.html lacks %s", want)
		}
	}
	// Let the inputs age past the stamp's racy window, so that the stamp
	// is written and trusted.
	old := time.Now().Add(-time.Hour)
	filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err == nil {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	build()
	if again := build(); !again.Skipped {
		t.Fatalf("a build with nothing changed was not skipped; the stamp is not working in this test")
	}
	writeRepoFile(t, dir, "reports/verify.json", reportJSON("2026-12-06T08:15:00Z"))
	if res := build(); res.Skipped {
		t.Fatal("the build after the report changed was skipped as up to date")
	}
	if page := readString(t, filepath.Join(dir, "out", "obligations", "OB-1.html")); !strings.Contains(page, `2026-12-06T08:15:00Z`) {
		t.Error("OB-1.html does not show the new report's time")
	}
}
