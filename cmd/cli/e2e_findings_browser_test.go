package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestFindingsInBrowser opens the site `infradoc build` writes from a copy
// of testdata/adopt/platform after `infradoc init` in a real Chromium: the
// home page counts the findings and links to the Findings page; that page
// lists every planted problem under its rule; the by-file view and a rule
// filter work, land in the URL and survive a reload; a finding links to
// its obligation's page; the Findings page and the home page do not
// scroll sideways on a 390 px phone. It writes screenshots to
// artifactsDir.
func TestFindingsInBrowser(t *testing.T) {
	exe := findChromium(t)
	shots := artifactsDir(t)
	dir := copyTree(t, filepath.Join(adoptDir, "platform"))
	if status, stdout, stderr := runIn(dir, "init"); status != ExitOK {
		t.Fatalf("init exited %d:\n%s%s", status, stdout, stderr)
	}
	var planted [][2]string
	for _, w := range strings.Split(string(readFile(t, filepath.Join(dir, "want"))), "\n") {
		if w = strings.TrimSpace(w); w != "" && !strings.HasPrefix(w, "#") {
			rule, text, _ := strings.Cut(w, " ")
			planted = append(planted, [2]string{rule, text})
		}
	}
	if len(planted) < 3 {
		t.Fatalf("%d planted problems in testdata/adopt/platform/want", len(planted))
	}
	// serve stops on error findings (it shows them instead of the site):
	// the site build writes despite them is served as files.
	siteDir := filepath.Join(t.TempDir(), "site")
	c, out := buildCommand(dir)
	if status := c.Main([]string{"build", "--out", siteDir}); status != ExitFindings {
		t.Fatalf("build exited %d, want %d (the planted errors):\n%s", status, ExitFindings, out)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(siteDir)))
	t.Cleanup(srv.Close)
	base := srv.URL + "/"
	ctx, console := newBrowser(t, exe)
	from := console.len()
	type css = chromedp.CSS
	step(t, ctx, "use a desktop window", desktopView)

	// visible returns the text of the findings the page shows.
	visible := func() []string {
		return eval[[]string](t, ctx, `Array.from(document.querySelectorAll("li[data-rule]")).filter(li => li.getClientRects().length).map(li => li.getAttribute("data-rule") + " " + li.textContent)`)
	}

	t.Run("home page counts and links", func(t *testing.T) {
		step(t, ctx, "open the home page", chromedp.Navigate(base), chromedp.WaitVisible(css("main h1")))
		errors := eval[string](t, ctx, `document.querySelector('a[href="findings.html?severity=error"] .card-num').textContent`)
		if errors == "0" || errors == "" {
			t.Errorf("the home page counts %q errors", errors)
		}
		step(t, ctx, "follow the link to the findings", chromedp.Click(css("a[data-findings-link]")))
		waitUntil(t, ctx, "the Findings page", `location.pathname.endsWith("/findings.html") && !!document.querySelector("[data-findings-view]")`)
		lead := eval[string](t, ctx, `document.querySelector("main .lead").textContent`)
		if !strings.HasPrefix(lead, errors+" errors") {
			t.Errorf("the Findings page says %q, the home page %s errors", lead, errors)
		}
		if cur := eval[string](t, ctx, `document.querySelector('nav[aria-label="Main"] a[aria-current="page"]').textContent`); cur != "Findings" {
			t.Errorf("the main navigation marks %q as the current page", cur)
		}
	})

	t.Run("every planted problem, by rule", func(t *testing.T) {
		step(t, ctx, "open the Findings page", chromedp.Navigate(base+"findings.html"), chromedp.WaitVisible(css("#by-rule")))
		if hidden := eval[bool](t, ctx, `document.querySelector("#by-file").hidden && document.querySelector("#by-subject").hidden`); !hidden {
			t.Error("without ?by the page shows more than the rule view")
		}
		shown := visible()
		for _, p := range planted {
			found := false
			for _, s := range shown {
				found = found || strings.HasPrefix(s, p[0]+" ") && strings.Contains(s, p[1])
			}
			if !found {
				t.Errorf("planted problem not shown: %s %s", p[0], p[1])
			}
		}
		screenshot(t, ctx, shots, "findings-by-rule-desktop.png")
	})

	t.Run("by file, filtered, in the URL", func(t *testing.T) {
		all := len(visible())
		step(t, ctx, "show the findings by file", chromedp.Click(css(`a[data-view="file"]`)))
		waitUntil(t, ctx, "the by-file view", `new URLSearchParams(location.search).get("by") === "file" && !document.querySelector("#by-file").hidden && document.querySelector("#by-rule").hidden`)
		files := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#by-file h3 code")).map(c => c.textContent)`)
		if !strings.Contains(strings.Join(files, " "), "app/tests/test_cache.py") {
			t.Errorf("the by-file view has no group for app/tests/test_cache.py: %v", files)
		}
		if n := len(visible()); n != all {
			t.Errorf("the by-file view shows %d findings, the rule view %d", n, all)
		}
		eval[bool](t, ctx, `(s => { s.value = "test-count"; s.dispatchEvent(new Event("change")); return true })(document.querySelector('select[data-findings-filter="rule"]'))`)
		waitUntil(t, ctx, "the rule in the URL", `new URLSearchParams(location.search).get("rule") === "test-count" && new URLSearchParams(location.search).get("by") === "file"`)
		check := func(label string) {
			shown := visible()
			if len(shown) == 0 || len(shown) >= all {
				t.Errorf("%s: the rule filter shows %d of %d findings", label, len(shown), all)
			}
			for _, s := range shown {
				if !strings.HasPrefix(s, "test-count ") {
					t.Errorf("%s: the rule filter shows %q", label, s)
				}
			}
			if got, want := eval[string](t, ctx, `document.querySelector("[data-findings-filters] .filter-count").textContent`), fmt.Sprintf("%d of %d shown", len(shown), all); got != want {
				t.Errorf("%s: the filter count says %q, want %q", label, got, want)
			}
			if empty := eval[int](t, ctx, `Array.from(document.querySelectorAll("#by-file .finding-group")).filter(g => g.getClientRects().length && !g.querySelector("li[data-rule]:not([hidden])")).length`); empty > 0 {
				t.Errorf("%s: %d file groups are shown with no finding", label, empty)
			}
		}
		check("filtered")
		step(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(css("main h1")))
		if by := eval[bool](t, ctx, `!document.querySelector("#by-file").hidden && document.querySelector('select[data-findings-filter="rule"]').value === "test-count"`); !by {
			t.Error("after a reload the view or the filter is lost")
		}
		check("reloaded")
		screenshot(t, ctx, shots, "findings-by-file-filtered-desktop.png")
	})

	t.Run("a finding links to its obligation", func(t *testing.T) {
		step(t, ctx, "open the subject view", chromedp.Navigate(base+"findings.html?by=subject"), chromedp.WaitVisible(css("#by-subject")))
		href := eval[string](t, ctx, `(a => a ? a.getAttribute("href") : "")(document.querySelector('#by-subject li[data-rule="test-count"] a[href^="obligations/"]'))`)
		if href != "obligations/CACHE-2.html" {
			t.Fatalf("the test-count finding links to %q, want obligations/CACHE-2.html", href)
		}
		step(t, ctx, "follow it", chromedp.Click(css(`#by-subject li[data-rule="test-count"] a[href="obligations/CACHE-2.html"]`)))
		waitUntil(t, ctx, "CACHE-2's page listing the finding", `location.pathname.endsWith("/obligations/CACHE-2.html") && document.querySelector(".verdict-findings") && document.querySelector(".verdict-findings").textContent.includes("test-count")`)
	})

	t.Run("phone: no sideways scroll", func(t *testing.T) {
		step(t, ctx, "emulate a phone", phoneView)
		defer step(t, ctx, "back to the desktop", desktopView)
		for _, p := range []string{"findings.html", "findings.html?by=file", "findings.html?by=subject", "index.html"} {
			step(t, ctx, "open /"+p, chromedp.Navigate(base+p), chromedp.WaitVisible(css("main h1")))
			if over := eval[float64](t, ctx, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); over > 0 {
				t.Errorf("/%s scrolls sideways by %.0f px on a 390 px phone", p, over)
			}
		}
		step(t, ctx, "open the Findings page", chromedp.Navigate(base+"findings.html"), chromedp.WaitVisible(css("main h1")))
		screenshot(t, ctx, shots, "findings-by-rule-phone.png")
	})

	if problems := console.problems(from); len(problems) > 0 {
		t.Errorf("console problems:\n%s", strings.Join(problems, "\n"))
	}
}
