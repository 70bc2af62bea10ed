package cli

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/aymanbagabas/go-udiff"
	"github.com/infradoc/infradoc/render/blocks"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
)

// wholeDocDiff is how check showed a stale block before blockDiff: the
// diff of the whole doc against the doc with just that block regenerated.
func wholeDocDiff(d *site.Doc, sb blocks.StaleBlock) string {
	src := d.Source
	var after bytes.Buffer
	after.Write(src[:sb.Block.Start])
	after.WriteString(sb.New)
	after.Write(src[sb.Block.End:])
	return udiff.Unified(d.File, d.File+" (generated)", displayText(src, true), displayText(after.Bytes(), true))
}

// randomStaleDoc returns a doc of lines from a small alphabet, so that
// lines repeat, with blocks and values whose regenerated text is just as
// repetitive: the cases where a diff could align changes with equal lines
// beside a block.
func randomStaleDoc(rng *rand.Rand) (src string, news []string) {
	nl := "\n"
	if rng.IntN(4) == 0 {
		nl = "\r\n"
	}
	words := []string{"", "", "a", "b", "| x |", "| y |", "text"}
	line := func() string { return words[rng.IntN(len(words))] }
	lines := func(max int) string {
		var b strings.Builder
		for range rng.IntN(max + 1) {
			b.WriteString(line() + nl)
		}
		return b.String()
	}
	var b strings.Builder
	if rng.IntN(4) == 0 {
		b.WriteString("\xef\xbb\xbf")
	}
	for i := range 1 + rng.IntN(6) {
		b.WriteString(lines(4))
		switch rng.IntN(3) {
		case 0:
			fmt.Fprintf(&b, "<!-- infradoc:begin registry-table owner=O%d -->%s", i, nl)
			b.WriteString(lines(5))
			fmt.Fprintf(&b, "<!-- infradoc:end registry-table -->%s", nl)
			news = append(news, lines(5))
		default:
			for range 1 + rng.IntN(2) {
				fmt.Fprintf(&b, "%s <!-- infradoc:value registry.items.total -->%d<!-- infradoc:end --> %s", line(), rng.IntN(3), line())
				news = append(news, fmt.Sprint(rng.IntN(3)))
			}
			b.WriteString(nl)
		}
	}
	b.WriteString(lines(4))
	src = b.String()
	if rng.IntN(3) == 0 {
		src = strings.TrimSuffix(src, nl)
	}
	return src, news
}

// TestBlockDiffMatchesWholeDocDiff compares the per-block diffs with the
// whole-doc diffs check printed before, on random repetitive docs.
func TestBlockDiffMatchesWholeDocDiff(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	differ := 0
	const docs = 3000
	for i := range docs {
		src, news := randomStaleDoc(rng)
		d, found := markers.Parse("docs/R.md", []byte(src), blocks.Vocabulary())
		if len(found) > 0 || len(d.Blocks) != len(news) {
			t.Fatalf("doc %d: %d blocks for %d new texts, %v\n%q", i, len(d.Blocks), len(news), found, src)
		}
		ds := &docSync{doc: d}
		for j, b := range d.Blocks {
			sb := blocks.StaleBlock{Block: b, Kind: b.Kind, Label: b.Label(), Pos: b.Pos, Old: string(d.Content(b)), New: news[j]}
			if sb.Old == sb.New {
				continue
			}
			got, want := ds.blockDiff(sb), wholeDocDiff(d, sb)
			if got != want {
				differ++
				if differ <= 3 {
					t.Logf("doc %d block %d (%s): per-block diff\n%s\nwhole-doc diff\n%s\ndoc %q", i, j, b.Label(), got, want, src)
				}
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d per-block diffs differ from the whole-doc diff", differ)
	}
}
