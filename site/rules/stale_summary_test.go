package rules

import (
	"strings"
	"testing"
)

// A comment that mayStateCount passes over holds nothing either summary
// pattern reads.
func TestMayStateCount(t *testing.T) {
	for line, want := range map[string]bool{
		"# Total tests: 9":                     true,
		"# PROMOTED :\t3 (of 12)":              true,
		"# total obligations:12":               true,
		"# OB-00005: Snapshot retry guarantee": false,
		"# Updated 2025-01-02":                 false,
		"# see http://x:8080/a":                true, // a colon, then a digit: read, not counted
		"# no colon at all 42":                 false,
		"#::: 5":                               true,
	} {
		if got := mayStateCount([]byte(line)); got != want {
			t.Errorf("mayStateCount(%q) = %v, want %v", line, got, want)
		}
	}
}

func FuzzMayStateCountMissesNoSummary(f *testing.F) {
	f.Add("# Total tests: 9")
	f.Add("# PARTIAL : 3, PROMOTED:4")
	f.Fuzz(func(t *testing.T, line string) {
		if strings.Contains(line, "\n") || mayStateCount([]byte(line)) {
			return // a line never holds a newline
		}
		if summaryTotalPattern.MatchString(line) || summaryStatusPattern.MatchString(line) {
			t.Errorf("mayStateCount(%q) is false, but a summary pattern matches", line)
		}
	})
}
