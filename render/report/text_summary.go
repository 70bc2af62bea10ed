package report

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/infradoc/infradoc/site"
)

// maxSummaryRules is how many rules the closing line names before "…".
const maxSummaryRules = 8

// TextSummary is the closing line of the text report, for stderr: the
// open findings by severity, the files they are in, and the rules with
// the most findings, then how many findings the baseline and waivers
// accept, and root, the repository as the command shows it:
//
//	129 errors, 3 warnings in 12 files under acme: 96 promoted-skip, 11 promotion-criteria, …; accepted: 40 baselined, 2 waived
//
// It is "" when there are no findings.
func TextSummary(fs []site.Finding, root string) string {
	if len(fs) == 0 {
		return ""
	}
	files := map[string]bool{}
	perRule := map[string]int{}
	n := countSeverities(fs, func(f site.Finding) {
		files[f.File] = true
		perRule[f.Rule]++
	})
	var b strings.Builder
	counts := n.openWords()
	if len(counts) == 0 {
		b.WriteString("no open findings")
	} else {
		b.WriteString(strings.Join(counts, ", "))
		b.WriteString(" in " + countWords(len(files), "file", "files"))
	}
	if root != "" && root != "." {
		b.WriteString(" under " + root)
	}
	rules := slices.SortedFunc(maps.Keys(perRule), func(a, b string) int {
		return cmp.Or(cmp.Compare(perRule[b], perRule[a]), cmp.Compare(a, b))
	})
	for i, r := range rules {
		switch {
		case i == 0:
			b.WriteString(": ")
		case i == maxSummaryRules:
			b.WriteString(", …")
		default:
			b.WriteString(", ")
		}
		if i == maxSummaryRules {
			break
		}
		b.WriteString(strconv.Itoa(perRule[r]) + " " + r)
	}
	var accepted []string
	if n.baselined > 0 {
		accepted = append(accepted, strconv.Itoa(n.baselined)+" baselined")
	}
	if n.waived > 0 {
		accepted = append(accepted, strconv.Itoa(n.waived)+" waived")
	}
	if len(accepted) > 0 {
		b.WriteString("; accepted: " + strings.Join(accepted, ", "))
	}
	return b.String()
}
