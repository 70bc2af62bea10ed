package html

import (
	"cmp"
	"html/template"
	"net/url"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
)

// maxLayerObligations caps the obligations listed on an item's page; the
// rest are one click away on the layer's obligations page.
const maxLayerObligations = 50

// pinLink is a PIN id with its URL (empty when no pin_url is configured).
type pinLink struct {
	ID, URL string
}

type historyEntry struct {
	Date, From, To, Note, ApprovedBy string
	Pins                             []pinLink
}

type itemTest struct {
	File, Function string
	Line           int
	Skips          bool
}

type mention struct {
	URL, Doc, Section string
}

// bucketView is an item's bucket; empty fields are left out of the page.
type bucketView struct {
	ID, Label, Risk, Priority, Justification, ReviewTrigger string
}

// itemBody is the template "page-item". Aliases and UsedBy are the lists
// joined with ", ".
type itemBody struct {
	Name, State, StateName, StateMeaning, TestBehavior string
	Category, LayerID, LayerName, FailureMode, Stub    string
	LocalStrategy, PromotionTrigger, Owner, Source     string
	Aliases, UsedBy                                    string
	Description                                        template.HTML
	Bucket                                             *bucketView
	History                                            []historyEntry
	Tests                                              []itemTest
	Scanned                                            bool
	Obligations                                        obligationTable
	MoreObligations                                    int
	Mentions                                           []mention
	// Findings lists at most maxObligationFindings of the build's open
	// findings about the item (see findingOwners); FindingsMore counts the
	// rest.
	Findings     []obligationFinding
	FindingsMore int
}

// itemJobs renders one page per infra item.
func (b *builder) itemJobs() []pageJob {
	byLayer := rowsByLayer(b.obligationRows())
	jobs := make([]pageJob, 0, len(b.items))
	for _, ref := range b.items {
		jobs = append(jobs, pageJob{path: ref.path, run: func(root string) (string, page, error) {
			body, err := b.itemBody(ref, root, byLayer)
			return "page-item", page{Title: ref.item.Name, Section: "registry", EditURL: b.editURL(b.s.Registry.File), Source: b.s.Registry.File, Body: &body}, err
		}})
	}
	return jobs
}

func (b *builder) itemBody(ref itemRef, root string, byLayer map[string][]obligationRow) (itemBody, error) {
	it := ref.item
	stub := "No"
	if it.Stub.Available {
		stub = "Yes"
	}
	if it.Stub.Note != "" {
		stub += " (" + it.Stub.Note + ")"
	}
	if it.Stub.Path != "" {
		stub += ": " + it.Stub.Path
	}
	body := itemBody{
		Name: it.Name, State: it.State, Category: it.Category, LayerID: site.LayerID(it.Layer),
		FailureMode: it.FailureMode, Stub: stub, LocalStrategy: it.LocalStrategy,
		PromotionTrigger: it.PromotionTrigger, Owner: it.Owner, Aliases: strings.Join(it.Aliases, ", "),
		UsedBy: strings.Join(it.UsedBy, ", "), Source: it.Of("name").String(), Scanned: b.s.Evidence != nil,
	}
	if bk := it.Bucket; bk != nil {
		body.Bucket = &bucketView{ID: bk.ID, Label: bk.Label, Risk: bk.Risk, Priority: bk.Priority, Justification: bk.Justification, ReviewTrigger: bk.ReviewTrigger}
	}
	if st := b.s.Registry.State(it.State); st != nil {
		body.StateName, body.StateMeaning, body.TestBehavior = st.Name, st.Meaning, st.TestBehavior
	}
	if l := b.s.Registry.Layer(it.Layer); l != nil {
		body.LayerName = l.Name
	}
	desc, err := b.h.markdownHTML(it.Description, b.in.Highlighter)
	if err != nil {
		return body, err
	}
	body.Description = desc
	for _, p := range it.History {
		if p == nil {
			continue
		}
		body.History = append(body.History, historyEntry{Date: string(p.Date), From: p.From, To: p.To, Note: p.Note, ApprovedBy: p.ApprovedBy, Pins: b.pinLinks(p.Pins)})
	}
	body.Tests = b.testsDeclaring(it)
	layer := site.LayerID(it.Layer)
	rows := byLayer[layer]
	shown := rows[:min(len(rows), maxLayerObligations)]
	body.Obligations = obligationTable{Caption: "Obligations in " + layer, Root: root, Rows: shown}
	body.MoreObligations = len(rows) - len(shown)
	body.Mentions = b.mentions[it]
	findings := b.openItemFindings(it.Name)
	body.Findings = findings[:min(len(findings), maxObligationFindings)]
	body.FindingsMore = len(findings) - len(body.Findings)
	return body, nil
}

// pinLinks links PIN ids through the configured pin_url pattern.
func (b *builder) pinLinks(pins []string) []pinLink {
	pattern := b.s.Config.Site.PinURL
	out := make([]pinLink, 0, len(pins))
	for _, id := range pins {
		l := pinLink{ID: id}
		if pattern != "" {
			u := strings.ReplaceAll(pattern, "{id}", url.PathEscape(id))
			if isSafeExternal(u) || !hasScheme(u) && !strings.HasPrefix(u, "//") {
				l.URL = u
			}
		}
		out = append(out, l)
	}
	return out
}

// testsDeclaring lists the test functions (and bare requires_infra
// references) that name the item or one of its aliases, from the index
// built once per build.
func (b *builder) testsDeclaring(it *site.Item) []itemTest {
	seen := map[string]bool{}
	var out []itemTest
	for _, n := range append([]string{it.Name}, it.Aliases...) {
		key := strings.ToLower(strings.TrimSpace(n))
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, b.infraTests[key]...)
	}
	if len(seen) > 1 {
		slices.SortStableFunc(out, func(x, y itemTest) int {
			return cmp.Or(strings.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line))
		})
		out = slices.CompactFunc(out, func(x, y itemTest) bool { return x == y })
	}
	return out
}

// indexInfraTests maps each lower-case infra name that tests declare to
// the tests declaring it: the test functions naming it, else (for a file
// where no function does) the bare requires_infra references.
func (b *builder) indexInfraTests() {
	b.infraTests = map[string][]itemTest{}
	if b.s.Evidence == nil {
		return
	}
	for _, tf := range b.s.Evidence.TestFiles {
		if tf == nil {
			continue
		}
		inFunction := map[string]bool{}
		for _, fn := range tf.Functions {
			named := map[string]bool{}
			for _, n := range fn.Infra {
				key := strings.ToLower(strings.TrimSpace(n))
				if named[key] {
					continue
				}
				named[key], inFunction[key] = true, true
				b.infraTests[key] = append(b.infraTests[key], itemTest{File: tf.File, Function: fn.Name, Line: fn.Pos.Line, Skips: fn.Skips})
			}
		}
		for _, ref := range tf.Infra {
			key := strings.ToLower(strings.TrimSpace(ref.Name))
			if !inFunction[key] {
				b.infraTests[key] = append(b.infraTests[key], itemTest{File: tf.File, Line: ref.Pos.Line})
			}
		}
	}
}
