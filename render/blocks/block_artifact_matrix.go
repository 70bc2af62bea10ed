package blocks

import (
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
)

// renderArtifactMatrix renders the artifact responsibility matrix: every
// artifact with a responsibility, in registry order, the registry itself
// marked "(this file)".
func renderArtifactMatrix(s *site.Site, _ *site.Block) (string, error) {
	var rows [][]string
	for _, a := range s.Registry.Artifacts {
		if a.Responsibility == "" {
			continue
		}
		name := bold(a.Name)
		if a.Self {
			name += " (this file)"
		}
		rows = append(rows, append([]string{name}, cells(a.Responsibility, a.Owns)...))
	}
	if rows == nil {
		rows = append(rows, placeholderRow("No artifacts", 3))
	}
	return mdTable([]string{"Artifact", "Responsibility", "Owns"}, rows), nil
}

// kindArtifactMatrix is the artifact-matrix block kind.
var kindArtifactMatrix = &Kind{Spec: markers.BlockKind{Name: "artifact-matrix", Summary: "the artifact responsibility matrix (Artifact, Responsibility, Owns)"}, Render: renderArtifactMatrix}
