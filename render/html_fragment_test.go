package render

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

// escapeReference writes a value in each place a fragment may put one, as
// html/template escapes it there: element text, a quoted attribute, a
// whole URL and a part of one.
var escapeReference = template.Must(template.New("").Parse(
	`<p title="{{.}}">{{.}}</p><a href="{{.}}">x</a><a href="../x/{{.}}.html">y</a>`))

// sameEscaping returns what the fragment and html/template write for in.
func sameEscaping(t *testing.T, in string) (got, want string) {
	t.Helper()
	var w strings.Builder
	if err := escapeReference.Execute(&w, in); err != nil {
		t.Fatal(err)
	}
	f := fragment{sb: new(bytes.Buffer)}
	f.raw(`<p title="`)
	f.text(in)
	f.raw(`">`)
	f.text(in)
	f.raw(`</p><a href="`)
	f.url(in)
	f.raw(`">x</a><a href="`)
	f.url("../x/")
	f.urlPart(in)
	f.raw(`.html">y</a>`)
	return f.sb.String(), w.String()
}

// A fragment escapes exactly as html/template does, for any input.
func TestFragmentEscapesAsHTMLTemplate(t *testing.T) {
	inputs := []string{
		"", "plain", hostile, `a+b & "c" 'd' <e>`, "nul\x00byte", "invalid \xff\xfe utf-8",
		"unicode ✓ ✗ — \ufdd0 \uffff", "&amp; already escaped", "</code><script>alert(1)</script>",
		"https://pins.example.org/PIN-1?a=1&b=2#top", "javascript:alert(1)", "JaVaScRiPt:x", "mailto:a@b",
		"data:text/html,<b>", "/abs/path:with:colons", "100%", "%41%zz%4", "a b\tc\nd", "L3 (Adapters)",
	}
	for _, in := range inputs {
		if got, want := sameEscaping(t, in); got != want {
			t.Errorf("%q:\n got %s\nwant %s", in, got, want)
		}
	}
}

func FuzzFragmentEscapesAsHTMLTemplate(f *testing.F) {
	f.Add(hostile)
	f.Add("a+b\x00\xff")
	f.Add("JavaScript:%zz&x")
	f.Fuzz(func(t *testing.T, in string) {
		if got, want := sameEscaping(t, in); got != want {
			t.Errorf("%q:\n got %s\nwant %s", in, got, want)
		}
	})
}
