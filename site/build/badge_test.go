package build

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
)

// badgeValue returns what a badge says: the text of its <title>.
func badgeValue(t *testing.T, files map[string][]byte, name string) string {
	t.Helper()
	data, ok := files["badges/"+name]
	if !ok {
		t.Fatalf("the site has no badges/%s", name)
	}
	m := regexp.MustCompile(`<title>([^<]*)</title>`).FindSubmatch(data)
	if m == nil {
		t.Fatalf("badges/%s has no title:\n%s", name, data)
	}
	return string(m[1])
}

// The badges are files of the build like its pages: listed in the
// manifest, rewritten when what they count changes, left alone otherwise.
// Moving an item to state C changes state-c.svg, and makes the doc that
// counts state C stale, which docs.svg says.
func TestBadgesFollowTheRegistry(t *testing.T) {
	dir := overrideRepo(t)
	rootfstest.WriteFile(t, dir, "docs/STATE.md", []byte("# State\n\nIn state C: <!-- infradoc:value registry.state.C -->1<!-- infradoc:end -->.\n"))
	reg := filepath.Join(dir, "INFRA_REGISTRY.yaml")
	data, err := os.ReadFile(reg)
	if err != nil {
		t.Fatal(err)
	}
	redis := "\n  - name: Redis\n    category: Cache\n    layer: L6\n    state: B\n    used_by: [Tests]\n    failure_mode: Skip\n" +
		"    stub: {available: true, note: mock}\n    local_strategy: Local Redis\n    owner: Platform\n"
	if err := os.WriteFile(reg, append(data, redis...), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	files := mustBuildRepo(t, dir, "public", cache)
	for name, want := range map[string]string{
		"state-c.svg":  "state C: 1/2 (50%)",
		"promoted.svg": "promoted: 0/1 obligations",
		"docs.svg":     "docs: in sync",
	} {
		if got := badgeValue(t, files, name); got != want {
			t.Errorf("badges/%s says %q, want %q", name, got, want)
		}
	}
	manifest := strings.Split(string(files[ManifestName]), "\n")
	for _, p := range []string{"badges/state-c.svg", "badges/promoted.svg", "badges/docs.svg"} {
		if !slices.Contains(manifest, p) {
			t.Errorf("the manifest does not list %s:\n%s", p, files[ManifestName])
		}
	}

	// In state C, Redis must FAIL (rule R4).
	redisC := strings.NewReplacer("state: B", "state: C", "failure_mode: Skip", "failure_mode: FAIL").Replace(redis)
	if err := os.WriteFile(reg, append(data, redisC...), 0o644); err != nil {
		t.Fatal(err)
	}
	again := mustBuildRepo(t, dir, "public", cache)
	if got, want := badgeValue(t, again, "state-c.svg"), "state C: 2/2 (100%)"; got != want {
		t.Errorf("after Redis moved to C, badges/state-c.svg says %q, want %q", got, want)
	}
	if got, want := badgeValue(t, again, "docs.svg"), "docs: 1 stale"; got != want {
		t.Errorf("after Redis moved to C, badges/docs.svg says %q, want %q", got, want)
	}
	if !bytes.Equal(again["badges/promoted.svg"], files["badges/promoted.svg"]) {
		t.Errorf("badges/promoted.svg changed though no obligation did")
	}
	if !bytes.Contains(again["badges/state-c.svg"], []byte(`fill="#4c1"`)) {
		t.Errorf("badges/state-c.svg is not green with every item in state C:\n%s", again["badges/state-c.svg"])
	}
	if !bytes.Contains(again["badges/docs.svg"], []byte(`fill="#e05d44"`)) {
		t.Errorf("badges/docs.svg is not red with a stale doc:\n%s", again["badges/docs.svg"])
	}
}
