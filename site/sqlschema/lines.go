package sqlschema

import (
	"unicode/utf8"

	"github.com/infradoc/infradoc/site/finding"
)

// lineStart returns the position of the first non-blank byte of 1-based
// line n (clamped to the file's lines).
func lineStart(li *finding.LineIndex, src []byte, n int) finding.Pos {
	n = min(max(n, 1), li.Lines())
	off := li.LineStart(n - 1)
	for off < len(src) && (src[off] == ' ' || src[off] == '\t') {
		off++
	}
	return li.Pos(off)
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
