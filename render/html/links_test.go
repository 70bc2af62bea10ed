package html

import (
	"strings"
	"testing"
)

func TestBrokenLinksAreFoundWithPositions(t *testing.T) {
	in := fixtureInput(t, "site")
	in.Docs = []SiteDoc{
		{Path: "docs/A.md", Display: "repo/docs/A.md", Source: []byte(strings.Join([]string{
			"# Intro", // 1
			"",        // 2
			"Good: [b](B.md) and [two](B.md#section-two) and [self](#intro).", // 3
			"Bad doc: [missing](MISSING.md).",                                 // 4
			"Bad anchor: [nope](B.md#nope).",                                  // 5
			"Bad local: [x](#nowhere)",                                        // 6
			"File: [yaml](../INFRA_REGISTRY.yaml) and [gone](../gone.txt).",   // 7
			"Out: [ext](https://example.org/x#y) and [up](../../outside.md).", // 8
			"Café — [lost](LOST.md): columns count characters, not bytes.",    // 9
			"",
		}, "\n"))},
		{Path: "docs/B.md", Display: "repo/docs/B.md", Source: []byte("# B\n\n## Section two\n\nBack to [A](A.md#intro).\n")},
	}
	_, findings := buildFiles(t, in)
	var got []string
	for _, f := range findings {
		if f.Rule != BrokenLinkRule {
			t.Errorf("unexpected rule %s", f.Rule)
		}
		got = append(got, f.Pos.String()+": "+f.Message)
	}
	want := []string{
		"repo/docs/A.md:4:10: link to MISSING.md: docs/MISSING.md is neither a published doc nor a file in the repository",
		"repo/docs/A.md:5:13: link to B.md#nope: repo/docs/B.md has no heading with that anchor",
		"repo/docs/A.md:6:12: link to #nowhere: repo/docs/A.md has no heading with that anchor",
		"repo/docs/A.md:7:42: link to ../gone.txt: gone.txt is neither a published doc nor a file in the repository",
		"repo/docs/A.md:8:41: link to ../../outside.md: ../outside.md is neither a published doc nor a file in the repository",
		"repo/docs/A.md:9:8: link to LOST.md: docs/LOST.md is neither a published doc nor a file in the repository",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDocLinksAreRewrittenToPages(t *testing.T) {
	in := fixtureInput(t, "site")
	in.Docs = []SiteDoc{
		{Path: "docs/guides/A.md", Display: "docs/guides/A.md", Source: []byte("# A\n\nSee [B](../B.md#section-two) and [yaml](../../INFRA_REGISTRY.yaml).\n")},
		{Path: "docs/B.md", Display: "docs/B.md", Source: []byte("# B\n\n## Section two\n")},
	}
	files, findings := buildFiles(t, in)
	if len(findings) > 0 {
		t.Fatalf("unexpected findings: %v", findings)
	}
	a := string(files["docs/guides/A.html"])
	for _, want := range []string{
		`<a href="../../docs/B.html#section-two">B</a>`,
		`<a href="https://git.example.org/acme/infra/blob/main/testdata/site/INFRA_REGISTRY.yaml">yaml</a>`,
	} {
		if !strings.Contains(a, want) {
			t.Errorf("docs/guides/A.html lacks %s", want)
		}
	}
	if !strings.Contains(string(files["docs/B.html"]), `<h2 id="section-two">`) {
		t.Errorf("docs/B.html lacks the heading anchor")
	}
}

func TestGitHubHeadingIDs(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"State Definitions (A/B/C)", "state-definitions-abc"},
		{"B1 — Production-required", "b1--production-required"},
		{"snake_case stays", "snake_case-stays"},
		{"Ünïcode Headings", "ünïcode-headings"},
		{"  `code` and **bold**  ", "code-and-bold"},
	} {
		if got := githubSlug(c.in); got != c.want {
			t.Errorf("githubSlug(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
