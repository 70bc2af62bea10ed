package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestVerificationInBrowser builds a copy of testdata/site with
// `infradoc build --verification FILE`, FILE lying outside the
// repository (a report of a drifted table, a missing index, a failed and
// a skipped test), and opens it in a real Chromium: OB-1's page shows the
// verification box inside its verdict, each object's verdict in the
// theme's ok and bad colours (light and dark), the failed and skipped
// cases; the obligations list marks OB-1 failed; the page does not scroll
// sideways on a 390 px phone. It writes screenshots to artifactsDir.
func TestVerificationInBrowser(t *testing.T) {
	exe := findChromium(t)
	shots := artifactsDir(t)
	dir := copyTree(t, filepath.Join("..", "..", "testdata", "site"))
	report := filepath.Join(t.TempDir(), "verify.json")
	if err := os.WriteFile(report, readFile(t, filepath.Join("..", "..", "render", "html", "testdata", "verification", "fail", "verify.json")), 0o644); err != nil {
		t.Fatal(err)
	}
	siteDir := filepath.Join(t.TempDir(), "site")
	c, out := buildCommand(dir)
	if status := c.Main([]string{"build", "--out", siteDir, "--verification", report}); status != ExitOK {
		t.Fatalf("build exited %d:\n%s", status, out)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(siteDir)))
	t.Cleanup(srv.Close)
	base := srv.URL + "/"
	ctx, console := newBrowser(t, exe)
	from := console.len()
	type css = chromedp.CSS
	// colorOf is the computed colour of the first element sel matches;
	// varColor that of a span coloured with the theme variable v.
	colorOf := func(sel string) string {
		return eval[string](t, ctx, `getComputedStyle(document.querySelector(`+jsString(sel)+`)).color`)
	}
	varColor := func(v string) string {
		return eval[string](t, ctx, `(() => { const s = document.createElement("span"); s.style.color = "var(`+v+`)"; document.body.append(s); const c = getComputedStyle(s).color; s.remove(); return c })()`)
	}
	checkColours := func(theme string) {
		t.Helper()
		for _, c := range [][2]string{{".vcheck-exists", "--ok"}, {".vcheck-drifted", "--bad"}, {".vcheck-missing", "--bad"}} {
			if got, want := colorOf(c[0]), varColor(c[1]); got != want {
				t.Errorf("%s: %s is %s, want %s (%s)", theme, c[0], got, want, c[1])
			}
		}
	}

	step(t, ctx, "use a desktop window", desktopView)
	step(t, ctx, "open OB-1", chromedp.Navigate(base+"obligations/OB-1.html"), chromedp.WaitVisible(css("[data-verification]")))
	if !eval[bool](t, ctx, `(() => { const b = document.querySelector("[data-verdict] [data-verification]"); const r = b && b.getBoundingClientRect(); return !!r && r.width > 200 && r.height > 100 && getComputedStyle(b).visibility === "visible" })()`) {
		t.Error("the verification box is not visible inside the verdict")
	}
	for _, want := range []string{"Verification failed", "drifted in PostgreSQL 15.18", "missing in PostgreSQL 15.18", "test_events_are_appended", "test_events_are_ordered"} {
		if !eval[bool](t, ctx, `document.body.innerText.includes(`+jsString(want)+`)`) {
			t.Errorf("OB-1's page does not show %q", want)
		}
	}
	if rows := eval[int](t, ctx, `Array.from(document.querySelectorAll("[data-verification] table.criteria tbody tr")).filter(r => r.getClientRects().length).length`); rows != 4 {
		t.Errorf("the criteria table shows %d rows, want 4", rows)
	}
	checkColours("light")
	screenshot(t, ctx, shots, "verification-OB-1-light.png")

	step(t, ctx, "open the obligations list", chromedp.Navigate(base+"obligations.html"), chromedp.WaitVisible(css("main h1")))
	if !eval[bool](t, ctx, `(() => { const m = document.querySelector('a[href="obligations/OB-1.html"] + .vmark.bad'); return !!m && m.getClientRects().length > 0 })()`) {
		t.Error("the obligations list does not mark OB-1 failed")
	}

	setTheme(t, ctx, base, "dark")
	step(t, ctx, "use a phone", phoneView)
	step(t, ctx, "open OB-1 on a phone", chromedp.Navigate(base+"obligations/OB-1.html"), chromedp.WaitVisible(css("[data-verification]")))
	checkColours("dark")
	if wide := eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide {
		t.Error("OB-1's page with a verification scrolls sideways on a 390 px phone")
	}
	screenshot(t, ctx, shots, "verification-OB-1-dark-phone.png")
	if p := console.problems(from); len(p) > 0 {
		t.Errorf("console problems: %v", p)
	}
}
