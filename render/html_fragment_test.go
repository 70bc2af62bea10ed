package render

import (
	"html/template"
	"strings"
	"testing"
)

// fragment.text must escape exactly as html/template does, in element
// text and in a quoted attribute, for any input.
func TestFragmentEscapesAsHTMLTemplate(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p>`))
	inputs := []string{
		"", "plain", hostile, `a+b & "c" 'd' <e>`, "nul\x00byte", "invalid \xff\xfe utf-8",
		"unicode ✓ ✗ — \ufdd0 \uffff", "&amp; already escaped", "</code><script>alert(1)</script>",
	}
	for _, in := range inputs {
		var want strings.Builder
		if err := tmpl.Execute(&want, in); err != nil {
			t.Fatal(err)
		}
		var f fragment
		f.raw(`<p title="`)
		f.text(in)
		f.raw(`">`)
		f.text(in)
		f.raw(`</p>`)
		if got := string(f.html()); got != want.String() {
			t.Errorf("text(%q):\n got %s\nwant %s", in, got, want.String())
		}
	}
}

func FuzzFragmentEscapesAsHTMLTemplate(f *testing.F) {
	f.Add(hostile)
	f.Add("a+b\x00\xff")
	tmpl := template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p>`))
	f.Fuzz(func(t *testing.T, in string) {
		var want strings.Builder
		if err := tmpl.Execute(&want, in); err != nil {
			t.Skip()
		}
		var fr fragment
		fr.raw(`<p title="`)
		fr.text(in)
		fr.raw(`">`)
		fr.text(in)
		fr.raw(`</p>`)
		if got := string(fr.html()); got != want.String() {
			t.Errorf("text(%q):\n got %s\nwant %s", in, got, want.String())
		}
	})
}
