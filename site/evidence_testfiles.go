package site

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Default patterns of the test scan, per kind of test file. Configured
// patterns (evidence.* in infradoc.yaml) replace them for every kind.
var (
	pyInfraPattern = regexp.MustCompile(`\brequires_infra\(\s*["']([^"'\n]*)["']`)
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
	// owners returns the tests a match at byte offset off applies to.
	owners func(off int) []int
}

// scanTestFile finds the test functions, requires_infra references and
// skips of one file. display is the path findings name.
func scanTestFile(p, display string, src []byte, tp *testPatterns) *TestFileEvidence {
	li := newLineIndex(display, src)
	kind := testKindOf(p)
	var m *maskedSource
	switch kind {
	case kindPython:
		m = maskPython(src, li)
	case kindGo:
		m = maskGo(src, li)
	default:
		m = &maskedSource{code: src, text: src, cont: make([]bool, li.lines())}
	}
	var lay *testLayout
	switch {
	case tp.functions != nil:
		lay = patternLayout(m, li, tp.functions)
	case kind == kindPython:
		lay = pythonLayout(m, li)
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
		for _, loc := range re.FindAllSubmatchIndex(m.text, -1) {
			if len(loc) < 4 || loc[2] < 0 {
				continue
			}
			ref := InfraRef{Name: string(src[loc[2]:loc[3]]), Pos: li.pos(loc[2])}
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
			at := li.pos(loc[0])
			for _, i := range lay.owners(loc[0]) {
				fn := &te.Functions[i]
				if !fn.Skips || comparePos(at, fn.SkipAt) < 0 {
					fn.Skips, fn.SkipAt = true, at
				}
			}
		}
	}
	return te
}

func comparePos(a, b Pos) int {
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	return a.Col - b.Col
}

// pyScope is a def or class of a Python file.
type pyScope struct {
	class    bool
	indent   int
	from, to int // lines (0-based), decorators included
	parent   int // -1 at module level
	// collected: a class pytest collects (Test*, at module level or inside
	// a collected class), or a def that is a test.
	collected bool
	hasInit   bool
	// line is the def/class line; nameOff the name's offset in it.
	line    int
	nameOff int
	name    string
}

// pythonLayout finds pytest's tests: functions named test* at module level
// and methods named test* of collected Test* classes (nested Test classes
// included, classes with an __init__ excluded, and a test redefined under
// the same name counted once, as pytest does). Nested functions and methods
// of other classes are not tests.
func pythonLayout(m *maskedSource, li *lineIndex) *testLayout {
	var scopes []pyScope
	var stack []int
	deco := -1
	closeTo := func(indent, line int) {
		for len(stack) > 0 && scopes[stack[len(stack)-1]].indent >= indent {
			scopes[stack[len(stack)-1]].to = line
			stack = stack[:len(stack)-1]
		}
	}
	for l := 0; l < li.lines(); l++ {
		if m.cont[l] {
			continue
		}
		line := li.lineBytes(m.code, l)
		indent, rest := pyIndent(line)
		if len(rest) == 0 {
			continue
		}
		closeTo(indent, l-1)
		if rest[0] == '@' {
			if deco < 0 {
				deco = l
			}
			continue
		}
		from := l
		if deco >= 0 {
			from, deco = deco, -1
		}
		parent := -1
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		if !bytes.HasPrefix(rest, []byte("class")) && !bytes.Contains(rest, []byte("def")) {
			continue
		}
		sc := pyScope{indent: indent, from: from, to: li.lines() - 1, parent: parent, line: l}
		if loc := pyClassPattern.FindSubmatchIndex(line); loc != nil {
			sc.class, sc.name, sc.nameOff = true, string(line[loc[2]:loc[3]]), loc[2]
			sc.collected = strings.HasPrefix(sc.name, "Test") && (parent < 0 || scopes[parent].class && scopes[parent].collected)
		} else if loc := pyDefPattern.FindSubmatchIndex(line); loc != nil {
			sc.name, sc.nameOff = string(line[loc[2]:loc[3]]), loc[2]
			inClass := parent >= 0 && scopes[parent].class
			sc.collected = strings.HasPrefix(sc.name, "test") && (parent < 0 || inClass && scopes[parent].collected)
			if inClass && sc.name == "__init__" {
				scopes[parent].hasInit = true
			}
		} else {
			continue
		}
		stack = append(stack, len(scopes))
		scopes = append(scopes, sc)
	}
	closeTo(-1, li.lines()-1)

	lay := &testLayout{}
	// A def redefined later in the same scope replaces the earlier one, so
	// pytest runs only the last.
	type scopeName struct {
		parent int
		name   string
	}
	last := map[scopeName]int{}
	for i, sc := range scopes {
		last[scopeName{sc.parent, sc.name}] = i
	}
	testOf := make([]int, len(scopes))
	for i, sc := range scopes {
		testOf[i] = -1
		if sc.class || !sc.collected || (sc.parent >= 0 && pyInitBlocks(scopes, sc.parent)) || last[scopeName{sc.parent, sc.name}] != i {
			continue
		}
		testOf[i] = len(lay.fns)
		lay.fns = append(lay.fns, TestFunction{Name: sc.name, Pos: li.pos(li.starts[sc.line] + sc.nameOff)})
	}
	scopeAt := make([]int32, li.lines())
	for i := range scopeAt {
		scopeAt[i] = -1
	}
	for i, sc := range scopes {
		for l := sc.from; l <= sc.to && l < len(scopeAt); l++ {
			scopeAt[l] = int32(i)
		}
	}
	lay.owners = func(off int) []int {
		l := li.line(off)
		s := int(scopeAt[l])
		if s < 0 {
			if pyModuleWide(m, li, off) {
				return allTests(len(lay.fns))
			}
			return nil
		}
		if scopes[s].class {
			var out []int
			for i := range scopes {
				if testOf[i] >= 0 && pyWithin(scopes, i, s) {
					out = append(out, testOf[i])
				}
			}
			return out
		}
		for ; s >= 0; s = scopes[s].parent {
			if testOf[s] >= 0 {
				return []int{testOf[s]}
			}
		}
		return nil
	}
	return lay
}

// pyInitBlocks reports whether class c or a class around it has an
// __init__, which makes pytest skip collecting it.
func pyInitBlocks(scopes []pyScope, c int) bool {
	for ; c >= 0; c = scopes[c].parent {
		if scopes[c].class && scopes[c].hasInit {
			return true
		}
	}
	return false
}

// pyWithin reports whether scope i is inside scope outer.
func pyWithin(scopes []pyScope, i, outer int) bool {
	for ; i >= 0; i = scopes[i].parent {
		if i == outer {
			return true
		}
	}
	return false
}

// pyModuleWide reports whether a match at module level applies to every
// test of the file: it is part of a `pytestmark = …` assignment or the
// statement starts with it (pytest.skip(…, allow_module_level=True)).
func pyModuleWide(m *maskedSource, li *lineIndex, off int) bool {
	l := li.line(off)
	for l > 0 && m.cont[l] {
		l--
	}
	line := li.lineBytes(m.code, l)
	first := len(line) - len(bytes.TrimLeft(line, " \t\f"))
	return bytes.HasPrefix(line[first:], []byte("pytestmark")) || li.starts[l]+first == off
}

// pyIndent measures a line's indentation (tabs to multiples of 8) and
// returns the rest, without trailing spaces.
func pyIndent(line []byte) (int, []byte) {
	n, i := 0, 0
	for ; i < len(line); i++ {
		switch line[i] {
		case ' ':
			n++
		case '\t':
			n = n/8*8 + 8
		case '\f':
		default:
			return n, trimRightSpace(line[i:])
		}
	}
	return n, nil
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func trimRightSpace(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

func allTests(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// goLayout finds Go tests: top-level func TestXxx(t *testing.T) where Xxx
// does not start with a lower-case letter. A test's lines run to the brace
// that closes its body.
func goLayout(m *maskedSource, li *lineIndex) *testLayout {
	lay := &testLayout{}
	owner := make([]int32, li.lines())
	for i := range owner {
		owner[i] = -1
	}
	for l := 0; l < li.lines(); l++ {
		line := li.lineBytes(m.code, l)
		loc := goTestPattern.FindSubmatchIndex(line)
		if loc == nil || !goTestName(string(line[loc[2]:loc[3]])) {
			continue
		}
		end := goBodyEnd(m.code, li.starts[l])
		idx := len(lay.fns)
		lay.fns = append(lay.fns, TestFunction{Name: string(line[loc[2]:loc[3]]), Pos: li.pos(li.starts[l] + loc[2])})
		last := li.line(max(end-1, li.starts[l]))
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

func linesOwner(li *lineIndex, owner []int32) func(int) []int {
	return func(off int) []int {
		if o := owner[li.line(off)]; o >= 0 {
			return []int{int(o)}
		}
		return nil
	}
}

// patternLayout finds tests with configured patterns: each match is one
// test, named by the first capture group (else the match). A test owns its
// line, the lines up to the next test, and the non-blank lines right above
// it (decorators, annotations).
func patternLayout(m *maskedSource, li *lineIndex, res []*regexp.Regexp) *testLayout {
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
	hits = slices.CompactFunc(hits, func(a, b hit) bool { return li.line(a.off) == li.line(b.off) })
	lay := &testLayout{}
	owner := make([]int32, li.lines())
	for i := range owner {
		owner[i] = -1
	}
	froms := make([]int, len(hits)+1)
	froms[len(hits)] = li.lines()
	prevLine := -1
	for i, h := range hits {
		name := strings.TrimSpace(string(li.src[h.nameFrom:h.nameTo]))
		lay.fns = append(lay.fns, TestFunction{Name: name, Pos: li.pos(h.nameFrom)})
		l := li.line(h.off)
		from := l
		for from-1 > prevLine && len(bytes.TrimSpace(li.lineBytes(m.code, from-1))) > 0 {
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
