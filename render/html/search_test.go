package html

import (
	"encoding/json"
	"testing"
)

// appendJSONString writes what json.Marshal writes for a string.
func TestAppendJSONStringIsMarshal(t *testing.T) {
	for _, s := range []string{"", "plain", hostile, "</script>", "a\x00\x01\b\f\n\r\t\x1f\x7f", "\u2028\u2029", "invalid \xff\xfe", "ünïcode ✓", `\"`} {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("appendJSONString(%q) = %s, json.Marshal gives %s", s, got, want)
		}
	}
}

func FuzzAppendJSONStringIsMarshal(f *testing.F) {
	f.Add("a<b>&\u2028\xff")
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("appendJSONString(%q) = %s, json.Marshal gives %s", s, got, want)
		}
	})
}
