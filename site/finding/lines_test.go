package finding

import "testing"

// Positions count lines from 1 and columns in runes from 1; an offset
// past either end is clamped; a CRLF line's bytes leave out the CR.
func TestLineIndex(t *testing.T) {
	src := []byte("ab\r\néx = 1\n\nlast")
	li := NewLineIndex("f.sql", src)
	if li.Lines() != 4 {
		t.Errorf("Lines() = %d, want 4", li.Lines())
	}
	for _, c := range []struct {
		off  int
		want string
	}{
		{0, "f.sql:1:1"}, {1, "f.sql:1:2"}, {4, "f.sql:2:1"},
		{6, "f.sql:2:2"}, // after é, two bytes but one column
		{12, "f.sql:3:1"}, {13, "f.sql:4:1"}, {-5, "f.sql:1:1"}, {99, "f.sql:4:5"},
	} {
		if got := li.Pos(c.off).String(); got != c.want {
			t.Errorf("Pos(%d) = %s, want %s", c.off, got, c.want)
		}
	}
	if got := string(li.LineBytes(src, 0)); got != "ab" {
		t.Errorf("LineBytes(0) = %q, want \"ab\"", got)
	}
	if li.Line(li.LineStart(3)) != 3 || li.LineStart(1) != 4 {
		t.Errorf("LineStart(1) = %d, Line(LineStart(3)) = %d", li.LineStart(1), li.Line(li.LineStart(3)))
	}
}
