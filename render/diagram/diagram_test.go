package diagram

import (
	"maps"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/render/diagram/diagramtest"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
)

func TestDiagramGoldens(t *testing.T) {
	cases := []struct {
		prefix string
		s      *site.Site
		drift  map[string]int
	}{
		{"content", diagramtest.LoadContent(t), nil},
		{"crafted", diagramtest.LoadCrafted(t), nil},
		{"crafted-checked", diagramtest.LoadCrafted(t), diagramtest.CraftedDrift},
	}
	for _, c := range cases {
		names := Names(c.s)
		if c.drift != nil {
			names = []string{Drift}
		}
		for _, name := range names {
			t.Run(c.prefix+"/"+name, func(t *testing.T) {
				dot, err := DOT(c.s, name, Options{Drift: c.drift})
				if err != nil {
					t.Fatal(err)
				}
				again, _ := DOT(c.s, name, Options{Drift: c.drift})
				if again != dot {
					t.Fatal("two DOT generations differ")
				}
				checkGolden(t, filepath.Join("testdata", "diagrams", c.prefix+"-"+name+".dot.golden"), dot)
			})
		}
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	golden.Check(t, "./render/diagram", path, got)
}

func TestNames(t *testing.T) {
	s := diagramtest.LoadCrafted(t)
	got := strings.Join(Names(s), " ")
	want := "states drift layers obligations obligation-ob-1 obligation-ob-2"
	if got != want {
		t.Errorf("Names = %q, want %q", got, want)
	}
	if _, err := DOT(s, "nope", Options{}); err == nil || !strings.Contains(err.Error(), "--list") {
		t.Errorf("unknown diagram: err = %v", err)
	}
	if _, err := DOT(s, "obligation-nope", Options{}); err == nil {
		t.Error("unknown obligation diagram: no error")
	}
	if got := ObligationDiagramName(s, "OB-2"); got != "obligation-ob-2" {
		t.Errorf("ObligationDiagramName = %q", got)
	}
	for _, name := range Names(s) {
		if Description(name) == "" {
			t.Errorf("no description for %s", name)
		}
	}
}

func TestDiagramDriftVerdicts(t *testing.T) {
	s := diagramtest.LoadCrafted(t)
	unchecked, _ := DOT(s, Drift, Options{})
	for _, bad := range []string{`\nin sync`, `\ndrifted`, `\nnot checked`} {
		if strings.Contains(unchecked, bad) {
			t.Errorf("drift map without a check says %q", bad)
		}
	}
	checked, _ := DOT(s, Drift, Options{Drift: diagramtest.CraftedDrift})
	for _, want := range []string{`REGISTRY.md\n(Ground Truth)\nin sync`, `drifted (3)`, `checker.py\n(Mechanical enforcement)\nnot checked`,
		`docs/EXTRA.md\ndrifted (1)`, `UNDECLARED.md\n(not declared as an artifact)`} {
		if !strings.Contains(checked, want) {
			t.Errorf("checked drift map lacks %q:\n%s", want, checked)
		}
	}
}

// A doc without markers is drawn "not managed", neither in sync nor
// drifted, and not counted as drifted.
func TestDiagramDriftNotManaged(t *testing.T) {
	s := diagramtest.LoadCrafted(t)
	drift := maps.Clone(diagramtest.CraftedDrift)
	drift["docs/REGISTRY.md"] = NotManaged
	dot, _ := DOT(s, Drift, Options{Drift: drift})
	if want := `REGISTRY.md\n(Ground Truth)\nnot managed`; !strings.Contains(dot, want) {
		t.Errorf("the drift map lacks %q:\n%s", want, dot)
	}
	checked, _ := DOT(s, Drift, Options{Drift: diagramtest.CraftedDrift})
	if strings.Contains(dot, "not managed") == strings.Contains(checked, "not managed") {
		t.Error("the managed map says not managed too")
	}
	if strings.Count(dot, "drifted (") != strings.Count(checked, "drifted (") {
		t.Error("a doc not managed changed what is drifted")
	}
}

// dotNode matches one node statement.
var dotNode = regexp.MustCompile(`(?m)^\s*"[^"]+" \[`)

func TestDiagramsSummariseLargeModels(t *testing.T) {
	s := largeSite(1000, 10000, 300)
	for _, name := range []string{States, Drift, Layers, Obligations, "obligation-ob-00000"} {
		dot, err := DOT(s, name, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(dotNode.FindAllString(dot, -1)); n > maxDiagramNodes+10 {
			t.Errorf("%s draws %d nodes, want at most about %d", name, n, maxDiagramNodes)
		}
		if len(dot) > 200_000 {
			t.Errorf("%s is %d bytes of DOT", name, len(dot))
		}
	}
}

func TestDOTTextEscaping(t *testing.T) {
	for in, want := range map[string]string{
		`a "b"`:        `a \"b\"`,
		`x\N y\G`:      `x\\N y\\G`,
		"l1\nl2\r\tz":  `l1\nl2z`,
		"a & b &lt; c": "a &amp; b &amp;lt; c",
		"Größe — 日本語":  "Größe — 日本語",
		"{<>}":         "{<>}",
	} {
		if got := dotText(in); got != want {
			t.Errorf("dotText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDOTRefusesUnsafeAttributes(t *testing.T) {
	for _, key := range []string{"URL", "href", "stylesheet", "image", "shapefile", "fontpath", "imagepath"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("attribute %s was accepted", key)
				}
			}()
			writeAttrList(new(strings.Builder), []attr{a(key, "x")})
		}()
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"PB-S1":               "pb-s1",
		"  Foo  Bar__baz ":    "foo-bar-baz",
		"Größe — 日本語":         "größe-日本語",
		"<script>x</script>":  "script-x-script",
		"---":                 "x",
		"../../etc/passwd":    "etc-passwd",
		"javascript:alert(1)": "javascript-alert-1",
		"M10.Recovery.v2":     "m10-recovery-v2",
		"":                    "x",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	if got := strings.Join(uniqueSlugs([]string{"A.B", "a-b", "A B", "c"}), " "); got != "a-b a-b-2 a-b-3 c" {
		t.Errorf("uniqueSlugs = %q", got)
	}
}

func TestWrap(t *testing.T) {
	if got := strings.Join(wrapText("one two three four five six", 9, 2), "|"); got != "one two|three|…" {
		t.Errorf("wrapText = %q", got)
	}
	if got := strings.Join(wrapList([]string{"a", "b", "c", "d"}, 3, 3), "|"); got != "a,|b,|c|… and 1 more" {
		t.Errorf("wrapList = %q", got)
	}
}
