package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
)

// appendSite appends lines to the site block that ends the fixture's
// infradoc.yaml and returns the line the first one is on.
func appendSite(t *testing.T, dir string, lines ...string) int {
	t.Helper()
	p := filepath.Join(dir, site.ConfigFileName)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Count(string(data), "\n") + 1
	if err := os.WriteFile(p, append(data, strings.Join(lines, "\n")+"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	return line
}

// TestThemeColorsAndLogo: site.colors, site.dark_colors and site.logo
// reach the site: the logo is copied and shown in every page's header, the
// colours are a stylesheet every page links after site.css.
func TestThemeColorsAndLogo(t *testing.T) {
	dir := overrideRepo(t)
	logo := []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>`)
	rootfstest.WriteFile(t, dir, "assets/brand.svg", logo)
	appendSite(t, dir, "  logo: assets/brand.svg", "  colors:", `    link: "#7b1fa2"`, "    surface: oklch(97% 0.01 300)",
		"  dark_colors:", "    link: plum")
	files := mustBuildRepo(t, dir, "public", t.TempDir())
	if string(files["static/logo.svg"]) != string(logo) {
		t.Errorf("static/logo.svg is %q, want the configured logo", files["static/logo.svg"])
	}
	css := string(files["static/theme.css"])
	for _, want := range []string{":root {\n  --surface: oklch(97% 0.01 300);\n  --link: #7b1fa2;\n}", ":root[data-theme=\"dark\"] {\n  --link: plum;\n}",
		"@media (prefers-color-scheme: dark) {\n  :root:not([data-theme=\"light\"]) {\n    --link: plum;\n  }\n}"} {
		if !strings.Contains(css, want) {
			t.Errorf("static/theme.css lacks %q:\n%s", want, css)
		}
	}
	for _, page := range []string{"index.html", "registry.html"} {
		html := string(files[page])
		if !strings.Contains(html, `<link rel="stylesheet" href="static/site.css">`+"\n"+`<link rel="stylesheet" href="static/theme.css">`) {
			t.Errorf("%s does not link static/theme.css after site.css", page)
		}
		if !strings.Contains(html, `<img class="brand-logo" src="static/logo.svg" alt="" height="28">`) {
			t.Errorf("%s does not show the logo in its header", page)
		}
	}
}

// TestThemeLogoMissing: a logo that is not there is an error at the
// config's logo key.
func TestThemeLogoMissing(t *testing.T) {
	dir := overrideRepo(t)
	line := appendSite(t, dir, "  logo: assets/none.png")
	res, _ := buildRepo(t, dir, filepath.Join(t.TempDir(), "public"), t.TempDir())
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.String())
	}
	want := fmt.Sprintf("infradoc.yaml:%d:9:", line) + " error: site.logo assets/none.png does not exist [file-missing]"
	if len(got) != 1 || got[0] != want {
		t.Errorf("findings %q, want [%q]", got, want)
	}
}
