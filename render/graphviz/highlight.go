package graphviz

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/renameio/v2"
	"github.com/infradoc/infradoc/render/graphviz/internal/wire"
	xhtml "golang.org/x/net/html"
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
// (with classes: the whole pre element of class chroma), from the
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

// CheckHighlighted reports an error unless doc is what chroma's HTML
// formatter makes of code: a pre element of class "chroma" holding one
// code element, which holds only span elements, each with one class
// attribute of letters, digits, '-' and spaces, around text whose
// characters are code's, in order. So a worker, or a file in the cache,
// can colour code but never put anything else on a page. A newline chroma
// added after the last line is allowed. doc is read with x/net/html's
// tokenizer, as a browser would split it.
func CheckHighlighted(doc []byte, code string) error {
	z := xhtml.NewTokenizer(bytes.NewReader(doc))
	next := func() (xhtml.TokenType, string) {
		tt := z.Next()
		name, _ := z.TagName()
		return tt, string(name)
	}
	if tt, name := next(); tt != xhtml.StartTagToken || name != "pre" || !onlyClass(z, "chroma") {
		return errors.New("highlighted code does not begin with chroma's wrapper")
	}
	if tt, name := next(); tt != xhtml.StartTagToken || name != "code" || !onlyClass(z, "") {
		return errors.New("highlighted code does not begin with chroma's wrapper")
	}
	var text strings.Builder
	depth := 0
body:
	for {
		tt, name := next()
		switch {
		case tt == xhtml.TextToken:
			if bytes.ContainsAny(z.Raw(), `>"`) {
				return errors.New("highlighted code holds an unescaped > or \"")
			}
			text.Write(z.Text())
		case tt == xhtml.StartTagToken && name == "span" && validClass(z):
			depth++
		case tt == xhtml.EndTagToken && name == "span":
			if depth--; depth < 0 {
				return errors.New("highlighted code closes a span it did not open")
			}
		case tt == xhtml.EndTagToken && name == "code":
			break body
		case tt == xhtml.ErrorToken:
			return errors.New("highlighted code does not end with chroma's wrapper")
		default:
			return fmt.Errorf("highlighted code holds the tag %.40q", z.Raw())
		}
	}
	if depth != 0 {
		return errors.New("highlighted code leaves a span open")
	}
	if tt, name := next(); tt != xhtml.EndTagToken || name != "pre" {
		return errors.New("highlighted code does not end with chroma's wrapper")
	}
	if z.Next() != xhtml.ErrorToken || z.Err() != io.EOF {
		return errors.New("highlighted code goes on after chroma's wrapper")
	}
	// chroma's lexers end the last line with a newline when it has none.
	if t := text.String(); t != code && (strings.HasSuffix(code, "\n") || t != code+"\n") {
		return errors.New("highlighted code's text is not the code")
	}
	return nil
}

// onlyClass reports whether the tag z holds has no attribute but class
// (with the value want), or none at all when want is "".
func onlyClass(z *xhtml.Tokenizer, want string) bool {
	key, val, more := z.TagAttr()
	if want == "" {
		return key == nil
	}
	return string(key) == "class" && string(val) == want && !more
}

// validClass reports whether the span tag z holds has exactly one
// attribute, class, whose value is class names of letters, digits, '-'
// and spaces.
func validClass(z *xhtml.Tokenizer) bool {
	key, names, more := z.TagAttr()
	if string(key) != "class" || more || len(names) == 0 {
		return false
	}
	for _, c := range string(names) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == ' ') {
			return false
		}
	}
	return true
}
