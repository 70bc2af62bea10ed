package site

import (
	"slices"
	"strings"
	"sync"
)

// Block kind names.
const (
	KindRegistryTable        = "registry-table"
	KindStateSummary         = "state-summary"
	KindStateDefinitions     = "state-definitions"
	KindBucketB1             = "bucket-b1"
	KindBucketB2             = "bucket-b2"
	KindArtifactMatrix       = "artifact-matrix"
	KindOwnership            = "ownership"
	KindObligationsTable     = "obligations-table"
	KindObligationCounts     = "obligation-counts"
	KindObligationStatusDefs = "obligation-statuses"
	KindDiagram              = "diagram"
	KindRules                = "rules"
	KindBlockKinds           = "block-kinds"
)

var stateFilter = BlockOption{Name: "state", Summary: "only items in these states, e.g. state=A,B", Values: []string{"A", "B", "C"}, List: true}

// BlockKinds lists every block kind, sorted by name.
var BlockKinds = sortedKinds([]BlockKind{
	{Name: KindRegistryTable, Summary: "the full registry table (Infra Name … Owner), one row per item in registry order", Options: []BlockOption{
		stateFilter,
		{Name: "category", Summary: "only items of these categories, e.g. category=DB", List: true},
		{Name: "layer", Summary: "only items in these layers, e.g. layer=L6,L7", List: true},
		{Name: "owner", Summary: "only items with these owners, e.g. owner=Ops", List: true},
	}},
	{Name: KindStateSummary, Summary: "the Quick Reference: each state (C, B, A) with its count and its items", Options: []BlockOption{stateFilter}},
	{Name: KindStateDefinitions, Summary: "the state definitions (State, Name, Meaning, Test Behavior)"},
	{Name: KindBucketB1, Summary: "bucket B1 items (Infra, Risk if Not Tested, Promotion Priority); a placeholder row when there are none", Options: []BlockOption{
		{Name: "empty", Summary: `the placeholder row's text when the bucket is empty, e.g. empty="None currently"`},
	}},
	{Name: KindBucketB2, Summary: "bucket B2 items (Infra, Justification, Review Trigger); a placeholder row when there are none", Options: []BlockOption{
		{Name: "empty", Summary: `the placeholder row's text when the bucket is empty`},
	}},
	{Name: KindArtifactMatrix, Summary: "the artifact responsibility matrix (Artifact, Responsibility, Owns)"},
	{Name: KindOwnership, Summary: "the ownership table (Role, Responsibility)"},
	{Name: KindObligationsTable, Summary: "the obligations (ID, Title, Layer, Status, Tests, Promoted), sorted by id", Options: []BlockOption{
		{Name: "status", Summary: "only obligations with these statuses, e.g. status=PROMOTED", Values: Statuses, List: true},
		{Name: "layer", Summary: "only obligations in these layers, e.g. layer=L5", List: true},
	}},
	{Name: KindObligationCounts, Summary: "obligation counts and declared tests per status, with a total row"},
	{Name: KindObligationStatusDefs, Summary: "the obligation status definitions (Status, Meaning, CI Behavior)"},
	{Name: KindDiagram, Summary: "an image link to NAME.svg, written beside the doc by `infradoc fix`", Options: []BlockOption{
		{Name: "name", Summary: "the diagram to draw, e.g. name=states", Required: true},
		{Name: "alt", Summary: "the image's alternative text; defaults to \"NAME diagram\""},
	}},
	{Name: KindRules, Summary: "every validation rule (Rule, Default severity, Checks), sorted by id, as `infradoc rules` lists them"},
	{Name: KindBlockKinds, Summary: "every block kind with what it renders and its options, or every inline value name with what it counts", Options: []BlockOption{
		{Name: "list", Summary: "kinds (the default) lists the block kinds, values the inline value names", Values: []string{"kinds", "values"}},
	}},
})

func sortedKinds(ks []BlockKind) []BlockKind {
	slices.SortFunc(ks, func(a, b BlockKind) int { return strings.Compare(a.Name, b.Name) })
	return ks
}

// LookupBlockKind returns the kind named name, or nil.
func LookupBlockKind(name string) *BlockKind {
	for i := range BlockKinds {
		if BlockKinds[i].Name == name {
			return &BlockKinds[i]
		}
	}
	return nil
}

// ValueName describes one inline value.
type ValueName struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
}

// ValueNames lists every inline value name, in a stable order.
func ValueNames() []ValueName {
	out := []ValueName{
		{"registry.items.total", "number of infra items"},
	}
	for _, st := range []string{"A", "B", "C"} {
		out = append(out, ValueName{"registry.state." + st, "number of items in state " + st})
	}
	for _, fm := range []string{"FAIL", "Skip", "XFail"} {
		out = append(out, ValueName{"registry.failure_mode." + fm, "number of items whose failure mode is " + fm})
	}
	for _, b := range []string{"B1", "B2"} {
		out = append(out, ValueName{"buckets." + b, "number of items in bucket " + b})
	}
	out = append(out, ValueName{"obligations.total", "number of obligations"})
	for _, st := range Statuses {
		out = append(out, ValueName{"obligations.status." + st, "number of " + st + " obligations"})
	}
	out = append(out,
		ValueName{"obligations.tests.total", "tests declared by all obligations (sum of test_files counts)"},
		ValueName{"obligations.tests.found", "test functions found in the obligations' test files"},
		ValueName{"obligations.tests.promoted", "tests declared by PROMOTED obligations"},
		ValueName{"obligations.tests.pending", "tests declared by UNFULFILLED and PARTIAL obligations"},
	)
	return out
}

// valueNameList returns every value name, computed once.
var valueNameList = sync.OnceValue(func() []string {
	var out []string
	for _, v := range ValueNames() {
		out = append(out, v.Name)
	}
	return out
})

// isValueName reports whether name is a known value name.
func isValueName(name string) bool { return valueNameSet()[name] }

var valueNameSet = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, n := range valueNameList() {
		set[n] = true
	}
	return set
})

// StatusDef defines one obligation status.
type StatusDef struct {
	ID         string `json:"id"`
	Meaning    string `json:"meaning"`
	CIBehavior string `json:"ci_behavior"`
}

// StatusDefinitions returns the obligation statuses with their meaning and
// CI behaviour, in lifecycle order, as the obligation schema defines them.
func StatusDefinitions() []StatusDef {
	return []StatusDef{
		{StatusUnfulfilled, "Obligation declared, infra not yet built", "Tests skip with WARN"},
		{StatusPartial, "Some infra exists, not complete", "Tests skip with WARN"},
		{StatusPromoted, "All infra exists, tests must pass", "Failures are BLOCKING"},
		{StatusDeprecated, "Obligation no longer needed", "Tests should be removed"},
	}
}
