package html

import (
	"bytes"
	"math"
	"strconv"
)

// minDiagramTextPx is the smallest size, in CSS pixels, that a diagram's
// text may be drawn at: a diagram narrower than its page shrinks to fit
// only down to it, and scrolls sideways in its own box beyond.
const minDiagramTextPx = 12

// diagramMinWidth returns the width, in CSS pixels, below which svg (as
// Graphviz draws it: a viewBox in points, font-size attributes in the same
// units, the graph scaled by its first transform) would draw its smallest
// text under minDiagramTextPx; 0 when svg says too little to tell. It reads
// the root tag and the font sizes in one pass: every obligation page calls
// it.
func diagramMinWidth(svg []byte) int {
	end := bytes.IndexByte(svg, '>')
	if end < 0 {
		return 0
	}
	vb := svgAttr(svg[:end], "viewBox")
	fields := bytes.Fields(vb)
	if len(fields) != 4 {
		return 0
	}
	width, err := strconv.ParseFloat(string(fields[2]), 64)
	if err != nil || width <= 0 {
		return 0
	}
	scale := 1.0
	if i := bytes.Index(svg, []byte(`transform="scale(`)); i >= 0 {
		rest := svg[i+len(`transform="scale(`):]
		if j := bytes.IndexAny(rest, " )"); j > 0 {
			if s, err := strconv.ParseFloat(string(rest[:j]), 64); err == nil && s > 0 {
				scale = s
			}
		}
	}
	smallest := math.Inf(1)
	for rest := svg; ; {
		i := bytes.Index(rest, []byte(`font-size="`))
		if i < 0 {
			break
		}
		rest = rest[i+len(`font-size="`):]
		j := bytes.IndexByte(rest, '"')
		if j < 0 {
			break
		}
		if f, err := strconv.ParseFloat(string(rest[:j]), 64); err == nil && f > 0 {
			smallest = min(smallest, f)
		}
		rest = rest[j:]
	}
	if math.IsInf(smallest, 1) {
		return 0
	}
	// Text drawn at font size f in a graph scaled by s, with the viewBox
	// width w shown at W pixels, is f*s*W/w pixels tall.
	return int(math.Ceil(minDiagramTextPx * width / (smallest * scale)))
}

// svgAttr returns the value of attribute name in tag, nil when absent.
func svgAttr(tag []byte, name string) []byte {
	key := []byte(" " + name + `="`)
	i := bytes.Index(tag, key)
	if i < 0 {
		return nil
	}
	v := tag[i+len(key):]
	if j := bytes.IndexByte(v, '"'); j >= 0 {
		return v[:j]
	}
	return nil
}
