package site

import (
	"fmt"
	"regexp"

	"github.com/infradoc/infradoc/site/yamlstrict"
)

// SummaryPattern is one summaries: entry of infradoc.yaml: a hand-written
// summary comment whose label matches Pattern states the count named by
// Count. With `{pattern: "Fully wired", count: registry.state.C}`, the
// comment "# Fully wired: 2" is compared with the items in state C.
type SummaryPattern struct {
	Positions `json:"-"`
	// Pattern is a Go regexp matched, case aside, against the label: the
	// number that follows the match (after spaces, an optional "(part)"
	// and a colon) is the count stated.
	Pattern string `json:"pattern" yaml:"pattern" infradoc:"required"`
	// Count is the name of a count (ValueNames), as an inline value names it.
	Count string `json:"count" yaml:"count" infradoc:"required"`
}

// Compile returns the regexp that finds the label and its number (the
// number is its first group), or why the pattern cannot be used.
func (sp *SummaryPattern) Compile() (*regexp.Regexp, error) {
	if !IsValueName(sp.Count) {
		names := make([]string, 0, 32)
		for _, v := range ValueNames() {
			names = append(names, v.Name)
		}
		return nil, fmt.Errorf("count %q is not the name of a count (an inline value name, as docs/MARKERS.md lists them)%s", sp.Count, yamlstrict.DidYouMean(sp.Count, names))
	}
	if _, err := regexp.Compile(sp.Pattern); err != nil {
		return nil, fmt.Errorf("pattern %q is not a Go regexp: %v", sp.Pattern, err)
	}
	// The number follows the label after an optional "(part)" and a colon,
	// as in every count a summary comment states.
	return regexp.Compile(`(?i)(?:` + sp.Pattern + `)[ \t]*(?:\([^)\n]*\))?[ \t]*:[ \t]*(\d+)\b`)
}
