package render

import (
	"bytes"
	"slices"
	"strings"
)

// miscJobs renders 404.html and search.html.
func (b *builder) miscJobs() []pageJob {
	return []pageJob{
		{path: "404.html", run: func(string) (string, page, error) {
			return "page-404", page{Title: "Page not found"}, nil
		}},
		{path: "search.html", run: func(string) (string, page, error) {
			return "page-search", page{Title: "Search"}, nil
		}},
	}
}

// dataFiles renders the machine-readable files: registry.json and
// obligations.json (the model `infradoc export` writes), the search index
// and sitemap.xml (which lists the pages already rendered).
func (b *builder) dataFiles(pages []SiteFile) ([]SiteFile, error) {
	reg, obl, err := ExportJSON(b.s)
	if err != nil {
		return nil, err
	}
	idx, err := b.searchIndex()
	if err != nil {
		return nil, err
	}
	js := make([]byte, 0, len(idx)+40)
	js = append(js, "window.INFRADOC_SEARCH_INDEX = "...)
	js = append(js, bytes.TrimSpace(idx)...)
	js = append(js, ";\n"...)
	return []SiteFile{
		{Path: "registry.json", Data: reg},
		{Path: "obligations.json", Data: obl},
		{Path: "search-index.json", Data: idx},
		{Path: "search-index.js", Data: js},
		{Path: "sitemap.xml", Data: b.sitemap(pages)},
	}, nil
}

// sitemap lists every HTML page but 404.html and search.html, with
// absolute URLs under the configured base URL, else relative ones.
func (b *builder) sitemap(files []SiteFile) []byte {
	base := safeBaseURL(b.s.Config.Site.BaseURL)
	if base != "" {
		base += "/"
	}
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	var paths []string
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".html") && f.Path != "404.html" && f.Path != "search.html" {
			paths = append(paths, f.Path)
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
