package blocks

import (
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
)

// renderOwnership renders the ownership table: who does what.
func renderOwnership(s *site.Site, _ *site.Block) (string, error) {
	var rows [][]string
	for _, r := range s.Registry.Roles {
		rows = append(rows, cells(r.Role, r.Responsibility))
	}
	if rows == nil {
		rows = append(rows, placeholderRow("No roles", 2))
	}
	return mdTable([]string{"Role", "Responsibility"}, rows), nil
}

// kindOwnership is the ownership block kind.
var kindOwnership = &Kind{Spec: markers.BlockKind{Name: "ownership", Summary: "the ownership table (Role, Responsibility)"}, Render: renderOwnership}
