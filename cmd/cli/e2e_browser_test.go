package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSiteInBrowser drives `infradoc serve` on a copy of content/ with a
// real headless Chromium: it browses, searches, filters, toggles the
// theme, edits the YAML under the open page and breaks and fixes it, and
// fails on any console error. Screenshots go to artifactsDir.
func TestSiteInBrowser(t *testing.T) {
	exe := findChromium(t)
	shots := artifactsDir(t)
	repo := copyTree(t, filepath.Join("..", "..", "content"))
	url := startServe(t, repo)
	ctx, console := newBrowser(t, exe)
	type css = chromedp.CSS

	t.Run("home", func(t *testing.T) {
		step(t, ctx, "open the home page", chromedp.Navigate(url), chromedp.WaitVisible(css("main h1")))
		if h1 := eval[string](t, ctx, `document.querySelector("main h1").textContent`); !strings.Contains(h1, "Infra governance") {
			t.Errorf("home page heading %q", h1)
		}
		landmarks := eval[bool](t, ctx, `!!(document.querySelector("header") && document.querySelector("nav[aria-label]") && document.querySelector("main#main") && document.querySelector("footer"))`)
		if !landmarks {
			t.Error("the home page lacks a header, labelled nav, main or footer landmark")
		}
		// Each diagram is one img (the SVG, named by its own title and
		// desc), centred, in a box no taller than 70% of the viewport.
		const figures = `Array.from(document.querySelectorAll("main figure.diagram"))`
		if n := eval[int](t, ctx, figures+`.length`); n == 0 {
			t.Error("the home page shows no diagram")
		}
		if bad := eval[[]string](t, ctx, figures+`.filter(f => {
			const imgs = f.querySelectorAll('[role="img"]'), svg = f.querySelector("svg");
			if (imgs.length !== 1 || imgs[0] !== svg || !svg.getAttribute("aria-labelledby")) return true;
			// The diagram's box is at most 70vh tall (a taller diagram
			// scrolls in it, keeping its text legible); a diagram narrower
			// than its box is centred in it.
			const r = svg.getBoundingClientRect(), box = f.querySelector(".diagram-svg").getBoundingClientRect();
			return box.height > innerHeight * 0.7 + 1 || (r.width < box.width - 1 && Math.abs((r.left + r.right) / 2 - (box.left + box.right) / 2) > 2);
		}).map(f => f.id)`); len(bad) > 0 {
			t.Errorf("diagrams that are not one img, centred, in a box at most 70vh tall: %v", bad)
		}
		screenshot(t, ctx, shots, "home.png")
	})

	t.Run("follow a link to an obligation", func(t *testing.T) {
		link := css(`table[data-filter-table="obligations"] a[href$="PB-S1.html"]`)
		step(t, ctx, "open the obligations page", chromedp.Click(css(`nav a[href$="obligations.html"]`)), chromedp.WaitVisible(link))
		step(t, ctx, "follow the link to PB-S1", chromedp.Click(link), chromedp.WaitVisible(css("main h1 .id")))
		waitUntil(t, ctx, "the PB-S1 page", `location.pathname.endsWith("/obligations/PB-S1.html") && document.querySelector("main h1").textContent.includes("PB-S1")`)
		screenshot(t, ctx, shots, "obligation.png")
	})

	t.Run("search", func(t *testing.T) {
		result := css(`#search-results a[href$="obligations/M26.html"]`)
		step(t, ctx, "type into the search box",
			chromedp.Click(css("#search-input")),
			chromedp.SendKeys(css("#search-input"), "tenant cost"),
			chromedp.WaitVisible(result))
		step(t, ctx, "follow the result", chromedp.Click(result))
		waitUntil(t, ctx, "the M26 page", `location.pathname.endsWith("/obligations/M26.html") && document.querySelector("main h1").textContent.includes("M26")`)
	})

	t.Run("registry filter", func(t *testing.T) {
		sel := css(`select[data-filter="state"]`)
		step(t, ctx, "open the registry", chromedp.Navigate(url+"registry.html"), chromedp.WaitVisible(sel))
		screenshot(t, ctx, shots, "registry.png")
		const rows = `Array.from(document.querySelectorAll('table[data-filter-table="registry"] tbody tr'))`
		total := eval[int](t, ctx, rows+`.length`)
		inC := eval[int](t, ctx, rows+`.filter(r => r.dataset.state === "C").length`)
		if inC == 0 || inC == total {
			t.Fatalf("the fixture needs items in state C and others: %d of %d", inC, total)
		}
		// The keyboard picks an option of a focused <select>, as a user does.
		step(t, ctx, "filter by state C", chromedp.Focus(sel), chromedp.KeyEvent("C"))
		waitUntil(t, ctx, "state C rows only", fmt.Sprintf(`%s.filter(r => !r.hidden).length === %d && %s.every(r => r.hidden || r.dataset.state === "C")`, rows, inC, rows))
		if got, want := eval[string](t, ctx, `document.querySelector(".filter-count").textContent`), fmt.Sprintf("%d of %d shown", inC, total); got != want {
			t.Errorf("filter count %q, want %q", got, want)
		}
	})

	t.Run("theme toggle sticks", func(t *testing.T) {
		step(t, ctx, "open the home page", chromedp.Navigate(url), chromedp.WaitVisible(css("[data-theme-toggle]")))
		const theme = `document.documentElement.getAttribute("data-theme") || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light")`
		const background = `getComputedStyle(document.body).backgroundColor`
		// Inline diagrams take their colours from the site's stylesheet, so
		// their text follows the toggle like the page's does.
		const diagramText = `getComputedStyle(document.querySelector("svg.infradoc-diagram text")).fill`
		before, bgBefore := eval[string](t, ctx, theme), eval[string](t, ctx, background)
		textBefore := eval[string](t, ctx, diagramText)
		step(t, ctx, "toggle the theme", chromedp.Click(css("[data-theme-toggle]")))
		waitUntil(t, ctx, "another theme and background", fmt.Sprintf(`(%s) !== %s && (%s) !== %s`, theme, jsString(before), background, jsString(bgBefore)))
		after, bgAfter := eval[string](t, ctx, theme), eval[string](t, ctx, background)
		wantText := map[string]string{"light": "rgb(31, 35, 40)", "dark": "rgb(230, 237, 243)"}
		if got := eval[string](t, ctx, diagramText); got != wantText[after] || got == textBefore {
			t.Errorf("diagram text is %s in the %s theme (was %s), want %s", got, after, textBefore, wantText[after])
		}
		if pressed := eval[string](t, ctx, `document.querySelector("[data-theme-toggle]").getAttribute("aria-pressed")`); pressed != fmt.Sprint(after == "dark") {
			t.Errorf("theme %s but the toggle says aria-pressed=%s", after, pressed)
		}
		step(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(css("main h1")))
		if got := eval[string](t, ctx, theme); got != after {
			t.Errorf("after a reload the theme is %s, want %s (the choice must stick)", got, after)
		}
		if got := eval[string](t, ctx, background); got != bgAfter {
			t.Errorf("after a reload the background is %s, want %s", got, bgAfter)
		}
		screenshot(t, ctx, shots, "home-"+after+".png")
		step(t, ctx, "toggle back", chromedp.Click(css("[data-theme-toggle]")))
	})

	t.Run("keyboard: skip link first", func(t *testing.T) {
		step(t, ctx, "open the home page", chromedp.Navigate(url), chromedp.WaitVisible(css("main h1")))
		step(t, ctx, "press Tab", chromedp.KeyEvent("\t"))
		if got := eval[string](t, ctx, `document.activeElement ? document.activeElement.getAttribute("href") || "" : ""`); got != "#main" {
			t.Errorf("the first Tab focuses %q, want the skip link to #main", got)
		}
	})

	t.Run("phone width", func(t *testing.T) {
		step(t, ctx, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
		defer step(t, ctx, "back to the desktop", chromedp.ResetViewport())
		for _, page := range []string{"", "registry.html", "obligations.html", "obligations/PB-S1.html"} {
			step(t, ctx, "open /"+page, chromedp.Navigate(url+page), chromedp.WaitVisible(css("main h1")))
			if overflow := eval[int](t, ctx, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); overflow > 0 {
				t.Errorf("/%s scrolls sideways on a phone by %d px (wide content belongs in a scrolling box)", page, overflow)
			}
		}
		step(t, ctx, "open the home page", chromedp.Navigate(url), chromedp.WaitVisible(css("main h1")))
		// The header stays short: brand, nav, then the search box with the
		// theme toggle beside it.
		if h := eval[float64](t, ctx, `document.querySelector(".site-header").getBoundingClientRect().height`); h > 140 {
			t.Errorf("the header is %.0f px tall on a phone, want at most 140", h)
		}
		const centre = `(e => { const r = document.querySelector(e).getBoundingClientRect(); return (r.top + r.bottom) / 2 })`
		if d := eval[float64](t, ctx, `Math.abs(`+centre+`("[data-theme-toggle]") - `+centre+`("#search-input"))`); d > 4 {
			t.Errorf("the theme toggle is %.0f px off the search box's row on a phone", d)
		}
		screenshot(t, ctx, shots, "home-phone.png")
	})

	obligation := filepath.Join(repo, "obligations", "PB-S1.yaml")
	const title = "title: Retry State Is Append-Only"
	const edited = "Retry State Is Append-Only, edited live"

	t.Run("live reload", func(t *testing.T) {
		step(t, ctx, "open PB-S1", chromedp.Navigate(url+"obligations/PB-S1.html"), chromedp.WaitVisible(css("main h1")))
		eval[chromedp.Void](t, ctx, `window.infradocSameDocument = true`)
		saveLikeAnEditor(t, obligation, func(s string) string { return strings.Replace(s, title, "title: "+edited, 1) })
		waitUntil(t, ctx, "the edited title without a manual reload",
			`!window.infradocSameDocument && document.querySelector("main h1").textContent.includes(`+jsString(edited)+`)`)
	})

	if p := console.problems(0); len(p) > 0 {
		t.Errorf("console problems while browsing:\n%s", strings.Join(p, "\n"))
	}

	t.Run("build error in the page, then recovery", func(t *testing.T) {
		mark := console.len()
		eval[chromedp.Void](t, ctx, `window.infradocSameDocument = true`)
		saveLikeAnEditor(t, obligation, func(s string) string {
			return strings.Replace(s, "layer: L5 (Execution & Workers)", "layer: L9 (Nowhere)", 1)
		})
		waitUntil(t, ctx, "the build error in the page",
			`!!document.getElementById("infradoc-build-failed") && document.body.textContent.includes("PB-S1.yaml")`)
		screenshot(t, ctx, shots, "build-error.png")
		saveLikeAnEditor(t, obligation, func(s string) string {
			return strings.Replace(s, "layer: L9 (Nowhere)", "layer: L5 (Execution & Workers)", 1)
		})
		waitUntil(t, ctx, "the page again after the fix",
			`!document.getElementById("infradoc-build-failed") && document.querySelector("main h1").textContent.includes(`+jsString(edited)+`)`)
		for _, p := range console.problems(mark) {
			// The error page is served with status 500, which the browser
			// may note; nothing else may appear.
			if !strings.Contains(p, "500") {
				t.Errorf("console problem: %s", p)
			}
		}
	})
	if _, err := os.Stat(filepath.Join(shots, "home.png")); err != nil {
		t.Errorf("no home screenshot: %v", err)
	}
}
