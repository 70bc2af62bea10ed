package html

import (
	"testing"

	"github.com/infradoc/infradoc/site"
)

// TestThemeCSS: configured colours become custom properties, light on
// :root and dark under both of site.css's dark selectors; a value that is
// not a CSS colour never reaches the stylesheet, even from a config that
// was not validated; no colour gives no stylesheet.
func TestThemeCSS(t *testing.T) {
	if got := themeCSS(site.ThemeColors{}, site.ThemeColors{}); got != "" {
		t.Errorf("no colours gave %q", got)
	}
	got := themeCSS(site.ThemeColors{Link: "#7b1fa2", Text: "red;} body{display:none", Background: " white "},
		site.ThemeColors{Bad: "hsl(0 80% 60%)"})
	want := "/* The colours of site.colors and site.dark_colors in infradoc.yaml. */\n" +
		":root {\n  --bg: white;\n  --link: #7b1fa2;\n}\n" +
		":root[data-theme=\"dark\"] {\n  --bad: hsl(0 80% 60%);\n}\n" +
		"@media (prefers-color-scheme: dark) {\n  :root:not([data-theme=\"light\"]) {\n    --bad: hsl(0 80% 60%);\n  }\n}\n"
	if got != want {
		t.Errorf("themeCSS:\n%s\nwant:\n%s", got, want)
	}
	if got := themeCSS(site.ThemeColors{Link: "url(x)"}, site.ThemeColors{}); got != "" {
		t.Errorf("only an invalid colour gave %q", got)
	}
}
