package html

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strconv"

	"github.com/infradoc/infradoc/site"
)

// badgeTemplate is the file, in the templates folder, every badge is
// rendered from (overridable like the pages).
const badgeTemplate = "badges/badge.svg"

// Badge colours, those of shields.io's flat badges.
const (
	badgeGreen  = "#4c1"
	badgeYellow = "#dfb317"
	badgeRed    = "#e05d44"
	badgeGrey   = "#9f9f9f"
)

// Badge is one SVG badge of the site: a label and a value on a colour
// that says how good the value is.
type Badge struct {
	// Path is the badge's file in the site.
	Path         string
	Label, Value string
	// Color is a CSS colour: green when all is well, yellow when part is,
	// red when none is (or docs are stale), grey when there is nothing to
	// measure.
	Color string
}

// parseBadgeTemplate parses the badge template of fsys with html/template,
// which escapes the text it is given for SVG too (its markup is XML's).
func parseBadgeTemplate(fsys fs.FS) (*template.Template, error) {
	t, err := template.ParseFS(fsys, badgeTemplate)
	if err != nil {
		return nil, fmt.Errorf("parsing the badge template: %w", err)
	}
	return t, nil
}

// Badges returns the site's badges, in this order:
//
//   - badges/state-c.svg: "state C", the share of infra items in state C,
//     "7/12 (58%)";
//   - badges/promoted.svg: "promoted", the obligations promoted of those
//     not deprecated, "3/8 obligations" (a deprecated obligation needs no
//     promotion, so it would keep the badge from ever being green);
//   - badges/docs.svg: "docs", "in sync" or "N stale": how many docs
//     disagree with the YAML (in.Docs[i].Drifted, the comparison of
//     `infradoc check`'s stale-block), "not checked" when the build did
//     not compare them (in.DocsChecked false), "not managed" when no doc
//     holds markers (in.Docs[i].Managed): there is nothing to be in sync.
func Badges(in SiteInput) []Badge {
	s := in.Site
	items := len(s.Registry.Items)
	inC := len(s.Registry.ItemsInState("C"))
	promoted, live := 0, 0
	for _, o := range s.Obligations {
		switch o.Status {
		case site.StatusDeprecated:
			continue
		case site.StatusPromoted:
			promoted++
		}
		live++
	}
	stale, managed := 0, 0
	for _, d := range in.Docs {
		if d.Drifted {
			stale++
		}
		if d.Managed {
			managed++
		}
	}
	state := Badge{Path: "badges/state-c.svg", Label: "state C", Value: "no items", Color: badgeGrey}
	if items > 0 {
		state.Value = fmt.Sprintf("%d/%d (%d%%)", inC, items, percent(inC, items))
		state.Color = shareColor(inC, items)
	}
	prom := Badge{Path: "badges/promoted.svg", Label: "promoted", Value: "no obligations", Color: badgeGrey}
	if live > 0 {
		prom.Value = fmt.Sprintf("%d/%d obligations", promoted, live)
		prom.Color = shareColor(promoted, live)
	}
	docs := Badge{Path: "badges/docs.svg", Label: "docs", Value: "in sync", Color: badgeGreen}
	switch {
	case !in.DocsChecked:
		docs.Value, docs.Color = "not checked", badgeGrey
	case len(in.Docs) == 0:
		docs.Value, docs.Color = "no docs", badgeGrey
	case stale > 0:
		docs.Value, docs.Color = strconv.Itoa(stale)+" stale", badgeRed
	case managed == 0:
		docs.Value, docs.Color = "not managed", badgeGrey
	}
	return []Badge{state, prom, docs}
}

// percent is n/total in whole percent, rounded, but never 0 or 100 unless
// n is: "1/300 (0%)" would read as none.
func percent(n, total int) int {
	p := (200*n + total) / (2 * total)
	switch {
	case n > 0 && p == 0:
		return 1
	case n < total && p == 100:
		return 99
	}
	return p
}

// shareColor is green when all are, red when none is, yellow between.
func shareColor(n, total int) string {
	switch n {
	case total:
		return badgeGreen
	case 0:
		return badgeRed
	}
	return badgeYellow
}

// badgeView is what the badge template draws: shields.io's flat layout,
// each text 5px from the edges of its half, widths rounded to odd pixels
// (the text's centre then falls on a pixel), positions and text lengths
// in tenths of a pixel.
type badgeView struct {
	Label, Value, Color                      string
	Width, LabelWidth, ValueWidth            int
	LabelX, ValueX, LabelLength, ValueLength int
}

// badgePadding is the space on each side of a badge's texts.
const badgePadding = 5

func newBadgeView(b Badge) badgeView {
	lw, vw := textWidth(b.Label), textWidth(b.Value)
	left, right := lw+2*badgePadding, vw+2*badgePadding
	return badgeView{
		Label: b.Label, Value: b.Value, Color: b.Color,
		Width: left + right, LabelWidth: left, ValueWidth: right,
		// As shields.io places them: the label's half starts 1px in, the
		// value's 1px before the boundary.
		LabelX: 10*(1+badgePadding) + 5*lw, ValueX: 10*(left-1+badgePadding) + 5*vw,
		LabelLength: 10 * lw, ValueLength: 10 * vw,
	}
}

// textWidth is the width of s in Verdana 11px, in whole pixels rounded
// down, then up to an odd number.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= ' ' && r <= '~' {
			w += verdana11Widths[r-' ']
		} else {
			w += verdana11Fallback
		}
	}
	px := w / 100
	if px%2 == 0 {
		px++
	}
	return px
}

// renderBadge draws b with the site's badge template.
func (h *HTMLSite) renderBadge(b Badge) ([]byte, error) {
	var buf bytes.Buffer
	if err := h.badge.Execute(&buf, newBadgeView(b)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// badgeJobs makes the badge files.
func (b *builder) badgeJobs() []pageJob {
	var jobs []pageJob
	for _, badge := range Badges(b.in) {
		jobs = append(jobs, pageJob{path: badge.Path, data: func() ([]byte, error) { return b.h.renderBadge(badge) }})
	}
	return jobs
}
