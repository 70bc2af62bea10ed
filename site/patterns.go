package site

import (
	"github.com/infradoc/infradoc/site/yamlstrict"
	"strings"
	"time"
)

// patterns are the formats referenced by `pattern:"name"` struct tags. The
// JSON Schema uses the same regexps, so the two never disagree.
var patterns = map[string]yamlstrict.Pattern{
	"layer":         {RE: yamlstrict.CompileOnce(`^L[1-8](\s*\(.*\))?$`), What: `a layer L1 to L8, optionally followed by its name in parentheses ("L5 (Execution & Workers)")`},
	"obligation-id": {RE: yamlstrict.CompileOnce(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`), What: "an id of letters, digits, '-', '_' and '.'"},
	"pin":           {RE: yamlstrict.CompileOnce(`^\S.*$`), What: "a reference"},
	"css-color":     {RE: yamlstrict.CompileOnce(cssColorPattern), What: "a CSS colour such as #0550ae, rgb(5 80 174), hsl(213 94% 35%) or a colour name in lower case"},
	"logo":          {RE: yamlstrict.CompileOnce(logoPattern), What: "the path of an .svg, .png, .jpg, .jpeg, .webp or .gif image"},
}

// LayerID returns the "L5" part of a layer written as "L5 (Execution & Workers)".
func LayerID(layer string) string {
	id, _, _ := strings.Cut(strings.TrimSpace(layer), " ")
	id, _, _ = strings.Cut(id, "(")
	return id
}

// LayerLabel returns the name in parentheses of "L5 (Execution & Workers)", or "".
func LayerLabel(layer string) string {
	_, rest, ok := strings.Cut(layer, "(")
	if !ok {
		return ""
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), ")"))
}

// Date is a calendar date written as YYYY-MM-DD.
type Date string

var datePattern = yamlstrict.CompileOnce(`^\d{4}-\d{2}-\d{2}$`)

func (*Date) CheckScalar(v string) string {
	if !datePattern().MatchString(v) {
		return "date " + quote(v) + " is not written as YYYY-MM-DD"
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return "date " + quote(v) + " is not a real calendar date"
	}
	return ""
}

// Time returns the date as a time at midnight UTC; the zero time if unset.
func (d Date) Time() time.Time {
	t, _ := time.Parse(time.DateOnly, string(d))
	return t
}

func quote(s string) string { return `"` + s + `"` }

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// MatchesFormat reports whether value has the named format ("layer",
// "obligation-id", "pin"), and completes "… is not <what>" for messages.
func MatchesFormat(name, value string) (ok bool, what string) {
	p := patterns[name]
	return p.RE().MatchString(value), p.What
}

// newDecoder returns a strict decoder of the file shown as display that
// reports into fs and knows the model's formats and the rule ids.
func (s *Site) newDecoder(display string, fs *findings) *yamlstrict.Decoder {
	d := &yamlstrict.Decoder{File: display, Out: fs, Patterns: patterns}
	if s.rules != nil {
		d.Vocabularies = map[string][]string{"rule": s.ruleIDs}
	}
	return d
}
