package render

import (
	"bytes"
	"strings"
)

// writePage writes an item page whole, in Go (see fragment): the fields,
// bucket, promotion history, the tests that declare the item, the
// obligations in its layer and where the docs mention it. The markup is
// what the template "page-item" wrote (TestItemPageMatchesItsTemplate
// keeps that template as the reference).
func (it *itemBody) writePage(buf *bytes.Buffer, p *page) {
	f := fragment{sb: buf}
	buf.Grow(5000 + len(it.Description) + len(p.HeadRest) + len(p.FootRest) + len(it.Obligations.Rows) + 120*len(it.Tests) + 120*len(it.Mentions))
	root := p.Root
	f.head(p)
	f.raw("\n\n<nav aria-label=\"Breadcrumb\" class=\"crumbs\"><a href=\"")
	f.url(root)
	f.raw("registry.html\">Registry</a> ›</nav>\n<h1>")
	f.text(it.Name)
	f.raw(" ")
	f.stateBadge(it.State)
	f.raw("</h1>\n<p class=\"lead\">")
	f.text(it.StateName)
	if it.StateMeaning != "" {
		f.raw(": ")
		f.text(it.StateMeaning)
	}
	f.raw("</p>\n")
	if it.Description != "" {
		f.raw(`<div class="prose">`)
		f.raw(string(it.Description))
		f.raw("</div>")
	}
	f.raw("\n<section aria-labelledby=\"fields-h\">\n<h2 id=\"fields-h\">Fields</h2>\n<dl class=\"fields\">\n<dt>Name</dt><dd>")
	f.text(it.Name)
	f.raw("</dd>\n")
	if len(it.Aliases) > 0 {
		f.raw("<dt>Aliases</dt><dd>")
		f.text(strings.Join(it.Aliases, ", "))
		f.raw("</dd>")
	}
	f.raw("\n<dt>Category</dt><dd>")
	f.text(it.Category)
	f.raw("</dd>\n<dt>Layer</dt><dd>")
	f.layerLink(root, it.LayerID, it.LayerName)
	f.raw("</dd>\n<dt>State</dt><dd>")
	f.stateBadge(it.State)
	f.raw(" ")
	f.text(it.StateName)
	if it.TestBehavior != "" {
		f.raw(" — ")
		f.text(it.TestBehavior)
	}
	f.raw("</dd>\n<dt>Failure mode</dt><dd>")
	f.text(it.FailureMode)
	f.raw("</dd>\n<dt>Used by</dt><dd>")
	if len(it.UsedBy) > 0 {
		f.text(strings.Join(it.UsedBy, ", "))
	} else {
		f.raw("—")
	}
	f.raw("</dd>\n<dt>Stub</dt><dd>")
	f.text(it.Stub)
	f.raw("</dd>\n<dt>Local strategy</dt><dd>")
	f.orDash(it.LocalStrategy, f.text)
	f.raw("</dd>\n<dt>Promotion trigger</dt><dd>")
	f.orDash(it.PromotionTrigger, f.text)
	f.raw("</dd>\n<dt>Owner</dt><dd>")
	f.text(it.Owner)
	f.raw("</dd>\n<dt>Declared in</dt><dd><code>")
	f.text(it.Source)
	f.raw("</code></dd>\n</dl>\n</section>\n")
	if bk := it.Bucket; bk != nil {
		f.raw("<section aria-labelledby=\"bucket-h\">\n<h2 id=\"bucket-h\">Bucket ")
		f.text(bk.ID)
		f.raw("</h2>\n<dl class=\"fields\">\n")
		for _, field := range [...]struct{ name, value string }{
			{"Label", bk.Label}, {"Risk", bk.Risk}, {"Priority", bk.Priority},
			{"Justification", bk.Justification}, {"Review trigger", bk.ReviewTrigger},
		} {
			if field.value != "" {
				f.raw("<dt>" + field.name + "</dt><dd>")
				f.text(field.value)
				f.raw("</dd>")
			}
			f.raw("\n")
		}
		f.raw("</dl>\n</section>")
	}
	f.raw("\n<section aria-labelledby=\"history-h\">\n<h2 id=\"history-h\">Promotion history</h2>\n")
	it.writeHistory(&f)
	f.raw("\n</section>\n<section aria-labelledby=\"tests-h\">\n<h2 id=\"tests-h\">Tests that declare it</h2>\n")
	it.writeTests(&f)
	f.raw("\n</section>\n<section aria-labelledby=\"obl-h\">\n<h2 id=\"obl-h\">Obligations in layer ")
	f.text(it.LayerID)
	f.raw("</h2>\n")
	if it.Obligations.Count != 0 {
		f.obligationTable(&it.Obligations)
		f.raw("\n")
		if it.MoreObligations != 0 {
			f.raw("<p>And ")
			f.int(it.MoreObligations)
			f.raw(` more: <a href="`)
			f.url(root)
			f.raw("obligations/layer/")
			f.urlPart(it.LayerID)
			f.raw(`.html">every obligation in `)
			f.text(it.LayerID)
			f.raw("</a>.</p>")
		}
		f.raw("\n")
	} else {
		f.raw("<p>No obligation is in ")
		f.text(it.LayerID)
		f.raw(".</p>")
	}
	f.raw("\n</section>\n<section aria-labelledby=\"mentions-h\">\n<h2 id=\"mentions-h\">Mentioned in the docs</h2>\n")
	if len(it.Mentions) > 0 {
		f.raw("<ul>\n")
		for _, m := range it.Mentions {
			f.raw(`<li><a href="`)
			f.url(root)
			f.url(m.URL)
			f.raw(`">`)
			f.text(m.Doc)
			if m.Section != "" {
				f.raw(" › ")
				f.text(m.Section)
			}
			f.raw("</a></li>\n")
		}
		f.raw("</ul>")
	} else {
		f.raw("<p>Not mentioned in the docs.</p>")
	}
	f.raw("\n</section>\n\n")
	f.foot(p)
}

// writeHistory writes the promotion history as a timeline.
func (it *itemBody) writeHistory(f *fragment) {
	if len(it.History) == 0 {
		f.raw("<p>No recorded transitions.</p>")
		return
	}
	f.raw("<ol class=\"timeline\">\n")
	for _, h := range it.History {
		f.raw("<li>")
		f.time(h.Date)
		f.raw(" ")
		f.stateBadge(h.From)
		f.raw(" → ")
		f.stateBadge(h.To)
		if h.Note != "" {
			f.raw(" <span>")
			f.text(h.Note)
			f.raw("</span>")
		}
		f.raw("\n<div class=\"meta\">Approved by ")
		f.text(h.ApprovedBy)
		if len(h.Pins) > 0 {
			f.raw(" · ")
			f.pins(h.Pins)
		}
		f.raw("</div></li>\n")
	}
	f.raw("</ol>")
}

// writeTests writes the tests that declare the item.
func (it *itemBody) writeTests(f *fragment) {
	if len(it.Tests) == 0 {
		f.raw("<p>No test declares it")
		if !it.Scanned {
			f.raw(" (the tests were not scanned)")
		}
		f.raw(".</p>")
		return
	}
	f.raw("<ul class=\"tests\">\n")
	for _, t := range it.Tests {
		f.raw("<li><code>")
		f.text(t.File)
		f.raw("</code>")
		if t.Function != "" {
			f.raw(" <code>")
			f.text(t.Function)
			f.raw("</code>")
		}
		f.raw(" line ")
		f.int(t.Line)
		if t.Skips {
			f.raw(` <span class="badge">skips</span>`)
		}
		f.raw("</li>\n")
	}
	f.raw("</ul>")
}

// stateBadge writes a registry state as the template "state-badge" does.
func (f *fragment) stateBadge(state string) {
	f.raw(`<span class="badge state-`)
	f.text(state)
	f.raw(`" title="state `)
	f.text(state)
	f.raw(`">`)
	f.text(state)
	f.raw("</span>")
}

// obligationTable writes the template "obligation-table": a table of
// obligations whose rows are already built.
func (f *fragment) obligationTable(t *obligationTable) {
	f.raw("<div class=\"table-wrap\">\n<table class=\"data\" data-sortable data-filter-table=\"obligations\">\n<caption class=\"visually-hidden\">")
	f.text(t.Caption)
	f.raw("</caption>\n<thead><tr><th scope=\"col\">ID</th><th scope=\"col\">Title</th><th scope=\"col\">Layer</th><th scope=\"col\">Status</th>" +
		"<th scope=\"col\" class=\"num\">Tests</th><th scope=\"col\" class=\"num\">Requirements</th></tr></thead>\n<tbody>\n")
	f.raw(string(t.Rows))
	f.raw("</tbody>\n</table>\n</div>")
}
