package html

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/infradoc/infradoc/site"
)

// searchIndexVersion changes when the index's shape does.
const searchIndexVersion = 1

// Search entry kinds, the first element of every entry.
const (
	searchItem        = "i"
	searchObligation  = "o"
	searchRequirement = "r"
	searchHeading     = "h"
)

// searchIndex builds the client-side search index: a JSON object whose "e"
// holds one [kind, title, detail, url] array per item, obligation,
// requirement and doc heading, URLs relative to the site root. Entries are
// in a fixed order (items, obligations with their requirements, docs), so
// the bytes are deterministic. The same JSON is written as
// search-index.json and, assigned to a global, as search-index.js, which a
// <script> element can load from file:// where fetch cannot.
func (b *builder) searchIndex() ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(128 * (len(b.items) + 3*len(b.s.Obligations)))
	buf.WriteString(`{"v":`)
	buf.WriteString(strconv.Itoa(searchIndexVersion))
	buf.WriteString(`,"e":[`)
	first := true
	add := func(kind, title, detail, url string) {
		if !first {
			buf.WriteString(",\n")
		}
		first = false
		buf.WriteByte('[')
		for i, s := range [4]string{kind, title, detail, url} {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeJSONString(&buf, s)
		}
		buf.WriteByte(']')
	}
	for _, ref := range b.items {
		it := ref.item
		detail := "infra item · " + it.Category + " · " + site.LayerID(it.Layer) + " · state " + it.State + " · " + it.Owner
		if len(it.Aliases) > 0 {
			detail += " · " + strings.Join(it.Aliases, ", ")
		}
		add(searchItem, it.Name, detail, ref.path)
	}
	for _, o := range b.s.Obligations {
		u := obligationPath(o.ID)
		add(searchObligation, o.ID+" "+o.Title, "obligation · "+o.Status+" · "+site.LayerID(o.Layer), u)
		defSchema := ""
		if ss := o.Schemas(); len(ss) > 0 {
			defSchema = ss[0]
		}
		for _, r := range o.Requires {
			if r != nil {
				add(searchRequirement, r.QualifiedName(defSchema), r.Type+" required by "+o.ID, u+"#requirements")
			}
		}
	}
	for _, p := range b.docs {
		add(searchHeading, p.title, "doc · "+p.doc.Display, p.url)
		for _, t := range p.toc {
			add(searchHeading, t.Text, "section of "+p.title, p.url+"#"+t.ID)
		}
	}
	buf.WriteString("]}\n")
	return buf.Bytes(), nil
}

// writeJSONString writes s as a JSON string with <, > and & escaped, so the
// same text is safe inside a <script> file: as json.Marshal writes it,
// without allocating the result.
func writeJSONString(buf *bytes.Buffer, s string) {
	buf.Write(appendJSONString(buf.AvailableBuffer(), s))
}

// appendJSONString appends s quoted as encoding/json quotes a string with
// HTML escaping on (TestAppendJSONStringIsMarshal): control characters,
// quotes and backslashes escaped, <, > and & as \u003c, \u003e and \u0026,
// U+2028 and U+2029 escaped, invalid UTF-8 as \ufffd.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
