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
	errs, warns, infos, baselined, waived := 0, 0, 0, 0, 0
	files := map[string]bool{}
	perRule := map[string]int{}
	for _, f := range fs {
		switch {
		case f.Waived != nil:
			waived++
			continue
		case f.Baselined:
			baselined++
			continue
		}
		switch f.Severity {
		case site.SeverityError:
			errs++
		case site.SeverityWarning:
			warns++
		case site.SeverityInfo:
			infos++
		}
		files[f.File] = true
		perRule[f.Rule]++
	}
	var b strings.Builder
	var counts []string
	if errs > 0 {
		counts = append(counts, countWords(errs, "error", "errors"))
	}
	if warns > 0 {
		counts = append(counts, countWords(warns, "warning", "warnings"))
	}
	if infos > 0 {
		counts = append(counts, countWords(infos, "note", "notes"))
	}
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
	if baselined > 0 {
		accepted = append(accepted, strconv.Itoa(baselined)+" baselined")
	}
	if waived > 0 {
		accepted = append(accepted, strconv.Itoa(waived)+" waived")
	}
	if len(accepted) > 0 {
		b.WriteString("; accepted: " + strings.Join(accepted, ", "))
	}
	return b.String()
}
