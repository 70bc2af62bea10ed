package rules

import (
	"bytes"
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/internal/parallel"
)

var ruleStaleSummary = &Rule{ID: "stale-summary", Severity: site.SeverityError, Summary: "hand-written totals in obligations YAML comments (# Total tests: N, # Total Obligations: N, # PROMOTED: N, a count split over labelled lines by its sum, and the labels summaries: maps to counts) match the data and the test files", Check: checkStaleSummaries}

var ruleSummaryNotChecked = &Rule{ID: "summary-not-checked", Severity: site.SeverityInfo, Summary: "a hand-written summary count whose meaning infradoc cannot tell is listed once per file, with the summaries: entry or inline value that would check it", Check: nil}

var ruleSummaryPattern = &Rule{ID: "summary-pattern", Severity: site.SeverityError, Summary: "a summaries: entry of infradoc.yaml is a Go regexp and names a count (an inline value name)", Check: nil}

var (
	// summaryTotalPattern reads "Total tests: 9" and the labelled parts
	// of a split count: "Tests (unit): 5", "Total tests (integration): 4".
	summaryTotalPattern  = regexp.MustCompile(`(?i)\b(?:total\s+)?(tests|obligations)\b[ \t]*(?:\(([^)\n]*)\))?[ \t]*:\s*(\d+)`)
	summaryStatusPattern = regexp.MustCompile(`\b(UNFULFILLED|PARTIAL|PROMOTED|DEPRECATED)\s*:\s*(\d+)`)
	// blockScalarPattern ends a line that opens a literal or folded block,
	// whose lines starting with # are text, not comments.
	blockScalarPattern = regexp.MustCompile(`(?:^|[:\-]\s)\s*[|>][-+1-9]*\s*(?:#.*)?$`)
)

// checkStaleSummaries reads the full-line comments of the obligations
// files. A comment in a file that declares obligations speaks of those; one
// in the index (or a file declaring none) speaks of all of them. Test
// totals are compared with the test functions found in the named files.
func checkStaleSummaries(s *site.Site, out *findings) {
	byFile := map[string][]int{}
	var files []string
	for i, o := range s.Obligations {
		if _, seen := byFile[o.File]; !seen {
			files = append(files, o.File)
		}
		byFile[o.File] = append(byFile[o.File], i)
	}
	index := s.DisplayPath(path.Join(path.Clean(s.Config.Obligations), site.IndexFileName))
	if _, ok := s.Sources[index]; ok {
		files = append(files, index)
	}
	cfg := compileSummaries(s, out)
	// Each file is read on its own; the findings join in file order.
	perFile := make([]findings, len(files))
	parallel.For(len(files), func(i int) {
		scope := byFile[files[i]]
		if len(scope) == 0 || files[i] == index {
			scope = allObligations(len(s.Obligations))
		}
		checkSummaryFile(s, &perFile[i], files[i], scope, cfg)
	})
	for _, f := range perFile {
		out.List = append(out.List, f.List...)
	}
}

// summaryTotals are the true values a summary comment may state.
type summaryTotals struct {
	obligations, declared, found int
	status                       map[string]int
}

// summaryConfig is what checkSummaryFile needs of the site besides the
// file: the summaries: patterns of infradoc.yaml and the counts they name.
type summaryConfig struct {
	patterns []*regexp.Regexp
	counts   []int
	names    []string
	labels   []string
}

// compileSummaries compiles the summaries: entries, reporting those that
// cannot be used.
func compileSummaries(s *site.Site, out *findings) *summaryConfig {
	sc := &summaryConfig{}
	for _, sp := range s.Config.Summaries {
		if sp == nil {
			continue
		}
		re, err := sp.Compile()
		if err != nil {
			key := "pattern"
			if !site.IsValueName(sp.Count) {
				key = "count"
			}
			out.Add(sp.Of(key), "summary-pattern", "summaries: %v", err)
			continue
		}
		n, err := s.Count(sp.Count)
		if err != nil {
			out.Add(sp.Of("count"), "summary-pattern", "summaries: %v", err)
			continue
		}
		sc.patterns, sc.counts = append(sc.patterns, re), append(sc.counts, n)
		sc.names, sc.labels = append(sc.names, sp.Count), append(sc.labels, sp.Pattern)
	}
	return sc
}

func checkSummaryFile(s *site.Site, out *findings, file string, scope []int, cfg *summaryConfig) {
	src, ok := s.Sources[file]
	if !ok {
		return
	}
	// Most comments state no count: the totals and the line index are made
	// for the first that may (10,000 obligation files are read).
	var (
		t  *summaryTotals
		li *finding.LineIndex
	)
	var blk summaryBlock
	var unchecked []uncheckedCount
	block := -1 // indentation of the key that opened a block scalar
	for start := 0; start < len(src); {
		end := len(src)
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			end = start + i
		}
		line, lineStart := bytes.TrimSuffix(src[start:end], []byte("\r")), start
		start = end + 1
		trimmed := bytes.TrimLeft(line, " \t")
		indent := len(line) - len(trimmed)
		if block >= 0 {
			if len(bytes.TrimSpace(trimmed)) == 0 || indent > block {
				continue
			}
			block = -1
		}
		if len(trimmed) == 0 || trimmed[0] != '#' {
			unchecked = append(unchecked, blk.flush(out, t)...)
			if len(trimmed) > 0 && bytes.ContainsAny(trimmed, "|>") && blockScalarPattern.Match(trimmed) {
				block = indent
			}
			continue
		}
		if !mayStateCount(trimmed) {
			continue
		}
		if t == nil {
			t, li = summaryTotalsOf(s, scope), finding.NewLineIndex(file, src)
		}
		unchecked = append(unchecked, checkSummaryLine(out, li, lineStart+indent, trimmed, *t, cfg, &blk)...)
	}
	unchecked = append(unchecked, blk.flush(out, t)...)
	if len(unchecked) > 0 {
		reportUnchecked(out, unchecked)
	}
}

// summaryTotalsOf adds up the obligations at indexes scope.
func summaryTotalsOf(s *site.Site, scope []int) *summaryTotals {
	t := &summaryTotals{obligations: len(scope), status: map[string]int{}}
	for _, i := range scope {
		o := s.Obligations[i]
		t.status[o.Status]++
		t.declared += o.TestCount()
		if oe := s.Evidence.Obligation(o.ID); oe != nil {
			t.found += oe.TestsFound
		}
	}
	return t
}

// mayStateCount reports whether a comment line holds a colon followed,
// after spaces, by a digit: every count the summary patterns read does.
func mayStateCount(line []byte) bool {
	for i := bytes.IndexByte(line, ':'); i >= 0; {
		j := i + 1
		for j < len(line) && (line[j] == ' ' || line[j] == '\t' || line[j] == '\f' || line[j] == '\r') {
			j++
		}
		if j < len(line) && line[j] >= '0' && line[j] <= '9' {
			return true
		}
		k := bytes.IndexByte(line[j:], ':')
		if k < 0 {
			return false
		}
		i = j + k
	}
	return false
}

// totalClaim is one "Total tests: N" of a comment block.
type totalClaim struct {
	said  string
	claim int
	pos   site.Pos
}

// summaryBlock gathers the labelled totals of consecutive comment lines:
// "# Total tests: 5 (unit)" and "# Total tests: 3 (integration)" split one
// count over two lines, and their sum is what is compared.
type summaryBlock struct {
	labelled map[string][]totalClaim // by "tests" or "obligations"
}

// flush compares the block's split totals and starts a new block. It
// returns the labelled totals it could not compare.
func (b *summaryBlock) flush(out *findings, t *summaryTotals) []uncheckedCount {
	var unchecked []uncheckedCount
	for _, key := range []string{"obligations", "tests"} {
		claims := b.labelled[key]
		if len(claims) == 0 || t == nil {
			continue
		}
		if len(claims) == 1 {
			// One labelled line is a part of something: which part is not
			// certain, so it is not compared.
			unchecked = append(unchecked, uncheckedCount{said: claims[0].said, pos: claims[0].pos})
			continue
		}
		sum := 0
		var said []string
		for _, c := range claims {
			sum += c.claim
			said = append(said, strconv.Quote(c.said))
		}
		truth := t.obligations
		if key == "tests" {
			truth = t.found
		}
		if sum == truth {
			continue
		}
		what := fmt.Sprintf("%d obligations are declared", t.obligations)
		if key == "tests" {
			what = fmt.Sprintf("the test files hold %d test functions (the declared counts add up to %d)", t.found, t.declared)
		}
		out.Add(claims[0].pos, "stale-summary", "hand-written summary splits %s over %d lines (%s) that add up to %d, but %s", key, len(claims), strings.Join(said, ", "), sum, what)
	}
	b.labelled = nil
	return unchecked
}

// uncheckedCount is a number a summary comment states that no pattern
// gives a meaning to.
type uncheckedCount struct {
	said string
	pos  site.Pos
}

// reportUnchecked reports once the counts of one file that were not
// compared, at the first.
func reportUnchecked(out *findings, us []uncheckedCount) {
	slices.SortStableFunc(us, func(a, b uncheckedCount) int { return cmp.Or(a.pos.Line-b.pos.Line, a.pos.Col-b.pos.Col) })
	var said []string
	for i, u := range us {
		if i == maxListed {
			said = append(said, fmt.Sprintf("and %d more", len(us)-i))
			break
		}
		said = append(said, fmt.Sprintf("%q (line %d)", u.said, u.pos.Line))
	}
	label, n, _ := strings.Cut(us[0].said, ":")
	label, n = strings.TrimSpace(label), strings.TrimSpace(n)
	out.Add(us[0].pos, "summary-not-checked", "hand-written summary counts not checked: %s; infradoc cannot tell what they count. "+
		"Name the count with a summaries: entry in infradoc.yaml ({pattern: %q, count: NAME}, NAME an inline value name such as registry.state.C), "+
		"or keep the number in a doc as an inline value (<!-- infradoc:value NAME -->%s<!-- infradoc:end -->), which infradoc fix keeps true",
		strings.Join(said, ", "), label, n)
}

// anyCount is any "label: N" of a summary comment, for finding the counts
// that no pattern read.
var anyCount = regexp.MustCompile(`[A-Za-z][A-Za-z0-9 _/&'.-]*?[ \t]*(?:\([^)\n]*\))?[ \t]*:[ \t]*(\d+)\b`)

// checkSummaryLine compares each total a comment line states with the
// truth; off is the offset of the line's '#'. It returns the counts the
// line states that nothing read.
func checkSummaryLine(out *findings, li *finding.LineIndex, off int, line []byte, t summaryTotals, cfg *summaryConfig, blk *summaryBlock) []uncheckedCount {
	read := map[int]bool{} // offsets of the numbers read
	for i, re := range cfg.patterns {
		for _, m := range re.FindAllSubmatchIndex(line, -1) {
			read[m[2]] = true
			claim, _ := strconv.Atoi(string(line[m[2]:m[3]]))
			if claim != cfg.counts[i] {
				out.Add(li.Pos(off+m[2]), "stale-summary", "hand-written summary says %q, but %s is %d (summaries: pattern %q)",
					strings.TrimSpace(string(line[m[0]:m[1]])), cfg.names[i], cfg.counts[i], cfg.labels[i])
			}
		}
	}
	for _, m := range summaryTotalPattern.FindAllSubmatchIndex(line, -1) {
		if read[m[6]] {
			continue
		}
		claim, _ := strconv.Atoi(string(line[m[6]:m[7]]))
		pos := li.Pos(off + m[6])
		said := strings.TrimSpace(string(line[m[0]:m[1]]))
		key := strings.ToLower(string(line[m[2]:m[3]]))
		label := m[4] >= 0 && m[5] > m[4]
		if rest := bytes.TrimSpace(line[m[1]:]); len(rest) > 0 && rest[0] == '(' {
			label = true // "Total tests: 5 (unit)"
			if end := bytes.IndexByte(rest, ')'); end > 0 {
				said += " " + string(rest[:end+1])
			}
		}
		if !label && !startsWithTotal(line, m) {
			// "Tests: 5" with no "total" and no label: not certain.
			continue
		}
		read[m[6]] = true
		if label {
			if blk.labelled == nil {
				blk.labelled = map[string][]totalClaim{}
			}
			blk.labelled[key] = append(blk.labelled[key], totalClaim{said: said, claim: claim, pos: pos})
			continue
		}
		switch key {
		case "tests":
			if claim != t.found {
				out.Add(pos, "stale-summary", "hand-written summary says %q, but the test files hold %d test functions (the declared counts add up to %d)", said, t.found, t.declared)
			}
		case "obligations":
			if claim != t.obligations {
				out.Add(pos, "stale-summary", "hand-written summary says %q, but %d obligations are declared", said, t.obligations)
			}
		}
	}
	for _, m := range summaryStatusPattern.FindAllSubmatchIndex(line, -1) {
		if m[5] < len(line) && strings.ContainsRune("-/:.", rune(line[m[5]])) {
			continue // a date or a time, not a count
		}
		if read[m[4]] {
			continue
		}
		read[m[4]] = true
		claim, _ := strconv.Atoi(string(line[m[4]:m[5]]))
		status := string(line[m[2]:m[3]])
		if claim != t.status[status] {
			out.Add(li.Pos(off+m[4]), "stale-summary", "hand-written summary says %q, but %s", string(line[m[0]:m[1]]), countStatus(t.status[status], status))
		}
	}
	var unchecked []uncheckedCount
	for _, m := range anyCount.FindAllSubmatchIndex(line, -1) {
		if read[m[2]] || (m[3] < len(line) && strings.ContainsRune("-/:.", rune(line[m[3]]))) {
			continue
		}
		unchecked = append(unchecked, uncheckedCount{said: strings.TrimSpace(string(line[m[0]:m[1]])), pos: li.Pos(off + m[2])})
	}
	return unchecked
}

// startsWithTotal reports whether a summaryTotalPattern match m of line
// starts with "total".
func startsWithTotal(line []byte, m []int) bool {
	return bytes.HasPrefix(bytes.ToLower(line[m[0]:]), []byte("total"))
}

func countStatus(n int, status string) string {
	if n == 1 {
		return fmt.Sprintf("1 obligation is %s", status)
	}
	return fmt.Sprintf("%d obligations are %s", n, status)
}

// allObligations is the scope of a summary about every obligation: the
// indexes 0..n-1.
func allObligations(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
