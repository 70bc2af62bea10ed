package baseline

import (
	"bytes"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/finding"
)

func at(file string, line int, rule, msg string) finding.Finding {
	return finding.Finding{Pos: finding.Pos{File: file, Line: line, Col: 3}, Severity: finding.Error, Rule: rule, Message: msg}
}

// A recorded finding keeps its fingerprint when lines move and when the
// command runs from another folder (the root prefix differs); two
// findings with one message are told apart by their order.
func TestKeyIsStable(t *testing.T) {
	before := []finding.Finding{
		at("acme/a.yaml", 3, "R3", "Grafana fails (line 3)"),
		at("acme/a.yaml", 9, "R3", "same"),
		at("acme/a.yaml", 12, "R3", "same"),
	}
	after := []finding.Finding{
		at("a.yaml", 30, "R3", "same"),
		at("a.yaml", 13, "R3", "Grafana fails (line 13)"),
		at("a.yaml", 40, "R3", "same"),
	}
	k1, k2 := Key(before, "acme"), Key(after, ".")
	if k1[0].File != "a.yaml" {
		t.Errorf("file %q, want a.yaml", k1[0].File)
	}
	if k1[0].Fingerprint != k2[1].Fingerprint || k1[1].Fingerprint != k2[0].Fingerprint || k1[2].Fingerprint != k2[2].Fingerprint {
		t.Errorf("fingerprints moved with the lines:\n%v\n%v", k1, k2)
	}
	if k1[1].Fingerprint == k1[2].Fingerprint {
		t.Errorf("two findings with one message share %s", k1[1].Fingerprint)
	}
	changed := Key([]finding.Finding{at("a.yaml", 3, "R3", "Grafana fails twice (line 3)")}, ".")
	if changed[0].Fingerprint == k1[0].Fingerprint {
		t.Error("another message kept the fingerprint")
	}
}

// Record is sorted, leaves waived findings out, and the same findings in
// another order give the same bytes; Parse reads them back and refuses
// what is not a baseline.
func TestRecordAndParse(t *testing.T) {
	fs := []finding.Finding{
		at("b.yaml", 1, "R2", "two"),
		at("a.yaml", 5, "R3", "one"),
		at("a.yaml", 7, "R3", "waived"),
	}
	fs[2].Waived = &finding.Waiver{Reason: "r", ApprovedBy: "a", Until: "2099-01-01"}
	b := Record(fs, ".")
	if len(b.Findings) != 2 || b.Findings[0].File != "a.yaml" || b.Findings[1].File != "b.yaml" {
		t.Fatalf("recorded %+v", b.Findings)
	}
	again := Record([]finding.Finding{fs[2], fs[1], fs[0]}, ".")
	if !bytes.Equal(b.Marshal(), again.Marshal()) {
		t.Errorf("the order of the findings changed the file:\n%s\n%s", b.Marshal(), again.Marshal())
	}
	parsed, err := Parse(b.Marshal(), "x.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := parsed.Fingerprints(); len(got) != 2 || !got[b.Findings[0].Fingerprint] {
		t.Errorf("fingerprints %v", got)
	}
	for _, bad := range []string{`{"findings": "none"}`, `{"version": 2, "findings": []}`, `{"version": 1, "findings": [{"rule": "R3"}]}`, `[]`, `{"version": 1, "findings": [], "extra": 1}`} {
		if _, err := Parse([]byte(bad), "x.json"); err == nil || !strings.Contains(err.Error(), "x.json") {
			t.Errorf("Parse(%s) = %v, want an error naming the file", bad, err)
		}
	}
}
