package sqlschema

import (
	"slices"
	"unicode/utf8"

	"github.com/infradoc/infradoc/site/finding"
)

// lineIndex turns byte offsets of one file into 1-based line:col positions.
// Columns count runes, as site/evidence's LineIndex does, so positions from
// both packages agree. (evidence imports this package, so it cannot lend
// its own.)
type lineIndex struct {
	file   string
	src    []byte
	starts []int // byte offset of the first byte of each line
}

func newLineIndex(file string, src []byte) *lineIndex {
	starts := make([]int, 1, 64)
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{file: file, src: src, starts: starts}
}

// pos returns the position of byte offset off (clamped to the file).
func (li *lineIndex) pos(off int) finding.Pos {
	off = min(max(off, 0), len(li.src))
	l, found := slices.BinarySearch(li.starts, off)
	if !found {
		l--
	}
	return finding.Pos{File: li.file, Line: l + 1, Col: utf8.RuneCount(li.src[li.starts[l]:off]) + 1}
}

// lineStart returns the position of the first non-blank byte of 1-based
// line n (clamped to the file's lines).
func (li *lineIndex) lineStart(n int) finding.Pos {
	n = min(max(n, 1), len(li.starts))
	off := li.starts[n-1]
	for off < len(li.src) && (li.src[off] == ' ' || li.src[off] == '\t') {
		off++
	}
	return li.pos(off)
}

// runeOffset returns the byte offset of the 1-based character position
// PostgreSQL reports in an error's cursor (libpg_query counts characters,
// not bytes); a position past the end gives the end.
func runeOffset(src []byte, cursor int) int {
	off := 0
	for n := 1; n < cursor && off < len(src); n++ {
		_, size := utf8.DecodeRune(src[off:])
		off += size
	}
	return off
}
