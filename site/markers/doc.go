// Package markers reads the infradoc markers of a markdown doc: the
// generated blocks (<!-- infradoc:begin KIND … --> … <!-- infradoc:end -->)
// and inline values (<!-- infradoc:value NAME -->…<!-- infradoc:end -->)
// that infradoc owns inside docs people write. Everything else in a doc
// belongs to its author.
package markers

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/infradoc/infradoc/site/finding"
)

// Doc is a hand-edited markdown doc with generated blocks. Everything
// outside the blocks belongs to its author and is never changed.
type Doc struct {
	// Path is the doc's path inside the site's FS; File is its display path.
	Path string `json:"path"`
	File string `json:"file"`
	// Source is the doc as read, BOM and line endings included.
	Source []byte `json:"-"`
	// Blocks are the well-formed generated blocks and inline values, in
	// source order. Malformed markers are findings, not blocks.
	Blocks []*Block `json:"blocks"`
	// Newline is the doc's line ending: "\r\n" if its first line ends so,
	// else "\n". Generated text uses it.
	Newline string `json:"-"`
}

// Block is one generated block or inline value inside a doc.
type Block struct {
	// Kind is the block kind, or "value" for an inline value.
	Kind string `json:"kind"`
	// Value is the value name of an inline value.
	Value string `json:"value,omitempty"`
	// Options are the begin marker's key=value options in written order.
	Options []BlockOptionValue `json:"options,omitempty"`
	// finding.Pos is the position of the begin marker's "<!--".
	Pos finding.Pos `json:"pos"`
	// Start and End delimit the generated text in Doc.Source: for a block,
	// the lines between the marker lines; for a value, the text between the
	// two comments.
	Start int `json:"start"`
	End   int `json:"end"`
}

// KindValue is the Kind of inline values.
const KindValue = "value"

// BlockOptionValue is one option as written in a begin marker.
type BlockOptionValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Inline reports whether the block is an inline value.
func (b *Block) Inline() bool { return b.Kind == KindValue }

// Option returns the value of option key and whether it was given.
func (b *Block) Option(key string) (string, bool) {
	for _, o := range b.Options {
		if o.Key == key {
			return o.Value, true
		}
	}
	return "", false
}

// OptionList returns a list option split on commas, trimmed; nil if unset.
func (b *Block) OptionList(key string) []string {
	v, ok := b.Option(key)
	if !ok {
		return nil
	}
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Label names the block in messages: "registry-table state=A" or
// "value obligations.total".
func (b *Block) Label() string {
	var sb strings.Builder
	sb.WriteString(b.Kind)
	if b.Inline() {
		sb.WriteString(" " + b.Value)
	}
	for _, o := range b.Options {
		fmt.Fprintf(&sb, " %s=%s", o.Key, quoteOption(o.Value))
	}
	return sb.String()
}

func quoteOption(v string) string {
	if v != "" && !strings.ContainsAny(v, " \t\"\\") {
		return v
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// Content returns the block's current generated text.
func (d *Doc) Content(b *Block) []byte { return d.Source[b.Start:b.End] }

// detectNewline returns "\r\n" if src's first line ends with CRLF.
func detectNewline(src []byte) string {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}
