package evidence

import (
	"bytes"
	"github.com/infradoc/infradoc/site/finding"
	"regexp"
	"strings"
)

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
//
// skip are the skip patterns a fixture's body is searched with.
func pythonLayout(m *maskedSource, li *finding.LineIndex, skip []*regexp.Regexp) *testLayout {
	var scopes []pyScope
	var stack []int
	deco := -1
	closeTo := func(indent, line int) {
		for len(stack) > 0 && scopes[stack[len(stack)-1]].indent >= indent {
			scopes[stack[len(stack)-1]].to = line
			stack = stack[:len(stack)-1]
		}
	}
	for l := 0; l < li.Lines(); l++ {
		if m.cont[l] {
			continue
		}
		line := li.LineBytes(m.code, l)
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
		sc := pyScope{indent: indent, from: from, to: li.Lines() - 1, parent: parent, line: l}
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
	closeTo(-1, li.Lines()-1)

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
		lay.fns = append(lay.fns, TestFunction{Name: sc.name, Pos: li.Pos(li.LineStart(sc.line) + sc.nameOff)})
	}
	lay.py = pythonFixtures(m, li, scopes, testOf, len(lay.fns), skip)
	scopeAt := make([]int32, li.Lines())
	for i := range scopeAt {
		scopeAt[i] = -1
	}
	for i, sc := range scopes {
		for l := sc.from; l <= sc.to && l < len(scopeAt); l++ {
			scopeAt[l] = int32(i)
		}
	}
	lay.owners = func(off int) []int {
		l := li.Line(off)
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
// test of the file: it is part of a `pytestmark = …` assignment, the
// statement starts with it (pytest.skip(…, allow_module_level=True)), or
// the statement assigns what it returns (x = pytest.importorskip("x")).
func pyModuleWide(m *maskedSource, li *finding.LineIndex, off int) bool {
	l := li.Line(off)
	for l > 0 && m.cont[l] {
		l--
	}
	line := li.LineBytes(m.code, l)
	first := len(line) - len(bytes.TrimLeft(line, " \t\f"))
	if bytes.HasPrefix(line[first:], []byte("pytestmark")) || li.LineStart(l)+first == off {
		return true
	}
	at := off - li.LineStart(l)
	return at > first && at <= len(line) && bytes.HasPrefix(line[at:], []byte("pytest.importorskip(")) && pyAssignedCall.Match(line[first:at])
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
