// Package diagramtest gives the tests of the diagram builders and of their
// rendering the same repositories: infradoc's own content/ and a crafted
// one whose names and texts attack DOT and SVG.
package diagramtest

import (
	"embed"
	"io/fs"
	"testing"

	"github.com/infradoc/infradoc/content"
	"github.com/infradoc/infradoc/site"
)

//go:embed crafted
var crafted embed.FS

// CraftedDrift is a check result for the crafted repository.
var CraftedDrift = map[string]int{"docs/REGISTRY.md": 0, "docs/NOTES.md": 3, "docs/EXTRA.md": 1}

// LoadContent loads infradoc's own content/.
func LoadContent(t testing.TB) *site.Site {
	t.Helper()
	s, _, err := site.Load(site.Options{FS: content.FS, Root: "content", ConfigFile: site.ConfigFileName})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// LoadCrafted loads the crafted repository and sets its evidence, so the
// goldens do not depend on how migrations are scanned: of OB-1's objects
// the first two are found and the rest are missing; OB-2 has no evidence.
func LoadCrafted(t testing.TB) *site.Site {
	t.Helper()
	fsys, err := fs.Sub(crafted, "crafted")
	if err != nil {
		t.Fatal(err)
	}
	s, findings, err := site.Load(site.Options{FS: fsys, Root: "testdata/diagrams/crafted", ConfigFile: site.ConfigFileName})
	if err != nil {
		t.Fatal(err)
	}
	if site.HasErrors(findings) {
		t.Fatalf("crafted registry is invalid: %v", findings)
	}
	ob1 := s.Obligations[0]
	ev := &site.ObligationEvidence{ID: ob1.ID}
	for i, r := range ob1.Requires {
		ev.Requirements = append(ev.Requirements, site.RequirementEvidence{Type: r.Type, Name: r.QualifiedName("audit"), Found: i < 2})
	}
	s.Evidence = &site.Evidence{Obligations: []*site.ObligationEvidence{ev}}
	return s
}
