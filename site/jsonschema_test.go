package site_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/rules"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// schemaRules are the rules a JSON Schema expresses too: a file with a
// finding of one of them must fail its schema, and a file without must pass.
var schemaRules = []string{"unknown-key", "required", "type", "enum", "format", "empty-file"}

// unschemaRules are findings on input JSON cannot represent (it has no
// duplicate keys, no aliases, no syntax errors, one document); files with
// them are not compared.
var unschemaRules = []string{"yaml-syntax", "multiple-documents", "alias-limit", "duplicate-key"}

// schemaKindOf maps a fixture file's role to the schema it is written in.
var schemaKindOf = map[string]string{
	roleConfig:      "config",
	roleRegistry:    "registry",
	roleObligations: "obligations",
	roleObligation:  "obligation",
	roleIndex:       "index",
}

func compileSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	out := map[string]*jsonschema.Schema{}
	for _, kind := range site.SchemaKinds {
		data, err := site.JSONSchema(kind, rules.IDs())
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: the schema is not JSON: %v", kind, err)
		}
		url := doc.(map[string]any)["$id"].(string)
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
		if out[kind], err = c.Compile(url); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
	}
	return out
}

// TestSchemaAgreesWithValidator validates every fixture file against its
// JSON Schema: ok fixtures pass both; a file the validator finds
// schema-level problems in (unknown key, required, type, enum, format,
// empty) fails the schema; a file with only semantic findings (R3, unique
// ids, …) or none passes it.
func TestSchemaAgreesWithValidator(t *testing.T) {
	schemas := compileSchemas(t)
	checked := 0
	for _, f := range loadFixtures(t) {
		_, findings := f.load(t)
		rules := map[string][]string{}
		for _, fd := range findings {
			rules[fd.File] = append(rules[fd.File], fd.Rule)
		}
		for p, file := range f.files {
			kind := schemaKindOf[file.role]
			if kind == "" {
				continue
			}
			fileRules := rules[file.origin]
			if slices.ContainsFunc(fileRules, func(r string) bool { return slices.Contains(unschemaRules, r) }) {
				continue
			}
			wantInvalid := slices.ContainsFunc(fileRules, func(r string) bool { return slices.Contains(schemaRules, r) })
			inst, err := yamlToJSON(file.data)
			if err != nil {
				t.Errorf("%s (%s): %v", file.origin, p, err)
				continue
			}
			verr := schemas[kind].Validate(inst)
			checked++
			switch {
			case wantInvalid && verr == nil:
				t.Errorf("%s: the validator reports %v but the %s schema accepts the file", file.origin, fileRules, kind)
			case !wantInvalid && verr != nil:
				t.Errorf("%s: the validator reports %v but the %s schema rejects the file:\n%v", file.origin, fileRules, kind, verr)
			}
		}
	}
	if checked < 40 {
		t.Errorf("only %d fixture files were compared with their schema", checked)
	}
}

// yamlToJSON converts a YAML document to the value a YAML language server
// validates: JSON types from the node tags, timestamps as the text written.
func yamlToJSON(data []byte) (any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &doc); err != nil {
		return nil, err
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil // an empty file is null
	}
	v, err := nodeToJSON(doc.Content[0])
	if err != nil {
		return nil, err
	}
	// Round-trip through JSON so numbers have the types the validator expects.
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

func nodeToJSON(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return nodeToJSON(n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := nodeToJSON(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		list := []any{}
		for _, c := range n.Content {
			v, err := nodeToJSON(c)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil, nil
		case "!!bool":
			return strings.EqualFold(n.Value, "true"), nil
		case "!!int":
			if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
				return i, nil
			}
			return json.Number(n.Value), nil
		case "!!float":
			if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
				return f, nil
			}
			return n.Value, nil
		}
		return n.Value, nil // !!str, !!timestamp, !!binary: the text written
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node kind %d", n.Line, n.Kind)
}

// TestSchemaChecksDates makes sure format "date" is asserted: a date that
// is not on the calendar fails, as it does in the validator.
func TestSchemaChecksDates(t *testing.T) {
	schemas := compileSchemas(t)
	for date, valid := range map[string]bool{"2026-02-28": true, "2026-02-30": false, "2026-13-01": false, "02/01/2026": false} {
		doc := fmt.Sprintf("infra_obligation:\n  id: A-1\n  title: T\n  layer: L6\n  status: UNFULFILLED\n  created: %s\n", date)
		inst, err := yamlToJSON([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		if err := schemas["obligation"].Validate(inst); (err == nil) != valid {
			t.Errorf("created: %s: schema valid=%v, want %v (%v)", date, err == nil, valid, err)
		}
	}
}

// TestJSONSchemaIsDeterministic makes sure the printed schema does not
// depend on map order.
func TestJSONSchemaIsDeterministic(t *testing.T) {
	for _, kind := range site.SchemaKinds {
		a, _ := site.JSONSchema(kind, rules.IDs())
		b, _ := site.JSONSchema(kind, rules.IDs())
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two runs differ", kind)
		}
	}
	if _, err := site.JSONSchema("nope", nil); err == nil {
		t.Error("an unknown kind gives no error")
	}
}
