package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchemaFile is the official SARIF 2.1.0 schema (see
// testdata/sarif/README.md for where it comes from).
var sarifSchemaFile = filepath.Join("testdata", "sarif", "sarif-schema-2.1.0.json")

// noFetching is the validator's loader: the schema is added by hand, and
// anything else it would need is an error, never a download.
type noFetching struct{}

func (noFetching) Load(url string) (any, error) {
	return nil, fmt.Errorf("%s is not shipped in testdata/sarif, and tests do not fetch", url)
}

// compiledSARIFSchema is the schema, compiled once per test binary.
var compiledSARIFSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	data, err := os.ReadFile(sarifSchemaFile)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	// A draft-04 schema names itself with "id", not "$id".
	id, _ := doc.(map[string]any)["id"].(string)
	if id != sarifSchema {
		return nil, fmt.Errorf("the schema's id is %q; the log names %q", id, sarifSchema)
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(noFetching{})
	c.AssertFormat()
	if err := c.AddResource(id, doc); err != nil {
		return nil, err
	}
	return c.Compile(id)
})

// validateSARIF checks that log is one JSON value that the official SARIF
// 2.1.0 schema accepts.
func validateSARIF(t *testing.T, log []byte) error {
	t.Helper()
	schema, err := compiledSARIFSchema()
	if err != nil {
		t.Fatalf("compiling %s: %v", sarifSchemaFile, err)
	}
	dec := json.NewDecoder(bytes.NewReader(log))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if dec.More() {
		return fmt.Errorf("more than one JSON value")
	}
	return schema.Validate(v)
}

// TestSARIFSchemaRejectsBrokenLogs feeds the validator logs that break the
// schema in one place each, so that the tests that validate infradoc's
// logs cannot pass because the validator accepts anything.
func TestSARIFSchemaRejectsBrokenLogs(t *testing.T) {
	var good bytes.Buffer
	if err := WriteSARIF(&good, sampleFindings(), SARIFOptions{Version: "v1.2.3"}); err != nil {
		t.Fatal(err)
	}
	if err := validateSARIF(t, good.Bytes()); err != nil {
		t.Fatalf("the log the broken ones start from is invalid: %v", err)
	}
	broken := []struct{ name, from, to string }{
		{"another version", `"version": "2.1.0"`, `"version": "2.2.0"`},
		{"an unknown level", `"level": "warning"`, `"level": "fatal"`},
		{"an unknown property", `"columnKind"`, `"columnKinds"`},
		{"a line 0 region", `"startLine": 6,`, `"startLine": 0,`},
		{"a uri that is no URI reference", `"uri": "bad/INFRA_REGISTRY.yaml"`, `"uri": "bad\\INFRA_REGISTRY.yaml"`},
		{"a relative helpUri", `"helpUri": "https://github.com/`, `"helpUri": "//github.com/`},
		{"a message without text", `"text": "Grafana`, `"markdown": "Grafana`},
		{"a tool without a name", `"name": "infradoc",`, ``},
		{"a fingerprint that is not a string", `"infradoc/v1": "`, `"infradoc/v1": 1, "x": "`},
	}
	for _, b := range broken {
		if !strings.Contains(good.String(), b.from) {
			t.Fatalf("%s: the log has no %s", b.name, b.from)
		}
		log := []byte(strings.Replace(good.String(), b.from, b.to, 1))
		if err := validateSARIF(t, log); err == nil {
			t.Errorf("%s: the schema accepts a log with %s:\n%.600s", b.name, b.to, log)
		}
	}
}
