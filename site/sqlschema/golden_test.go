package sqlschema

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/golden"
)

// describe lists what applying the files left, one object per line (kind,
// qualified name, type, position; a table whose columns the migrations do
// not spell out is marked), then the findings.
func describe(c *Catalog, fs []finding.Finding) []byte {
	var b bytes.Buffer
	for _, o := range c.Objects() {
		typ := ""
		if o.Type != "" {
			typ = " " + o.Type
		}
		if o.Kind == "table" && !c.ColumnsKnown(o.Schema, o.Name) {
			typ = " (columns unknown)"
		}
		fmt.Fprintf(&b, "%s %s%s @ %s\n", o.Kind, o.Qualified(), typ, o.At)
	}
	for _, f := range finding.Sort(fs) {
		fmt.Fprintf(&b, "finding %s\n", f)
	}
	return b.Bytes()
}

// TestGolden applies each testdata/*.sql file to a fresh catalog and
// compares the objects left and the findings with the .golden file beside
// it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, p := range files {
		t.Run(filepath.Base(p), func(t *testing.T) {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			c := NewCatalog()
			got := describe(c, c.Apply(filepath.ToSlash(p), src))
			golden.Check(t, "./site/sqlschema", strings.TrimSuffix(p, ".sql")+".golden", string(got))
		})
	}
}
