package rules

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/evidence"
	"github.com/infradoc/infradoc/site/internal/parallel"
)

var ruleStaleSummary = &Rule{ID: "stale-summary", Severity: site.SeverityError, Summary: "hand-written totals in obligations YAML comments (# Total tests: N, # Total Obligations: N, # PROMOTED: N) match the data and the test files", Check: checkStaleSummaries}

var (
	summaryTotalPattern  = regexp.MustCompile(`(?i)\btotal\s+(tests|obligations)\s*:\s*(\d+)`)
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
	// Each file is read on its own; the findings join in file order.
	perFile := make([]findings, len(files))
	parallel.For(len(files), func(i int) {
		scope := byFile[files[i]]
		if len(scope) == 0 || files[i] == index {
			scope = allObligations(len(s.Obligations))
		}
		checkSummaryFile(s, &perFile[i], files[i], scope)
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

func checkSummaryFile(s *site.Site, out *findings, file string, scope []int) {
	src, ok := s.Sources[file]
	if !ok {
		return
	}
	// Most comments state no count: the totals and the line index are made
	// for the first that may (10,000 obligation files are read).
	var (
		t  *summaryTotals
		li *evidence.LineIndex
	)
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
		if len(trimmed) == 0 {
			continue
		}
		if trimmed[0] != '#' {
			if bytes.ContainsAny(trimmed, "|>") && blockScalarPattern.Match(trimmed) {
				block = indent
			}
			continue
		}
		if !mayStateCount(trimmed) {
			continue
		}
		if t == nil {
			t, li = summaryTotalsOf(s, scope), evidence.NewLineIndex(file, src)
		}
		checkSummaryLine(out, li, lineStart+indent, trimmed, *t)
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

// checkSummaryLine compares each total a comment line states with the
// truth; off is the offset of the line's '#'.
func checkSummaryLine(out *findings, li *evidence.LineIndex, off int, line []byte, t summaryTotals) {
	for _, m := range summaryTotalPattern.FindAllSubmatchIndex(line, -1) {
		claim, _ := strconv.Atoi(string(line[m[4]:m[5]]))
		pos := li.Pos(off + m[4])
		said := string(line[m[0]:m[1]])
		switch strings.ToLower(string(line[m[2]:m[3]])) {
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
		claim, _ := strconv.Atoi(string(line[m[4]:m[5]]))
		status := string(line[m[2]:m[3]])
		if claim != t.status[status] {
			out.Add(li.Pos(off+m[4]), "stale-summary", "hand-written summary says %q, but %s", string(line[m[0]:m[1]]), countStatus(t.status[status], status))
		}
	}
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
