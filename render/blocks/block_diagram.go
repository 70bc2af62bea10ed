package blocks

import (
	"fmt"
	"path"
	"slices"

	"github.com/infradoc/infradoc/render/diagram"
	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
)

// renderDiagramBlock renders an image link to NAME.svg beside the doc; the
// SVG itself is written by `infradoc fix` (see DocDiagrams).
func renderDiagramBlock(_ *site.Site, b *site.Block) (string, error) {
	name, _ := b.Option("name")
	alt, ok := b.Option("alt")
	if !ok {
		alt = name + " diagram"
	}
	return fmt.Sprintf("![%s](%s)\n", escapeAlt(alt), diagramFileName(name)), nil
}

func diagramFileName(name string) string { return name + ".svg" }

// escapeAlt escapes the characters that would end an image's alt text,
// and "<" so that no alt text opens a comment.
func escapeAlt(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch r {
		case '[', ']', '\\':
			out = append(out, '\\', r)
		case '\n', '\r':
			out = append(out, ' ')
		case '<':
			out = append(out, []rune("&lt;")...)
		default:
			out = append(out, r)
		}
	}
	return string(out)
}

// DiagramAsset is an SVG a doc's diagram block links to.
type DiagramAsset struct {
	// Block is the diagram block; Name the diagram.
	Block *site.Block
	Name  string
	// Path is the SVG's path inside the site's FS (beside the doc); File
	// its display path.
	Path string
	File string
	// DOT is the diagram's source and Hash its DOTHash, which the SVG
	// records so a check can tell a stale SVG without rendering.
	DOT  string
	Hash string
}

// DocDiagrams returns the SVGs a doc's diagram blocks link to, once per
// name. A diagram block naming an unknown diagram is a finding.
func DocDiagrams(s *site.Site, d *site.Doc) ([]DiagramAsset, []site.Finding, error) {
	var assets []DiagramAsset
	var found []site.Finding
	names := diagram.Names(s)
	for _, b := range d.Blocks {
		if b.Kind != kindDiagram.Spec.Name {
			continue
		}
		name, _ := b.Option("name")
		if !slices.Contains(names, name) {
			found = append(found, site.Finding{Pos: b.Pos, Severity: site.SeverityError, Rule: "marker-syntax",
				Message: fmt.Sprintf("unknown diagram %q; diagrams are %s", name, joinNames(names))})
			continue
		}
		if slices.ContainsFunc(assets, func(a DiagramAsset) bool { return a.Name == name }) {
			continue
		}
		dot, err := diagram.DOT(s, name, diagram.Options{})
		if err != nil {
			return nil, nil, err
		}
		p := path.Join(path.Dir(d.Path), diagramFileName(name))
		assets = append(assets, DiagramAsset{Block: b, Name: name, Path: p, File: s.DisplayPath(p), DOT: dot, Hash: graphviz.DOTHash(dot)})
	}
	return assets, found, nil
}

func joinNames(names []string) string {
	if len(names) > 6 {
		return fmt.Sprintf("%s, … (%d in all; run 'infradoc diagram --list')", joinNames(names[:6]), len(names))
	}
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out
}

// kindDiagram is the diagram block kind.
var kindDiagram = &Kind{Spec: markers.BlockKind{Name: "diagram", Summary: "an image link to NAME.svg, written beside the doc by `infradoc fix`", Options: []markers.BlockOption{
	{Name: "name", Summary: "the diagram to draw, e.g. name=states", Required: true},
	{Name: "alt", Summary: "the image's alternative text; defaults to \"NAME diagram\""},
}}, Render: renderDiagramBlock}
