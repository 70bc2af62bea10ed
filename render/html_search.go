package render

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

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
		add(searchHeading, p.title, "doc · "+p.doc.Display, p.page)
		for _, t := range p.toc {
			add(searchHeading, t.Text, "section of "+p.title, p.page+"#"+t.ID)
		}
	}
	buf.WriteString("]}\n")
	return buf.Bytes(), nil
}

// writeJSONString writes s as a JSON string with <, > and & escaped, so the
// same text is safe inside a <script> file.
func writeJSONString(buf *bytes.Buffer, s string) {
	data, _ := json.Marshal(s) // a string always marshals
	buf.Write(data)
}
