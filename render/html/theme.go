package html

import (
	"path"
	"strings"

	"github.com/infradoc/infradoc/site"
)

// SiteLogo is the logo site.logo names, read by the caller.
type SiteLogo struct {
	// Name is the file's name; its extension says the image's type.
	Name string
	Data []byte
}

// themeView is what the layout needs of site.colors, site.dark_colors and
// site.logo: the paths, from the site's root, of the theme's stylesheet
// and of the logo, each "" when not configured.
type themeView struct {
	CSS, Logo string
}

// themeCSSPath is where the theme's colours are published.
const themeCSSPath = "static/theme.css"

// themeFiles returns the theme's paths and the jobs that publish its
// files.
func (b *builder) themeFiles() (themeView, []pageJob) {
	var v themeView
	var jobs []pageJob
	cfg := b.s.Config.Site
	if css := themeCSS(cfg.Colors, cfg.DarkColors); css != "" {
		v.CSS = themeCSSPath
		jobs = append(jobs, pageJob{path: themeCSSPath, data: func() ([]byte, error) { return []byte(css), nil }})
	}
	if l := b.in.Logo; l != nil && len(l.Data) > 0 {
		ext := strings.ToLower(path.Ext(l.Name))
		v.Logo = "static/logo" + ext
		data := l.Data
		jobs = append(jobs, pageJob{path: v.Logo, data: func() ([]byte, error) { return data, nil }})
	}
	return v, jobs
}

// themeCSS is the stylesheet that sets the configured colours: the light
// ones on :root, the dark ones with the same selectors as site.css's dark
// theme (the toggle's choice and the system's), later and so winning.
// Values are CSS colours (checked again here: nothing else may reach a
// stylesheet); "" when no colour is set.
func themeCSS(light, dark site.ThemeColors) string {
	decls := func(c site.ThemeColors, indent string) string {
		var b strings.Builder
		for _, tc := range c.List() {
			if site.IsCSSColor(tc.Value) {
				b.WriteString(indent + tc.Property + ": " + tc.Value + ";\n")
			}
		}
		return b.String()
	}
	l, d := decls(light, "  "), decls(dark, "  ")
	if l == "" && d == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString("/* The colours of site.colors and site.dark_colors in infradoc.yaml. */\n")
	if l != "" {
		b.WriteString(":root {\n" + l + "}\n")
	}
	if d != "" {
		b.WriteString(":root[data-theme=\"dark\"] {\n" + d + "}\n")
		b.WriteString("@media (prefers-color-scheme: dark) {\n  :root:not([data-theme=\"light\"]) {\n" + decls(dark, "    ") + "  }\n}\n")
	}
	return b.String()
}
