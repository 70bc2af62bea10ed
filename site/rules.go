package site

import (
	"slices"
	"sort"
)

// Rule is a validation rule with a stable id.
type Rule struct {
	// ID is stable across releases; configs and docs refer to it.
	ID string `json:"id"`
	// Severity is the default severity, overridable in infradoc.yaml.
	Severity Severity `json:"severity"`
	// Summary explains the rule in one line.
	Summary string `json:"summary"`
	// check runs the rule over a loaded site; nil for rules reported while
	// decoding or by other stages (docs, evidence).
	check func(s *Site, fs *findings)
}

var ruleSet = map[string]Rule{}

// register adds a rule; ids must be unique.
func register(r Rule) {
	if _, dup := ruleSet[r.ID]; dup {
		panic("site: rule registered twice: " + r.ID)
	}
	ruleSet[r.ID] = r
}

// RegisterRule adds a rule reported by another package (for example the
// drift check), so that it is listed and its severity is configurable.
func RegisterRule(id string, severity Severity, summary string) {
	register(Rule{ID: id, Severity: severity, Summary: summary})
}

// Rules returns every rule sorted by id.
func Rules() []Rule {
	out := make([]Rule, 0, len(ruleSet))
	for _, r := range ruleSet {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// RuleIDs returns every rule id sorted.
func RuleIDs() []string {
	ids := make([]string, 0, len(ruleSet))
	for id := range ruleSet {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Rules reported while reading YAML.
func init() {
	for _, r := range []Rule{
		{ID: "yaml-syntax", Severity: SeverityError, Summary: "the file is valid YAML, not nested absurdly deep, and does not crash the parser"},
		{ID: "empty-file", Severity: SeverityError, Summary: "a YAML input holds a document, not nothing or only comments"},
		{ID: "multiple-documents", Severity: SeverityError, Summary: "a YAML input holds exactly one document (no second '---')"},
		{ID: "alias-limit", Severity: SeverityError, Summary: "aliases expand at most 1000 times and to at most 100,000 nodes (no alias bombs)"},
		{ID: "duplicate-key", Severity: SeverityError, Summary: "a key appears once per mapping"},
		{ID: "unknown-key", Severity: SeverityError, Summary: "every key is one the format defines (typos get a suggestion)"},
		{ID: "required", Severity: SeverityError, Summary: "required keys are present and not empty"},
		{ID: "type", Severity: SeverityError, Summary: "values have the right kind: text, number, true/false, list or mapping"},
		{ID: "enum", Severity: SeverityError, Summary: "state, failure mode, status, requirement type and bucket take one of their defined values"},
		{ID: "format", Severity: SeverityError, Summary: "dates are real YYYY-MM-DD dates, layers are L1-L8, ids use letters, digits, '-', '_', '.'"},
		{ID: "file-missing", Severity: SeverityError, Summary: "every input the config names exists"},
	} {
		register(r)
	}
}
