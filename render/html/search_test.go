package html

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/synthetic"
)

// appendJSONString writes what json.Marshal writes for a string.
func TestAppendJSONStringIsMarshal(t *testing.T) {
	for _, s := range []string{"", "plain", hostile, "</script>", "a\x00\x01\b\f\n\r\t\x1f\x7f", "\u2028\u2029", "invalid \xff\xfe", "ünïcode ✓", `\"`} {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("appendJSONString(%q) = %s, json.Marshal gives %s", s, got, want)
		}
	}
}

func FuzzAppendJSONStringIsMarshal(f *testing.F) {
	f.Add("a<b>&\u2028\xff")
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("appendJSONString(%q) = %s, json.Marshal gives %s", s, got, want)
		}
	})
}

// searchEntry is one entry of search-index.json as site.js reads it.
type searchEntry struct {
	kind, title, detail, url, text string
	reqs                           [][2]string
}

func parseSearchIndex(t *testing.T, data []byte) []searchEntry {
	t.Helper()
	var idx struct {
		V int               `json:"v"`
		E []json.RawMessage `json:"e"`
	}
	if err := json.Unmarshal(data, &idx); err != nil {
		t.Fatalf("the search index is not JSON: %v", err)
	}
	if idx.V != searchIndexVersion {
		t.Fatalf("index version %d, want %d", idx.V, searchIndexVersion)
	}
	var out []searchEntry
	for _, raw := range idx.E {
		var parts []json.RawMessage
		if err := json.Unmarshal(raw, &parts); err != nil {
			t.Fatalf("entry %s: %v", raw, err)
		}
		if len(parts) < 4 || len(parts) > 6 {
			t.Fatalf("entry %s has %d elements, want 4 to 6", raw, len(parts))
		}
		var e searchEntry
		for i, dst := range []*string{&e.kind, &e.title, &e.detail, &e.url, &e.text} {
			if i < len(parts) && i < 5 {
				if err := json.Unmarshal(parts[i], dst); err != nil {
					t.Fatalf("entry %s, element %d: %v", raw, i, err)
				}
			}
		}
		if len(parts) == 6 {
			if err := json.Unmarshal(parts[5], &e.reqs); err != nil {
				t.Fatalf("entry %s, requirements: %v", raw, err)
			}
		}
		out = append(out, e)
	}
	return out
}

// The index holds every item, obligation (with its requirements), doc and
// doc section once; no detail line repeats the kind, which the result
// names once; an entry's text is the distinct words of its description or
// its part of the doc, without link targets.
func TestSearchIndexEntries(t *testing.T) {
	files, _ := buildFiles(t, fixtureInput(t, "site"))
	entries := parseSearchIndex(t, files["search-index.json"])
	byURL := map[string]searchEntry{}
	for _, e := range entries {
		if _, dup := byURL[e.url]; dup {
			t.Errorf("two entries link to %s", e.url)
		}
		byURL[e.url] = e
		if e.kind == searchObligation && len(e.reqs) == 0 {
			t.Errorf("obligation %q has no requirements in the index", e.title)
		}
		if e.kind != searchObligation && e.reqs != nil {
			t.Errorf("%s entry %q carries requirements", e.kind, e.title)
		}
		lower := strings.ToLower(e.detail)
		for _, kind := range []string{"obligation", "infra item", "doc ·", "section of"} {
			if strings.HasPrefix(lower, kind) {
				t.Errorf("entry %q: detail %q repeats the kind", e.title, e.detail)
			}
		}
		words := strings.Fields(e.text)
		seen := map[string]bool{}
		for _, w := range words {
			if seen[w] {
				t.Errorf("entry %q: the word %q twice in %q", e.title, w, e.text)
			}
			seen[w] = true
			if w != strings.ToLower(w) || strings.ContainsFunc(w, notWordRune) {
				t.Errorf("entry %q: %q is not a lower-case word", e.title, w)
			}
		}
	}
	want := map[string]struct {
		kind, title string
		has, hasNot []string
	}{
		"items/postgresql.html":        {searchItem, "PostgreSQL", []string{"system", "record"}, []string{"https", "example"}},
		"obligations/OB-1.html":        {searchObligation, "OB-1 Event log", []string{"appended"}, nil},
		"docs/GUIDE.html":              {searchDoc, "Governance guide", []string{"start", "registry"}, []string{"mocked"}},
		"docs/GUIDE.html#overview":     {searchSection, "Overview", []string{"postgresql", "mocked"}, []string{"start", "second"}},
		"docs/GUIDE.html#overview-1":   {searchSection, "Overview", []string{"second", "heading"}, []string{"mocked"}},
		"docs/REGISTRY.html#links-out": {searchSection, "Links out", []string{"guide"}, nil},
		// A table's cells are words of their own.
		"docs/REGISTRY.html": {searchDoc, "Registry notes", []string{"state", "meaning", "chosen"}, nil},
	}
	for url, w := range want {
		e, ok := byURL[url]
		if !ok {
			t.Errorf("no entry for %s", url)
			continue
		}
		if e.kind != w.kind || e.title != w.title {
			t.Errorf("%s: kind %q title %q, want %q %q", url, e.kind, e.title, w.kind, w.title)
		}
		words := " " + e.text + " "
		for _, h := range w.has {
			if !strings.Contains(words, " "+h+" ") {
				t.Errorf("%s: text %q lacks %q", url, e.text, h)
			}
		}
		for _, h := range w.hasNot {
			if strings.Contains(words, " "+h+" ") {
				t.Errorf("%s: text %q has %q, which is not its", url, e.text, h)
			}
		}
	}
	ob1 := byURL["obligations/OB-1.html"]
	if len(ob1.reqs) == 0 || ob1.reqs[0] != [2]string{"schema", "audit"} {
		t.Errorf("OB-1's requirements %v, want [schema audit] first", ob1.reqs)
	}
	js := string(files["search-index.js"])
	if want := "window.INFRADOC_SEARCH_INDEX = " + strings.TrimSpace(string(files["search-index.json"])) + ";\n"; js != want {
		t.Error("search-index.js is not search-index.json assigned to window.INFRADOC_SEARCH_INDEX")
	}
}

func TestSearchWords(t *testing.T) {
	for _, c := range []struct {
		in   []string
		max  int
		want string
	}{
		{[]string{"Keeps the **audit** log; the `audit` LOG."}, 10, "keeps the audit log"},
		{[]string{"See [the schema doc](https://db.example.org/x) now."}, 10, "see the schema doc now"},
		{[]string{"Runbook: https://ops.example.org/a_b?c=d then <http://x.org/y> done"}, 10, "runbook then done"},
		{[]string{"Café déjà-vu, ÉTÉ"}, 10, "café déjà vu été"},
		{[]string{"dead_letter queue", "Dead-Letter retries"}, 10, "dead letter queue retries"},
		{[]string{"one two three four"}, 2, "one two"},
		{[]string{"[unclosed](http://a"}, 10, "unclosed"},
		{nil, 10, ""},
	} {
		if got := string(searchWords(nil, c.max, c.in...)); got != c.want {
			t.Errorf("searchWords(%d, %q) = %q, want %q", c.max, c.in, got, c.want)
		}
	}
}

// At 10,000 obligations the index stays small enough to load at once in
// a browser: a bound per obligation, with every obligation and its
// requirements in it. (How fast site.js ranks it is measured in the
// browser test, cmd/cli/e2e_search_browser_test.go.)
func TestSearchIndexSizeAt10000Obligations(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and loads a 10,000-obligation repository")
	}
	dir := t.TempDir()
	if err := synthetic.Generate(dir, synthetic.Options{Items: 1000, Obligations: 10000, Docs: 100, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	s, findings, err := site.Load(site.Options{FS: fsys, Root: "."})
	if err != nil || site.HasErrors(findings) {
		t.Fatalf("loading: %v (%d findings)", err, len(findings))
	}
	docs, _, err := site.LoadDocs(s, blocks.Vocabulary())
	if err != nil {
		t.Fatal(err)
	}
	in := SiteInput{Site: s, DocsChecked: true, RepoFileExists: func(string) bool { return true }}
	for _, d := range docs {
		in.Docs = append(in.Docs, SiteDoc{Path: d.Path, Display: d.File, Source: d.Source})
	}
	h, err := NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	plan, _, err := h.Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := plan.b.searchIndex()
	if err != nil {
		t.Fatal(err)
	}
	// The version-1 index, one entry per requirement with its own URL and
	// label, was 650 bytes per obligation here.
	const maxPerObligation = 450
	if per := len(idx) / len(s.Obligations); per > maxPerObligation {
		t.Errorf("the index is %d bytes, %d per obligation, want at most %d", len(idx), per, maxPerObligation)
	}
	entries := parseSearchIndex(t, idx)
	obligations, reqs := 0, 0
	for _, e := range entries {
		if e.kind == searchObligation {
			obligations++
			reqs += len(e.reqs)
		}
	}
	wantReqs := 0
	for _, o := range s.Obligations {
		wantReqs += len(o.Requires)
	}
	if obligations != len(s.Obligations) || reqs != wantReqs {
		t.Errorf("the index has %d obligations and %d requirements, want %d and %d", obligations, reqs, len(s.Obligations), wantReqs)
	}
	t.Logf("search index: %d bytes for %d obligations, %d entries", len(idx), len(s.Obligations), len(entries))
}
