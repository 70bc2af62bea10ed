package html

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/infradoc/infradoc/site"
)

// searchIndexVersion changes when the index's shape does.
const searchIndexVersion = 2

// Search entry kinds, the first element of every entry. Requirements are
// not entries of their own: they ride on their obligation's entry, which
// saves their URL and label on large sites (tens of thousands of them).
const (
	searchItem       = "i"
	searchObligation = "o"
	searchDoc        = "d"
	searchSection    = "s"
)

// searchTextWords caps the words of an entry's text: enough to find an
// item or obligation by its description and a doc section by its words,
// while the index stays a few hundred bytes per obligation.
const (
	searchTextWords    = 40
	searchSectionWords = 120
)

// searchIndex builds the client-side search index: a JSON object whose "e"
// holds one array per item, obligation, doc and doc section:
//
//	[kind, title, detail, url, text, requirements]
//
// title is what the result shows and ranks highest (an obligation's title
// starts with its id); detail is the line shown under it, without the
// kind, which the page names once; url is relative to the site root; text
// is the description or doc text, as distinct lower-case words, matched
// but not shown; requirements, on obligations only, are [type, name]
// pairs. Trailing empty elements are left out. Entries are in a fixed
// order (items, obligations, docs with their sections), so the bytes are
// deterministic. The same JSON is written as search-index.json and,
// assigned to a global, as search-index.js, which a <script> element can
// load from file:// where fetch cannot. site.js ranks the matches.
func (b *builder) searchIndex() ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(160 * (len(b.items) + len(b.s.Obligations)))
	buf.WriteString(`{"v":`)
	buf.WriteString(strconv.Itoa(searchIndexVersion))
	buf.WriteString(`,"e":[`)
	first := true
	var words []byte
	add := func(kind, title, detail, url, text string, reqs []*site.Requirement, defSchema string) {
		if !first {
			buf.WriteString(",\n")
		}
		first = false
		buf.WriteByte('[')
		fields := [5]string{kind, title, detail, url, text}
		n := len(fields)
		if len(reqs) == 0 {
			for n > 4 && fields[n-1] == "" {
				n--
			}
		}
		for i, s := range fields[:n] {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeJSONString(&buf, s)
		}
		if len(reqs) > 0 {
			buf.WriteString(",[")
			firstReq := true
			for _, r := range reqs {
				if r == nil {
					continue
				}
				if !firstReq {
					buf.WriteByte(',')
				}
				firstReq = false
				buf.WriteByte('[')
				writeJSONString(&buf, r.Type)
				buf.WriteByte(',')
				writeJSONString(&buf, r.QualifiedName(defSchema))
				buf.WriteByte(']')
			}
			buf.WriteByte(']')
		}
		buf.WriteByte(']')
	}
	text := func(max int, parts ...string) string {
		words = searchWords(words[:0], max, parts...)
		return string(words)
	}
	for _, ref := range b.items {
		it := ref.item
		detail := it.Category + " · " + site.LayerID(it.Layer) + " · state " + it.State + " · " + it.Owner
		if len(it.Aliases) > 0 {
			detail += " · " + strings.Join(it.Aliases, ", ")
		}
		add(searchItem, it.Name, detail, ref.path, text(searchTextWords, it.Description), nil, "")
	}
	for _, o := range b.s.Obligations {
		defSchema := ""
		if ss := o.Schemas(); len(ss) > 0 {
			defSchema = ss[0]
		}
		add(searchObligation, o.ID+" "+o.Title, o.Status+" · "+site.LayerID(o.Layer), obligationPath(o.ID),
			text(searchTextWords, o.SemanticPurpose), o.Requires, defSchema)
	}
	for _, p := range b.docs {
		// The doc's entry takes the text before its first section in the
		// table of contents; each section the text up to the next. Deeper
		// headings belong to the section they are in.
		var parts [][]string
		cur := []string{}
		next := 0
		for _, sec := range p.sections {
			if next < len(p.toc) && sec.id != "" && sec.id == p.toc[next].ID {
				parts = append(parts, cur)
				cur = []string{}
				next++
			}
			cur = append(cur, sec.lower)
		}
		parts = append(parts, cur)
		add(searchDoc, p.title, p.doc.Display, p.url, text(searchSectionWords, parts[0]...), nil, "")
		for i, t := range p.toc[:next] {
			add(searchSection, t.Text, p.title, p.url+"#"+t.ID, text(searchSectionWords, parts[i+1]...), nil, "")
		}
		for _, t := range p.toc[next:] {
			add(searchSection, t.Text, p.title, p.url+"#"+t.ID, "", nil, "")
		}
	}
	buf.WriteString("]}\n")
	return buf.Bytes(), nil
}

// searchWords appends to dst the distinct lower-case words of parts, in
// the order they first appear, separated by spaces, at most max of them.
// Words are runs of letters and digits (site.js splits text the same way,
// and folds accents itself); link targets in markdown ("](…)") and bare
// URLs are left out, they are not words a reader searches for.
func searchWords(dst []byte, max int, parts ...string) []byte {
	seen := map[string]bool{}
	for _, s := range parts {
		for _, w := range strings.FieldsFunc(stripLinkTargets(strings.ToLower(s)), notWordRune) {
			if len(seen) == max {
				return dst
			}
			if seen[w] {
				continue
			}
			seen[w] = true
			if len(dst) > 0 {
				dst = append(dst, ' ')
			}
			dst = append(dst, w...)
		}
	}
	return dst
}

// notWordRune reports whether r separates words: anything but a letter or
// a digit.
func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// stripLinkTargets drops markdown link targets ("](…)") and URLs
// ("scheme://…" up to the next space) from s.
func stripLinkTargets(s string) string {
	if !strings.Contains(s, "](") && !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		i := strings.Index(s, "](")
		j := strings.Index(s, "://")
		switch {
		case i >= 0 && (j < 0 || i < j):
			b.WriteString(s[:i+1])
			end := strings.IndexByte(s[i:], ')')
			if end < 0 {
				return b.String()
			}
			s = s[i+end+1:]
		case j >= 0:
			start := strings.LastIndexAny(s[:j], " \t\n(<") + 1
			b.WriteString(s[:start])
			end := strings.IndexAny(s[j:], " \t\n)>")
			if end < 0 {
				return b.String()
			}
			s = s[j+end:]
		default:
			b.WriteString(s)
			s = ""
		}
	}
	return b.String()
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
