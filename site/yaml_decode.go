package site

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// maxAliasExpansions bounds how many alias dereferences one file may make;
// a "billion laughs" document hits it long before it costs anything.
const maxAliasExpansions = 1000

// nodeDecoder is implemented by model types whose YAML form is not a plain
// mapping (for example promotion criteria, written as a map or a list).
type nodeDecoder interface {
	decodeNode(d *decoder, n *yaml.Node) bool
}

// scalarChecker is implemented by string types with a format of their own
// (dates); check returns a message when the value is malformed.
type scalarChecker interface {
	checkScalar(value string) string
}

// decoder turns yaml.Nodes into model values by reflection over `yaml`
// struct tags, reporting unknown and duplicate keys, missing required keys,
// wrong kinds and values outside an enum as findings.
//
// Struct tags understood besides `yaml:"name"`:
//
//	infradoc:"required"   the key must be present and not empty
//	enum:"A,B,C"          the scalar must be one of these
//	pattern:"^L[1-8]"     the scalar must match this regexp (see patterns)
type decoder struct {
	file    string
	fs      *findings
	aliases int
	stopped bool
}

func (d *decoder) pos(n *yaml.Node) Pos { return Pos{File: d.file, Line: n.Line, Col: n.Column} }

func (d *decoder) errorf(n *yaml.Node, rule, format string, args ...any) {
	d.fs.Add(d.pos(n), rule, format, args...)
}

// resolve follows aliases within the expansion budget.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		d.aliases++
		if d.aliases > maxAliasExpansions {
			if !d.stopped {
				d.errorf(n, "alias-limit", "more than %d alias expansions; the file looks like an alias bomb", maxAliasExpansions)
			}
			d.stopped = true
			return nil
		}
		n = n.Alias
	}
	return n
}

// decode fills v from n. It reports whether the value could be used.
func (d *decoder) decode(n *yaml.Node, v reflect.Value) bool {
	if d.stopped {
		return false
	}
	if n = d.resolve(n); n == nil {
		return false
	}
	if v.CanAddr() {
		if nd, ok := v.Addr().Interface().(nodeDecoder); ok {
			return nd.decodeNode(d, n)
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if isNull(n) {
			v.SetZero()
			return true
		}
		elem := reflect.New(v.Type().Elem())
		ok := d.decode(n, elem.Elem())
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
			d.errorf(n, "type", "expected a text value, found %s", kindName(n))
			return false
		}
		if isNull(n) {
			v.SetString("")
			return true
		}
		if sc, ok := v.Addr().Interface().(scalarChecker); ok {
			if msg := sc.checkScalar(n.Value); msg != "" {
				d.errorf(n, "format", "%s", msg)
				return false
			}
		}
		v.SetString(n.Value)
		return true
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.errorf(n, "type", "expected a whole number, found %s", kindName(n))
			return false
		}
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if err != nil || i < 0 || i > 1<<31 {
			d.errorf(n, "type", "expected a whole number from 0, found %q", n.Value)
			return false
		}
		v.SetInt(i)
		return true
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, "type", "expected true or false, found %s", kindName(n))
			return false
		}
		v.SetBool(strings.EqualFold(n.Value, "true") || strings.EqualFold(n.Value, "yes") || strings.EqualFold(n.Value, "on"))
		return true
	}
	panic(fmt.Sprintf("site: decoder cannot fill %s", v.Type()))
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value) bool {
	if isNull(n) {
		v.SetZero()
		return true
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "type", "expected a list, found %s", kindName(n))
		return false
	}
	out := reflect.MakeSlice(v.Type(), 0, len(n.Content))
	ok := true
	for _, item := range n.Content {
		if v.Type().Elem().Kind() == reflect.Pointer && isNullItem(item) {
			// An empty list item ("-" alone) where entries are mappings:
			// dropped, so that no rule meets a missing entry.
			d.errorf(item, "type", "expected a mapping, found nothing (null); remove the empty list item")
			ok = false
			continue
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		if d.decode(item, elem) {
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

// field describes one decodable struct field.
type field struct {
	key      string
	index    int
	required bool
	enum     []string
	pattern  string
}

func structFields(t reflect.Type) []field {
	if f, ok := structFieldCache.Load(t); ok {
		return f.([]field)
	}
	f, _ := structFieldCache.LoadOrStore(t, readStructFields(t))
	return f.([]field)
}

// structFieldCache holds structFields by type: tens of thousands of
// mappings are decoded into a handful of types.
var structFieldCache sync.Map

func readStructFields(t reflect.Type) []field {
	var fields []field
	for i := range t.NumField() {
		sf := t.Field(i)
		key, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if key == "" || key == "-" {
			continue
		}
		f := field{key: key, index: i, required: sf.Tag.Get("infradoc") == "required", pattern: sf.Tag.Get("pattern")}
		if e := sf.Tag.Get("enum"); e != "" {
			f.enum = strings.Split(e, ",")
		}
		fields = append(fields, f)
	}
	return fields
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value) bool {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "type", "expected a mapping of keys to values, found %s", kindName(n))
		return false
	}
	fields := structFields(v.Type())
	var pos *Positions
	if p, ok := v.Addr().Interface().(positioned); ok {
		pos = p.positions()
		pos.At = d.pos(n)
		pos.keys = make([]keyPos, 0, len(n.Content)/2)
	}
	seen := map[string]*yaml.Node{}
	failed := map[string]bool{}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		if prev, dup := seen[key]; dup {
			d.errorf(k, "duplicate-key", "key %q is already defined at line %d", key, prev.Line)
			ok = false
			continue
		}
		seen[key] = k
		idx := slices.IndexFunc(fields, func(f field) bool { return f.key == key })
		if idx < 0 {
			keys := make([]string, len(fields))
			for j, f := range fields {
				keys[j] = f.key
			}
			d.errorf(k, "unknown-key", "unknown key %q%s", key, didYouMean(key, keys))
			ok = false
			continue
		}
		f := fields[idx]
		if pos != nil {
			pos.setKey(key, d.pos(val))
		}
		fv := v.Field(f.index)
		if !d.decode(val, fv) || !d.checkValue(val, f, fv) {
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
		if !f.required {
			continue
		}
		if kn, present := seen[f.key]; !present {
			d.errorf(n, "required", "missing required key %q", f.key)
			ok = false
		} else if fv := v.Field(f.index); !failed[f.key] && fv.Kind() == reflect.String && strings.TrimSpace(fv.String()) == "" {
			d.errorf(kn, "required", "key %q must not be empty", f.key)
			ok = false
		}
	}
	return ok
}

// checkValue applies enum and pattern constraints to a decoded scalar.
func (d *decoder) checkValue(n *yaml.Node, f field, v reflect.Value) bool {
	if v.Kind() != reflect.String || v.String() == "" {
		return true
	}
	s := v.String()
	if f.enum != nil && !slices.Contains(f.enum, s) {
		d.errorf(n, "enum", "%s %q is not one of %s%s", f.key, s, strings.Join(f.enum, ", "), didYouMean(s, f.enum))
		return false
	}
	if f.pattern != "" {
		p := patterns[f.pattern]
		if !p.re.MatchString(s) {
			d.errorf(n, "format", "%s %q is not %s", f.key, s, p.what)
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
	return n != nil && isNull(n)
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
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

// didYouMean suggests the closest candidate to s, or returns "".
func didYouMean(s string, candidates []string) string {
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
