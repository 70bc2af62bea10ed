package diagram

import (
	"fmt"

	"github.com/infradoc/infradoc/site"
)

// largeSite builds an in-memory model of the given size: items spread over
// states and layers with a promotion each, obligations with five required
// objects in one of schemas schemas, and evidence finding every other one.
func largeSite(items, obligations, schemas int) *site.Site {
	r := &site.Registry{File: "INFRA_REGISTRY.yaml", States: site.DefaultStates(), Layers: site.DefaultLayers()}
	states := []string{"A", "B", "C"}
	for i := range items {
		it := &site.Item{Name: fmt.Sprintf("item-%04d", i), Category: "DB", Layer: fmt.Sprintf("L%d", 1+i%8),
			State: states[i%3], FailureMode: "Skip", Owner: "Platform"}
		if it.State != "A" {
			it.History = []*site.Promotion{{Date: "2026-01-01", From: "A", To: "B", Pins: []string{fmt.Sprintf("PIN-%d", i)}, ApprovedBy: "Human"}}
		}
		r.Items = append(r.Items, it)
	}
	r.Artifacts = []*site.Artifact{{Name: "INFRA_REGISTRY.md", Path: "docs/INFRA_REGISTRY.md", Self: true}}
	for i := range 20 {
		r.Artifacts = append(r.Artifacts, &site.Artifact{Name: fmt.Sprintf("DOC_%02d.md", i), DerivesFrom: "INFRA_REGISTRY.md"})
	}
	s := &site.Site{Registry: r, Config: &site.Config{Registry: "INFRA_REGISTRY.yaml"}, Evidence: &site.Evidence{}}
	statuses := site.Statuses
	for i := range obligations {
		schema := fmt.Sprintf("schema_%03d", i%schemas)
		o := &site.Obligation{ID: fmt.Sprintf("OB-%05d", i), Title: fmt.Sprintf("Obligation %d keeps its objects", i),
			Layer: fmt.Sprintf("L%d", 1+i%8), Schema: schema, Status: statuses[i%len(statuses)], Created: "2026-01-01"}
		ev := &site.ObligationEvidence{ID: o.ID}
		for k := range 5 {
			req := &site.Requirement{Type: "table", Name: fmt.Sprintf("%s.t_%d_%d", schema, i, k)}
			o.Requires = append(o.Requires, req)
			ev.Requirements = append(ev.Requirements, site.RequirementEvidence{Type: "table", Name: req.Name, Found: k%2 == 0})
		}
		s.Obligations = append(s.Obligations, o)
		s.Evidence.Obligations = append(s.Evidence.Obligations, ev)
	}
	for i := range 500 {
		s.Evidence.TestFiles = append(s.Evidence.TestFiles, &site.TestFileEvidence{Path: fmt.Sprintf("tests/test_%03d.py", i),
			Exists: true, Infra: []site.InfraRef{{Name: "item-0001"}}})
	}
	return s
}
