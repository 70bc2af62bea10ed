package report

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/infradoc/infradoc/site"
)

// GitHubSummaryLimit is the size past which GitHub refuses to show a step's
// summary file: every summary appended to $GITHUB_STEP_SUMMARY in one step
// shares it.
const GitHubSummaryLimit = 1 << 20

// Summary is what one run of validate, check or build says on the job page
// of a GitHub workflow run (WriteSummary): a verdict, the counts of infra
// items and obligations, the findings by rule and, for check, the stale
// docs.
type Summary struct {
	// Command names the command: validate, check or build.
	Command string
	// Root is the repository as the command shows it ("content", ".").
	Root string
	// Failed says whether the command exits with a failure: the verdict
	// follows the exit status, which --fail-on may set otherwise than the
	// severities alone.
	Failed bool
	// Outcome is a plain-text sentence after the verdict (what build
	// wrote); empty for none.
	Outcome string
	// Counts are the totals of the registry and the obligations; nil when
	// they are not known (the tables are then left out).
	Counts *site.Counts
	// Findings are the run's findings with their configured severities.
	// Those the baseline or a waiver accepts are counted apart, not
	// listed by rule.
	Findings []site.Finding
	// DocsChecked is the number of docs check compared with the YAML; 0
	// for the other commands.
	DocsChecked int
	// StaleDocs are the docs whose generated blocks, values or diagrams
	// are out of date (check), in the order to list them.
	StaleDocs []StaleDoc
	// Sections are markdown written after infradoc's own, each one whole or
	// not at all (a registry diff): they are markdown already, trusted as
	// such, and not escaped.
	Sections []io.WriterTo
}

// StaleDoc is a doc whose generated content is out of date.
type StaleDoc struct {
	// File is the doc's display path.
	File string
	// Blocks counts its stale generated blocks and values, Diagrams its
	// stale diagram SVGs.
	Blocks, Diagrams int
}

// SummaryLimits bound a summary's size whatever the input: a repository
// with thousands of findings still gives a summary GitHub shows.
type SummaryLimits struct {
	// MaxBytes is the hard cap on the bytes written; past it the summary
	// ends with a line saying what was left out.
	MaxBytes int
	// MaxRules and MaxDocs cap the rows of the findings and stale docs
	// tables; MaxPositions the positions shown per rule.
	MaxRules, MaxDocs, MaxPositions int
	// MaxText caps, in characters, a message or path quoted in a table.
	MaxText int
}

// DefaultSummaryLimits keep one summary a small share of the step's
// GitHubSummaryLimit, so that validate, check and build can all append
// theirs in one step.
var DefaultSummaryLimits = SummaryLimits{MaxBytes: 64 << 10, MaxRules: 25, MaxDocs: 25, MaxPositions: 5, MaxText: 200}

// ErrSummaryTooSmall is returned when MaxBytes cannot hold even the heading
// and the verdict.
var ErrSummaryTooSmall = errors.New("the job summary's size limit leaves no room for its verdict")

// truncationReserve is the room kept for the line that says what was left
// out: it is at most a few dozen bytes.
const truncationReserve = 160

// unitKind says what a unit of a summary is, to tell what a cut left out.
type unitKind int

const (
	unitPlain unitKind = iota
	unitRuleRow
	unitRuleTail // the line after the table that says how many rules the table cap left out
	unitDocRow
	unitDocTail
	unitSection
)

// unit is a run of complete lines, written whole or not at all, so that a
// cut never splits a table row or a character.
type unit struct {
	text string
	kind unitKind
}

// WriteSummary writes the markdown job summary of sum within lim: a
// heading "### infradoc COMMAND", a verdict, tables of infra items by
// state and obligations by status, the findings by rule (severity, count,
// first positions, an example message), the stale docs with the command
// that fixes them, and then sum.Sections. Text from the input is escaped
// for GitHub-flavoured markdown with HTML allowed. The output ends with a
// newline and never exceeds lim.MaxBytes: what does not fit is left out,
// whole rows at a time, and a last line says how much. It returns the
// bytes written.
func WriteSummary(w io.Writer, sum *Summary, lim SummaryLimits) (int, error) {
	// Sorted, each rule's first positions are its first in file order.
	sorted := *sum
	sorted.Findings = site.SortFindings(slices.Clone(sum.Findings))
	sum = &sorted
	units, err := summaryUnits(sum, lim)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, u := range units {
		total += len(u.text)
	}
	var b bytes.Buffer
	if total <= lim.MaxBytes {
		for _, u := range units {
			b.WriteString(u.text)
		}
		return w.Write(b.Bytes())
	}
	budget := lim.MaxBytes - truncationReserve
	// The heading and the verdict always stay.
	if len(units[0].text)+len(units[1].text) > budget {
		return 0, ErrSummaryTooSmall
	}
	i := 0
	for ; i < len(units) && b.Len()+len(units[i].text) <= budget; i++ {
		b.WriteString(units[i].text)
	}
	b.WriteString(truncationLine(units[:i], units[i:], sum))
	if b.Len() > lim.MaxBytes {
		// Cannot happen: the line is shorter than the reserve.
		return 0, fmt.Errorf("job summary: the truncation line overflows its reserve")
	}
	return w.Write(b.Bytes())
}

// truncationLine says what a cut left out: the rules and docs not listed
// (beyond those a table's own last line already counted) and the sections.
func truncationLine(written, left []unit, sum *Summary) string {
	ruleRows, docRows := 0, 0
	ruleTail, docTail := false, false
	for _, u := range written {
		switch u.kind {
		case unitRuleRow:
			ruleRows++
		case unitDocRow:
			docRows++
		case unitRuleTail:
			ruleTail = true
		case unitDocTail:
			docTail = true
		}
	}
	sections := 0
	for _, u := range left {
		if u.kind == unitSection {
			sections++
		}
	}
	var parts []string
	if n := len(ruleGroups(openFindings(sum.Findings))) - ruleRows; n > 0 && !ruleTail {
		parts = append(parts, countWords(n, "more rule", "more rules"))
	}
	if n := len(sum.StaleDocs) - docRows; n > 0 && !docTail {
		parts = append(parts, countWords(n, "more stale doc", "more stale docs"))
	}
	if sections > 0 {
		parts = append(parts, countWords(sections, "more section", "more sections"))
	}
	what := "the rest of this summary is left out"
	if len(parts) > 0 {
		what = joinAnd(parts)
	}
	return "\n… " + what + "; see the job log\n"
}

// summaryUnits renders the whole summary as units; the first two are the
// heading and the verdict.
func summaryUnits(sum *Summary, lim SummaryLimits) ([]unit, error) {
	units := []unit{
		{text: "### infradoc " + mdText(sum.Command, lim.MaxText) + "\n\n"},
		{text: verdict(sum, lim) + "\n"},
	}
	if sum.Counts != nil {
		units = append(units, unit{text: "\n" + stateTable(sum.Counts) + "\n" + statusTable(sum.Counts)})
	}
	units = append(units, ruleUnits(openFindings(sum.Findings), lim)...)
	units = append(units, staleDocUnits(sum.StaleDocs, lim)...)
	for _, s := range sum.Sections {
		var b bytes.Buffer
		if _, err := s.WriteTo(&b); err != nil {
			return nil, fmt.Errorf("job summary section: %w", err)
		}
		text := strings.ToValidUTF8(b.String(), "\uFFFD")
		if strings.TrimSpace(text) == "" {
			continue
		}
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		units = append(units, unit{text: "\n" + text, kind: unitSection})
	}
	return units, nil
}

// verdict is the line under the heading: passed or failed, and the count
// of findings by severity.
func verdict(sum *Summary, lim SummaryLimits) string {
	n := countSeverities(sum.Findings, nil)
	counts := n.openWords()
	found := "no problems"
	if len(counts) > 0 {
		found = joinAnd(counts)
	}
	var accepted []string
	if n.baselined > 0 {
		accepted = append(accepted, countWords(n.baselined, "baselined finding", "baselined findings"))
	}
	if n.waived > 0 {
		accepted = append(accepted, countWords(n.waived, "waived finding", "waived findings"))
	}
	if len(accepted) > 0 {
		found += " (accepted: " + joinAnd(accepted) + ")"
	}
	in := ""
	if sum.Root != "" {
		in = " in " + mdCode(sum.Root, lim.MaxText)
	}
	var v string
	switch {
	case sum.Failed:
		v = "❌ **failed**: " + found + in + "."
	case n.warnings > 0 || n.errors > 0:
		v = "⚠️ **passed** with " + found + in + "."
	default:
		v = "✅ **passed**: " + found + in + "."
	}
	if sum.DocsChecked > 0 && len(sum.StaleDocs) == 0 {
		v += " " + countWords(sum.DocsChecked, "doc is", "docs are") + " up to date with the YAML."
	}
	if sum.Outcome != "" {
		v += " " + mdText(sum.Outcome, lim.MaxText)
	}
	return v
}

// openFindings are the findings neither the baseline nor a waiver accepts.
func openFindings(fs []site.Finding) []site.Finding {
	var out []site.Finding
	for _, f := range fs {
		if !f.Accepted() {
			out = append(out, f)
		}
	}
	return out
}

// stateTable is the count of infra items per state, one column a state.
func stateTable(c *site.Counts) string {
	states := slices.Sorted(maps.Keys(c.ItemsPerState))
	return countTable("state", states, "infra items", c.ItemsPerState, c.Items)
}

// statusTable is the count of obligations per status, in lifecycle order,
// then any other status an invalid file gave.
func statusTable(c *site.Counts) string {
	statuses := slices.Clone(site.Statuses)
	for _, st := range slices.Sorted(maps.Keys(c.ObligationsPerStatus)) {
		if !slices.Contains(statuses, st) {
			statuses = append(statuses, st)
		}
	}
	return countTable("status", statuses, "obligations", c.ObligationsPerStatus, c.Obligations)
}

// countTable is a one-row table: a column per key, then the total.
func countTable(head string, keys []string, row string, counts map[string]int, total int) string {
	var b strings.Builder
	b.WriteString("| " + head)
	for _, k := range keys {
		if k == "" {
			// What an invalid value decodes to; its finding says more.
			k = "invalid"
		}
		b.WriteString(" | " + mdText(k, 40))
	}
	b.WriteString(" | total |\n| ---")
	for range keys {
		b.WriteString(" | ---:")
	}
	b.WriteString(" | ---: |\n| " + row)
	for _, k := range keys {
		b.WriteString(" | " + strconv.Itoa(counts[k]))
	}
	b.WriteString(" | " + strconv.Itoa(total) + " |\n")
	return b.String()
}

// ruleGroup is the findings of one rule at one severity.
type ruleGroup struct {
	rule     string
	severity site.Severity
	findings []site.Finding
}

// ruleGroups groups findings, sorted, by rule and severity: errors first,
// then the most frequent, then by rule id.
func ruleGroups(fs []site.Finding) []ruleGroup {
	type key struct {
		rule string
		sev  site.Severity
	}
	byKey := map[key]*ruleGroup{}
	var groups []*ruleGroup
	for _, f := range fs {
		k := key{f.Rule, f.Severity}
		g := byKey[k]
		if g == nil {
			g = &ruleGroup{rule: f.Rule, severity: f.Severity}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.findings = append(g.findings, f)
	}
	sevRank := func(s site.Severity) int {
		if s == site.SeverityError {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(groups, func(a, b *ruleGroup) int {
		return cmp.Or(
			cmp.Compare(sevRank(a.severity), sevRank(b.severity)),
			cmp.Compare(len(b.findings), len(a.findings)),
			cmp.Compare(a.rule, b.rule),
		)
	})
	out := make([]ruleGroup, len(groups))
	for i, g := range groups {
		out[i] = *g
	}
	return out
}

// ruleUnits is the findings table: a row per rule and severity, at most
// lim.MaxRules of them, with the rule's first positions and its first
// message.
func ruleUnits(fs []site.Finding, lim SummaryLimits) []unit {
	if len(fs) == 0 {
		return nil
	}
	groups := ruleGroups(fs)
	units := []unit{{text: "\n#### Findings by rule\n\n| rule | severity | count | first at | example |\n| --- | --- | ---: | --- | --- |\n"}}
	for i, g := range groups {
		if i == lim.MaxRules {
			units = append(units, unit{text: "\n… " + countWords(len(groups)-i, "more rule", "more rules") + "; see the job log\n", kind: unitRuleTail})
			break
		}
		// Findings on one line show it once.
		positions := make([]string, 0, lim.MaxPositions+1)
		last := ""
		for j, f := range g.findings {
			p := shortPos(f.Pos)
			if p == last {
				continue
			}
			if len(positions) == lim.MaxPositions {
				positions = append(positions, "… "+strconv.Itoa(len(g.findings)-j)+" more")
				break
			}
			positions = append(positions, mdCode(p, lim.MaxText))
			last = p
		}
		row := "| " + mdCode(g.rule, lim.MaxText) + " | " + mdText(string(g.severity), lim.MaxText) + " | " +
			strconv.Itoa(len(g.findings)) + " | " + strings.Join(positions, ", ") + " | " + mdText(g.findings[0].Message, lim.MaxText) + " |\n"
		units = append(units, unit{text: row, kind: unitRuleRow})
	}
	return units
}

// staleDocUnits is check's table of stale docs and the command that fixes
// them.
func staleDocUnits(docs []StaleDoc, lim SummaryLimits) []unit {
	if len(docs) == 0 {
		return nil
	}
	// The command comes first: a cut in the table keeps it.
	units := []unit{{text: "\n#### Stale docs\n\nRun `infradoc fix` to regenerate these docs, then commit what it rewrites.\n\n" +
		"| doc | stale blocks and values | stale diagrams |\n| --- | ---: | ---: |\n"}}
	for i, d := range docs {
		if i == lim.MaxDocs {
			units = append(units, unit{text: "\n… " + countWords(len(docs)-i, "more stale doc", "more stale docs") + "; see the job log\n", kind: unitDocTail})
			break
		}
		units = append(units, unit{text: "| " + mdCode(d.File, lim.MaxText) + " | " + strconv.Itoa(d.Blocks) + " | " + strconv.Itoa(d.Diagrams) + " |\n", kind: unitDocRow})
	}
	return units
}

// shortPos is file:line, or the file alone when the line is unknown.
func shortPos(p site.Pos) string {
	if p.Line < 1 {
		return p.File
	}
	return p.File + ":" + strconv.Itoa(p.Line)
}

// countWords returns "1 error" or "3 errors".
func countWords(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// joinAnd joins "a", "a and b", "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// mdCode shows s in a monospace font: an HTML code element around
// escaped text, not a markdown code span, because a code span cannot hold
// a backslash before a pipe inside a table cell.
func mdCode(s string, max int) string {
	return "<code>" + mdText(s, max) + "</code>"
}

// mdText escapes s for GitHub-flavoured markdown with HTML allowed, inside
// a line or a table cell: at most max characters (the rest becomes "…"),
// invalid UTF-8 replaced, control characters and line breaks turned into
// spaces, and every character markdown or HTML could read as syntax (a
// pipe would end a table cell, < start a tag, & an entity, * emphasis, `
// a code span, [ a link, \ an escape) written as a character reference,
// which markdown always shows as the character itself. Characters that
// are syntax only at the start of a line (#, -, +) need nothing: input
// text never starts one.
func mdText(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if max > 0 && utf8.RuneCountInString(s) > max {
		n := 0
		for i := range s {
			if n == max-1 {
				s = s[:i] + "…"
				break
			}
			n++
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsControl(r):
			b.WriteByte(' ')
		case r < utf8.RuneSelf && strings.ContainsRune(mdSpecial, r):
			b.WriteString("&#" + strconv.Itoa(int(r)) + ";")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdSpecial are the ASCII characters that start or end markdown or HTML
// syntax inside a line: HTML (& < >), table cells (|), escapes (\), code
// spans (`), emphasis (* _), links and images ([ ]), strikethrough (~) and
// GitHub's math ($). ':' and '@' (emoji and mentions) are kept: common in
// paths and messages, and harmless.
const mdSpecial = "&<>|\\`*_[]~$"
