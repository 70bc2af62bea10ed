package html

import (
	"bytes"
	"os"
	"testing"

	"github.com/infradoc/infradoc/render/diagram"
	"github.com/infradoc/infradoc/render/diagram/diagramtest"
	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/render/graphviz/graphviztest"
)

// svgLooksInertReference is the plain form of svgLooksInert's rule: at
// every byte, no forbidden token starts, no url( but url(#…), and no "on"
// attribute name (after whitespace, a quote or '/') made of name bytes,
// then optional spaces, then '='.
func svgLooksInertReference(svg []byte) bool {
	for i := range svg {
		for _, tok := range svgForbiddenTokens {
			if hasPrefixFold(svg[i:], tok) {
				return false
			}
		}
		if hasPrefixFold(svg[i:], "url(") {
			k := i + 4
			for k < len(svg) && (svg[k] == ' ' || svg[k] == '\t' || svg[k] == '\n' || svg[k] == '\'' || svg[k] == '"') {
				k++
			}
			if k == len(svg) || svg[k] != '#' {
				return false
			}
		}
		if i > 0 && isSpaceOrQuote(svg[i-1]) && hasPrefixFold(svg[i:], "on") {
			k := i + 2
			for k < len(svg) && isNameByte(svg[k]) {
				k++
			}
			if k > i+2 {
				for k < len(svg) && (svg[k] == ' ' || svg[k] == '\t' || svg[k] == '\n' || svg[k] == '\r') {
					k++
				}
				if k < len(svg) && svg[k] == '=' {
					return false
				}
			}
		}
	}
	return true
}

var inertSamples = []string{
	`<svg><g class="node"><text x="1">ok</text></g></svg>`,
	`<svg><SCRIPT>x</SCRIPT></svg>`, `<svg><a xlink:HREF="x">`, `<svg style="fill:url( '#a')">`,
	`<svg style="fill:url(http://x)">`, `<svg style="fill:URL(#a)">`, `<svg onload="x">`, `<svg/onLoad ="x">`,
	`<svg data-on="x">`, `<svg on="x">`, `<svg 'onclick'=x>`, `a JavaScript:1`, `vbscript :x`, `@IMPORT x`,
	`width: expression(1)`, `<!DOCTYPE x>`, `<?xml ?>`, `img src=x`, `src =x`, `<use/>`, `<setting>`,
	"<svg\n\ton-x\t=\n1>", "url(", "on", "x on-=", "<svg><title>one = two: (three)</title></svg>",
}

// svgLooksInert decides as the token scan at every byte does.
func TestSVGLooksInertMatchesTokenScan(t *testing.T) {
	samples := inertSamples
	// Real diagrams, as Graphviz draws them: an obligation's and the layers.
	s := diagramtest.LoadContent(t)
	for _, name := range []string{"obligation-m10", diagram.Layers} {
		dot, err := diagram.DOT(s, name, diagram.Options{})
		if err != nil {
			t.Fatal(err)
		}
		raw, err := graphviztest.RenderRaw(dot)
		if err != nil {
			t.Fatal(err)
		}
		svg, err := graphviz.FinishSVG(raw, dot)
		if err != nil {
			t.Fatal(err)
		}
		if !svgLooksInert(svg) {
			t.Errorf("the SVG of %s does not look inert", name)
		}
		samples = append(samples, string(svg))
	}
	for _, s := range samples {
		if got, want := svgLooksInert([]byte(s)), svgLooksInertReference([]byte(s)); got != want {
			t.Errorf("svgLooksInert(%.80q) = %v, the token scan says %v", s, got, want)
		}
		if got, want := svgLooksInert(s), svgLooksInertReference([]byte(s)); got != want {
			t.Errorf("svgLooksInert(string %.80q) = %v, the token scan says %v", s, got, want)
		}
	}
}

func FuzzSVGLooksInertMatchesTokenScan(f *testing.F) {
	for _, s := range inertSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := svgLooksInert([]byte(s)), svgLooksInertReference([]byte(s)); got != want {
			t.Errorf("svgLooksInert(%q) = %v, the token scan says %v", s, got, want)
		}
	})
}

func BenchmarkSVGLooksInert(b *testing.B) {
	svg := bytes.Repeat([]byte(`<text text-anchor="middle" x="108.71" y="-213.5" font-family="Helvetica,Arial,sans-serif" font-size="11.00" fill="#1f2328">schema ob00002.records: created</text>
<path fill="#d1fae5" stroke="#57606a" d="M410.57,-69.84C410.57,-69.84 314.32,-69.84 314.32,-69.84 308.32,-69.84"/>
`), 40)
	b.SetBytes(int64(len(svg)))
	for b.Loop() {
		if !svgLooksInert(svg) {
			b.Fatal("not inert")
		}
	}
}

// TestMain builds the Graphviz worker, which the diagrams above are drawn by.
func TestMain(m *testing.M) { os.Exit(graphviztest.Main(m)) }
