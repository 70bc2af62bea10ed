package html

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/templates"
)

// workerHighlighter returns a highlighter that runs chroma in a real
// worker process (TestMain's graphviztest builds it), without a cache.
func workerHighlighter(t testing.TB) CodeHighlighter {
	t.Helper()
	r := graphviz.New(graphviz.Options{})
	t.Cleanup(func() { r.Close() })
	return r
}

const codeMarkdown = "```yaml\nname: postgres # <record>\n```\n\n```\nplain <b>\n```\n\n```nosuchlanguage\nx < y\n```\n"

// Fenced code in a language chroma knows is highlighted with classes, not
// inline styles, by the worker; code without a language, or in an
// unknown one, stays plain and escaped, as goldmark writes it.
func TestCodeHighlighting(t *testing.T) {
	h, err := NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.markdownHTML(codeMarkdown, workerHighlighter(t))
	if err != nil {
		t.Fatal(err)
	}
	html := string(got)
	checkContains(t, "highlighted markdown", html, []string{
		`<pre class="chroma"><code>`, `<span class="nt">name</span>`, `<span class="c"># &lt;record&gt;</span>`,
		"</code></pre><pre><code>plain &lt;b&gt;\n</code></pre>\n",
		"<pre><code class=\"language-nosuchlanguage\">x &lt; y\n</code></pre>\n",
	}, []string{"style="})
}

// Without a highlighter, or with one that fails (no worker to be found),
// every block is goldmark's plain <pre><code>, the build's output the same
// either way.
func TestCodeStaysPlainWithoutAHighlighter(t *testing.T) {
	h, err := NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	want := "<pre><code class=\"language-yaml\">name: postgres # &lt;record&gt;\n</code></pre>\n" +
		"<pre><code>plain &lt;b&gt;\n</code></pre>\n" +
		"<pre><code class=\"language-nosuchlanguage\">x &lt; y\n</code></pre>\n"
	plain, err := h.markdownHTML(codeMarkdown, nil)
	if err != nil || string(plain) != want {
		t.Fatalf("no highlighter: %q, %v; want %q", plain, err, want)
	}
	t.Setenv(graphviz.EnvWorker, filepath.Join(t.TempDir(), "no-such-worker"))
	failing, err := h.markdownHTML(codeMarkdown, workerHighlighter(t))
	if err != nil || string(failing) != want {
		t.Fatalf("failing highlighter: %q, %v; want %q", failing, err, want)
	}
}

// The published site.css ends with templates/static/code.css (generated
// from chroma's styles), which is not published on its own.
func TestSiteCSSHasCodeTheme(t *testing.T) {
	h, err := NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	code, err := templates.FS.ReadFile("static/code.css")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(code), ".chroma .k {") {
		t.Fatal("static/code.css has no keyword colour")
	}
	found := false
	for _, a := range h.assets {
		switch a.Path {
		case "static/site.css":
			found = true
			if !strings.HasSuffix(string(a.Data), string(code)) {
				t.Error("site.css does not end with the code theme")
			}
		case "static/code.css":
			t.Error("static/code.css is published on its own")
		}
	}
	if !found {
		t.Fatal("no static/site.css")
	}
}
