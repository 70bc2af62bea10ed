package importmd

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
	gast "github.com/yuin/goldmark/ast"
)

// A doc records promotions in two ways the importer understands:
//
//   - a roadmap section whose paragraphs say "Target: Clerk → State B",
//     "Completed: 2026-01-01" and optionally "Reference: PIN-272 (…)";
//   - a sentence "Clerk was B1, promoted to State B on 2026-01-01", whose
//     paragraph (and a following "See: …" paragraph) names the PINs.
//
// Both become history entries; an entry that does not fit the item's state
// is reported as a warning and left out rather than guessed.

var (
	targetPattern   = regexp.MustCompile(`^(.+?)\s*(?:→|->)\s*State\s+([ABC])\b`)
	datePrefix      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}\b`)
	promotedPattern = regexp.MustCompile(`(?i)\bpromoted to state ([ABC]) on (\d{4}-\d{2}-\d{2})\b`)
	wasBucket       = regexp.MustCompile(`\bwas (B1|B2)\b`)
	completeSuffix  = regexp.MustCompile(`(?i)\s*[—–-]+\s*(complete|completed|done)\s*$`)
)

// promotionEvent is one promotion found in the prose.
type promotionEvent struct {
	item  *site.Item
	to    string
	date  string
	notes []string
	pins  []string
	pos   site.Pos
}

// readHistory fills each item's history from the doc's prose.
func (im *importer) readHistory(doc gast.Node, reg *site.Registry) {
	// Roadmap events come first so that their notes lead when a promotion
	// is told twice.
	var events, sentences []*promotionEvent
	var heading string
	var section []gast.Node
	flush := func() {
		if e := im.roadmapEvent(heading, section, reg); e != nil {
			events = append(events, e)
		}
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*gast.Heading); ok {
			flush()
			heading, section = collapseSpace(inlineString(h, im.src)), nil
			continue
		}
		section = append(section, n)
		if p, ok := n.(*gast.Paragraph); ok {
			sentences = append(sentences, im.sentenceEvents(p, reg)...)
		}
	}
	flush()
	events = append(events, sentences...)
	approver := approvingRole(reg)
	for _, it := range reg.Items {
		im.setHistory(it, mergeEvents(im, events, it), approver)
	}
}

// roadmapEvent reads a "Target: X → State B" / "Completed: DATE" section.
func (im *importer) roadmapEvent(heading string, section []gast.Node, reg *site.Registry) *promotionEvent {
	var lines []string
	var at site.Pos
	for _, n := range section {
		if p, ok := n.(*gast.Paragraph); ok {
			ls := blockLines(p, im.src)
			if _, ok := lineField(ls, "target"); ok && at.Line == 0 {
				at = im.pos(p.Lines().At(0).Start)
			}
			lines = append(lines, ls...)
		}
	}
	target, ok := lineField(lines, "target")
	completed, done := lineField(lines, "completed")
	if !ok || !done {
		return nil
	}
	m := targetPattern.FindStringSubmatch(target)
	date := datePrefix.FindString(completed)
	if m == nil || date == "" {
		return nil
	}
	it := findItem(reg, m[1])
	if it == nil {
		im.warn(at, "import-history", "the roadmap promotes %q, which is not in the registry table; no history recorded", m[1])
		return nil
	}
	e := &promotionEvent{item: it, to: m[2], date: date, pos: at}
	if note := completeSuffix.ReplaceAllString(heading, ""); note != "" {
		e.notes = append(e.notes, note)
	}
	if ref, ok := lineField(lines, "reference", "references"); ok {
		e.pins = refPattern.FindAllString(ref, -1)
	}
	return e
}

// sentenceEvents reads "X was B1, promoted to State B on DATE." sentences.
func (im *importer) sentenceEvents(p *gast.Paragraph, reg *site.Registry) []*promotionEvent {
	text := strings.Join(blockLines(p, im.src), " ")
	var out []*promotionEvent
	for _, m := range promotedPattern.FindAllStringSubmatchIndex(text, -1) {
		before := text[:m[0]]
		it := lastMentioned(reg, before)
		at := im.pos(p.Lines().At(0).Start)
		if it == nil {
			im.warn(at, "import-history", "a promotion to state %s on %s names no item of the registry table; no history recorded",
				text[m[2]:m[3]], text[m[4]:m[5]])
			continue
		}
		e := &promotionEvent{item: it, to: strings.ToUpper(text[m[2]:m[3]]), date: text[m[4]:m[5]], pos: at}
		if b := wasBucket.FindStringSubmatch(before); b != nil {
			e.notes = append(e.notes, "was bucket "+b[1])
		}
		e.pins = refPattern.FindAllString(text, -1)
		if next, ok := p.NextSibling().(*gast.Paragraph); ok {
			nl := blockLines(next, im.src)
			if _, see := lineField(nl, "see"); see {
				e.pins = append(e.pins, refPattern.FindAllString(strings.Join(nl, " "), -1)...)
			}
		}
		out = append(out, e)
	}
	return out
}

// findItem finds the item a phrase such as "Clerk" or "Clerk/RBAC" names.
func findItem(reg *site.Registry, phrase string) *site.Item {
	phrase = strings.TrimSpace(phrase)
	for _, cand := range append([]string{phrase}, strings.Split(phrase, "/")...) {
		key := nameKey(cand)
		for _, it := range reg.Items {
			if nameKey(it.Name) == key || slices.ContainsFunc(it.Aliases, func(a string) bool { return nameKey(a) == key }) {
				return it
			}
		}
	}
	return nil
}

// lastMentioned returns the item whose name appears last in text.
func lastMentioned(reg *site.Registry, text string) *site.Item {
	var best *site.Item
	bestAt := -1
	for _, it := range reg.Items {
		for _, name := range append([]string{it.Name}, it.Aliases...) {
			re := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(name) + `\b`)
			if locs := re.FindAllStringIndex(text, -1); len(locs) > 0 && locs[len(locs)-1][0] > bestAt {
				best, bestAt = it, locs[len(locs)-1][0]
			}
		}
	}
	return best
}

// mergeEvents returns it's events, one per target state: the same
// promotion told twice (roadmap and prose) is merged; two dates for one
// promotion keep the first told and warn.
func mergeEvents(im *importer, events []*promotionEvent, it *site.Item) []*promotionEvent {
	var out []*promotionEvent
	for _, e := range events {
		if e.item != it {
			continue
		}
		i := slices.IndexFunc(out, func(o *promotionEvent) bool { return o.to == e.to })
		switch {
		case i < 0:
			c := *e
			out = append(out, &c)
		case out[i].date != e.date:
			im.warn(e.pos, "import-history", "%s: promotion to state %s on %s, but line %d says %s; keeping %s",
				it.Name, e.to, e.date, out[i].pos.Line, out[i].date, out[i].date)
		default:
			out[i].notes = appendNew(out[i].notes, e.notes...)
			out[i].pins = appendNew(out[i].pins, e.pins...)
		}
	}
	slices.SortStableFunc(out, func(a, b *promotionEvent) int { return cmp.Compare(a.date, b.date) })
	return out
}

func appendNew(list []string, add ...string) []string {
	for _, s := range add {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

// setHistory records events as the item's history when they form the
// chain A -> B -> C ending at the item's state.
func (im *importer) setHistory(it *site.Item, events []*promotionEvent, approver string) {
	if len(events) == 0 {
		return
	}
	prevState := map[string]string{"B": "A", "C": "B"}
	var history []*site.Promotion
	for i, e := range events {
		from := prevState[e.to]
		if from == "" || (i > 0 && events[i-1].to != from) {
			im.warn(e.pos, "import-history", "%s: promotion to state %s on %s does not follow A -> B -> C; no history recorded", it.Name, e.to, e.date)
			return
		}
		history = append(history, &site.Promotion{
			Date: site.Date(e.date), From: from, To: e.to,
			Note: strings.Join(e.notes, "; "), Pins: e.pins, ApprovedBy: approver,
		})
	}
	if last := events[len(events)-1]; last.to != it.State {
		im.warn(last.pos, "import-history", "%s was promoted to state %s on %s but the registry table says state %s; no history recorded",
			it.Name, last.to, last.date, it.State)
		return
	}
	it.History = history
}

// approvingRole is the role of the Ownership table that approves state
// transitions ("Human"), else "(not recorded)".
func approvingRole(reg *site.Registry) string {
	for _, r := range reg.Roles {
		if strings.Contains(strings.ToLower(r.Responsibility), "approve") {
			return r.Role
		}
	}
	return "(not recorded)"
}
