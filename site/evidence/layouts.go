package evidence

import (
	"bytes"
	"github.com/infradoc/infradoc/site/finding"
	"regexp"
	"slices"
	"strings"
)

// goLayout finds Go tests: top-level func TestXxx(t *testing.T) where Xxx
// does not start with a lower-case letter. A test's lines run to the brace
// that closes its body.
func goLayout(m *maskedSource, li *finding.LineIndex) *testLayout {
	lay := &testLayout{}
	owner := make([]int32, li.Lines())
	for i := range owner {
		owner[i] = -1
	}
	for l := 0; l < li.Lines(); l++ {
		line := li.LineBytes(m.code, l)
		loc := goTestPattern.FindSubmatchIndex(line)
		if loc == nil || !goTestName(string(line[loc[2]:loc[3]])) {
			continue
		}
		end := goBodyEnd(m.code, li.LineStart(l))
		idx := len(lay.fns)
		lay.fns = append(lay.fns, TestFunction{Name: string(line[loc[2]:loc[3]]), Pos: li.Pos(li.LineStart(l) + loc[2])})
		last := li.Line(max(end-1, li.LineStart(l)))
		for k := l; k <= last; k++ {
			owner[k] = int32(idx)
		}
		l = last
	}
	lay.owners = linesOwner(li, owner)
	return lay
}

// goTestName reports whether name is Test, or Test followed by a character
// that is not a lower-case letter, as go test requires.
func goTestName(name string) bool {
	rest := strings.TrimPrefix(name, "Test")
	return rest == "" || rest[0] < 'a' || rest[0] > 'z'
}

// goBodyEnd returns the offset past the brace closing the body of the func
// declared at off (code has comments and strings masked).
func goBodyEnd(code []byte, off int) int {
	depth := 0
	for i := off; i < len(code); i++ {
		switch code[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(code)
}

func linesOwner(li *finding.LineIndex, owner []int32) func(int) []int {
	return func(off int) []int {
		if o := owner[li.Line(off)]; o >= 0 {
			return []int{int(o)}
		}
		return nil
	}
}

// patternLayout finds tests with configured patterns: each match is one
// test, named by the first capture group (else the match). A test owns its
// line, the lines up to the next test, and the non-blank lines right above
// it (decorators, annotations).
func patternLayout(m *maskedSource, li *finding.LineIndex, res []*regexp.Regexp) *testLayout {
	type hit struct{ off, nameFrom, nameTo int }
	var hits []hit
	for _, re := range res {
		for _, loc := range re.FindAllSubmatchIndex(m.text, -1) {
			start := loc[0] // where the match starts, past leading white space
			for start < loc[1] && isSpaceByte(m.text[start]) {
				start++
			}
			h := hit{start, start, loc[1]}
			if len(loc) >= 4 && loc[2] >= 0 {
				h.nameFrom, h.nameTo = loc[2], loc[3]
			}
			if h.nameTo > h.nameFrom {
				hits = append(hits, h)
			}
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return a.off - b.off })
	hits = slices.CompactFunc(hits, func(a, b hit) bool { return li.Line(a.off) == li.Line(b.off) })
	lay := &testLayout{}
	owner := make([]int32, li.Lines())
	for i := range owner {
		owner[i] = -1
	}
	froms := make([]int, len(hits)+1)
	froms[len(hits)] = li.Lines()
	prevLine := -1
	for i, h := range hits {
		name := strings.TrimSpace(string(li.Source()[h.nameFrom:h.nameTo]))
		lay.fns = append(lay.fns, TestFunction{Name: name, Pos: li.Pos(h.nameFrom)})
		l := li.Line(h.off)
		from := l
		for from-1 > prevLine && len(bytes.TrimSpace(li.LineBytes(m.code, from-1))) > 0 {
			from--
		}
		froms[i], prevLine = from, l
	}
	for i := range hits {
		for k := froms[i]; k < froms[i+1]; k++ {
			owner[k] = int32(i)
		}
	}
	lay.owners = linesOwner(li, owner)
	return lay
}
