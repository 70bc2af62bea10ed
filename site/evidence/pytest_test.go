package evidence

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestPytestSkipsAsPytestSeesThem scans testdata/pytest with tests_root
// backend: skips from fixtures of the test file and of the conftest.py
// files up to the tests root (autouse ones included, and fixtures that
// request a skipping fixture), usefixtures marks on a class and in
// pytestmark, a module-level importorskip and pytest.skip(...,
// allow_module_level=True), and parametrized cases. The conftest.py above
// the tests root is never read.
func TestPytestSkipsAsPytestSeesThem(t *testing.T) {
	res, err := Scan(Input{FS: os.DirFS("testdata/pytest"), TestsRoot: "backend"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) > 0 {
		t.Errorf("findings: %v", res.Findings)
	}
	var got []string
	for _, te := range res.Evidence.TestFiles {
		for _, fn := range te.Functions {
			s := fmt.Sprintf("%s %s cases=%d", te.Path, fn.Name, fn.Cases)
			if fn.Skips {
				s += fmt.Sprintf(" skip@%s:%d", fn.SkipAt.File, fn.SkipAt.Line)
			}
			if fn.SkipFixture != "" {
				s += " fixture=" + fn.SkipFixture
			}
			got = append(got, s)
		}
	}
	want := []string{
		"tests/slow/test_slow.py test_slow_one cases=1 skip@backend/tests/slow/conftest.py:9 fixture=only_when_slow",
		"tests/slow/test_slow.py test_slow_two cases=1 skip@backend/tests/slow/conftest.py:9 fixture=only_when_slow",
		"tests/test_allow_module_level.py test_one cases=1 skip@backend/tests/test_allow_module_level.py:6",
		"tests/test_allow_module_level.py test_two cases=1 skip@backend/tests/test_allow_module_level.py:6",
		"tests/test_fixtures.py test_uses_db cases=1",
		"tests/test_fixtures.py test_uses_vault cases=1 skip@backend/conftest.py:14 fixture=vault",
		"tests/test_fixtures.py test_uses_vault_client cases=1 skip@backend/conftest.py:14 fixture=vault_client",
		"tests/test_fixtures.py test_uses_local cases=1 skip@backend/tests/test_fixtures.py:6 fixture=local_skip",
		"tests/test_fixtures.py test_uses_renamed cases=1",
		"tests/test_fixtures.py test_in_marked_class cases=1 skip@backend/conftest.py:14 fixture=vault",
		"tests/test_fixtures.py test_direct_skip_wins cases=1 skip@backend/tests/test_fixtures.py:36",
		"tests/test_importorskip.py test_ping cases=1 skip@backend/tests/test_importorskip.py:3",
		"tests/test_importorskip.py test_set cases=1 skip@backend/tests/test_importorskip.py:3",
		"tests/test_override.py test_local_vault cases=1",
		"tests/test_params.py test_three_cases cases=3",
		"tests/test_params.py test_stacked cases=4",
		"tests/test_params.py test_not_a_literal cases=0",
		"tests/test_params.py test_in_class cases=6",
		"tests/test_params.py test_plain cases=1",
		"tests/test_pytestmark.py test_first cases=1 skip@backend/conftest.py:14 fixture=vault",
		"tests/test_pytestmark.py test_second cases=1 skip@backend/conftest.py:14 fixture=vault",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPytestCases counts the cases of parametrize decorators written in
// other shapes.
func TestPytestCases(t *testing.T) {
	for _, c := range []struct {
		deco string
		want int
	}{
		{`@pytest.mark.parametrize("   ", [1, 2])`, 2},
		{`@pytest.mark.parametrize("   ", argvalues=[1, 2, 3])`, 3},
		{`@pytest.mark.parametrize(["a", "b"], [(1, 2), (3, 4),])`, 2},
		{`@pytest.mark.parametrize("   ", [])`, 0},
		{`@pytest.mark.parametrize("   ", make_cases())`, 0},
		{`@pytest.mark.parametrize("   ", [pytest.param(1, id="a"), pytest.param(2)])`, 2},
	} {
		if got := pyCases([]byte(c.deco)); got != c.want {
			t.Errorf("pyCases(%s) = %d, want %d", c.deco, got, c.want)
		}
	}
}
