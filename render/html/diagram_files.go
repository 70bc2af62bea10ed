package html

import (
	"maps"
	"slices"
)

// diagramDOTPath is where the DOT source of diagram name is published,
// beside its SVG: every figure links to it.
func diagramDOTPath(name string) string { return "diagrams/" + name + ".dot" }

// diagramDOTJobs publishes the DOT source of every diagram a page shows:
// the home diagrams, those docs show, and each obligation's. An
// obligation's DOT is made again when its file is written rather than kept
// from its page: holding 10,000 of them would cost more than making them.
func (b *builder) diagramDOTJobs() []pageJob {
	names := map[string]SiteDiagram{}
	for name := range b.diagramFiles {
		names[name] = b.diagrams[name]
	}
	for _, d := range b.in.ObligationDiagrams {
		names[d.Name] = d
	}
	jobs := make([]pageJob, 0, len(names))
	for _, name := range slices.Sorted(maps.Keys(names)) {
		d := names[name]
		if d.DOT == "" && d.MakeDOT == nil {
			continue
		}
		jobs = append(jobs, pageJob{path: diagramDOTPath(name), data: func() ([]byte, error) {
			if d.DOT != "" {
				return []byte(d.DOT), nil
			}
			return []byte(d.MakeDOT()), nil
		}})
	}
	return jobs
}
