package graphviz

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/renameio/v2"
	"github.com/infradoc/infradoc/render/graphviz/internal/wire"
)

// HighlightVersion names the highlighter: the chroma module the worker
// links (whose greeting must name the same) and the revision of the
// request. It is part of every CodeHash, so a new chroma never reuses old
// HTML.
const HighlightVersion = wire.Highlighter + "; infradoc-highlight 1"

// CodeHash returns the content address of the highlighted HTML of code in
// language: the hex sha256 of HighlightVersion, the language and the code.
func CodeHash(language, code string) string {
	h := sha256.New()
	h.Write([]byte(HighlightVersion))
	h.Write([]byte{0})
	h.Write([]byte(language))
	h.Write([]byte{0})
	h.Write([]byte(code))
	return hex.EncodeToString(h.Sum(nil))
}

// HighlightCode returns the HTML of code coloured as language by chroma
// (with classes: the whole <pre class="chroma"><code> element), from the
// cache when it holds it, else from a worker (and then cached). ok is
// false when chroma knows no such language: show the code plain (that
// answer is cached too, as an empty file, so that a build does not start
// a worker for it again). The HTML is checked (CheckHighlighted) wherever
// it comes from. An error (no worker, or one that failed) means the code
// could not be coloured: show it plain.
func (r *Renderer) HighlightCode(language, code string) (html []byte, ok bool, err error) {
	hash := CodeHash(language, code)
	if html, ok, hit := r.cachedCode(hash, code); hit {
		return html, ok, nil
	}
	if r.closed.Load() {
		return nil, false, ErrClosed
	}
	pool, err := r.workers()
	if err != nil {
		return nil, false, err
	}
	html, ok, err = pool.highlight(language, code)
	if err != nil {
		return nil, false, err
	}
	if ok {
		if err := CheckHighlighted(html, code); err != nil {
			return nil, false, fmt.Errorf("the worker's highlighted code was refused: %w", err)
		}
	}
	r.storeCode(hash, html)
	return html, ok, nil
}

// cachedCode returns the cached answer for hash: hit is false when there
// is none, or the file is not highlighted HTML of code.
func (r *Renderer) cachedCode(hash, code string) (html []byte, ok, hit bool) {
	if r.cacheDir == "" {
		return nil, false, false
	}
	data, err := os.ReadFile(filepath.Join(r.cacheDir, hash+".html"))
	switch {
	case err != nil:
		return nil, false, false
	case len(data) == 0:
		return nil, false, true
	case CheckHighlighted(data, code) != nil:
		return nil, false, false
	}
	return data, true, true
}

// storeCode writes an answer atomically (empty for plain code); a cache
// that cannot be written only costs a worker next time.
func (r *Renderer) storeCode(hash string, html []byte) {
	if r.cacheDir == "" {
		return
	}
	if err := os.MkdirAll(r.cacheDir, 0o700); err != nil {
		return
	}
	_ = renameio.WriteFile(filepath.Join(r.cacheDir, hash+".html"), html, 0o600)
}

// The wrapper chroma's HTML formatter writes around the tokens, with
// classes and no line numbers.
var (
	highlightOpen  = []byte(`<pre class="chroma"><code>`)
	highlightClose = []byte(`</code></pre>`)
)

// CheckHighlighted reports an error unless html is what chroma's
// formatter makes of code: the <pre class="chroma"><code> wrapper, then
// only <span class="…"> elements with class names of letters, digits,
// '-' and spaces, around text whose unescaped characters are code's, in
// order. So a worker, or a file in the cache, can colour code but never
// put anything else on a page. A newline chroma added after the last
// line is allowed.
func CheckHighlighted(doc []byte, code string) error {
	body, ok := bytes.CutPrefix(doc, highlightOpen)
	if !ok {
		return errors.New("highlighted code does not begin with chroma's wrapper")
	}
	if body, ok = bytes.CutSuffix(body, highlightClose); !ok {
		return errors.New("highlighted code does not end with chroma's wrapper")
	}
	var text strings.Builder
	depth := 0
	for len(body) > 0 {
		i := bytes.IndexByte(body, '<')
		if i < 0 {
			i = len(body)
		}
		chunk := body[:i]
		if bytes.ContainsAny(chunk, `>"`) {
			return errors.New("highlighted code holds an unescaped > or \"")
		}
		text.WriteString(html.UnescapeString(string(chunk)))
		body = body[i:]
		if len(body) == 0 {
			break
		}
		end := bytes.IndexByte(body, '>')
		if end < 0 {
			return errors.New("highlighted code holds an unclosed tag")
		}
		tag := string(body[:end+1])
		body = body[end+1:]
		switch {
		case tag == "</span>":
			if depth--; depth < 0 {
				return errors.New("highlighted code closes a span it did not open")
			}
		case isSpanOpen(tag):
			depth++
		default:
			return fmt.Errorf("highlighted code holds the tag %.40q", tag)
		}
	}
	if depth != 0 {
		return errors.New("highlighted code leaves a span open")
	}
	// chroma's lexers end the last line with a newline when it has none.
	if t := text.String(); t != code && (strings.HasSuffix(code, "\n") || t != code+"\n") {
		return errors.New("highlighted code's text is not the code")
	}
	return nil
}

// isSpanOpen reports whether tag is <span class="NAMES">, NAMES letters,
// digits, '-' and spaces.
func isSpanOpen(tag string) bool {
	names, ok := strings.CutPrefix(tag, `<span class="`)
	if !ok {
		return false
	}
	if names, ok = strings.CutSuffix(names, `">`); !ok || names == "" {
		return false
	}
	for _, c := range names {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == ' ') {
			return false
		}
	}
	return true
}
