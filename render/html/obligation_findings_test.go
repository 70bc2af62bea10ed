package html

import (
	"reflect"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
)

// TestObligationFindings: a finding belongs to the obligation whose lines
// hold its position (a file of several obligations is split at each one's
// first line; a file of one is all its own), to the obligation it is
// about (its subject) and to every obligation its message names as a
// word; findings of other files and ids that are only part of a word
// belong to none, and accepted (waived, baselined) findings are not open.
func TestObligationFindings(t *testing.T) {
	obl := func(id, file string, line int) *site.Obligation {
		o := &site.Obligation{ID: id, File: file}
		o.At = site.Pos{File: file, Line: line, Col: 3}
		return o
	}
	s := &site.Site{Obligations: []*site.Obligation{
		obl("M2", "all.yaml", 20), obl("M1", "all.yaml", 2), obl("PB-S1", "obligations/PB-S1.yaml", 1),
	}}
	at := func(file string, line int) site.Pos { return site.Pos{File: file, Line: line, Col: 1} }
	findings := []site.Finding{
		{Pos: at("all.yaml", 1), Severity: site.SeverityWarning, Rule: "r", Message: "above every obligation"},
		{Pos: at("all.yaml", 5), Severity: site.SeverityWarning, Rule: "r", Message: "in M1"},
		{Pos: at("all.yaml", 20), Severity: site.SeverityWarning, Rule: "r", Message: "at M2's first line"},
		{Pos: at("all.yaml", 99), Severity: site.SeverityWarning, Rule: "r", Message: "past the last one"},
		{Pos: at("obligations/PB-S1.yaml", 40), Severity: site.SeverityWarning, Rule: "r", Message: "anywhere in its own file"},
		{Pos: at("docs/X.md", 3), Severity: site.SeverityWarning, Rule: "r", Message: "the doc names PB-S1, and \"M1\"."},
		{Pos: at("docs/X.md", 4), Severity: site.SeverityWarning, Rule: "r", Message: "M10 and XM1 are other words"},
		{Pos: at("tests/t.py", 2), Severity: site.SeverityWarning, Rule: "r", Message: "about an obligation it does not name", Subject: "M2"},
		{Pos: at("all.yaml", 6), Severity: site.SeverityWarning, Rule: "r", Message: "waived", Waived: &finding.Waiver{Reason: "r"}},
		{Pos: at("all.yaml", 7), Severity: site.SeverityWarning, Rule: "r", Message: "baselined", Baselined: true},
	}
	got := obligationFindings(s, findings)
	f := func(i int) obligationFinding {
		return obligationFinding{Severity: "warning", Rule: "r", Message: findings[i].Message, At: findings[i].Pos.String()}
	}
	want := map[string][]obligationFinding{
		"M1":    {f(1), f(5)},
		"M2":    {f(2), f(3), f(7)},
		"PB-S1": {f(4), f(5)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings by obligation:\n got %+v\nwant %+v", got, want)
	}
	if got := obligationFindings(s, nil); got != nil {
		t.Errorf("no findings gave %v", got)
	}
}
