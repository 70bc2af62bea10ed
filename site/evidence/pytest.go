package evidence

import (
	"bytes"
	"regexp"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site/finding"
)

// What pytest decides outside a test's own body: the fixtures it requests
// (its parameters, @pytest.mark.usefixtures on it, its classes or the
// module's pytestmark, and every autouse fixture in sight), the fixtures
// of the file and of the conftest.py files above it, and the cases
// @pytest.mark.parametrize makes of it. A fixture that calls pytest.skip
// (or requests a fixture that does) skips every test that uses it.

var (
	pyFixtureDeco    = regexp.MustCompile(`^@\s*(?:pytest_asyncio\.|pytest\.)?fixture\b`)
	pyAutouse        = regexp.MustCompile(`\bautouse\s*=\s*True\b`)
	pyFixtureName    = regexp.MustCompile(`\bname\s*=\s*["']([A-Za-z_]\w*)["']`)
	pyUseFixtures    = regexp.MustCompile(`\bpytest\.mark\.usefixtures\s*\(`)
	pyParametrize    = regexp.MustCompile(`^@\s*pytest\.mark\.parametrize\s*\(`)
	pyStringArgument = regexp.MustCompile(`["']([A-Za-z_]\w*)["']`)
	// pyAssignedCall is a module-level statement that assigns what a call
	// returns: `redis = pytest.importorskip("redis")`.
	pyAssignedCall = regexp.MustCompile(`^[A-Za-z_][\w.]*\s*(?::[^=]*)?=\s*$`)
)

// pyFixture is one @pytest.fixture def.
type pyFixture struct {
	name    string
	autouse bool
	// requests are its parameters: the fixtures it uses.
	requests []string
	// skipAt is the first skip call in its body; zero when none.
	skipAt finding.Pos
}

// fixtureSet is the fixtures one file defines at module level, by name.
type fixtureSet map[string]*pyFixture

// pyInfo is what pythonLayout learns of a file beyond its tests.
type pyInfo struct {
	fixtures fixtureSet
	// uses are the fixtures each test requests, in pythonLayout's order.
	uses [][]string
	// cases are the parametrized cases of each test: 1 when not
	// parametrized, 0 when a parametrize list is not a literal.
	cases []int
}

// pyDecorators returns the decorator statements of scope sc in src (the
// masked text or code), one string each, continuation lines joined.
func pyDecorators(src []byte, m *maskedSource, li *finding.LineIndex, sc pyScope) [][]byte {
	var out [][]byte
	for l := sc.from; l < sc.line; l++ {
		line := bytes.TrimLeft(li.LineBytes(src, l), " \t\f")
		if m.cont[l] && len(out) > 0 {
			out[len(out)-1] = append(append(out[len(out)-1], ' '), line...)
			continue
		}
		if len(line) > 0 && line[0] == '@' {
			out = append(out, bytes.Clone(line))
		}
	}
	return out
}

// pyParameters returns the parameter names of the def of scope sc, without
// self, cls and request (which are not fixtures of the suite).
func pyParameters(m *maskedSource, li *finding.LineIndex, sc pyScope) []string {
	start := li.LineStart(sc.line) + sc.nameOff
	open := bytes.IndexByte(m.code[start:], '(')
	if open < 0 {
		return nil
	}
	var names []string
	depth, argStart := 0, start+open+1
	for i := start + open; i < len(m.code); i++ {
		switch m.code[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}', ',':
			if m.code[i] == ',' && depth != 1 {
				continue
			}
			if depth == 1 {
				if n := pyParamName(m.code[argStart:i]); n != "" {
					names = append(names, n)
				}
				argStart = i + 1
			}
			if m.code[i] != ',' {
				depth--
			}
			if depth == 0 {
				return names
			}
		}
	}
	return names
}

// pyParamName is the name of one parameter ("db: Session = None" → db);
// "" for *args, **kwargs, the / and * markers and self, cls and request.
func pyParamName(arg []byte) string {
	arg = bytes.TrimSpace(arg)
	if len(arg) == 0 || arg[0] == '*' || arg[0] == '/' {
		return ""
	}
	end := 0
	for end < len(arg) && isWordByte(arg[end]) {
		end++
	}
	switch name := string(arg[:end]); name {
	case "self", "cls", "request":
		return ""
	default:
		return name
	}
}

// pyCases counts the cases one @pytest.mark.parametrize decorator makes:
// the elements of its argvalues list, 0 when that is not a literal list or
// tuple. deco is the decorator in the masked code (strings blanked).
func pyCases(deco []byte) int {
	open := bytes.IndexByte(deco, '(')
	if open < 0 {
		return 0
	}
	// The second argument at depth 1, or the one named argvalues.
	depth, arg, argStart := 0, 0, open+1
	for i := open; i < len(deco); i++ {
		switch deco[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 1 {
				arg++
				argStart = i + 1
				if arg == 1 {
					return countElements(deco[argStart:])
				}
			}
		}
		if depth == 0 {
			break
		}
	}
	return 0
}

// countElements counts the top-level elements of the list or tuple
// literal src starts with (after spaces and "argvalues="); 0 when it does
// not start with one.
func countElements(src []byte) int {
	src = bytes.TrimLeft(src, " \t\r\n")
	if rest, ok := bytes.CutPrefix(src, []byte("argvalues")); ok {
		src = bytes.TrimLeft(bytes.TrimLeft(rest, " "), "=")
		src = bytes.TrimLeft(src, " \t\r\n")
	}
	if len(src) == 0 || (src[0] != '[' && src[0] != '(') {
		return 0
	}
	depth, n, empty := 0, 0, true
	for _, c := range src {
		switch c {
		case '(', '[', '{':
			depth++
			if depth > 1 {
				empty = false
			}
		case ')', ']', '}':
			depth--
			if depth == 0 {
				if !empty {
					n++
				}
				return n
			}
		case ',':
			if depth == 1 {
				if !empty {
					n++
				}
				empty = true
			}
		case ' ', '\t', '\r', '\n', '\f':
		default:
			empty = false
		}
	}
	return 0
}

// pyUsedFixtures returns the names a usefixtures mark in text names.
func pyUsedFixtures(text []byte) []string {
	var out []string
	for _, loc := range pyUseFixtures.FindAllIndex(text, -1) {
		end := loc[1] + bytes.IndexByte(text[loc[1]:], ')')
		if end < loc[1] {
			end = len(text)
		}
		for _, m := range pyStringArgument.FindAllSubmatch(text[loc[1]:end], -1) {
			out = append(out, string(m[1]))
		}
	}
	return out
}

// pythonFixtures fills in what pythonLayout's scopes say of fixtures,
// fixture requests and parametrized cases. testOf maps scopes to tests.
func pythonFixtures(m *maskedSource, li *finding.LineIndex, scopes []pyScope, testOf []int, ntests int, skip []*regexp.Regexp) *pyInfo {
	info := &pyInfo{fixtures: fixtureSet{}, uses: make([][]string, ntests), cases: make([]int, ntests)}
	// The module's pytestmark may name fixtures for every test.
	var moduleUses []string
	for l := 0; l < li.Lines(); l++ {
		if m.cont[l] {
			continue
		}
		line := li.LineBytes(m.text, l)
		if bytes.HasPrefix(line, []byte("pytestmark")) {
			end := l + 1
			for end < li.Lines() && m.cont[end] {
				end++
			}
			stop := len(m.text)
			if end < li.Lines() {
				stop = li.LineStart(end)
			}
			moduleUses = append(moduleUses, pyUsedFixtures(m.text[li.LineStart(l):stop])...)
		}
	}
	for i, sc := range scopes {
		if sc.class {
			continue
		}
		decos := pyDecorators(m.text, m, li, sc)
		if t := testOf[i]; t >= 0 {
			uses := append(pyParameters(m, li, sc), moduleUses...)
			cases := 1
			for c := i; c >= 0; c = scopes[c].parent {
				ds := decos
				if c != i {
					ds = pyDecorators(m.text, m, li, scopes[c])
				}
				for _, d := range ds {
					uses = append(uses, pyUsedFixtures(d)...)
				}
				for _, d := range pyDecorators(m.code, m, li, scopes[c]) {
					if pyParametrize.Match(d) {
						cases *= pyCases(d)
					}
				}
			}
			info.uses[t], info.cases[t] = uses, cases
			continue
		}
		if sc.parent >= 0 {
			continue // fixtures of a class apply to it alone: not followed
		}
		for _, d := range decos {
			if !pyFixtureDeco.Match(d) {
				continue
			}
			f := &pyFixture{name: sc.name, autouse: pyAutouse.Match(d), requests: pyParameters(m, li, sc)}
			if n := pyFixtureName.FindSubmatch(d); n != nil {
				f.name = string(n[1])
			}
			body := m.text[li.LineStart(sc.line):scopeEnd(li, m.text, sc)]
			for _, re := range skip {
				if loc := re.FindIndex(body); loc != nil {
					at := li.Pos(li.LineStart(sc.line) + loc[0])
					if f.skipAt.Line == 0 || comparePos(at, f.skipAt) < 0 {
						f.skipAt = at
					}
				}
			}
			info.fixtures[f.name] = f
		}
	}
	return info
}

// scopeEnd is the offset just past the last line of scope sc.
func scopeEnd(li *finding.LineIndex, buf []byte, sc pyScope) int {
	if sc.to+1 < li.Lines() {
		return li.LineStart(sc.to + 1)
	}
	return len(buf)
}

// fixtureSkips resolves fixture names to the skip that using them causes:
// the file's own fixtures first, then those of the conftest.py files from
// the nearest up. A fixture skips when its body calls a skip, or when a
// fixture it requests skips.
type fixtureSkips struct {
	scopes []fixtureSet // nearest first
	memo   map[string]finding.Pos
	busy   map[string]bool
}

func newFixtureSkips(own fixtureSet, conftests []fixtureSet) *fixtureSkips {
	return &fixtureSkips{scopes: append([]fixtureSet{own}, conftests...), memo: map[string]finding.Pos{}, busy: map[string]bool{}}
}

// lookup finds fixture name from scope level from on (a fixture that
// requests its own name gets the one further out, as in pytest).
func (fx *fixtureSkips) lookup(name string, from int) (*pyFixture, int) {
	for i := from; i < len(fx.scopes); i++ {
		if f, ok := fx.scopes[i][name]; ok {
			return f, i
		}
	}
	return nil, -1
}

// skipOf returns where using fixture name (found from scope level from on)
// skips; zero when it does not.
func (fx *fixtureSkips) skipOf(name string, from int) finding.Pos {
	f, level := fx.lookup(name, from)
	if f == nil {
		return finding.Pos{}
	}
	key := name + "\x00" + strings.Repeat("+", level)
	if at, ok := fx.memo[key]; ok {
		return at
	}
	if fx.busy[key] {
		return finding.Pos{}
	}
	fx.busy[key] = true
	at := f.skipAt
	for _, r := range f.requests {
		if at.Line != 0 {
			break
		}
		next := level
		if r == name {
			next = level + 1
		}
		at = fx.skipOf(r, next)
	}
	delete(fx.busy, key)
	fx.memo[key] = at
	return at
}

// autouse lists the autouse fixtures in sight, nearest scope first, each
// name once.
func (fx *fixtureSkips) autouse() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range fx.scopes {
		for name, f := range s {
			if f.autouse && !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	// Map order is random: sort for a deterministic first skip.
	slices.Sort(out)
	return out
}

// applyFixtureSkips marks the tests that a fixture skips. A test already
// skipping in its own file keeps that skip.
func applyFixtureSkips(te *TestFileEvidence, info *pyInfo, conftests []fixtureSet) {
	if info == nil {
		return
	}
	fx := newFixtureSkips(info.fixtures, conftests)
	auto := fx.autouse()
	for i := range te.Functions {
		fn := &te.Functions[i]
		if i < len(info.cases) {
			fn.Cases = info.cases[i]
		}
		if fn.Skips || i >= len(info.uses) {
			continue
		}
		for _, name := range append(slices.Clone(info.uses[i]), auto...) {
			if at := fx.skipOf(name, 0); at.Line != 0 {
				fn.Skips, fn.SkipAt, fn.SkipFixture = true, at, name
				break
			}
		}
	}
}

// parseConftest returns the module-level fixtures of a conftest.py.
func parseConftest(display string, src []byte, tp *testPatterns) fixtureSet {
	li := finding.NewLineIndex(display, src)
	m := maskPython(src, li)
	lay := pythonLayout(m, li, tp.skipFor(kindPython))
	if lay.py == nil {
		return nil
	}
	return lay.py.fixtures
}
