// Package rules holds every validation rule infradoc knows: its stable id,
// default severity, one-line summary and, for the rules that judge a
// loaded repository, the check. A rule is one file named after it (the
// R2-bucket rule is r2_bucket.go); rules that other stages report while
// reading (YAML syntax, doc markers, the importer, rendering) are listed
// in reported.go. All is the one list of them, in list.go.
package rules

import (
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/internal/parallel"
)

// Rule is a validation rule with a stable id.
type Rule struct {
	// ID is stable across releases; configs and docs refer to it.
	ID string `json:"id"`
	// Severity is the default severity, overridable in infradoc.yaml.
	Severity site.Severity `json:"severity"`
	// Summary explains the rule in one line.
	Summary string `json:"summary"`
	// Check judges a loaded repository; nil for rules another stage
	// reports (see reported.go).
	Check func(s *site.Site, out *findings) `json:"-"`
}

// findings collects one rule's findings.
type findings = finding.List

// All returns every rule, sorted by id (case-insensitively, as
// `infradoc rules` lists them).
func All() []*Rule {
	out := slices.Clone(all)
	slices.SortFunc(out, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// IDs returns every rule id, sorted.
func IDs() []string {
	var ids []string
	for _, r := range All() {
		ids = append(ids, r.ID)
	}
	return ids
}

// Defaults maps every rule id to its default severity: what site.Load
// needs to check the config's rules: and to grade findings.
func Defaults() map[string]site.Severity {
	m := make(map[string]site.Severity, len(all))
	for _, r := range all {
		m[r.ID] = r.Severity
	}
	return m
}

// Check runs every rule with a check whose configured severity is not off
// over s, side by side, and returns their findings with the configured
// severities, sorted.
func Check(s *site.Site) []site.Finding {
	var checks []*Rule
	for _, r := range All() {
		if r.Check != nil && s.Config.SeverityOf(r.ID) != site.SeverityOff {
			checks = append(checks, r)
		}
	}
	perRule := make([]findings, len(checks))
	parallel.For(len(checks), func(i int) { checks[i].Check(s, &perRule[i]) })
	var out []site.Finding
	for _, f := range perRule {
		out = append(out, f.List...)
	}
	return s.Config.ApplySeverities(out)
}

// Validate loads the repository opts names, scans its evidence, and runs
// every rule: the findings of all of it, graded and sorted. The error is
// for failures of infradoc itself.
func Validate(opts site.Options) (*site.Site, []site.Finding, error) {
	opts.Rules = Defaults()
	s, findings, err := site.Load(opts)
	if err != nil {
		return nil, nil, err
	}
	findings = site.SortFindings(append(findings, Check(s)...))
	return s, findings, nil
}
