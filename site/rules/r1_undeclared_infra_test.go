package rules

import (
	"testing"
	"testing/fstest"

	"github.com/infradoc/infradoc/site"
)

// An unreadable registry is one finding, not one more per requires_infra.
func TestUnreadableRegistryDoesNotCascade(t *testing.T) {
	fsys := fstest.MapFS{
		"INFRA_REGISTRY.yaml": {Data: []byte("items: [unclosed\n")},
		"obligations.yaml":    {Data: []byte("obligations: []\n")},
		"infradoc.yaml":       {Data: []byte("registry: INFRA_REGISTRY.yaml\nobligations: obligations.yaml\n")},
		"tests/test_a.py": {Data: []byte(`@requires_infra("PostgreSQL")
def test_a():
    pass
`)},
	}
	_, fs, err := Validate(site.Options{FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Rule == "R1-undeclared-infra" {
			t.Errorf("unexpected cascade finding: %s", f)
		}
	}
	if len(fs) != 1 || fs[0].Rule != "yaml-syntax" {
		t.Errorf("want one yaml-syntax finding, got %v", fs)
	}
}
