package graphviz

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/render/graphviz/internal/wire"
)

const yamlCode = "name: postgres # <record> & \"quotes\"\n"

// A highlight runs in a real worker, is cached by CodeHash, and is then
// served from the cache without a worker; so is the answer that a
// language is unknown.
func TestHighlightCodeOnAWorkerAndCaches(t *testing.T) {
	r := testRenderer(t, 0, false)
	html, ok, err := r.HighlightCode("yaml", yamlCode)
	if err != nil || !ok {
		t.Fatalf("yaml: ok %v, %v", ok, err)
	}
	for _, want := range []string{`<pre class="chroma"><code>`, `<span class="nt">name</span>`, `# &lt;record&gt; &amp; &#34;quotes&#34;`} {
		if !strings.Contains(string(html), want) {
			t.Errorf("no %s in %s", want, html)
		}
	}
	if html2, ok2, err2 := r.HighlightCode("nosuchlanguage", yamlCode); html2 != nil || ok2 || err2 != nil {
		t.Fatalf("unknown language: %q, %v, %v; want plain", html2, ok2, err2)
	}
	if cached, err := os.ReadFile(filepath.Join(r.CacheDir(), CodeHash("yaml", yamlCode)+".html")); err != nil || string(cached) != string(html) {
		t.Fatalf("cache file: %v", err)
	}
	// A renderer on the same cache whose worker cannot start answers both
	// from the cache.
	again := New(Options{CacheDir: r.CacheDir()})
	t.Cleanup(func() { again.Close() })
	fakeWorker(t, again, "exit 1")
	if got, ok, err := again.HighlightCode("yaml", yamlCode); err != nil || !ok || string(got) != string(html) {
		t.Fatalf("cached yaml: ok %v, %v", ok, err)
	}
	if got, ok, err := again.HighlightCode("nosuchlanguage", yamlCode); got != nil || ok || err != nil {
		t.Fatalf("cached unknown language: ok %v, %v", ok, err)
	}
	if again.pool != nil {
		t.Error("a cached highlight started a worker")
	}
	// Another language, or other code, is another key.
	if _, _, err := again.HighlightCode("yml", yamlCode); err == nil {
		t.Error("another language was served from the cache")
	}
}

// A cache file that is not the highlighted code of its key is not used.
func TestHighlightCodeIgnoresABadCacheFile(t *testing.T) {
	r := New(Options{CacheDir: t.TempDir()})
	t.Cleanup(func() { r.Close() })
	fakeWorker(t, r, "exit 1")
	bad := `<pre class="chroma"><code><script>alert(1)</script>` + yamlCode + `</code></pre>`
	if err := os.WriteFile(filepath.Join(r.CacheDir(), CodeHash("yaml", yamlCode)+".html"), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	if html, ok, err := r.HighlightCode("yaml", yamlCode); err == nil || ok || html != nil {
		t.Fatalf("a bad cache file was used: %q, %v, %v", html, ok, err)
	}
}

// A worker's HTML that holds anything but the code and its spans is
// refused and not cached.
func TestHighlightCodeRefusesUnsafeHTML(t *testing.T) {
	r := testRenderer(t, 0, false)
	code := "a\n"
	fakeWorker(t, r, "printf '"+shellBytes([]byte(wire.Hello))+replyFrame(wire.StatusHTML, `<pre class="chroma"><code><img src=x onerror=alert(1)>a
</code></pre>`)+"'; cat >/dev/null")
	if _, _, err := r.HighlightCode("yaml", code); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("err = %v, want the HTML refused", err)
	}
	if _, err := os.Stat(filepath.Join(r.CacheDir(), CodeHash("yaml", code)+".html")); err == nil {
		t.Error("unsafe HTML was cached")
	}
}

// The worker of an infradoc before request kinds (protocol 2) is refused
// with a message that says so and how to install the right one.
func TestRendererRefusesAWorkerOfAnOlderProtocol(t *testing.T) {
	r := testRenderer(t, 0, true)
	fakeWorker(t, r, `printf 'infradoc-graphviz worker 2; go-graphviz v0.2.10 (graphviz 12.1.2)\n'; cat >/dev/null`)
	_, _, err := r.HighlightCode("yaml", yamlCode)
	if err == nil || !strings.Contains(err.Error(), `is the render worker of another infradoc: it speaks protocol "2", this infradoc protocol "3"`) || !strings.Contains(err.Error(), "go install "+workerPackage) {
		t.Fatalf("err = %v, want the old worker refused with how to install the right one", err)
	}
	if _, err2 := r.Render(smallDOT); err2 == nil || err2.Error() != err.Error() {
		t.Errorf("render after the refusal: %v", err2)
	}
}

// With no worker to be found, a highlight fails with how to install it.
func TestHighlightCodeWithoutAWorker(t *testing.T) {
	t.Setenv(EnvWorker, filepath.Join(t.TempDir(), "no-such-worker"))
	r := testRenderer(t, 0, false)
	if _, ok, err := r.HighlightCode("yaml", yamlCode); err == nil || ok {
		t.Fatalf("ok %v, err %v; want an error", ok, err)
	}
}

func TestCheckHighlighted(t *testing.T) {
	const open, close = `<pre class="chroma"><code>`, `</code></pre>`
	code := "a: <b> & \"c\" 'd'\n"
	good := []string{
		open + `<span class="line"><span class="cl"><span class="nt">a</span>: &lt;b&gt; &amp; &#34;c&#34; &#39;d&#39;` + "\n" + `</span></span>` + close,
		// chroma ends the last line with a newline the code lacked.
		open + `a: &lt;b&gt; &amp; &#34;c&#34; &#39;d&#39;` + "\n" + close,
	}
	for i, doc := range good {
		c := code
		if i == 1 {
			c = strings.TrimSuffix(code, "\n")
		}
		if err := CheckHighlighted([]byte(doc), c); err != nil {
			t.Errorf("good %d refused: %v", i, err)
		}
	}
	esc := `a: &lt;b&gt; &amp; &#34;c&#34; &#39;d&#39;` + "\n"
	for name, doc := range map[string]string{
		"no wrapper":     esc,
		"other wrapper":  `<pre style="x"><code>` + esc + close,
		"script":         open + `<script>x</script>` + esc + close,
		"attribute":      open + `<span class="a" onclick="x">` + esc + `</span>` + close,
		"class quote":    open + `<span class="a&#34;">` + esc + `</span>` + close,
		"unclosed span":  open + `<span class="a">` + esc + close,
		"extra close":    open + esc + `</span>` + close,
		"raw gt":         open + `a: &lt;b> &amp; &#34;c&#34; &#39;d&#39;` + "\n" + close,
		"other text":     open + `a: x` + "\n" + close,
		"text missing":   open + close,
		"two newlines":   open + esc + "\n" + close,
		"unclosed tag":   open + esc + `<span` + close,
		"entity element": open + `&lt;script&gt;` + close,
	} {
		if err := CheckHighlighted([]byte(doc), code); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}
