package render

import (
	"bytes"
	"slices"
	"strings"
	"sync"
)

// miscJobs renders 404.html and search.html.
func (b *builder) miscJobs() []pageJob {
	return []pageJob{
		{path: "404.html", absolute: true, run: func(string) (string, page, error) {
			return "page-404", page{Title: "Page not found"}, nil
		}},
		{path: "search.html", run: func(string) (string, page, error) {
			return "page-search", page{Title: "Search"}, nil
		}},
	}
}

// dataJobs makes the machine-readable files: registry.json and
// obligations.json (the model `infradoc export` prints), the search index
// (JSON, and the same assigned to a global in a script) and sitemap.xml,
// which lists pages.
func (b *builder) dataJobs(pages []pageJob) []pageJob {
	var exported struct {
		once     sync.Once
		reg, obl []byte
		err      error
	}
	export := func() {
		exported.reg, exported.obl, exported.err = ExportJSON(b.s)
	}
	var index struct {
		once sync.Once
		data []byte
		err  error
	}
	searchIndex := func() ([]byte, error) {
		index.once.Do(func() { index.data, index.err = b.searchIndex() })
		return index.data, index.err
	}
	paths := make([]string, len(pages))
	for i, p := range pages {
		paths[i] = p.path
	}
	return []pageJob{
		{path: "obligations.json", data: func() ([]byte, error) {
			exported.once.Do(export)
			return exported.obl, exported.err
		}},
		{path: "search-index.json", data: searchIndex},
		{path: "search-index.js", data: func() ([]byte, error) {
			idx, err := searchIndex()
			if err != nil {
				return nil, err
			}
			js := make([]byte, 0, len(idx)+40)
			js = append(js, "window.INFRADOC_SEARCH_INDEX = "...)
			js = append(js, bytes.TrimSpace(idx)...)
			return append(js, ";\n"...), nil
		}},
		{path: "registry.json", data: func() ([]byte, error) {
			exported.once.Do(export)
			return exported.reg, exported.err
		}},
		{path: "sitemap.xml", data: func() ([]byte, error) { return b.sitemap(paths), nil }},
	}
}

// sitemap lists every HTML page but 404.html and search.html, with
// absolute URLs under the configured base URL, else relative ones.
func (b *builder) sitemap(pages []string) []byte {
	base := safeBaseURL(b.s.Config.Site.BaseURL)
	if base != "" {
		base += "/"
	}
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	var paths []string
	for _, p := range pages {
		if strings.HasSuffix(p, ".html") && p != "404.html" && p != "search.html" {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	for _, p := range paths {
		buf.WriteString("  <url><loc>")
		xmlEscape(&buf, base+p)
		buf.WriteString("</loc></url>\n")
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}

func xmlEscape(buf *bytes.Buffer, s string) {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")
	buf.WriteString(r.Replace(s))
}
