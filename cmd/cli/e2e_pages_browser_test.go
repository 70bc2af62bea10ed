package cli

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/infradoc/infradoc/site/rootfs/rootfstest"
	"github.com/infradoc/infradoc/site/synthetic"
)

// The page checks every page of a site runs, in the page: how far the page
// scrolls sideways, the smallest diagram text on screen (a text's font size
// in the SVG's units times the scale the SVG is drawn at, from its screen
// matrix), and, on an obligation's page, whether the verdict box is the
// first thing after the h1.
const pageChecksJS = `(() => {
	const out = {overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, minText: 0, texts: 0, images: 0, narrowImages: [], verdict: "n/a", h1: !!document.querySelector("main h1")};
	let min = Infinity;
	for (const t of document.querySelectorAll("main svg.infradoc-diagram text")) {
		const m = t.getScreenCTM();
		if (!m || !t.textContent.trim()) continue;
		const size = parseFloat(t.getAttribute("font-size") || getComputedStyle(t).fontSize);
		const px = size * Math.hypot(m.a, m.b);
		out.texts++;
		if (px < min) min = px;
	}
	out.minText = out.texts ? min : 0;
	// A diagram shown as an image is never drawn narrower than the width
	// its smallest text needs (its --diagram-min-width).
	out.narrowImages = Array.from(document.querySelectorAll("main img.diagram-img")).filter(img => {
		const need = parseFloat(getComputedStyle(img).getPropertyValue("--diagram-min-width"));
		return !(need > 0) || img.getBoundingClientRect().width < need - 1;
	}).map(img => img.getAttribute("src"));
	out.images = document.querySelectorAll("main img.diagram-img").length;
	if (/\/obligations\/[^/]+\.html$/.test(location.pathname)) {
		const h1 = document.querySelector("main h1");
		const next = h1 && h1.nextElementSibling;
		out.verdict = next && next.matches("section.verdict[data-verdict]") ? "first" : (next ? next.outerHTML.slice(0, 80) : "none");
	}
	return out;
})()`

// pageCheck is what pageChecksJS returns.
type pageCheck struct {
	Overflow     float64  `json:"overflow"`
	MinText      float64  `json:"minText"`
	Texts        int      `json:"texts"`
	Images       int      `json:"images"`
	NarrowImages []string `json:"narrowImages"`
	Verdict      string   `json:"verdict"`
	H1           bool     `json:"h1"`
}

// sitePages returns the path of every HTML page of the site at base, from
// its sitemap.xml (whose URLs may be absolute under the site's base_url).
func sitePages(t *testing.T, base string) []string {
	t.Helper()
	resp, err := http.Get(base + "sitemap.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("sitemap.xml: %v %s", err, resp.Status)
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(data, &sm); err != nil {
		t.Fatal(err)
	}
	var pages []string
	for _, u := range sm.URLs {
		p := u.Loc
		if parsed, err := neturl.Parse(p); err == nil && parsed.IsAbs() {
			p = strings.TrimPrefix(parsed.Path, "/")
		}
		pages = append(pages, p)
	}
	if len(pages) < 10 {
		t.Fatalf("the sitemap lists %d pages: %v", len(pages), pages)
	}
	return pages
}

// checkEveryPage opens every page of the site at base in the current
// viewport and theme and reports a page that scrolls sideways, diagram
// text under 12 px, or an obligation page whose verdict is not first. It
// returns how many diagram texts and images it measured.
func checkEveryPage(t *testing.T, ctx context.Context, base, label string, pages []string) int {
	t.Helper()
	texts := 0
	for _, p := range pages {
		step(t, ctx, label+": open /"+p, chromedp.Navigate(base+p))
		c := eval[pageCheck](t, ctx, pageChecksJS)
		if !c.H1 {
			t.Errorf("%s: /%s has no h1 in main", label, p)
		}
		if c.Overflow > 0 {
			t.Errorf("%s: /%s scrolls sideways by %.0f px", label, p, c.Overflow)
		}
		if c.Texts > 0 && c.MinText < 11.99 {
			t.Errorf("%s: /%s draws diagram text at %.1f px, want at least 12", label, p, c.MinText)
		}
		if len(c.NarrowImages) > 0 {
			t.Errorf("%s: /%s draws diagram images narrower than their text needs: %v", label, p, c.NarrowImages)
		}
		if c.Verdict != "n/a" && c.Verdict != "first" {
			t.Errorf("%s: /%s: the verdict box is not the first thing after the h1 (found %s)", label, p, c.Verdict)
		}
		texts += c.Texts + c.Images
	}
	return texts
}

// setTheme makes every page of the origin of base open in theme, as the
// toggle's choice does, and checks that it took.
func setTheme(t *testing.T, ctx context.Context, base, theme string) {
	t.Helper()
	step(t, ctx, "open the home page", chromedp.Navigate(base))
	eval[bool](t, ctx, `(localStorage.setItem("infradoc-theme", `+jsString(theme)+`), true)`)
	step(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if got := eval[string](t, ctx, `document.documentElement.getAttribute("data-theme")`); got != theme {
		t.Fatalf("the theme is %q, want %q", got, theme)
	}
}

// Viewports of the screenshot matrix.
var (
	desktopView = chromedp.EmulateViewport(1366, 900)
	phoneView   = chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)
)

// TestPagesInBrowser drives `infradoc serve` on a copy of content/ and on
// a small synthetic repository (200 obligations) with a real Chromium: no
// page of either scrolls sideways on a 390 px phone, in the light and the
// dark theme; no diagram draws text under 12 px, on a phone or a desktop;
// every obligation page opens with its verdict; the drift map shows each
// doc once; a diagram opens full size and links to its DOT source;
// registry rows are cards and the filters fold under one button on a
// phone; site.colors reach the pages. It writes the screenshot matrix (home, an
// obligation, a doc and search; light and dark; desktop and phone) to
// artifactsDir.
func TestPagesInBrowser(t *testing.T) {
	exe := findChromium(t)
	shots := artifactsDir(t)
	content := startServe(t, copyTree(t, filepath.Join("..", "..", "content")))
	synth := t.TempDir()
	if err := synthetic.Generate(synth, synthetic.Options{Items: 40, Obligations: 200, Docs: 6, Seed: 16}); err != nil {
		t.Fatal(err)
	}
	appendFile(t, filepath.Join(synth, synthetic.ConfigFile), "  colors:\n    link: \"#7b1fa2\"\n  dark_colors:\n    link: plum\n")
	synthURL := startServe(t, synth)
	ctx, console := newBrowser(t, exe)
	type css = chromedp.CSS
	contentPages := sitePages(t, content)
	synthPages := sitePages(t, synthURL)
	from := console.len()

	t.Run("every page on a phone, both themes", func(t *testing.T) {
		step(t, ctx, "emulate a phone", phoneView)
		for _, theme := range []string{"light", "dark"} {
			setTheme(t, ctx, content, theme)
			if n := checkEveryPage(t, ctx, content, "content/ "+theme, contentPages); n == 0 {
				t.Errorf("content/ %s: no diagram text was measured", theme)
			}
		}
		setTheme(t, ctx, synthURL, "light")
		if n := checkEveryPage(t, ctx, synthURL, "synthetic light", synthPages); n == 0 {
			t.Error("synthetic: no diagram text was measured")
		}
		// The synthetic site's pages have the same templates in both
		// themes: a sample of each kind is enough for the dark one.
		setTheme(t, ctx, synthURL, "dark")
		var sample []string
		kinds := map[string]bool{}
		for _, p := range synthPages {
			kind := strings.SplitN(p, "/", 2)[0]
			if !kinds[kind] {
				kinds[kind] = true
				sample = append(sample, p)
			}
		}
		checkEveryPage(t, ctx, synthURL, "synthetic dark", sample)
	})

	t.Run("diagram text on a desktop", func(t *testing.T) {
		step(t, ctx, "use a desktop window", desktopView)
		setTheme(t, ctx, content, "light")
		var diagramPages []string
		for _, p := range contentPages {
			if p == "index.html" || strings.HasPrefix(p, "obligations/") && strings.Count(p, "/") == 1 {
				diagramPages = append(diagramPages, p)
			}
		}
		if n := checkEveryPage(t, ctx, content, "content/ desktop", diagramPages); n == 0 {
			t.Error("no diagram text was measured on a desktop")
		}
		// On a desktop the home diagrams fit the page: none scrolls.
		step(t, ctx, "open the home page", chromedp.Navigate(content))
		if wide := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("figure.diagram")).filter(f => { const b = f.querySelector(".diagram-svg"); return b.scrollWidth > b.clientWidth + 1 }).map(f => f.id)`); len(wide) > 0 {
			t.Errorf("home diagrams that scroll sideways on a 1366 px desktop: %v", wide)
		}
	})

	t.Run("drift map shows each doc once", func(t *testing.T) {
		step(t, ctx, "open the home page", chromedp.Navigate(content), chromedp.WaitVisible(css("#diagram-drift svg")))
		docs := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#diagram-drift svg text")).map(t => t.textContent.trim()).filter(s => s.endsWith(".md"))`)
		seen := map[string]string{}
		for _, d := range docs {
			base := d[strings.LastIndex(d, "docs/")+1:]
			if other, dup := seen[base]; dup {
				t.Errorf("the drift map shows %s twice: %q and %q", base, other, d)
			}
			seen[base] = d
		}
		if len(seen) < 3 {
			t.Errorf("the drift map shows %d docs: %v", len(seen), docs)
		}
	})

	t.Run("full size and DOT source", func(t *testing.T) {
		step(t, ctx, "open the home page", chromedp.Navigate(content), chromedp.WaitVisible(css("#diagram-layers [data-diagram-open]")))
		dotHref := eval[string](t, ctx, `document.querySelector("#diagram-layers a[data-diagram-dot]").href`)
		resp, err := http.Get(dotHref)
		if err != nil {
			t.Fatal(err)
		}
		dot, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(dot), "digraph infradoc {") {
			t.Errorf("%s: %s, not the layers DOT:\n%.200s", dotHref, resp.Status, dot)
		}
		// An obligation's page carries its diagram's DOT source, folded.
		step(t, ctx, "open M10", chromedp.Navigate(content+"obligations/M10.html"), chromedp.WaitVisible(css("#diagram-obligation-m10 summary")))
		step(t, ctx, "unfold its DOT source", chromedp.Click(css("#diagram-obligation-m10 details.diagram-dot > summary")))
		if src := eval[string](t, ctx, `(() => { const p = document.querySelector("#diagram-obligation-m10 details.diagram-dot[open] pre"); return p && p.getClientRects().length ? p.textContent : "" })()`); !strings.Contains(src, "digraph infradoc {") || !strings.Contains(src, "M10") {
			t.Errorf("M10's DOT source is not shown when unfolded: %.200q", src)
		}
		step(t, ctx, "back home", chromedp.Navigate(content), chromedp.WaitVisible(css("#diagram-layers [data-diagram-open]")))
		step(t, ctx, "open the layers diagram full size", chromedp.Click(css("#diagram-layers [data-diagram-open]")))
		waitUntil(t, ctx, "the full-size view", `!!document.querySelector("dialog.diagram-full[open] .diagram-full-view svg")`)
		natural := eval[float64](t, ctx, `(() => { const s = document.querySelector("dialog.diagram-full svg"); return s.getBoundingClientRect().width / (parseFloat(s.getAttribute("width")) * 4 / 3) })()`)
		if natural < 0.99 || natural > 1.01 {
			t.Errorf("the full-size view draws the diagram at %.2f of its natural size, want 1", natural)
		}
		step(t, ctx, "zoom in", chromedp.Click(css(`dialog.diagram-full button[aria-label="Zoom in"]`)))
		if z := eval[float64](t, ctx, `(() => { const s = document.querySelector("dialog.diagram-full svg"); return s.getBoundingClientRect().width / (parseFloat(s.getAttribute("width")) * 4 / 3) })()`); z < 1.2 {
			t.Errorf("zooming in draws the diagram at %.2f of its natural size", z)
		}
		screenshot(t, ctx, shots, "pages-diagram-full.png")
		step(t, ctx, "close with Escape", chromedp.KeyEvent("\x1b"))
		waitUntil(t, ctx, "the diagram back in the page", `!document.querySelector("dialog.diagram-full[open]") && !!document.querySelector("#diagram-layers .diagram-svg svg") && document.activeElement.matches("#diagram-layers [data-diagram-open]")`)
	})

	t.Run("phone: cards and folded filters", func(t *testing.T) {
		step(t, ctx, "emulate a phone", phoneView)
		defer step(t, ctx, "back to the desktop", desktopView)
		for _, p := range []string{"registry.html", "obligations.html"} {
			step(t, ctx, "open /"+p, chromedp.Navigate(content+p), chromedp.WaitVisible(css("main h1")))
			if open := eval[bool](t, ctx, `document.querySelector("details[data-filter-panel]").open`); open {
				t.Errorf("/%s: the filters are open on a phone, want them folded under their button", p)
			}
			if d := eval[string](t, ctx, `getComputedStyle(document.querySelector("table.data tbody tr")).display`); d != "block" {
				t.Errorf("/%s: rows are display %s on a phone, want cards (block)", p, d)
			}
			// The first screen shows rows, not filters.
			if top := eval[float64](t, ctx, `document.querySelector("table.data tbody tr").getBoundingClientRect().top`); top > 844 {
				t.Errorf("/%s: the first row starts %.0f px down, below the first screen", p, top)
			}
			step(t, ctx, "unfold the filters", chromedp.Click(css("details[data-filter-panel] > summary")))
			waitUntil(t, ctx, "the filters shown", `document.querySelector("details[data-filter-panel]").open && !!document.querySelector("details[data-filter-panel] nav").getClientRects().length`)
		}
		step(t, ctx, "use a desktop window", desktopView)
		step(t, ctx, "open /registry.html", chromedp.Navigate(content+"registry.html"), chromedp.WaitVisible(css("main h1")))
		if open := eval[bool](t, ctx, `document.querySelector("details[data-filter-panel]").open && getComputedStyle(document.querySelector("details[data-filter-panel] > summary")).display === "none"`); !open {
			t.Error("on a desktop the filters are not shown open without their button")
		}
	})

	t.Run("site colours", func(t *testing.T) {
		step(t, ctx, "use a desktop window", desktopView)
		want := map[string]string{"light": "rgb(123, 31, 162)", "dark": "rgb(221, 160, 221)"}
		for _, theme := range []string{"light", "dark"} {
			setTheme(t, ctx, synthURL, theme)
			if got := eval[string](t, ctx, `getComputedStyle(document.querySelector('main p a[href$="registry.html"]')).color`); got != want[theme] {
				t.Errorf("%s theme: links are %s, want site.colors' %s", theme, got, want[theme])
			}
		}
	})

	t.Run("screenshot matrix", func(t *testing.T) {
		obligation := "obligations/M10.html"
		doc := ""
		for _, p := range contentPages {
			if strings.HasPrefix(p, "docs/") {
				doc = p
				break
			}
		}
		if doc == "" {
			t.Fatal("content/ has no doc page")
		}
		paths := map[string]string{"home": "", "obligation": obligation, "doc": doc, "search": "search.html?q=dead+letter"}
		views := map[string]chromedp.Action[chromedp.Void]{"desktop": desktopView, "phone": phoneView}
		for _, theme := range matrixThemes {
			step(t, ctx, "use a desktop window", desktopView)
			setTheme(t, ctx, content, theme)
			for _, view := range matrixViews {
				step(t, ctx, "use a "+view+" window", views[view])
				for _, page := range matrixPages {
					step(t, ctx, "open /"+paths[page], chromedp.Navigate(content+paths[page]), chromedp.WaitVisible(css("main h1")))
					name := matrixScreenshot(page, theme, view)
					png := screenshot(t, ctx, shots, name)
					if *reviewScreenshots {
						rootfstest.WriteFile(t, reviewScreenshotsDir, name, png)
					}
				}
			}
		}
		step(t, ctx, "back to the desktop", desktopView)
		setTheme(t, ctx, content, "light")
	})

	if problems := console.problems(from); len(problems) > 0 {
		t.Errorf("console problems:\n%s", strings.Join(problems, "\n"))
	}
}

// appendFile appends text to the file at p.
func appendFile(t *testing.T, p, text string) {
	t.Helper()
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
