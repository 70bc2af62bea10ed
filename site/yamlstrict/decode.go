package yamlstrict

import (
	"fmt"
	"github.com/infradoc/infradoc/site/finding"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// maxAliasExpansions bounds how many alias dereferences one file may make;
// a "billion laughs" document hits it long before it costs anything.
const maxAliasExpansions = 1000

// NodeDecoder is implemented by model types whose YAML form is not a plain
// mapping (for example promotion criteria, written as a map or a list).
type NodeDecoder interface {
	DecodeYAML(d *Decoder, n *yaml.Node) bool
}

// ScalarChecker is implemented by string types with a format of their own
// (dates); check returns a message when the value is malformed.
type ScalarChecker interface {
	CheckScalar(value string) string
}

// Decoder turns yaml.Nodes into model values by reflection over `yaml`
// struct tags, reporting unknown and duplicate keys, missing required keys,
// wrong kinds and values outside an enum as findings.
//
// Struct tags understood besides `yaml:"name"`:
//
//	infradoc:"required"   the key must be present and not empty
//	enum:"A,B,C"          the scalar must be one of these
//	pattern:"layer"       the scalar must have the format Patterns["layer"]
type Decoder struct {
	// File is the display path of the file decoded, for positions.
	File string
	// Out receives the findings.
	Out *finding.List
	// Patterns are the formats `pattern:"name"` tags refer to.
	Patterns map[string]Pattern
	// Vocabularies are named lists of the names a value may take, for the
	// decoders of model types (the rule ids rules: may set, say); a nil
	// list accepts any name.
	Vocabularies map[string][]string
	aliases      int
	stopped      bool
}

// Pattern is a named format a scalar must have.
type Pattern struct {
	// RE returns the compiled regexp (see CompileOnce).
	RE func() *regexp.Regexp
	// What completes "… is not <what>" in messages.
	What string
}

func (d *Decoder) Pos(n *yaml.Node) finding.Pos {
	return finding.Pos{File: d.File, Line: n.Line, Col: n.Column}
}

func (d *Decoder) Errorf(n *yaml.Node, rule, format string, args ...any) {
	d.Out.Add(d.Pos(n), rule, format, args...)
}

// resolve follows aliases within the expansion budget.
func (d *Decoder) Resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		d.aliases++
		if d.aliases > maxAliasExpansions {
			if !d.stopped {
				d.Errorf(n, "alias-limit", "more than %d alias expansions; the file looks like an alias bomb", maxAliasExpansions)
			}
			d.stopped = true
			return nil
		}
		n = n.Alias
	}
	return n
}

// decode fills v from n. It reports whether the value could be used.
func (d *Decoder) Decode(n *yaml.Node, v reflect.Value) bool {
	if d.stopped {
		return false
	}
	if n = d.Resolve(n); n == nil {
		return false
	}
	if v.CanAddr() {
		if nd, ok := v.Addr().Interface().(NodeDecoder); ok {
			return nd.DecodeYAML(d, n)
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if IsNull(n) {
			v.SetZero()
			return true
		}
		elem := reflect.New(v.Type().Elem())
		ok := d.Decode(n, elem.Elem())
		if ok || n.Kind == yaml.MappingNode {
			// A mapping with a problem inside (reported) is kept, so that
			// rules about the rest of it do not also call it missing.
			v.Set(elem)
		}
		return ok
	case reflect.Struct:
		return d.decodeStruct(n, v)
	case reflect.Slice:
		return d.decodeSlice(n, v)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.Errorf(n, "type", "expected a text value, found %s", KindName(n))
			return false
		}
		if IsNull(n) {
			v.SetString("")
			return true
		}
		if sc, ok := v.Addr().Interface().(ScalarChecker); ok {
			if msg := sc.CheckScalar(n.Value); msg != "" {
				d.Errorf(n, "format", "%s", msg)
				return false
			}
		}
		v.SetString(n.Value)
		return true
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.Errorf(n, "type", "expected a whole number, found %s", KindName(n))
			return false
		}
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if err != nil || i < 0 || i > 1<<31 {
			d.Errorf(n, "type", "expected a whole number from 0, found %q", n.Value)
			return false
		}
		v.SetInt(i)
		return true
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.Errorf(n, "type", "expected true or false, found %s", KindName(n))
			return false
		}
		v.SetBool(strings.EqualFold(n.Value, "true") || strings.EqualFold(n.Value, "yes") || strings.EqualFold(n.Value, "on"))
		return true
	}
	panic(fmt.Sprintf("site: Decoder cannot fill %s", v.Type()))
}

func (d *Decoder) decodeSlice(n *yaml.Node, v reflect.Value) bool {
	if IsNull(n) {
		v.SetZero()
		return true
	}
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, "type", "expected a list, found %s", KindName(n))
		return false
	}
	out := reflect.MakeSlice(v.Type(), 0, len(n.Content))
	ok := true
	for _, item := range n.Content {
		if v.Type().Elem().Kind() == reflect.Pointer && isNullItem(item) {
			// An empty list item ("-" alone) where entries are mappings:
			// dropped, so that no rule meets a missing entry.
			d.Errorf(item, "type", "expected a mapping, found nothing (null); remove the empty list item")
			ok = false
			continue
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		if d.Decode(item, elem) {
			out = reflect.Append(out, elem)
			continue
		}
		ok = false
		// Keep an element that is a mapping with problems inside (they are
		// findings already): dropping it would make every rule that looks
		// for it (a test's requires_infra, an index entry) report it missing.
		if isMapping(item) && (elem.Kind() == reflect.Struct || elem.Kind() == reflect.Pointer && !elem.IsNil()) {
			out = reflect.Append(out, elem)
		}
	}
	v.Set(out)
	return ok
}

// Field describes one decodable struct field, as its tags say.
type Field struct {
	Key      string
	Index    int
	Required bool
	Enum     []string
	Pattern  string
}

func Fields(t reflect.Type) []Field {
	if f, ok := structFieldCache.Load(t); ok {
		return f.([]Field)
	}
	f, _ := structFieldCache.LoadOrStore(t, readStructFields(t))
	return f.([]Field)
}

// structFieldCache holds Fields by type: tens of thousands of
// mappings are decoded into a handful of types.
var structFieldCache sync.Map

func readStructFields(t reflect.Type) []Field {
	var fields []Field
	for i := range t.NumField() {
		sf := t.Field(i)
		key, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if key == "" || key == "-" {
			continue
		}
		f := Field{Key: key, Index: i, Required: sf.Tag.Get("infradoc") == "required", Pattern: sf.Tag.Get("pattern")}
		if e := sf.Tag.Get("enum"); e != "" {
			f.Enum = strings.Split(e, ",")
		}
		fields = append(fields, f)
	}
	return fields
}

func (d *Decoder) decodeStruct(n *yaml.Node, v reflect.Value) bool {
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "type", "expected a mapping of keys to values, found %s", KindName(n))
		return false
	}
	fields := Fields(v.Type())
	var pos *Positions
	if p, ok := v.Addr().Interface().(positioned); ok {
		pos = p.positions()
		pos.At = d.Pos(n)
		pos.keys = make([]keyPos, 0, len(n.Content)/2)
	}
	seen := map[string]*yaml.Node{}
	failed := map[string]bool{}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		if prev, dup := seen[key]; dup {
			d.Errorf(k, "duplicate-key", "key %q is already defined at line %d", key, prev.Line)
			ok = false
			continue
		}
		seen[key] = k
		idx := slices.IndexFunc(fields, func(f Field) bool { return f.Key == key })
		if idx < 0 {
			keys := make([]string, len(fields))
			for j, f := range fields {
				keys[j] = f.Key
			}
			d.Errorf(k, "unknown-key", "unknown key %q%s", key, DidYouMean(key, keys))
			ok = false
			continue
		}
		f := fields[idx]
		if pos != nil {
			pos.SetKey(key, d.Pos(val))
		}
		fv := v.Field(f.Index)
		if !d.Decode(val, fv) || !d.checkValue(val, f, fv) {
			failed[key] = true // reported; do not also call it empty
			if k := fv.Kind(); k == reflect.String || k == reflect.Int || k == reflect.Bool {
				// Rules see no value rather than a malformed one; lists
				// and mappings keep what decoded.
				fv.SetZero()
			}
			if pos != nil {
				if pos.Bad == nil {
					pos.Bad = map[string]bool{}
				}
				pos.Bad[key] = true
			}
			ok = false
		}
	}
	for _, f := range fields {
		if !f.Required {
			continue
		}
		if kn, present := seen[f.Key]; !present {
			d.Errorf(n, "required", "missing required key %q", f.Key)
			ok = false
		} else if fv := v.Field(f.Index); !failed[f.Key] && fv.Kind() == reflect.String && strings.TrimSpace(fv.String()) == "" {
			d.Errorf(kn, "required", "key %q must not be empty", f.Key)
			ok = false
		}
	}
	return ok
}

// checkValue applies enum and pattern constraints to a decoded scalar.
func (d *Decoder) checkValue(n *yaml.Node, f Field, v reflect.Value) bool {
	if v.Kind() != reflect.String || v.String() == "" {
		return true
	}
	s := v.String()
	if f.Enum != nil && !slices.Contains(f.Enum, s) {
		d.Errorf(n, "enum", "%s %q is not one of %s%s", f.Key, s, strings.Join(f.Enum, ", "), DidYouMean(s, f.Enum))
		return false
	}
	if f.Pattern != "" {
		p := d.Patterns[f.Pattern]
		if p.RE == nil || !p.RE().MatchString(s) {
			d.Errorf(n, "format", "%s %q is not %s", f.Key, s, p.What)
			return false
		}
	}
	return true
}

// isMapping reports whether n, with aliases followed, is a mapping.
func isMapping(n *yaml.Node) bool {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxAliasExpansions; i++ {
		n = n.Alias
	}
	return n != nil && n.Kind == yaml.MappingNode
}

// isNullItem reports whether n, with aliases followed, is null.
func isNullItem(n *yaml.Node) bool {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxAliasExpansions; i++ {
		n = n.Alias
	}
	return n != nil && IsNull(n)
}

func IsNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func KindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "nothing (null)"
	case "!!int", "!!float":
		return fmt.Sprintf("the number %s", n.Value)
	case "!!bool":
		return fmt.Sprintf("the boolean %s", n.Value)
	}
	return fmt.Sprintf("the text %q", n.Value)
}

// DidYouMean suggests the closest candidate to s, or returns "".
func DidYouMean(s string, candidates []string) string {
	best, bestDist := "", 1<<30
	for _, c := range candidates {
		dist := levenshtein(strings.ToLower(s), strings.ToLower(c))
		if dist < bestDist {
			best, bestDist = c, dist
		}
	}
	if best == "" || bestDist > max(2, len(s)/3) {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// CompileOnce returns a function that compiles expr on its first call and
// returns the same regexp after: a format is compiled when a file first
// needs it, not by a package initialiser every command waits for.
func CompileOnce(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
