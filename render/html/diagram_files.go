package html

import (
	"maps"
	"slices"
)

// diagramDOTPath is where the DOT source of diagram name is published,
// beside its SVG: every figure links to it.
func diagramDOTPath(name string) string { return "diagrams/" + name + ".dot" }

// diagramDOTJobs publishes the DOT source of the diagrams published as
// SVG files: the home diagrams and those docs show. An obligation's page
// carries its diagram's DOT itself (obligationBody): 10,000 more files
// would cost a large build more than the bytes do.
func (b *builder) diagramDOTJobs() []pageJob {
	names := map[string]SiteDiagram{}
	for name := range b.diagramFiles {
		names[name] = b.diagrams[name]
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
