package diagram

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDOTText checks the escaping of every text for a quoted DOT string:
// valid UTF-8, no control character, a backslash only before \, " or n,
// no bare quote, and unescaping gives the text back (controls dropped).
func FuzzDOTText(f *testing.F) {
	for _, seed := range []string{`a "b" \N`, "x\ny\r\tz", "&lt;&", "\xff\xfe", "日本語 — ß", `\`, `"`, "\u0085\ufffe"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		out := dotText(text)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8: %q", out)
		}
		var back strings.Builder
		for i := 0; i < len(out); i++ {
			c := out[i]
			switch {
			case c < 0x20:
				t.Fatalf("control character in %q", out)
			case c == '"':
				t.Fatalf("bare quote in %q", out)
			case c == '\\':
				if i+1 == len(out) {
					t.Fatalf("trailing backslash in %q", out)
				}
				i++
				switch out[i] {
				case '\\':
					back.WriteByte('\\')
				case '"':
					back.WriteByte('"')
				case 'n':
					back.WriteByte('\n')
				default:
					t.Fatalf("escape \\%c in %q", out[i], out)
				}
			case strings.HasPrefix(out[i:], "&amp;"):
				back.WriteByte('&')
				i += len("&amp;") - 1
			case c == '&':
				t.Fatalf("bare & in %q", out)
			default:
				back.WriteByte(c)
			}
		}
		var want strings.Builder
		for _, r := range text {
			if r >= 0x20 && !(r >= 0x7f && r <= 0x9f) && r != 0xfffe && r != 0xffff || r == '\n' {
				want.WriteRune(r)
			}
		}
		if back.String() != want.String() {
			t.Fatalf("unescaped %q, want %q", back.String(), want.String())
		}
	})
}

// dotTextReference is dotText's rule rune by rune, as it was first
// written: dotText copies runs of unchanged bytes instead.
func dotTextReference(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '&':
			b.WriteString("&amp;")
		case r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == 0xfffe || r == 0xffff:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func FuzzDOTTextMatchesRuneByRune(f *testing.F) {
	for _, seed := range []string{`a "b" \N`, "x\ny\r\tz", "&lt;&", "\xff\xfe", "日本語 — ß", "\u0085\ufffe\uffff\u009f", "ok\xc3"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := dotText(s), dotTextReference(s); got != want {
			t.Errorf("dotText(%q) = %q, rune by rune %q", s, got, want)
		}
	})
}
