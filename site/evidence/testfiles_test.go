package evidence

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// describeTests formats the tests of a file as "name@line infra=[…] skip@line".
func describeTests(te *TestFileEvidence) []string {
	var out []string
	for _, fn := range te.Functions {
		s := fmt.Sprintf("%s@%d:%d", fn.Name, fn.Pos.Line, fn.Pos.Col)
		if len(fn.Infra) > 0 {
			s += " infra=" + strings.Join(fn.Infra, ",")
		}
		if fn.Skips {
			s += fmt.Sprintf(" skip@%d", fn.SkipAt.Line)
		}
		out = append(out, s)
	}
	return out
}

func checkTests(t *testing.T, p, src string, tp *testPatterns, want []string) *TestFileEvidence {
	t.Helper()
	te := scanTestFile(p, p, []byte(src), tp)
	if got := describeTests(te); !slices.Equal(got, want) {
		t.Errorf("%s: tests\n%s\nwant\n%s", p, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	return te
}

func TestPythonTestFunctions(t *testing.T) {
	src := `import pytest

def test_module_level(): pass

async def test_async_module():
    pass

def helper():
    def test_nested_helper():   # nested in a helper: not a test
        pass

class TestOuter:
    def test_method(self): pass
    async def test_async_method(self):
        pass
    def helper_method(self):
        def test_nested(): pass
    class TestInner:
        def test_inner(self): pass
    class Helper:
        def test_in_non_test_class(self): pass

class Helpers:
    def test_not_collected(self): pass

class TestWithInit:
    def test_ignored(self): pass
    def __init__(self): pass

DOC = """
def test_in_string():
"""
# def test_in_comment():

@pytest.mark.parametrize("x", [
    1,
2])
def test_decorated_multiline(x):
    sql = """
SELECT 1
"""
    assert x
    x = (1 +
2)
    assert x

def testalso(): pass   # pytest's prefix is "test"

def test_module_level(): pass  # redefines the first one: pytest runs this one only
	
def test_after_tab_line(): pass
`
	checkTests(t, "tests/test_x.py", src, &testPatterns{}, []string{
		"test_async_module@5:11",
		"test_method@13:9",
		"test_async_method@14:15",
		"test_inner@19:13",
		"test_decorated_multiline@38:5",
		"testalso@47:5",
		"test_module_level@49:5",
		"test_after_tab_line@51:5",
	})
}

func TestPythonInfraAndSkips(t *testing.T) {
	src := `import pytest
from tests.helpers.infra import requires_infra

@requires_infra("PostgreSQL")
@pytest.mark.skipif(
    True, reason="x")
def test_a(): pass

@requires_infra('Redis')
def test_b():
    pytest.skip("later")

def test_c():
    def inner():
        requires_infra("Clerk")
    # requires_infra("Commented") and pytest.skip( in a comment
    """requires_infra("Docstring")"""

@requires_infra("PostgreSQL")
class TestK:
    @pytest.mark.skip
    def test_d(self): pass
    def test_e(self):
        self.skipTest("no")

def helper():
    pytest.skip("not a test")
    requires_infra("Helper")

needs = requires_infra("Module")
`
	te := checkTests(t, "tests/test_y.py", src, &testPatterns{}, []string{
		"test_a@7:5 infra=PostgreSQL skip@5",
		"test_b@10:5 infra=Redis skip@11",
		"test_c@13:5 infra=Clerk",
		"test_d@22:9 infra=PostgreSQL skip@21",
		"test_e@23:9 infra=PostgreSQL skip@24",
	})
	var refs []string
	for _, r := range te.Infra {
		refs = append(refs, fmt.Sprintf("%s@%d:%d", r.Name, r.Pos.Line, r.Pos.Col))
	}
	want := []string{"PostgreSQL@4:18", "Redis@9:18", "Clerk@15:25", "PostgreSQL@19:18", "Helper@28:21", "Module@30:25"}
	if !slices.Equal(refs, want) {
		t.Errorf("refs %v, want %v", refs, want)
	}
}

func TestPythonModuleWideMarks(t *testing.T) {
	src := `import pytest
pytestmark = [
    pytest.mark.skip(reason="x"),
    pytest.mark.requires_infra("PostgreSQL"),
]

def test_x(): pass

class TestY:
    def test_z(self): pass
`
	checkTests(t, "test_m.py", src, &testPatterns{}, []string{
		"test_x@7:5 infra=PostgreSQL skip@3",
		"test_z@10:9 infra=PostgreSQL skip@3",
	})
	checkTests(t, "test_n.py", "import pytest\npytest.skip(\"all\", allow_module_level=True)\n\ndef test_x(): pass\n",
		&testPatterns{}, []string{"test_x@4:5 skip@2"})
}

func TestGoTestFunctions(t *testing.T) {
	src := "package x\n\nimport \"testing\"\n\n" +
		"// func TestInComment(t *testing.T) {}\n\n" +
		"func TestA(t *testing.T) {\n\tRequiresInfra(t, \"PostgreSQL\")\n\tif x := \"}\"; x != \"\" {\n\t\tt.Skip(\"no\")\n\t}\n}\n\n" +
		"func Testlower(t *testing.T) {} // not a test: lower case after Test\n\n" +
		"func Test(t *testing.T) {}\n\n" +
		"func TestB(tb *testing.T) {\n\ts := `\nfunc TestInRawString(t *testing.T) {\n`\n\t_ = s\n}\n\n" +
		"func BenchmarkC(b *testing.B) {}\n" +
		"func helper(t *testing.T) { t.Skip() }\n" +
		"func Test_under(t *testing.T) { requires_infra(t, \"Redis\") }\n" +
		"/*\nfunc TestInBlockComment(t *testing.T) {}\n*/\n"
	checkTests(t, "pkg/x_test.go", src, &testPatterns{}, []string{
		"TestA@7:6 infra=PostgreSQL skip@10",
		"Test@16:6",
		"TestB@18:6",
		"Test_under@27:6 infra=Redis",
	})
}

func TestConfiguredTestPatterns(t *testing.T) {
	tp := &testPatterns{
		functions: []*regexp.Regexp{regexp.MustCompile(`(?m)^\s*test\(\s*"([^"]+)"`)},
		infra:     []*regexp.Regexp{regexp.MustCompile(`(?m)@infra (\w+)`)},
		skip:      []*regexp.Regexp{regexp.MustCompile(`(?m)\bskipIf\(`)},
	}
	src := `import { test } from "vitest"

// @infra PostgreSQL
test("first", () => {
  skipIf(true)
})

test("second", () => {})
// @infra Redis
test("third", () => {})
`
	checkTests(t, "web/app.test.ts", src, tp, []string{
		"first@4:7 infra=PostgreSQL skip@5",
		"second@8:7",
		"third@10:7 infra=Redis",
	})
}

func TestIsTestFileName(t *testing.T) {
	for name, want := range map[string]bool{
		"test_audit.py": true, "audit_test.py": true, "audit_test.go": true,
		"audit.py": false, "conftest.py": false, "testing.go": false, "test_data.json": false,
	} {
		if got := isTestFileName(name); got != want {
			t.Errorf("isTestFileName(%q) = %v", name, got)
		}
	}
}

// pyInfraReference is the default Python pattern with its leading \b, as
// regexp would apply it; allSubmatchIndex must find exactly its matches.
var pyInfraReference = regexp.MustCompile(`\b` + pyInfraPattern.String())

var wordStartCases = []string{
	"",
	`requires_infra("PostgreSQL")`,
	`@requires_infra('Redis') x requires_infra("S3")`,
	`xrequires_infra("hidden") requires_infra("seen")`,
	`xrequires_infra(" requires_infra('inner')`,
	`_requires_infra("no")9requires_infra("no") requires_infra(  'yes' )`,
	"requires_infra(\"a\nb\")",
	`requires_infra(requires_infra("nested"))`,
	`.requires_infra("dot")`,
	`é requires_infra("after non-ASCII")érequires_infra("glued to non-ASCII")`,
}

func TestAllSubmatchIndexChecksWordStart(t *testing.T) {
	for _, c := range wordStartCases {
		got := allSubmatchIndex(pyInfraPattern, []byte(c))
		want := pyInfraReference.FindAllSubmatchIndex([]byte(c), -1)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %v, the pattern with \\b finds %v", c, got, want)
		}
	}
}

func FuzzAllSubmatchIndex(f *testing.F) {
	for _, c := range wordStartCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		got := allSubmatchIndex(pyInfraPattern, text)
		want := pyInfraReference.FindAllSubmatchIndex(text, -1)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %v, the pattern with \\b finds %v", text, got, want)
		}
	})
}
