package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/verification"
)

// WriteVerifyText writes what `infradoc verify` found for a person: per
// obligation, each required object's verdict with the line that requires
// it and the migration line that creates it, and a verdict line on the
// promotion criteria; then the findings, as the text format prints them.
func WriteVerifyText(w io.Writer, rep *verification.Report, opts TextOptions) error {
	var b bytes.Buffer
	how := "migrations not applied (checked as it is)"
	if rep.Migrated {
		how = "migrations applied"
	}
	fmt.Fprintf(&b, "Verified against %s, %s, %s, at %s.\n", rep.Server, rep.Database, how, rep.Time)
	if len(rep.JUnit) > 0 {
		fmt.Fprintf(&b, "Test results: %s.\n", strings.Join(rep.JUnit, ", "))
	}
	for _, o := range rep.Obligations {
		fmt.Fprintf(&b, "\n%s (%s) %s\n", o.ID, o.Status, o.File)
		width := 0
		for _, obj := range o.Objects {
			width = max(width, utf8.RuneCountInString(obj.Type+" "+obj.Name))
		}
		for _, obj := range o.Objects {
			what := obj.Type + " " + obj.Name
			fmt.Fprintf(&b, "  %-8s %s%s  %s · %s\n", obj.Verdict, what, strings.Repeat(" ", width-utf8.RuneCountInString(what)),
				shortPos(obj.YAML), createdAt(obj.Migration))
			if obj.Verdict != verification.Exists && obj.Detail != "" {
				fmt.Fprintf(&b, "           %s\n", obj.Detail)
			}
		}
		if len(o.Objects) == 0 {
			fmt.Fprintf(&b, "  (requires no object)\n")
		}
		fmt.Fprintf(&b, "  verdict: %s\n", verdictLine(o))
	}
	if len(rep.Findings) > 0 {
		fmt.Fprintf(&b, "\n")
	}
	if _, err := io.WriteString(w, terminalSafe(b.String())); err != nil {
		return err
	}
	return writeText(w, finding.Sort(append([]finding.Finding{}, rep.Findings...)), opts)
}

// createdAt says where the migrations create an object.
func createdAt(p finding.Pos) string {
	if p.File == "" {
		return "no migration creates it"
	}
	return "created at " + shortPos(p)
}

// verdictLine says what the evidence proves of an obligation's four
// promotion criteria, and whether that refutes a PROMOTED status.
func verdictLine(o *verification.ObligationResult) string {
	counts := map[string]int{}
	for _, obj := range o.Objects {
		counts[obj.Verdict]++
	}
	var parts []string
	switch n := len(o.Objects); {
	case n == 0:
		parts = append(parts, "no objects required")
	case counts[verification.Missing] == 0 && n == 1:
		parts = append(parts, "its 1 object exists")
	case counts[verification.Missing] == 0:
		parts = append(parts, fmt.Sprintf("all %s exist", countWords(n, "object", "objects")))
	default:
		parts = append(parts, fmt.Sprintf("%d of %s missing", counts[verification.Missing], countWords(n, "object", "objects")))
	}
	switch c := o.Computed.NoSchemaDrift; {
	case c == nil:
		parts = append(parts, "drift not checked")
	case *c:
		parts = append(parts, "no schema drift")
	default:
		parts = append(parts, "schema drift")
	}
	switch c := o.Computed.MigrationsExist; {
	case c == nil:
	case *c:
		parts = append(parts, "migrations exist")
	default:
		parts = append(parts, "migrations missing or not applied")
	}
	switch t := o.Tests; {
	case t != nil:
		parts = append(parts, fmt.Sprintf("tests: %d passed, %d failed, %d skipped of %d declared", t.Passed, t.Failed, t.Skipped, t.Declared))
	case o.Computed.AllTestsPass == nil:
		parts = append(parts, "tests not checked (--junit)")
	}
	line := strings.Join(parts, ", ")
	switch {
	case refuted(o.Computed) && o.Status == "PROMOTED":
		line += " — PROMOTED, but the evidence refutes it"
	case o.Computed.Proven():
		line += " — all four promotion criteria proven"
	}
	return line
}

// refuted reports whether a computed criterion is false.
func refuted(c verification.Criteria) bool {
	for _, v := range c.List() {
		if v != nil && !*v {
			return true
		}
	}
	return false
}
