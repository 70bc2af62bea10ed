package promote

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aymanbagabas/go-udiff"
	"github.com/infradoc/infradoc/site/golden"
	"github.com/infradoc/infradoc/site/verify"
)

// update rewrites golden files instead of comparing: go test ./site/promote -update

func proven() verify.Criteria {
	t := true
	return verify.Criteria{AllObjectsExist: &t, AllTestsPass: &t, NoSchemaDrift: &t, MigrationsExist: &t}
}

// TestPromoteGolden promotes one obligation of each file under testdata
// and compares the file written with NAME.golden and the unified diff
// with NAME.diff.golden: the diff is what a reviewer reads, and it must
// hold the changed lines only.
func TestPromoteGolden(t *testing.T) {
	for _, tc := range []struct{ file, id string }{
		{"per-file.yaml", "LG-1"},        // list of criteria, promoted_at: null, comments
		{"list-mapping.yaml", "LED-2"},   // obligations: list, quoted status, no promoted_at
		{"flow.yaml", "CF-1"},            // a flow mapping after a non-ASCII title
		{"flow.yaml", "CF-2"},            // a flow list of criteria, promoted_at: ~
		{"no-criteria.yaml", "AUD-1"},    // no promotion_criteria, an empty promoted_at:
		{"empty-criteria.yaml", "AUD-2"}, // promotion_criteria: null, no promoted_at
	} {
		t.Run(tc.file+"/"+tc.id, func(t *testing.T) {
			p := filepath.Join("testdata", tc.file)
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Promote(src, p, tc.id, proven(), "2026-12-05")
			if err != nil {
				t.Fatal(err)
			}
			base := strings.TrimSuffix(tc.file, ".yaml") + "-" + tc.id
			golden.Check(t, "./site/promote", filepath.Join("testdata", base+".golden"), string(out))
			diff := udiff.Unified(tc.file, tc.file+" (promoted)", string(src), string(out))
			golden.Check(t, "./site/promote", filepath.Join("testdata", base+".diff.golden"), diff)

			// Only the lines of status, promoted_at and the criteria change.
			for _, l := range strings.Split(diff, "\n") {
				if (strings.HasPrefix(l, "-") || strings.HasPrefix(l, "+")) && !strings.HasPrefix(l, "---") && !strings.HasPrefix(l, "+++") {
					if !strings.Contains(l, "status") && !strings.Contains(l, "promoted_at") && !strings.Contains(l, "_exist") && !strings.Contains(l, "all_tests_pass") && !strings.Contains(l, "no_schema_drift") && !strings.Contains(l, "promotion_criteria") && !strings.Contains(l, tc.id) {
						t.Errorf("a line promote should not touch changed: %q", l)
					}
				}
			}
			// Promoting again is refused: it is PROMOTED now.
			if _, err := Promote(out, p, tc.id, proven(), "2026-12-05"); err == nil || !strings.Contains(err.Error(), "already PROMOTED") {
				t.Errorf("promoting twice: %v", err)
			}
		})
	}
}

// TestPromoteRefuses checks what stops an edit, each at its place.
func TestPromoteRefuses(t *testing.T) {
	read := func(name string) []byte {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return src
	}
	f := false
	unproven := proven()
	unproven.AllTestsPass = &f
	noDB := proven()
	noDB.NoSchemaDrift = nil
	for _, tc := range []struct {
		src   []byte
		id    string
		c     verify.Criteria
		today string
		want  string
	}{
		{read("list-mapping.yaml"), "PAY-1", proven(), "2026-12-05", "x.yaml:9:13: PAY-1 is already PROMOTED"},
		{read("list-mapping.yaml"), "NOPE", proven(), "2026-12-05", "x.yaml:1:1: declares no obligation NOPE"},
		{read("per-file.yaml"), "LG-1", unproven, "2026-12-05", "x.yaml:1:1: LG-1: criterion all_tests_pass is not proven; nothing written"},
		{read("per-file.yaml"), "LG-1", noDB, "2026-12-05", "x.yaml:1:1: LG-1: criterion no_schema_drift is not proven; nothing written"},
		{read("per-file.yaml"), "LG-1", proven(), "2026-13-05", `x.yaml:1:1: today's date "2026-13-05" is not a real calendar date`},
		{[]byte("obligations:\n  - id: A\n    status: PARTIAL\n    promotion_criteria:\n      all_tests_pass: true\n      signed_off: false\n    created: 2026-01-01\n"), "A", proven(), "2026-12-05",
			"x.yaml:6:19: criterion signed_off is not one verify proves, and it is not true: make it true by hand (or remove it) before promoting"},
		{[]byte("infra_obligation:\n  id: A\n  status: DEPRECATED\n"), "A", proven(), "2026-12-05", "x.yaml:3:11: A is DEPRECATED: a deprecated obligation is not promoted"},
		{[]byte("infra_obligation:\n  id: A\n  status: !!str PARTIAL\n  created: 2026-01-01\n"), "A", proven(), "2026-12-05", `x.yaml:3:11: "PARTIAL" is written in a form promote does not edit (a tag, or more than one line): edit it by hand`},
		{[]byte("obligations: [\n"), "A", proven(), "2026-12-05", "x.yaml:1:1: not valid YAML: "},
	} {
		_, err := Promote(tc.src, "x.yaml", tc.id, tc.c, tc.today)
		var pe *Error
		if err == nil || !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %s", tc.id, err, tc.want)
		}
	}
}
