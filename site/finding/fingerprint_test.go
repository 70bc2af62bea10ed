package finding

import (
	"slices"
	"testing"
)

func TestFingerprintIgnoresWhereTheFindingIs(t *testing.T) {
	at := func(line, col int, msg string) Finding {
		return Finding{Pos: Pos{File: "registry.yaml", Line: line, Col: col}, Severity: Error, Rule: "unique", Message: msg}
	}
	moved := []struct{ before, after Finding }{
		{at(3, 5, `item "Redis" is already declared`), at(40, 9, `item "Redis" is already declared`)},
		// A position the message cites moves with the lines too.
		{at(8, 5, `item "Redis" is already declared at registry.yaml:3:5`), at(12, 5, `item "Redis" is already declared at registry.yaml:7:5`)},
		{at(9, 3, `key "state" is already defined at line 4`), at(19, 3, `key "state" is already defined at line 14`)},
		{at(9, 3, `test_x (line 4) skips`), at(2, 1, `test_x (line 40) skips`)},
	}
	for _, m := range moved {
		if a, b := Fingerprint(m.before), Fingerprint(m.after); a != b {
			t.Errorf("moving %q to %q changed its fingerprint: %s, then %s", m.before, m.after, a, b)
		}
	}
	// What the problem is does count: the rule, the file, the message, and
	// the numbers in it that are not positions.
	base := at(3, 5, `declared 4 tests, found 3`)
	others := []Finding{
		{Pos: base.Pos, Severity: Error, Rule: "test-count", Message: base.Message},
		{Pos: Pos{File: "other.yaml", Line: 3, Col: 5}, Severity: Error, Rule: base.Rule, Message: base.Message},
		at(3, 5, `declared 5 tests, found 3`),
		at(3, 5, `item "Redis" is already declared at other.yaml:3:5`),
	}
	seen := map[string]Finding{Fingerprint(base): base}
	for _, o := range others {
		fp := Fingerprint(o)
		if prev, ok := seen[fp]; ok {
			t.Errorf("%q and %q share the fingerprint %s", prev, o, fp)
		}
		seen[fp] = o
	}
	// The severity is configuration, not the problem.
	warn := base
	warn.Severity = Warning
	if Fingerprint(warn) != Fingerprint(base) {
		t.Errorf("the severity changed the fingerprint")
	}
	if fp := Fingerprint(base); len(fp) != 64 {
		t.Errorf("fingerprint %q is not a hex SHA-256", fp)
	}
}

func TestFingerprintsTellIdenticalMessagesApart(t *testing.T) {
	missing := func(line int) Finding {
		return Finding{Pos: Pos{File: "obligations.yaml", Line: line, Col: 5}, Severity: Error, Rule: "required", Message: `missing required key "status"`}
	}
	other := Finding{Pos: Pos{File: "obligations.yaml", Line: 4, Col: 5}, Severity: Error, Rule: "format", Message: "bad date"}
	before := Fingerprints([]Finding{missing(2), other, missing(9)})
	// Three lines added at the top of the file move every finding.
	after := Fingerprints([]Finding{missing(5), other, missing(12)})
	if !slices.Equal(before, after) {
		t.Errorf("moving the findings changed their fingerprints:\n%q\n%q", before, after)
	}
	if before[0] == before[2] {
		t.Errorf("two findings with the same message share the fingerprint %s", before[0])
	}
	if want := Fingerprint(missing(2)) + ":1"; before[0] != want {
		t.Errorf("first fingerprint %s, want %s", before[0], want)
	}
	if want := Fingerprint(missing(2)) + ":2"; before[2] != want {
		t.Errorf("second fingerprint %s, want %s", before[2], want)
	}
}
