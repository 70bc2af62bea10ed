package html

import (
	"bytes"
	"html/template"
	"strings"
	"sync"
)

// partials renders a template once per key for the whole build, as
// Hugo's partialCached does: a page template writes
//
//	{{$.Partials.Cached "head-rest" . .Root .Section}}
//
// where a part of the page is the same on many pages, and where rendering
// it on each would cost much of the build (the header's many relative
// URLs on every page; the first 50 obligations of a layer, listed on the
// page of every item of that layer). The template chooses the key: the
// values its output depends on.
type partials struct {
	tmpl  *template.Template
	cache sync.Map
}

// Cached returns template name executed with data, executing it only the
// first time the build asks for name with these keys. Its output is
// escaped as html/template escapes a page's text: it belongs where an
// element may start.
func (p *partials) Cached(name string, data any, keys ...string) (template.HTML, error) {
	key := name + "\x00" + strings.Join(keys, "\x00")
	if v, ok := p.cache.Load(key); ok {
		return v.(template.HTML), nil
	}
	var buf bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	v, _ := p.cache.LoadOrStore(key, template.HTML(buf.String()))
	return v.(template.HTML), nil
}
