package render

import (
	"strings"

	"github.com/infradoc/infradoc/site"
)

// The parts of an obligation page (see writePage): the markup is what the
// template "page-obligation" wrote for them before.

// obligationHeader writes the top of an obligation page: the breadcrumb,
// the heading and the list of fields (status, layer, schema, dates,
// related PINs, where the obligation is declared). root leads from the
// page to the site root.
func (f *fragment) obligationHeader(root string, o *obligationBody) {
	f.raw(`<nav aria-label="Breadcrumb" class="crumbs"><a href="`)
	f.url(root)
	f.raw("obligations.html\">Obligations</a> ›</nav>\n<h1><span class=\"id\">")
	f.text(o.ID)
	f.raw("</span> ")
	f.text(o.Title)
	f.raw("</h1>\n<dl class=\"fields\">\n<dt>Status</dt><dd>")
	f.statusBadge(o.Status)
	f.raw("</dd>\n<dt>Layer</dt><dd>")
	f.layerLink(root, o.LayerID, o.LayerName)
	f.raw("</dd>\n<dt>Schema</dt><dd>")
	f.orDash(o.Schema, f.text)
	f.raw("</dd>\n<dt>Created</dt><dd>")
	f.time(o.Created)
	f.raw("</dd>\n<dt>Promoted</dt><dd>")
	f.orDash(o.PromotedAt, f.time)
	f.raw("</dd>\n<dt>Related PINs</dt><dd>")
	f.pins(o.Pins)
	if len(o.Pins) == 0 {
		f.raw("—")
	}
	f.raw("</dd>\n<dt>Declared in</dt><dd><code>")
	f.text(o.Source)
	f.raw("</code></dd>\n</dl>\n")
}

// layerLink writes a layer's id linked to its obligations page, then its
// name.
func (f *fragment) layerLink(root, id, name string) {
	f.raw(`<a href="`)
	f.url(root)
	f.raw("obligations/layer/")
	f.urlPart(id)
	f.raw(`.html">`)
	f.text(id)
	f.raw("</a>")
	if name != "" {
		f.raw(" ")
		f.text(name)
	}
}

// pins writes PIN ids separated by commas, each linked when it has a URL.
func (f *fragment) pins(pins []pinLink) {
	for i, p := range pins {
		if i > 0 {
			f.raw(", ")
		}
		if p.URL == "" {
			f.text(p.ID)
			continue
		}
		f.raw(`<a href="`)
		f.url(p.URL)
		f.raw(`">`)
		f.text(p.ID)
		f.raw("</a>")
	}
}

// statusBadge appends an obligation status as the template
// "status-badge" writes it.
func (f *fragment) statusBadge(status string) {
	f.raw(`<span class="badge status-`)
	f.text(strings.ToLower(status))
	f.raw(`">`)
	f.text(status)
	f.raw("</span>")
}

// orDash appends v as write appends it, or "—" when v is empty.
func (f *fragment) orDash(v string, write func(string)) {
	if v == "" {
		f.raw("—")
		return
	}
	write(v)
}

// time appends a date as a <time> element.
func (f *fragment) time(date string) {
	f.raw(`<time datetime="`)
	f.text(date)
	f.raw(`">`)
	f.text(date)
	f.raw("</time>")
}

// requirements writes the requirements grouped by schema, then by type,
// each a checklist item with its evidence; nothing when there are none.
// scanned says whether the migrations were scanned: without a scan an
// item is neither found nor missing but not checked.
func (f *fragment) requirements(schemas []requirementSchema, scanned bool) {
	for _, s := range schemas {
		f.raw(`<h3 class="req-schema"><span class="label">Schema</span> `)
		f.text(s.Schema)
		f.raw("</h3>\n<dl class=\"req-types\">\n")
		for _, t := range s.Types {
			f.raw("<dt>")
			f.text(t.Type)
			f.raw("</dt>\n<dd><ul class=\"checklist\">\n")
			for _, it := range t.Items {
				switch {
				case it.Found:
					f.raw(`<li class="ok"><span aria-hidden="true">✓</span> <code>`)
				case scanned:
					f.raw(`<li class="bad"><span aria-hidden="true">✗</span> <code>`)
				default:
					f.raw(`<li class=""><span aria-hidden="true">?</span> <code>`)
				}
				f.text(it.Name)
				f.raw("</code> ")
				switch {
				case it.Found && it.At != "":
					f.raw("found in <code>")
					f.text(it.At)
					f.raw("</code>")
				case it.Found:
					f.raw("found")
				case scanned:
					f.raw("missing")
				default:
					f.raw("not checked")
				}
				f.raw("</li>\n")
			}
			f.raw("</ul></dd>\n")
		}
		f.raw("</dl>\n")
	}
}

// testRows writes one table row per test file the obligation declares:
// its path, the count declared, the count found and the functions found.
func (f *fragment) testRows(tests []obligationTest) {
	for _, t := range tests {
		if t.Mismatch {
			f.raw(`<tr class="bad"><td><code>`)
		} else {
			f.raw(`<tr class=""><td><code>`)
		}
		f.text(t.Path)
		f.raw("</code>")
		if !t.Exists {
			f.raw(` <span class="badge bad">missing</span>`)
		}
		f.raw(`</td><td class="num">`)
		f.int(t.Declared)
		f.raw(`</td><td class="num">`)
		if t.Scanned {
			f.int(t.Found)
		} else {
			f.raw("—")
		}
		f.raw("</td><td>")
		for i, fn := range t.Functions {
			if i > 0 {
				f.raw(", ")
			}
			f.raw("<code>")
			f.text(fn)
			f.raw("</code>")
		}
		f.raw("</td></tr>\n")
	}
}

// criteria writes the promotion criteria as a checklist of disabled
// checkboxes, checked when met.
func (f *fragment) criteria(criteria []site.Criterion) {
	for _, c := range criteria {
		if c.Met {
			f.raw(`<li class="ok"><input type="checkbox" disabled checked aria-label="`)
		} else {
			f.raw(`<li class="bad"><input type="checkbox" disabled aria-label="`)
		}
		f.text(c.Name)
		if c.Met {
			f.raw(` met"> `)
		} else {
			f.raw(` not met"> `)
		}
		f.text(c.Name)
		f.raw("</li>\n")
	}
}
