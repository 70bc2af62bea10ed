package finding

import (
	"slices"
	"unicode/utf8"
)

// LineIndex turns byte offsets of one file into 1-based line:col
// positions. Columns count runes, as the YAML positions do, so findings
// from every reader of a file agree.
type LineIndex struct {
	file   string
	src    []byte
	starts []int // byte offset of the first byte of each line
}

// NewLineIndex indexes the lines of src, the file shown as file.
func NewLineIndex(file string, src []byte) *LineIndex {
	starts := make([]int, 1, 64)
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &LineIndex{file: file, src: src, starts: starts}
}

// Source returns the indexed file's bytes.
func (li *LineIndex) Source() []byte { return li.src }

// Lines is the number of lines (a final newline does not start one more
// line with content, but is counted so every offset has a line).
func (li *LineIndex) Lines() int { return len(li.starts) }

// LineStart returns the byte offset of the first byte of 0-based line i.
func (li *LineIndex) LineStart(i int) int { return li.starts[i] }

// Line returns the 0-based line of byte offset off.
func (li *LineIndex) Line(off int) int {
	i, found := slices.BinarySearch(li.starts, off)
	if found {
		return i
	}
	return i - 1
}

// LineBytes returns line i (0-based) of buf without its line ending; buf
// has the same length as the indexed source (a masked copy, say).
func (li *LineIndex) LineBytes(buf []byte, i int) []byte {
	end := len(buf)
	if i+1 < len(li.starts) {
		end = li.starts[i+1] - 1
	}
	b := buf[li.starts[i]:end]
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// Pos returns the position of byte offset off, clamped to the file.
func (li *LineIndex) Pos(off int) Pos {
	off = min(max(off, 0), len(li.src))
	l := li.Line(off)
	return Pos{File: li.file, Line: l + 1, Col: utf8.RuneCount(li.src[li.starts[l]:off]) + 1}
}
