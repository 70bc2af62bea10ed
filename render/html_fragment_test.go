package render

import (
	"html/template"
	"strings"
	"testing"
)

// escapeReference writes a value in element text and in a quoted
// attribute, as html/template escapes it there.
var escapeReference = template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p>`))

// sameEscaping reports how fragment.text and html/template write in.
func sameEscaping(t *testing.T, in string) (got, want string) {
	t.Helper()
	var w strings.Builder
	if err := escapeReference.Execute(&w, in); err != nil {
		t.Fatal(err)
	}
	var f fragment
	f.raw(`<p title="`)
	f.text(in)
	f.raw(`">`)
	f.text(in)
	f.raw(`</p>`)
	return string(f.html()), w.String()
}

// fragment.text must escape exactly as html/template does, in element
// text and in a quoted attribute, for any input.
func TestFragmentEscapesAsHTMLTemplate(t *testing.T) {
	inputs := []string{
		"", "plain", hostile, `a+b & "c" 'd' <e>`, "nul\x00byte", "invalid \xff\xfe utf-8",
		"unicode ✓ ✗ — \ufdd0 \uffff", "&amp; already escaped", "</code><script>alert(1)</script>",
	}
	for _, in := range inputs {
		if got, want := sameEscaping(t, in); got != want {
			t.Errorf("text(%q):\n got %s\nwant %s", in, got, want)
		}
	}
}

func FuzzFragmentEscapesAsHTMLTemplate(f *testing.F) {
	f.Add(hostile)
	f.Add("a+b\x00\xff")
	f.Fuzz(func(t *testing.T, in string) {
		if got, want := sameEscaping(t, in); got != want {
			t.Errorf("text(%q):\n got %s\nwant %s", in, got, want)
		}
	})
}
