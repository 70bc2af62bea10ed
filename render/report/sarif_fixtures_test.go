package report

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
	"github.com/infradoc/infradoc/site/rules"
)

// The validation fixtures of package site: every err case is a small
// repository, testdata/base with some of its files replaced (the
// convention is described at the top of site/fixtures_test.go). They are
// read from there rather than copied, so every case the validator has is
// also a case of the SARIF log.
var (
	siteTestdata = filepath.Join("..", "..", "site", "testdata")
	sarifGolden  = filepath.Join("testdata", "sarif")
)

// errFixture is one err case: its files by repository path, and for each
// the path of the fixture file, relative to package site as its .out file
// names them.
type errFixture struct {
	name   string
	files  fstest.MapFS
	origin map[string]string
}

// readErrFixtures reads every case of site/testdata/err.
func readErrFixtures(t *testing.T) []*errFixture {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(siteTestdata, "err"))
	if err != nil {
		t.Fatal(err)
	}
	var out []*errFixture
	for _, e := range entries {
		name := e.Name()
		f := &errFixture{files: fstest.MapFS{}, origin: map[string]string{}}
		f.overlay(t, "base")
		switch {
		case e.IsDir():
			f.name = name
			f.overlay(t, path.Join("err", name))
		case path.Ext(name) == ".yaml":
			f.name = strings.TrimSuffix(name, ".yaml")
			target := ""
			for prefix, file := range map[string]string{"registry-": "INFRA_REGISTRY.yaml", "obligations-": "obligations.yaml", "config-": site.ConfigFileName} {
				if strings.HasPrefix(name, prefix) {
					target = file
				}
			}
			if target == "" {
				t.Fatalf("site/testdata/err/%s: a single-file case is named registry-*, obligations-* or config-*", name)
			}
			data, err := os.ReadFile(filepath.Join(siteTestdata, "err", name))
			if err != nil {
				t.Fatal(err)
			}
			f.files[target] = &fstest.MapFile{Data: data, Mode: 0o644}
			f.origin[target] = "testdata/err/" + name
		default:
			continue
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		t.Fatal("no fixtures in site/testdata/err")
	}
	return out
}

// overlay lays the folder dir of site/testdata over the case's files.
func (f *errFixture) overlay(t *testing.T, dir string) {
	t.Helper()
	root := filepath.Join(siteTestdata, filepath.FromSlash(dir))
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		f.files[rel] = &fstest.MapFile{Data: data, Mode: 0o644}
		f.origin[rel] = path.Join("testdata", dir, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// findings validates the case as package site's fixtures do, and names
// each file by its fixture file, relative to package site.
func (f *errFixture) findings(t *testing.T) []site.Finding {
	t.Helper()
	s, findings, err := rules.Validate(site.Options{FS: f.files})
	if err != nil {
		t.Fatalf("%s: %v", f.name, err)
	}
	// The day package site's fixtures check their waivers against.
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	if findings, err = rules.Accept(s, findings, rules.AcceptOptions{Today: today}); err != nil {
		t.Fatalf("%s: %v", f.name, err)
	}
	for i := range findings {
		for p, origin := range f.origin {
			findings[i].Message = strings.ReplaceAll(findings[i].Message, " "+p+":", " "+origin+":")
		}
		if origin, ok := f.origin[findings[i].File]; ok {
			findings[i].File = origin
		} else {
			findings[i].File = path.Join("testdata/err", f.name, findings[i].File)
		}
	}
	return findings
}

// TestSARIFOfEveryErrFixture writes the SARIF log of every err fixture of
// package site, validates it against the official schema, and compares
// it with the golden files (testdata/sarif/README.md). The findings are
// first compared with the fixture's .out file, so the log is made from
// exactly the findings package site expects. Paths in the logs are
// relative to the top of infradoc's repository, as code scanning reads
// them: site/testdata/err/….
func TestSARIFOfEveryErrFixture(t *testing.T) {
	var empty bytes.Buffer
	if err := WriteSARIF(&empty, nil, SARIFOptions{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := validateSARIF(t, empty.Bytes()); err != nil {
		t.Fatalf("the log of no findings breaks the schema: %v", err)
	}
	golden.Check(t, "./render/report", filepath.Join(sarifGolden, "empty.sarif"), empty.Bytes())
	const noResults = `"results": []`
	if bytes.Count(empty.Bytes(), []byte(noResults)) != 1 {
		t.Fatalf("the log of no findings has no single %s", noResults)
	}

	for _, f := range readErrFixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			findings := f.findings(t)
			var lines strings.Builder
			for _, fd := range findings {
				lines.WriteString(fd.String())
				switch {
				case fd.Waived != nil:
					lines.WriteString(" (waived until " + fd.Waived.Until + ": " + fd.Waived.Reason + ")")
				case fd.Baselined:
					lines.WriteString(" (baselined)")
				}
				lines.WriteString("\n")
			}
			out, err := os.ReadFile(filepath.Join(siteTestdata, "err", f.name+".out"))
			if err != nil {
				t.Fatal(err)
			}
			if lines.String() != string(out) {
				t.Fatalf("the findings differ from site/testdata/err/%s.out: the fixture was not read as package site reads it\n--- got\n%s--- want\n%s", f.name, lines.String(), out)
			}
			for i := range findings {
				findings[i].File = "site/" + findings[i].File
				for _, origin := range f.origin {
					findings[i].Message = strings.ReplaceAll(findings[i].Message, " "+origin+":", " site/"+origin+":")
				}
			}

			var log bytes.Buffer
			if err := WriteSARIF(&log, findings, SARIFOptions{Version: "test"}); err != nil {
				t.Fatal(err)
			}
			if err := validateSARIF(t, log.Bytes()); err != nil {
				t.Fatalf("the log breaks the SARIF schema: %v\n%s", err, log.Bytes())
			}
			var parsed struct {
				Runs []struct {
					Results json.RawMessage `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal(log.Bytes(), &parsed); err != nil {
				t.Fatal(err)
			}
			results := parsed.Runs[0].Results
			if string(results) == "[]" {
				t.Fatalf("an err fixture gives a log without results")
			}
			golden.Check(t, "./render/report", filepath.Join(sarifGolden, "err", f.name+".results.json"), append(bytes.Clone(results), '\n'))
			// Around its results the log is the log of no findings.
			if rest := bytes.Replace(log.Bytes(), results, []byte("[]"), 1); !bytes.Equal(rest, empty.Bytes()) {
				t.Errorf("without its results, the log differs from empty.sarif:\n%s", rest)
			}
		})
	}
}
