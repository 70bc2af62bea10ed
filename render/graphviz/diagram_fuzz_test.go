package graphviz

import (
	"bytes"
	"context"
	"testing"

	"github.com/infradoc/infradoc/render/diagram"
	"github.com/infradoc/infradoc/site"
)

// FuzzDiagramText puts arbitrary text in every place YAML text reaches a
// diagram and checks that Graphviz accepts the DOT and the SVG is safe.
// Each input costs a Graphviz render, so fuzzing it finds little per
// second; the seeds run with every go test, and FuzzDOTText fuzzes the
// escaping itself quickly.
func FuzzDiagramText(f *testing.F) {
	for _, seed := range []string{
		`Quote " {brace} <script>alert(1)</script>`, "javascript:alert(1)", "Größe — 日本語", "line\nbreak",
		`back\slash \N \G \L \E`, "&amp; &lt; &#58; &", "\xff\xfe invalid", "]]> <![CDATA[", "\u202e\ufeff\uffff",
		`" onload="alert(1)`, "-->", "<!--", `\`, "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s := &site.Site{
			Config: &site.Config{Registry: text},
			Registry: &site.Registry{
				States: []site.StateDef{{ID: "A", Name: text, Meaning: text, CI: text}, {ID: "B", Name: "B"}, {ID: "C", Name: "C"}},
				Items: []*site.Item{{Name: text, Layer: "L6", State: "A", Owner: text, Category: text,
					History: []*site.Promotion{{Date: "2026-01-01", From: "A", To: "B", Pins: []string{text}}}}},
				Artifacts: []*site.Artifact{{Name: text, Role: text, Self: true}, {Name: "x", Role: text, DerivesFrom: text + "?"}},
			},
			Obligations: []*site.Obligation{{ID: "OB-1", Title: text, Layer: "L6", Schema: text, Status: "PARTIAL",
				SemanticPurpose: text, Requires: []*site.Requirement{{Type: "table", Name: text}}}},
		}
		for _, name := range []string{diagram.States, diagram.Drift, diagram.Layers, diagram.Obligations, "obligation-ob-1"} {
			dot, err := diagram.DOT(s, name, diagram.Options{Drift: map[string]int{text: 1}})
			if err != nil {
				t.Fatal(err)
			}
			svg, err := testSVG(context.Background(), dot)
			if err != nil {
				t.Fatalf("%s: %v\nDOT:\n%s", name, err, dot)
			}
			if bytes.Contains(bytes.ToLower(svg), []byte("<script")) {
				t.Fatalf("%s: <script in SVG", name)
			}
		}
	})
}
