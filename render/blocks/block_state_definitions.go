package blocks

import (
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
)

// renderStateDefinitions renders the state definitions in registry order.
func renderStateDefinitions(s *site.Site, _ *site.Block) (string, error) {
	var rows [][]string
	for _, st := range s.Registry.States {
		rows = append(rows, append([]string{bold(st.ID)}, cells(st.Name, st.Meaning, st.TestBehavior)...))
	}
	return mdTable([]string{"State", "Name", "Meaning", "Test Behavior"}, rows), nil
}

// kindStateDefinitions is the state-definitions block kind.
var kindStateDefinitions = &Kind{Spec: markers.BlockKind{Name: "state-definitions", Summary: "the state definitions (State, Name, Meaning, Test Behavior)"}, Render: renderStateDefinitions}
