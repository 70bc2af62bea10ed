package html

import (
	"bytes"
	"encoding/xml"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/content"
	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/golden"
)

// contentInput loads infradoc's own content/ the way the build does
// (model, docs regenerated and compared), without diagrams.
func contentInput(t *testing.T) SiteInput {
	t.Helper()
	s, findings, err := site.Load(site.Options{FS: content.FS, Root: "content"})
	if err != nil || site.HasErrors(findings) {
		t.Fatalf("content/ does not load: %v %v", err, findings)
	}
	docs, findings, err := site.LoadDocs(s, blocks.Vocabulary())
	if err != nil || site.HasErrors(findings) {
		t.Fatalf("loading content/'s docs: %v %v", err, findings)
	}
	in := SiteInput{Site: s, DocsChecked: true, RepoFileExists: func(p string) bool {
		_, err := fs.Stat(content.FS, p)
		return err == nil
	}}
	for _, d := range docs {
		out, stale, err := blocks.RegenerateDoc(s, d, blocks.DocOptions{})
		if err != nil {
			t.Fatal(err)
		}
		in.Docs = append(in.Docs, SiteDoc{Path: d.Path, Display: d.File, Source: out, Drifted: len(stale) > 0, Managed: len(d.Blocks) > 0})
	}
	return in
}

var badgePaths = []string{"badges/state-c.svg", "badges/promoted.svg", "badges/docs.svg"}

// The badges of content/ are compared byte for byte with
// testdata/badges/*.svg (go test ./render/html -update), and each is
// well-formed XML.
func TestBadgesGolden(t *testing.T) {
	files, _ := buildFiles(t, contentInput(t))
	for _, p := range badgePaths {
		got, ok := files[p]
		if !ok {
			t.Errorf("the site has no %s", p)
			continue
		}
		checkBadgeXML(t, p, got)
		golden.Check(t, "./render/html", filepath.Join("testdata", "badges", filepath.Base(p)), got)
	}
}

// checkBadgeXML decodes the whole badge with encoding/xml and returns the
// text of its <title>; the root must be an SVG element.
func checkBadgeXML(t *testing.T, name string, data []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var title strings.Builder
	depth, inTitle, root := 0, false, ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v\n%s", name, err, data)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				root = tok.Name.Space + " " + tok.Name.Local
			}
			depth++
			inTitle = tok.Name.Local == "title"
		case xml.EndElement:
			depth--
			inTitle = false
		case xml.CharData:
			if inTitle {
				title.Write(tok)
			}
		}
	}
	if depth != 0 || root != "http://www.w3.org/2000/svg svg" {
		t.Errorf("%s: root %q, depth %d at the end", name, root, depth)
	}
	return title.String()
}

// The sizes and text positions are shields.io's for the same texts: the
// figures below are what its badge-maker draws for them in the flat style.
func TestBadgeLayoutMatchesShields(t *testing.T) {
	for _, c := range []struct {
		label, value                   string
		width, left, right, labX, valX int
	}{
		{"promoted", "3/7 obligations", 156, 63, 93, 325, 1085},
		{"state C", "1/11 (9%)", 118, 49, 69, 255, 825},
		{"docs", "12 stale", 90, 35, 55, 185, 615},
		{"state C", "7/12 (58%)", 124, 49, 75, 255, 855},
		{"docs", "in sync", 84, 35, 49, 185, 585},
	} {
		v := newBadgeView(Badge{Label: c.label, Value: c.value})
		got := [5]int{v.Width, v.LabelWidth, v.ValueWidth, v.LabelX, v.ValueX}
		if want := [5]int{c.width, c.left, c.right, c.labX, c.valX}; got != want {
			t.Errorf("%s | %s: width, label width, value width, label x, value x = %v, want %v", c.label, c.value, got, want)
		}
	}
}

// Text the template is given is escaped: the badge stays well-formed XML
// and says exactly its text.
func TestBadgeEscapesItsText(t *testing.T) {
	h, err := NewHTMLSite()
	if err != nil {
		t.Fatal(err)
	}
	b := Badge{Label: `<a href="x">&amp;`, Value: `'] ]]> </text><script>`, Color: badgeRed}
	data, err := h.renderBadge(b)
	if err != nil {
		t.Fatal(err)
	}
	if title := checkBadgeXML(t, "hostile badge", data); title != b.Label+": "+b.Value {
		t.Errorf("the title reads %q, want %q", title, b.Label+": "+b.Value)
	}
	if bytes.Contains(data, []byte("<script")) || bytes.Contains(data, []byte("<a ")) {
		t.Errorf("markup from the text made it into the badge:\n%s", data)
	}
}

// The values and colours follow the model: an item moved to state C, an
// obligation promoted or deprecated, a drifted doc.
func TestBadgeValues(t *testing.T) {
	in := fixtureInput(t, "site")
	values := func() map[string]string {
		out := map[string]string{}
		for _, b := range Badges(in) {
			out[b.Path] = b.Value + " " + b.Color
		}
		return out
	}
	check := func(step string, want map[string]string) {
		t.Helper()
		got := values()
		for p, w := range want {
			if got[p] != w {
				t.Errorf("%s: %s is %q, want %q", step, p, got[p], w)
			}
		}
	}
	check("fixture", map[string]string{
		"badges/state-c.svg":  "1/3 (33%) " + badgeYellow,
		"badges/promoted.svg": "1/2 obligations " + badgeYellow,
		// The fixture's docs hold no markers.
		"badges/docs.svg": "not managed " + badgeGrey,
	})
	in.Docs[1].Managed = true
	check("a doc managed", map[string]string{"badges/docs.svg": "in sync " + badgeGreen})

	item := func(name string) *site.Item {
		for _, it := range in.Site.Registry.Items {
			if it.Name == name {
				return it
			}
		}
		t.Fatalf("the fixture has no %s", name)
		return nil
	}
	item("Redis").State = "C"
	check("Redis moved to C", map[string]string{"badges/state-c.svg": "2/3 (67%) " + badgeYellow})
	item("Grafana").State = "C"
	check("every item in C", map[string]string{"badges/state-c.svg": "3/3 (100%) " + badgeGreen})
	for _, it := range in.Site.Registry.Items {
		it.State = "A"
	}
	check("no item in C", map[string]string{"badges/state-c.svg": "0/3 (0%) " + badgeRed})

	in.Site.Obligations[1].Status = site.StatusDeprecated
	check("the unfulfilled obligation deprecated", map[string]string{"badges/promoted.svg": "1/1 obligations " + badgeGreen})
	in.Site.Obligations[0].Status = site.StatusPartial
	check("the promoted one demoted", map[string]string{"badges/promoted.svg": "0/1 obligations " + badgeRed})

	in.Docs[0].Drifted = true
	check("a doc drifted", map[string]string{"badges/docs.svg": "1 stale " + badgeRed})
	in.DocsChecked = false
	check("docs not compared", map[string]string{"badges/docs.svg": "not checked " + badgeGrey})

	in.Site.Registry.Items = nil
	in.Site.Obligations = nil
	check("empty", map[string]string{"badges/state-c.svg": "no items " + badgeGrey, "badges/promoted.svg": "no obligations " + badgeGrey})
}

func TestBadgePercent(t *testing.T) {
	for _, c := range []struct{ n, total, want int }{
		{0, 5, 0}, {5, 5, 100}, {7, 12, 58}, {1, 300, 1}, {299, 300, 99}, {1, 2, 50}, {2, 3, 67}, {1, 8, 13},
	} {
		if got := percent(c.n, c.total); got != c.want {
			t.Errorf("percent(%d, %d) = %d, want %d", c.n, c.total, got, c.want)
		}
	}
}
