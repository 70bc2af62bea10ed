package diagram

import (
	"fmt"
	"strings"

	"github.com/infradoc/infradoc/site"
)

// statesDOT draws the infra states in lifecycle order (A -> B -> C), each
// with its name, meaning, CI consequence, count and items, and the
// recorded promotions on the edges ("Clerk 2026-01-01 PIN-272"). A
// transition that skips or reverses the lifecycle gets its own dashed edge.
func statesDOT(s *site.Site) string {
	r := s.Registry
	states := r.States
	if len(states) == 0 {
		states = site.DefaultStates()
	}
	w := newDOT("Infra state transitions",
		fmt.Sprintf("Infra states %s in lifecycle order with %s and their recorded promotions.",
			strings.Join(stateIDs(r), ", "), plural(len(r.Items), "item", "items")),
		a("rankdir", "LR"), a("nodesep", "0.4"), a("ranksep", "0.9"))
	for _, st := range states {
		items := r.ItemsInState(st.ID)
		names := make([]string, len(items))
		for i, it := range items {
			names[i] = it.Name
		}
		lines := []string{st.ID + " — " + st.Name}
		if st.Meaning != "" {
			lines = append(lines, st.Meaning)
		}
		if st.CI != "" {
			lines = append(lines, "CI: "+st.CI)
		}
		lines = append(lines, "", plural(len(items), "item", "items"))
		lines = append(lines, wrapList(names, labelWidth, maxListed)...)
		class, fill := stateClass(st.ID)
		w.node(stateNodeID(st.ID), attr{"label", dotLines(lines...)}, a("class", class), a("fillcolor", fill),
			a("tooltip", st.ID+": "+st.TestBehavior))
	}
	ids := stateIDs(r)
	next := map[string]string{}
	for i := 0; i+1 < len(ids); i++ {
		next[ids[i]] = ids[i+1]
	}
	// Group the recorded promotions by transition, in registry order.
	type transition struct{ from, to string }
	var order []transition
	byTransition := map[transition][]string{}
	for _, it := range r.Items {
		for _, p := range it.History {
			t := transition{p.From, p.To}
			if _, seen := byTransition[t]; !seen {
				order = append(order, t)
			}
			byTransition[t] = append(byTransition[t], promotionLabel(it, p))
		}
	}
	for i := 0; i+1 < len(ids); i++ {
		t := transition{ids[i], ids[i+1]}
		list := []attr{a("penwidth", "1.5")}
		if ps := byTransition[t]; len(ps) > 0 {
			list = append(list, attr{"label", dotLines(capLines(ps, maxListed)...)})
		}
		w.edge(stateNodeID(t.from), stateNodeID(t.to), list...)
	}
	for _, t := range order {
		if next[t.from] == t.to || !contains(ids, t.from) || !contains(ids, t.to) {
			continue
		}
		w.edge(stateNodeID(t.from), stateNodeID(t.to), a("style", "dashed"), a("constraint", "false"),
			attr{"label", dotLines(capLines(byTransition[t], maxListed)...)})
	}
	return w.String()
}

func stateNodeID(id string) string { return "state_" + id }

// promotionLabel is "Clerk 2026-01-01 PIN-272" (the PINs comma-separated).
func promotionLabel(it *site.Item, p *site.Promotion) string {
	parts := []string{it.Name, string(p.Date)}
	if len(p.Pins) > 0 {
		parts = append(parts, strings.Join(p.Pins, ", "))
	}
	return strings.Join(parts, " ")
}

// capLines keeps at most max lines and says how many were left out.
func capLines(lines []string, max int) []string {
	if len(lines) <= max {
		return lines
	}
	return append(append([]string(nil), lines[:max]...), fmt.Sprintf("… and %d more", len(lines)-max))
}
