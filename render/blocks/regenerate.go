package blocks

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/infradoc/infradoc/site"
)

// DocOptions tune RegenerateDoc.
type DocOptions struct {
	// Newline overrides the doc's own line ending ("\n" or "\r\n"); empty
	// keeps the doc's.
	Newline string
}

// StaleBlock is a generated block whose text differs from what the YAML
// generates.
type StaleBlock struct {
	Block *site.Block
	// Kind is the block kind ("value" for inline values) and Label the
	// kind with its options or value name.
	Kind  string
	Label string
	// Pos is the begin marker's file:line:col.
	Pos site.Pos
	// Old is the block's text in the doc, New what it should be.
	Old, New string
}

// Finding returns the drift finding for the stale block.
func (sb StaleBlock) Finding() site.Finding {
	what := "block " + sb.Label
	if sb.Block != nil && sb.Block.Inline() {
		what = fmt.Sprintf("value %s is %q, the YAML gives %q", sb.Block.Value, sb.Old, sb.New)
		return site.Finding{Pos: sb.Pos, Severity: site.SeverityError, Rule: "stale-block", Message: what + " (run 'infradoc fix')"}
	}
	return site.Finding{Pos: sb.Pos, Severity: site.SeverityError, Rule: "stale-block", Message: what + " is out of date with the YAML (run 'infradoc fix')"}
}

// RegenerateDoc returns the doc with every block and inline value
// regenerated, and the blocks whose text changed, in source order. Text
// outside the markers is copied byte for byte; generated text takes the
// doc's line ending. A block's text is a blank line, the generated
// markdown, and a blank line, so that markdown renderers see the table
// apart from the marker comments.
func RegenerateDoc(s *site.Site, d *site.Doc, opts DocOptions) (out []byte, stale []StaleBlock, err error) {
	nl := opts.Newline
	if nl == "" {
		nl = d.Newline
	}
	if nl == "" {
		nl = "\n"
	}
	var buf bytes.Buffer
	prev := 0
	for _, b := range d.Blocks {
		text, err := GenerateBlock(s, b, nl)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %s: %w", b.Pos, b.Label(), err)
		}
		buf.Write(d.Source[prev:b.Start])
		buf.WriteString(text)
		prev = b.End
		if old := string(d.Content(b)); old != text {
			stale = append(stale, StaleBlock{Block: b, Kind: b.Kind, Label: b.Label(), Pos: b.Pos, Old: old, New: text})
		}
	}
	buf.Write(d.Source[prev:])
	return buf.Bytes(), stale, nil
}

// GenerateBlock returns the text that belongs between a block's markers:
// for a block, its markdown between blank lines with newline nl; for an
// inline value, the value.
func GenerateBlock(s *site.Site, b *site.Block, nl string) (string, error) {
	text, err := RenderBlock(s, b)
	if err != nil || b.Inline() {
		return text, err
	}
	text = "\n" + text + "\n"
	if nl != "\n" {
		text = strings.ReplaceAll(text, "\n", nl)
	}
	return text, nil
}
