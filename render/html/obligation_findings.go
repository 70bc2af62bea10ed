package html

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
)

// obligationFinding is a finding shown on an obligation's page.
type obligationFinding struct {
	Severity, Rule, Message, At string
}

// maxObligationFindings is the most findings an obligation's verdict box
// lists; the rest are counted.
const maxObligationFindings = 10

// obligationFindings assigns the build's findings to obligations: a
// finding belongs to an obligation when its position lies in the lines
// that declare it (from its first line to the next obligation's in the
// same file, or the whole file when it declares one obligation) or when
// its message names the obligation's id as a word. It is linear in the
// findings and obligations (a sort per file), as a 10,000-obligation
// build needs.
func obligationFindings(s *site.Site, findings []site.Finding) map[string][]obligationFinding {
	if len(findings) == 0 {
		return nil
	}
	type span struct {
		line int
		id   string
	}
	byFile := map[string][]span{}
	ids := map[string]bool{}
	for _, o := range s.Obligations {
		if o.ID == "" {
			continue
		}
		ids[o.ID] = true
		file := cmp.Or(o.At.File, o.File)
		byFile[file] = append(byFile[file], span{o.At.Line, o.ID})
	}
	for _, spans := range byFile {
		slices.SortStableFunc(spans, func(a, b span) int { return cmp.Compare(a.line, b.line) })
	}
	out := map[string][]obligationFinding{}
	for _, f := range findings {
		// A waived or baselined finding is accepted, not open.
		if f.Accepted() {
			continue
		}
		owners := map[string]bool{}
		if ids[f.Subject] {
			owners[f.Subject] = true
		}
		if spans := byFile[f.File]; len(spans) > 0 {
			// The last obligation that starts at or before the finding's
			// line; a finding above the first belongs to it only when the
			// file declares no other.
			i, _ := slices.BinarySearchFunc(spans, f.Line, func(sp span, line int) int {
				if sp.line <= line {
					return -1
				}
				return 1
			})
			switch {
			case i > 0:
				owners[spans[i-1].id] = true
			case len(spans) == 1:
				owners[spans[0].id] = true
			}
		}
		for _, w := range strings.FieldsFunc(f.Message, notIDRune) {
			if w = strings.TrimRight(w, ".-"); ids[w] {
				owners[w] = true
			}
		}
		if len(owners) == 0 {
			continue
		}
		of := obligationFinding{Severity: string(f.Severity), Rule: f.Rule, Message: f.Message}
		if f.File != "" {
			of.At = f.Pos.String()
		}
		for _, id := range slices.Sorted(maps.Keys(owners)) {
			out[id] = append(out[id], of)
		}
	}
	return out
}

// notIDRune says which runes cannot be part of an obligation id as a word
// of a message: ids are letters, digits, '-', '_' and '.'.
func notIDRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
}
