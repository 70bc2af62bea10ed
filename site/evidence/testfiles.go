package evidence

import (
	"bytes"
	"github.com/infradoc/infradoc/site/finding"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Default patterns of the test scan, per kind of test file. Configured
// patterns (evidence.* in infradoc.yaml) replace them for every kind.
var (
	// pyInfraPattern is `\brequires_infra\(...` with the \b checked by
	// allSubmatchIndex instead: a pattern that starts with a literal lets
	// the regexp engine jump between candidates rather than try every byte.
	pyInfraPattern = regexp.MustCompile(`requires_infra\(\s*["']([^"'\n]*)["']`)
	pySkipPattern  = regexp.MustCompile(`@?\bpytest\.mark\.skip(?:if)?\b|\bpytest\.(?:skip|importorskip)\(|@unittest\.skip(?:If|Unless)?\b|\.skipTest\(`)
	pyDefPattern   = regexp.MustCompile(`^[ \t]*(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)`)
	pyClassPattern = regexp.MustCompile(`^[ \t]*class[ \t]+([A-Za-z_]\w*)`)

	goInfraPattern = regexp.MustCompile(`\b[Rr]equires_?[Ii]nfra\(\s*(?:[A-Za-z_]\w*\s*,\s*)?"([^"\n]*)"`)
	goSkipPattern  = regexp.MustCompile(`\b[A-Za-z_]\w*\.Skip(?:Now|f)?\(`)
	goTestPattern  = regexp.MustCompile(`^func[ \t]+(Test\w*)[ \t]*\([ \t]*\w+[ \t]+\*testing\.T[ \t]*\)`)
)

// needles are words every match of a default pattern contains: a file
// without them is not searched (most test files never skip, and searching
// an alternation costs far more than bytes.Contains).
var needles = map[*regexp.Regexp][]byte{
	pyInfraPattern: []byte("requires_infra("),
	pySkipPattern:  []byte("skip"),
	goInfraPattern: []byte("nfra("),
	goSkipPattern:  []byte(".Skip"),
}

// atWordStart lists the default patterns that match only where a word
// starts, as if they began with \b.
var atWordStart = map[*regexp.Regexp]bool{pyInfraPattern: true}

// allSubmatchIndex is re.FindAllSubmatchIndex(text, -1), except that a
// pattern in atWordStart matches only where a word starts.
func allSubmatchIndex(re *regexp.Regexp, text []byte) [][]int {
	if !atWordStart[re] {
		return re.FindAllSubmatchIndex(text, -1)
	}
	var all [][]int
	for from := 0; from < len(text); {
		loc := re.FindSubmatchIndex(text[from:])
		if loc == nil {
			break
		}
		for i := range loc {
			if loc[i] >= 0 {
				loc[i] += from
			}
		}
		if loc[0] > 0 && isWordByte(text[loc[0]-1]) {
			from = loc[0] + 1
			continue
		}
		all = append(all, loc)
		from = max(loc[1], loc[0]+1)
	}
	return all
}

// mayMatch reports whether re can match text, by its needle.
func mayMatch(re *regexp.Regexp, text []byte) bool {
	n, ok := needles[re]
	return !ok || bytes.Contains(text, n)
}

// testFileKind is what a test file is, by its extension.
type testFileKind int

const (
	kindOther testFileKind = iota
	kindPython
	kindGo
)

func testKindOf(p string) testFileKind {
	switch path.Ext(p) {
	case ".py":
		return kindPython
	case ".go":
		return kindGo
	}
	return kindOther
}

// isTestFileName reports whether a file found under the tests root is a
// test file: test_*.py, *_test.py or *_test.go.
func isTestFileName(name string) bool {
	switch {
	case strings.HasSuffix(name, ".py"):
		return strings.HasPrefix(name, "test_") || strings.HasSuffix(name, "_test.py")
	case strings.HasSuffix(name, ".go"):
		return strings.HasSuffix(name, "_test.go")
	}
	return false
}

// testPatterns are the configured patterns of one load, compiled once; a
// nil list means the defaults of each file kind.
type testPatterns struct {
	functions, infra, skip []*regexp.Regexp
}

func (tp *testPatterns) infraFor(k testFileKind) []*regexp.Regexp {
	switch {
	case tp.infra != nil:
		return tp.infra
	case k == kindPython:
		return []*regexp.Regexp{pyInfraPattern}
	case k == kindGo:
		return []*regexp.Regexp{goInfraPattern}
	}
	return nil
}

func (tp *testPatterns) skipFor(k testFileKind) []*regexp.Regexp {
	switch {
	case tp.skip != nil:
		return tp.skip
	case k == kindPython:
		return []*regexp.Regexp{pySkipPattern}
	case k == kindGo:
		return []*regexp.Regexp{goSkipPattern}
	}
	return nil
}

// testLayout is where the test functions of a file are and which tests a
// line of the file belongs to.
type testLayout struct {
	fns []TestFunction
	// py is what a Python file says of fixtures and parametrized cases;
	// nil for other kinds.
	py *pyInfo
	// owners returns the tests a match at byte offset off applies to.
	owners func(off int) []int
}

// scanTestFile finds the test functions, requires_infra references and
// skips of one file. display is the path findings name.
func scanTestFile(p, display string, src []byte, tp *testPatterns) *TestFileEvidence {
	return scanTestFileIn(p, display, src, tp, nil)
}

// scanTestFileIn is scanTestFile for a file that sees the fixtures of
// conftests (the conftest.py files of its folder and the folders above it,
// nearest first).
func scanTestFileIn(p, display string, src []byte, tp *testPatterns, conftests []fixtureSet) *TestFileEvidence {
	li := finding.NewLineIndex(display, src)
	kind := testKindOf(p)
	var m *maskedSource
	switch kind {
	case kindPython:
		m = maskPython(src, li)
	case kindGo:
		m = maskGo(src, li)
	default:
		m = &maskedSource{code: src, text: src, cont: make([]bool, li.Lines())}
	}
	var lay *testLayout
	switch {
	case tp.functions != nil:
		lay = patternLayout(m, li, tp.functions)
	case kind == kindPython:
		lay = pythonLayout(m, li, tp.skipFor(kindPython))
	case kind == kindGo:
		lay = goLayout(m, li)
	default:
		lay = &testLayout{owners: func(int) []int { return nil }}
	}
	te := &TestFileEvidence{Path: p, File: display, Exists: true, Functions: lay.fns}
	for _, re := range tp.infraFor(kind) {
		if !mayMatch(re, m.text) {
			continue
		}
		for _, loc := range allSubmatchIndex(re, m.text) {
			if len(loc) < 4 || loc[2] < 0 {
				continue
			}
			ref := InfraRef{Name: string(src[loc[2]:loc[3]]), Pos: li.Pos(loc[2])}
			te.Infra = append(te.Infra, ref)
			for _, i := range lay.owners(loc[0]) {
				fn := &te.Functions[i]
				if !slices.Contains(fn.Infra, ref.Name) {
					fn.Infra = append(fn.Infra, ref.Name)
				}
			}
		}
	}
	slices.SortStableFunc(te.Infra, func(a, b InfraRef) int { return comparePos(a.Pos, b.Pos) })
	for _, re := range tp.skipFor(kind) {
		if !mayMatch(re, m.text) {
			continue
		}
		for _, loc := range re.FindAllIndex(m.text, -1) {
			at := li.Pos(loc[0])
			for _, i := range lay.owners(loc[0]) {
				fn := &te.Functions[i]
				if !fn.Skips || comparePos(at, fn.SkipAt) < 0 {
					fn.Skips, fn.SkipAt = true, at
				}
			}
		}
	}
	applyFixtureSkips(te, lay.py, conftests)
	return te
}

func comparePos(a, b finding.Pos) int {
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	return a.Col - b.Col
}

// isWordByte reports whether c is an ASCII letter, digit or '_'.
func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
