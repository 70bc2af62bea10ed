package html

import (
	"bytes"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
)

// FuzzMarkdownNeverRuns renders arbitrary markdown both ways the site does
// (a doc page, with its links resolved, and a YAML markdown field) and
// checks that the HTML has no script element, no script URL and no event
// handler attribute.
func FuzzMarkdownNeverRuns(f *testing.F) {
	for _, seed := range []string{
		"# T\n\n[a](javascript:alert(1)) <script>alert(1)</script>",
		"<img src=x onerror=alert(1)>\n\n<a href=\"javascript:x\">y</a>",
		"[x](JAVASCRIPT:alert(1)) <javascript:alert(1)> ![i](data:text/html,<script>)",
		"| a |\n|---|\n| <script> |\n\n[r]: javascript:alert(1)\n\n[r]",
		"[ok](B.md#x) [up](../../x) [self](#t)",
		"`<script>` ```\n<script>\n```",
	} {
		f.Add(seed)
	}
	h, err := NewHTMLSite()
	if err != nil {
		f.Fatal(err)
	}
	s := &site.Site{Config: site.DefaultConfig(), Registry: &site.Registry{}}
	s.Config.Site.RepoURL = "https://git.example.org/r"
	f.Fuzz(func(t *testing.T, src string) {
		b := &builder{h: h, s: s, in: SiteInput{Site: s, Docs: []SiteDoc{{Path: "docs/A.md", Display: "docs/A.md", Source: []byte(src)}},
			RepoFileExists: func(string) bool { return true }}}
		b.indexDiagrams()
		if err := b.prepareDocs(); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := h.md.Renderer().Render(&buf, b.docs[0].doc.Source, b.docs[0].root); err != nil {
			return
		}
		field, err := h.markdownHTML(src, nil)
		if err != nil {
			return
		}
		for _, out := range []string{buf.String(), string(field)} {
			if scriptTag.MatchString(out) {
				t.Fatalf("script element in %q", out)
			}
			for _, tag := range startTag.FindAllString(out, -1) {
				if scriptURL.MatchString(tag) {
					t.Fatalf("script URL in %s", tag)
				}
				if handlerAttr.MatchString(quoted.ReplaceAllString(tag, `""`)) {
					t.Fatalf("event handler in %s", tag)
				}
			}
			if strings.Contains(strings.ToLower(out), "<iframe") {
				t.Fatalf("iframe in %q", out)
			}
		}
	})
}
