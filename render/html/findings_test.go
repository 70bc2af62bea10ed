package html

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/golden"
)

// plantedFindings returns the test site's input with findings of every
// kind the Findings page tells apart: about an obligation by subject, in
// an item's YAML by position, about nothing, graded info, waived and
// baselined.
func plantedFindings(t *testing.T) SiteInput {
	t.Helper()
	in := fixtureInput(t, "site")
	s := in.Site
	ob1 := s.Obligations[0]
	redis := s.Registry.Item("Redis")
	if ob1.ID != "OB-1" || redis == nil {
		t.Fatalf("the fixture changed: %s %v", ob1.ID, redis)
	}
	in.Findings = []site.Finding{
		{Pos: ob1.Of("title"), Severity: site.SeverityError, Rule: "test-count", Message: "OB-1 declares 3 tests, 2 found"},
		{Pos: site.Pos{File: "testdata/site/tests/test_event_log.py", Line: 4, Col: 1}, Severity: site.SeverityError, Rule: "test-count", Subject: "OB-2", Message: "a test of OB-2 is missing"},
		{Pos: redis.Of("owner"), Severity: site.SeverityWarning, Rule: "history-date", Message: "owner is not a team"},
		{Pos: site.Pos{File: "testdata/site/docs/GUIDE.md", Line: 3, Col: 1}, Severity: site.SeverityInfo, Rule: "summary-not-checked", Message: "a count infradoc cannot check"},
		{Pos: redis.Of("state"), Severity: site.SeverityError, Rule: "promotion-criteria", Message: "Redis has no promotion trigger",
			Waived: &finding.Waiver{Reason: "planned for Q3", ApprovedBy: "ops-lead", Until: "2099-01-01"}},
		{Pos: ob1.Of("layer"), Severity: site.SeverityError, Rule: "layer", Message: "layer name differs", Baselined: true},
	}
	return in
}

// The Findings page groups the open findings by rule, file and subject,
// links each to its obligation or item, and shows the accepted ones apart
// with the waiver's reason; item pages and the home page count them.
func TestFindingsPage(t *testing.T) {
	files, _ := buildFiles(t, plantedFindings(t))
	page := string(files["findings.html"])
	goldenFile := filepath.Join("testdata", "pages", "findings-planted.html.golden")
	golden.Check(t, "./render/html", goldenFile, files["findings.html"])
	checkContains(t, "findings.html", page, []string{
		`<p class="lead">2 errors, 1 warning, 1 note; 2 accepted.</p>`,
		`<a href="findings.html" aria-current="page">Findings</a>`,
		`<h3 id="rule-test-count"><code>test-count</code> <span class="badge sev-error">error</span> <span class="note">2</span></h3>`,
		// A rule's summary comes from the rules list.
		`<h3 id="rule-history-date"><code>history-date</code> <span class="badge sev-warning">warning</span> <span class="note">1</span></h3>
<p class="note">a history entry is dated`,
		`· about <a href="obligations/OB-1.html">OB-1</a>`,
		`· about <a href="obligations/OB-2.html">OB-2</a>`,
		`· about <a href="items/redis.html">Redis</a>`,
		`<h3 id="subject-none">About no obligation or item <span class="note">1</span></h3>`,
		`<code>testdata/site/docs/GUIDE.md</code>`,
		`<option>info</option>`,
		`<span class="badge">waived</span>`,
		`Reason: planned for Q3 · approved by ops-lead · until <time datetime="2099-01-01">2099-01-01</time>`,
		`<span class="badge">baselined</span>`,
	}, nil)
	// Accepted findings are not among the open ones.
	rule, _, _ := strings.Cut(page, `id="accepted-h"`)
	checkContains(t, "the open findings", rule, nil, []string{"Redis has no promotion trigger", "layer name differs"})

	item := string(files["items/redis.html"])
	checkContains(t, "items/redis.html", item, []string{
		`<h2 id="item-findings-h">Open findings</h2>`,
		`<li><span class="badge sev-warning">warning</span> owner is not a team <span class="note">[history-date]`,
	}, []string{"Redis has no promotion trigger"})
	checkContains(t, "items/postgresql.html", string(files["items/postgresql.html"]),
		[]string{"No open finding of this build is about PostgreSQL."}, []string{"owner is not a team"})
	checkContains(t, "obligations/OB-2.html", string(files["obligations/OB-2.html"]),
		[]string{"a test of OB-2 is missing"}, []string{"OB-1 declares"})
	checkContains(t, "index.html", string(files["index.html"]), []string{
		`<a href="findings.html?severity=error"><span class="card-num">2</span> errors</a>`,
		`<a href="findings.html?severity=warning"><span class="card-num">1</span> warning</a>`,
		`<p>2 errors, 1 warning, 1 note; 2 accepted. <a href="findings.html" data-findings-link>Open the findings</a>.</p>`,
	}, nil)
}

// SetFindings replaces what the Findings page lists: the build's findings
// once the broken links are graded and accepted.
func TestFindingsPageSetFindings(t *testing.T) {
	h, err := NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	in := plantedFindings(t)
	plan, _, err := h.Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	plan.SetFindings(in.Findings[:1])
	var page []byte
	err = plan.Render(func(f SiteFile) error {
		if f.Path == "findings.html" {
			page = bytes.Clone(f.Data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checkContains(t, "findings.html", string(page), []string{`<p class="lead">1 error, 0 warnings, 0 notes.</p>`}, []string{"owner is not a team"})
}

// A doc without markers is not managed: the home page never counts it as
// in sync, and both indexes say so.
func TestDocsNotManaged(t *testing.T) {
	in := fixtureInput(t, "site")
	for i := range in.Docs {
		in.Docs[i].Managed = false
	}
	files, _ := buildFiles(t, in)
	checkContains(t, "index.html", string(files["index.html"]), []string{
		"No doc holds infradoc markers: infradoc generates nothing in them, so none is managed.",
		`<span class="badge">not managed</span>`,
	}, []string{"in sync"})
	checkContains(t, "docs.html", string(files["docs.html"]), []string{`<span class="badge">not managed</span>`}, nil)

	in.Docs[0].Managed = true
	files, _ = buildFiles(t, in)
	checkContains(t, "index.html", string(files["index.html"]), []string{
		"The managed doc is in sync with the YAML.",
		"1 without markers: not managed, infradoc generates nothing in them.",
	}, []string{"All 2 docs"})
}
