package html

import "testing"

// TestDiagramMinWidth: the narrowest width keeps the smallest font at
// 12 px, whatever the graph's scale; an SVG that says too little gives no
// limit.
func TestDiagramMinWidth(t *testing.T) {
	for _, c := range []struct {
		svg  string
		want int
	}{
		// 10-unit text in a 600-unit viewBox: 12 px text at 720 px.
		{`<svg width="600pt" height="90pt" viewBox="0.00 0.00 600.00 90.00"><g transform="scale(1 1) rotate(0)"><text font-size="14.00">a</text><text font-size="10.00">b</text></g></svg>`, 720},
		// Scaled down by half, the same text needs twice the width.
		{`<svg viewBox="0 0 600 90"><g transform="scale(0.5 0.5)"><text font-size="10.00">b</text></g></svg>`, 1440},
		{`<svg viewBox="0 0 601 90"><text font-size="12">b</text></svg>`, 601},
		{`<svg viewBox="0 0 600 90"><text>no size</text></svg>`, 0},
		{`<svg width="10pt"><text font-size="12">no viewBox</text></svg>`, 0},
		{`<svg viewBox="0 0 x 90"><text font-size="12">b</text></svg>`, 0},
	} {
		if got := diagramMinWidth([]byte(c.svg)); got != c.want {
			t.Errorf("diagramMinWidth(%s) = %d, want %d", c.svg, got, c.want)
		}
	}
}
