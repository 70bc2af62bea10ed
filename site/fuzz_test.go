package site_test

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rules"
)

// FuzzLoad feeds arbitrary bytes to the loader as the registry, as a
// single-file obligations list and as a per-file obligation. Whatever the
// bytes, Load must not panic and must not fail: bad input is a finding.
// Seeds: every fixture YAML file, plus testdata/fuzz/FuzzLoad.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.yaml"))
	more, _ := filepath.Glob(filepath.Join("testdata", "*", "*", "*", "*.yaml"))
	for _, p := range append(files, more...) {
		if data, err := os.ReadFile(p); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	base := map[string][]byte{}
	for _, p := range []string{"infradoc.yaml", "INFRA_REGISTRY.yaml", "obligations.yaml"} {
		data, err := os.ReadFile(filepath.Join("testdata", "base", p))
		if err != nil {
			f.Fatal(err)
		}
		base[p] = data
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, target := range []string{"INFRA_REGISTRY.yaml", "obligations.yaml", "obligations/X-1.yaml", "infradoc.yaml"} {
			mfs := fstest.MapFS{}
			for p, b := range base {
				mfs[p] = &fstest.MapFile{Data: b}
			}
			mfs[target] = &fstest.MapFile{Data: data}
			opts := site.Options{FS: mfs}
			if target == "obligations/X-1.yaml" {
				mfs["obligations/index.yaml"] = &fstest.MapFile{Data: []byte("obligations: [X-1]\n")}
				opts.Obligations = "obligations"
			}
			s, findings, err := rules.Validate(opts)
			if err != nil {
				t.Fatalf("%s: Load failed: %v", target, err)
			}
			if s == nil {
				t.Fatalf("%s: Load returned no site", target)
			}
			for _, fd := range findings {
				if fd.File == "" || fd.Rule == "" || fd.Message == "" {
					t.Fatalf("%s: finding without a file, rule or message: %+v", target, fd)
				}
			}
		}
	})
}
