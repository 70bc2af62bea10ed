package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/render/html"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/synthetic"
)

// TestSearchInBrowser drives `infradoc serve` on a copy of content/ with a
// real headless Chromium: ranked search with highlighted words, filters
// and sort kept in the URL, and the 404 page at any depth.
func TestSearchInBrowser(t *testing.T) {
	exe := findChromium(t)
	shots := artifactsDir(t)
	repo := copyTree(t, filepath.Join("..", "..", "content"))
	url := startServe(t, repo)
	ctx, console := newBrowser(t, exe)
	type css = chromedp.CSS

	// results lists the dropdown's results once it shows query q.
	type result struct {
		Href  string   `json:"href"`
		Title string   `json:"title"`
		Kind  string   `json:"kind"`
		Marks []string `json:"marks"`
	}
	const readResults = `Array.from(document.querySelectorAll(%s)).map(a => ({
		href: a.getAttribute("href"),
		title: a.querySelector(".search-title").textContent,
		kind: a.querySelector(".kind").textContent,
		marks: Array.from(a.querySelectorAll("mark")).map(m => m.textContent)}))`
	typeQuery := func(t *testing.T, q string) []result {
		t.Helper()
		eval[string](t, ctx, `document.getElementById("search-input").value = ""`)
		step(t, ctx, "type "+q,
			chromedp.Click(css("#search-input")),
			chromedp.SendKeys(css("#search-input"), q))
		waitUntil(t, ctx, "the results for "+q, `document.getElementById("search-results").getAttribute("data-query") === `+jsString(q))
		return eval[[]result](t, ctx, fmt.Sprintf(readResults, jsString("#search-results a:not(.search-all)")))
	}
	// rankOf is the 1-based rank of the result linking to page, 0 if none.
	rankOf := func(res []result, page string) int {
		for i, r := range res {
			if strings.HasSuffix(r.Href, page) {
				return i + 1
			}
		}
		return 0
	}

	t.Run("ranked search", func(t *testing.T) {
		step(t, ctx, "open the home page", chromedp.Navigate(url), chromedp.WaitVisible(css("#search-input")))
		for _, c := range []struct {
			query string
			marks []string
		}{
			// Words match separately, in any order, not as one substring.
			{"recovery queue", []string{"Recovery", "Queue"}},
			{"dead letter", []string{"Dead", "Letter"}},
			{"queue recovery", []string{"Recovery", "Queue"}},
			// Prefixes, case and accents.
			{"DEAD lett", []string{"Dead", "Lett"}},
			{"récovery quêue", []string{"Recovery", "Queue"}},
		} {
			res := typeQuery(t, c.query)
			for _, r := range res {
				// The kind is named once: "Obligation · PROMOTED · L6".
				label, detail, _ := strings.Cut(r.Kind, " · ")
				if label == "" || detail != "" && strings.HasPrefix(strings.ToLower(detail), strings.ToLower(label)) {
					t.Errorf("%q: result %q has the kind line %q", c.query, r.Title, r.Kind)
				}
			}
			rank := rankOf(res, "obligations/M10.html")
			t.Logf("%q: M10 ranked %d of %d shown", c.query, rank, len(res))
			if rank != 1 {
				t.Errorf("%q: M10 is result %d, want the first: %+v", c.query, rank, res)
				continue
			}
			m10 := res[rank-1]
			if got := strings.Join(m10.Marks, ","); got != strings.Join(c.marks, ",") {
				t.Errorf("%q: the M10 result marks %q, want %q", c.query, m10.Marks, c.marks)
			}
			if n := strings.Count(strings.ToLower(m10.Kind), "obligation"); n != 1 {
				t.Errorf("%q: the M10 result names its kind %d times: %q", c.query, n, m10.Kind)
			}
		}
		if res := typeQuery(t, "zzqx nothing"); len(res) != 0 {
			t.Errorf(`"zzqx nothing" finds %d results, want none`, len(res))
		}
		if got := eval[string](t, ctx, `document.querySelector("#search-results .search-none") ? "none" : ""`); got != "none" {
			t.Error(`no "No match." note for a query without results`)
		}
		typeQuery(t, "dead letter")
		screenshot(t, ctx, shots, "search-dead-letter.png")

		step(t, ctx, "open the search page", chromedp.Navigate(url+"search.html?q=dead+letter"), chromedp.WaitVisible(css(".search-page-results a")))
		waitUntil(t, ctx, "the search page's results", `document.querySelector("[data-search-page]").getAttribute("data-query") === "dead letter"`)
		page := eval[[]result](t, ctx, fmt.Sprintf(readResults, jsString(".search-page-results a")))
		if rank := rankOf(page, "obligations/M10.html"); rank != 1 {
			t.Errorf("the search page ranks M10 %d for dead letter, want 1", rank)
		}
		if sum := eval[string](t, ctx, `document.querySelector("[data-search-summary]").textContent`); !strings.Contains(sum, fmt.Sprint(len(page))) || !strings.Contains(sum, "dead letter") {
			t.Errorf("search page summary %q for %d results", sum, len(page))
		}
	})

	t.Run("filters and sort in the URL", func(t *testing.T) {
		const rows = `Array.from(document.querySelectorAll('table[data-filter-table="obligations"] tbody tr'))`
		const shown = rows + `.filter(r => !r.hidden)`
		const ids = shown + `.map(r => r.cells[0].textContent.trim())`
		step(t, ctx, "open a filtered, sorted view", chromedp.Navigate(url+"obligations.html?status=PARTIAL&sort=id"), chromedp.WaitReady(css(`select[data-filter="status"]`)))
		partial := eval[int](t, ctx, rows+`.filter(r => r.dataset.status === "PARTIAL").length`)
		if partial < 2 || partial == eval[int](t, ctx, rows+`.length`) {
			t.Fatalf("the fixture needs several PARTIAL obligations and others: %d", partial)
		}
		if got := eval[string](t, ctx, `document.querySelector('select[data-filter="status"]').value`); got != "PARTIAL" {
			t.Errorf("the status filter is %q after loading ?status=PARTIAL", got)
		}
		if n := eval[int](t, ctx, shown+`.length`); n != partial || !eval[bool](t, ctx, shown+`.every(r => r.dataset.status === "PARTIAL")`) {
			t.Errorf("%d rows shown, want the %d PARTIAL ones", n, partial)
		}
		asc := eval[[]string](t, ctx, ids)
		if !eval[bool](t, ctx, `(a => a.every((x, i) => i === 0 || a[i-1].localeCompare(x, undefined, {numeric: true, sensitivity: "base"}) <= 0))(`+ids+`)`) {
			t.Errorf("?sort=id: rows in the order %v", asc)
		}
		if got := eval[string](t, ctx, `document.querySelector('table[data-filter-table="obligations"] th[aria-sort]').textContent.trim() + " " + document.querySelector('table[data-filter-table="obligations"] th[aria-sort]').getAttribute("aria-sort")`); got != "ID ascending" {
			t.Errorf("the sorted column says %q, want ID ascending", got)
		}

		// A second filter and a sort by the header button land in the URL.
		layer := eval[string](t, ctx, `(() => { const r = `+shown+`[0]; const s = document.querySelector('select[data-filter="layer"]'); s.value = r.dataset.layer; s.dispatchEvent(new Event("change", {bubbles: true})); return s.value })()`)
		waitUntil(t, ctx, "the layer in the URL", `new URLSearchParams(location.search).get("layer") === `+jsString(layer))
		th := css(`table[data-filter-table="obligations"] thead th:first-child button`)
		step(t, ctx, "sort by ID, descending", chromedp.Click(th))
		waitUntil(t, ctx, "sort=-id in the URL", `new URLSearchParams(location.search).get("sort") === "-id"`)
		params := eval[string](t, ctx, `location.search`)
		if !strings.Contains(params, "status=PARTIAL") || !strings.Contains(params, "layer="+layer) {
			t.Errorf("the URL %q lost a filter", params)
		}
		want := eval[[]string](t, ctx, ids)
		step(t, ctx, "reload the shared URL", chromedp.Reload(), chromedp.WaitReady(css(`select[data-filter="layer"]`)))
		waitUntil(t, ctx, "the view restored", `document.querySelector('select[data-filter="layer"]').value === `+jsString(layer))
		if got := eval[[]string](t, ctx, ids); strings.Join(got, ",") != strings.Join(want, ",") || len(got) == 0 {
			t.Errorf("after a reload the rows are %v, want %v", got, want)
		}
		if got := eval[string](t, ctx, `document.querySelector('select[data-filter="status"]').value`); got != "PARTIAL" {
			t.Errorf("after a reload the status filter is %q", got)
		}
		// Back to All drops the parameter.
		eval[string](t, ctx, `(() => { const s = document.querySelector('select[data-filter="status"]'); s.value = ""; s.dispatchEvent(new Event("change", {bubbles: true})); return s.value })()`)
		waitUntil(t, ctx, "status gone from the URL", `!new URLSearchParams(location.search).has("status")`)

		// Several registry filters at once; a value in another case still
		// selects its option.
		const regRows = `Array.from(document.querySelectorAll('table[data-filter-table="registry"] tbody tr'))`
		step(t, ctx, "open the registry", chromedp.Navigate(url+"registry.html"), chromedp.WaitReady(css(`select[data-filter="state"]`)))
		pick := eval[map[string]string](t, ctx, `(() => { const r = `+regRows+`.find(r => r.dataset.state === "B"); return {state: r.dataset.state, owner: r.dataset.owner} })()`)
		wantN := eval[int](t, ctx, regRows+`.filter(r => r.dataset.state === `+jsString(pick["state"])+` && r.dataset.owner === `+jsString(pick["owner"])+`).length`)
		step(t, ctx, "open the registry filtered twice", chromedp.Navigate(url+"registry.html?state=b&owner="+strings.ReplaceAll(pick["owner"], " ", "+")+"&sort=-name"), chromedp.WaitReady(css(`select[data-filter="state"]`)))
		waitUntil(t, ctx, "both filters applied", `document.querySelector('select[data-filter="owner"]').value === `+jsString(pick["owner"])+` && document.querySelector('select[data-filter="state"]').value === "B"`)
		if n := eval[int](t, ctx, regRows+`.filter(r => !r.hidden).length`); n != wantN {
			t.Errorf("state B and owner %s: %d rows shown, want %d", pick["owner"], n, wantN)
		}
		if got := eval[string](t, ctx, `document.querySelector('table[data-filter-table="registry"] th[aria-sort]') ? document.querySelector('table[data-filter-table="registry"] th[aria-sort]').getAttribute("aria-sort") : ""`); got != "descending" {
			t.Errorf("?sort=-name: the sorted column says %q, want descending", got)
		}
	})

	t.Run("404 at any depth", func(t *testing.T) {
		mark := console.len()
		for _, p := range []string{"missing.html", "a/b/c/missing.html", "a/b/c/missing", "a/b/"} {
			step(t, ctx, "open /"+p, chromedp.Navigate(url+p), chromedp.WaitVisible(css("main h1")))
			if h1 := eval[string](t, ctx, `document.querySelector("main h1").textContent`); h1 != "Page not found" {
				t.Errorf("/%s: heading %q", p, h1)
			}
			styled := eval[bool](t, ctx, `Array.from(document.styleSheets).some(s => s.href === location.origin + "/static/site.css" && s.cssRules.length > 20)`)
			if !styled {
				t.Errorf("/%s: the 404 page's stylesheet did not load", p)
			}
			if got := eval[string](t, ctx, `getComputedStyle(document.querySelector(".site-header")).display`); got == "block" && !styled {
				t.Errorf("/%s: the header is unstyled", p)
			}
			if home := eval[string](t, ctx, `document.querySelector("a.brand").href`); home != url+"index.html" {
				t.Errorf("/%s: the home link goes to %s, want %sindex.html", p, home, url)
			}
		}
		screenshot(t, ctx, shots, "404-nested.png")
		// The search box works there too: the index is found at the root.
		res := typeQuery(t, "dead letter")
		if rank := rankOf(res, "obligations/M10.html"); rank != 1 {
			t.Errorf("searching from a nested 404 page ranks M10 %d", rank)
		}
		for _, p := range console.problems(mark) {
			// The browser notes the 404 status of the pages themselves.
			if !strings.Contains(p, "404") {
				t.Errorf("console problem: %s", p)
			}
		}
	})

	if p := console.problems(0); len(p) > 0 {
		for _, msg := range p {
			if !strings.Contains(msg, "404") {
				t.Errorf("console problem: %s", msg)
			}
		}
	}
}

// TestSearchAt10000Obligations ranks queries over the search index of a
// synthetic repository of 10,000 obligations (and 1,000 items, 100 docs) in
// a real Chromium. It asserts what is found; the time to the first results
// (loading the index included) and of a second query are logged, not
// asserted, since the machine's load decides them. The site is rendered in
// memory by render/html without diagrams (drawing 10,000 of them cold takes
// minutes) and served from a folder.
func TestSearchAt10000Obligations(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a 10,000-obligation site")
	}
	exe := findChromium(t)
	dir := t.TempDir()
	if err := synthetic.Generate(dir, synthetic.Options{Items: 1000, Obligations: 10000, Docs: 100, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	// The pages the test opens, the assets and the index; the other
	// 11,000 pages are rendered and dropped.
	files := renderWithoutDiagrams(t, dir, func(p string) bool {
		return !strings.Contains(p, "/") || strings.HasPrefix(p, "static/") || p == "obligations/OB-04242.html"
	})
	t.Logf("the synthetic site rendered in %s", time.Since(start).Round(time.Millisecond))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServerFS(files), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	url := "http://" + ln.Addr().String() + "/"

	ctx, console := newBrowser(t, exe)
	step(t, ctx, "open the synthetic site", chromedp.Navigate(url+"index.html"), chromedp.WaitVisible(chromedp.CSS("#search-input")))
	// timeQuery types q as input events do and resolves, once the list
	// shows q, to the milliseconds taken and the first results.
	const timeQuery = `new Promise(resolve => {
		const input = document.getElementById("search-input"), list = document.getElementById("search-results");
		const q = %s, t0 = performance.now();
		input.value = q;
		input.dispatchEvent(new Event("input", {bubbles: true}));
		(function poll() {
			if (list.getAttribute("data-query") === q) {
				resolve({ms: performance.now() - t0, hrefs: Array.from(list.querySelectorAll("a:not(.search-all)")).map(a => a.getAttribute("href")), more: list.querySelector(".search-all") ? list.querySelector(".search-all").textContent : ""});
			} else requestAnimationFrame(poll);
		})();
	})`
	type timed struct {
		MS    float64  `json:"ms"`
		Hrefs []string `json:"hrefs"`
		More  string   `json:"more"`
	}
	run := func(q string) timed {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[timed](fmt.Sprintf(timeQuery, jsString(q)), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("query %q: %v", q, err)
		}
		return v
	}
	first := run("OB-04242")
	fetched := eval[float64](t, ctx, `(performance.getEntriesByType("resource").find(e => e.name.endsWith("/search-index.js")) || {duration: -1}).duration`)
	size := eval[float64](t, ctx, `(performance.getEntriesByType("resource").find(e => e.name.endsWith("/search-index.js")) || {decodedBodySize: 0}).decodedBodySize`)
	t.Logf("10,000 obligations: first results (index loaded and prepared) in %.0f ms, of which %.0f ms fetching the %.1f MB index", first.MS, fetched, size/1e6)
	if len(first.Hrefs) == 0 || !strings.HasSuffix(first.Hrefs[0], "obligations/OB-04242.html") {
		t.Errorf("OB-04242: the first results are %v, want its obligation first", first.Hrefs)
	}
	second := run("session audit")
	t.Logf("10,000 obligations: a second query in %.0f ms (%s)", second.MS, second.More)
	if len(second.Hrefs) != 20 || second.More == "" {
		t.Errorf(`"session audit": %d results shown and %q, want 20 and a link to all`, len(second.Hrefs), second.More)
	}
	titles := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#search-results .search-title")).map(e => e.textContent.toLowerCase())`)
	for _, title := range titles {
		if !strings.Contains(title, "session audit") {
			t.Errorf(`"session audit": result %q lacks the words in its title, though obligations titled so exist`, title)
		}
	}
	third := run("ob04242 records created")
	t.Logf("10,000 obligations: a requirement query in %.0f ms", third.MS)
	if len(third.Hrefs) == 0 || third.Hrefs[0] != "obligations/OB-04242.html#requirements" {
		t.Errorf("ob04242 records created: first results %v, want the requirement on OB-04242", third.Hrefs)
	}
	if p := console.problems(0); len(p) > 0 {
		t.Errorf("console problems:\n%s", strings.Join(p, "\n"))
	}
}

// renderWithoutDiagrams renders the repository at dir with render/html,
// as `infradoc build` does but without drawing diagrams, and keeps the
// files whose paths keep accepts.
func renderWithoutDiagrams(t *testing.T, dir string, keep func(string) bool) fstest.MapFS {
	t.Helper()
	fsys := os.DirFS(dir)
	s, findings, err := site.Load(site.Options{FS: fsys, Root: "."})
	if err != nil || site.HasErrors(findings) {
		t.Fatalf("loading %s: %v (%d findings)", dir, err, len(findings))
	}
	docs, _, err := site.LoadDocs(s, blocks.Vocabulary())
	if err != nil {
		t.Fatal(err)
	}
	in := html.SiteInput{Site: s, DocsChecked: true, RepoFileExists: func(p string) bool {
		_, err := fs.Stat(fsys, p)
		return err == nil
	}}
	for _, d := range docs {
		src, stale, err := blocks.RegenerateDoc(s, d, blocks.DocOptions{})
		if err != nil {
			t.Fatal(err)
		}
		in.Docs = append(in.Docs, html.SiteDoc{Path: d.Path, Display: d.File, Source: src, Drifted: len(stale) > 0})
	}
	h, err := html.NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	plan, _, err := h.Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	files := fstest.MapFS{}
	err = plan.Render(func(f html.SiteFile) error {
		if keep(f.Path) {
			mu.Lock()
			defer mu.Unlock()
			// The data is only valid during the call.
			files[f.Path] = &fstest.MapFile{Data: bytes.Clone(f.Data), Mode: 0o644}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
