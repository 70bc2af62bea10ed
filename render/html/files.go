package html

import (
	"bytes"
	"github.com/infradoc/infradoc/render/report"
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
	// The exports and the search index are made once for two files each
	// and let go of when both are written: on a large site they are tens
	// of megabytes that every page rendered meanwhile would keep company.
	exported := newSharedBytes(2, func() ([][]byte, error) {
		reg, obl, err := report.ExportJSON(b.s)
		return [][]byte{reg, obl}, err
	})
	index := newSharedBytes(2, func() ([][]byte, error) {
		idx, err := b.searchIndex()
		return [][]byte{idx}, err
	})
	paths := make([]string, len(pages))
	for i, p := range pages {
		paths[i] = p.path
	}
	return []pageJob{
		{path: "obligations.json", data: func() ([]byte, error) { return exported.take(1) }},
		{path: "search-index.json", data: func() ([]byte, error) { return index.take(0) }},
		{path: "search-index.js", data: func() ([]byte, error) {
			idx, err := index.take(0)
			if err != nil {
				return nil, err
			}
			js := make([]byte, 0, len(idx)+40)
			js = append(js, "window.INFRADOC_SEARCH_INDEX = "...)
			js = append(js, bytes.TrimSpace(idx)...)
			return append(js, ";\n"...), nil
		}},
		{path: "registry.json", data: func() ([]byte, error) { return exported.take(0) }},
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
		xmlEscape(&buf, base+pageURL(p))
		buf.WriteString("</loc></url>\n")
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}

func xmlEscape(buf *bytes.Buffer, s string) {
	buf.WriteString(xmlEscaper.Replace(s))
}

// xmlEscaper is built once: a strings.Replacer prepares tables on first use.
var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// sharedBytes is data made once on first use for a known number of users,
// and dropped when the last has taken it.
type sharedBytes struct {
	mu    sync.Mutex
	users int
	// build makes the parts; nil once it has run.
	build func() ([][]byte, error)
	parts [][]byte
	err   error
}

func newSharedBytes(users int, build func() ([][]byte, error)) *sharedBytes {
	return &sharedBytes{users: users, build: build}
}

// take returns part i, making the parts first if need be. Each of the
// users calls take once.
func (s *sharedBytes) take(i int) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.build != nil {
		s.parts, s.err = s.build()
		s.build = nil
	}
	var part []byte
	if s.err == nil {
		part = s.parts[i]
	}
	err := s.err
	if s.users--; s.users == 0 {
		s.parts = nil
	}
	return part, err
}
