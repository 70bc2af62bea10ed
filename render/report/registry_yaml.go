package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/infradoc/infradoc/site"
	"go.yaml.in/yaml/v3"
)

// RegistryYAMLOptions tune RegistryYAML.
type RegistryYAMLOptions struct {
	// Source names the doc the registry was imported from, for the header
	// comment; "" for a registry written by hand.
	Source string
	// Starter marks the empty registry infradoc init starts when a
	// repository has none, for the header comment.
	Starter bool
}

// RegistryYAML writes a registry in the format of content/INFRA_REGISTRY.yaml:
// a header comment, the keys in the format's order, short lists and the
// stub as flow collections, a blank line between top-level keys and
// between items, and strings quoted only where YAML would misread them.
// Empty optional keys are left out. The output is deterministic.
func RegistryYAML(reg *site.Registry, opts RegistryYAMLOptions) ([]byte, error) {
	root := mapping()
	addString(root, "title", reg.Title)
	addString(root, "status", reg.Status)
	if len(reg.References) > 0 {
		add(root, "references", flowList(reg.References))
	}
	if len(reg.States) > 0 {
		states := sequence()
		for _, st := range reg.States {
			m := mapping()
			addString(m, "id", st.ID)
			addString(m, "name", st.Name)
			addString(m, "meaning", st.Meaning)
			addString(m, "test_behavior", st.TestBehavior)
			addString(m, "ci", st.CI)
			states.Content = append(states.Content, m)
		}
		add(root, "states", states)
	}
	if len(reg.Layers) > 0 {
		layers := sequence()
		for _, l := range reg.Layers {
			m := mapping()
			addString(m, "id", l.ID)
			addString(m, "name", l.Name)
			addString(m, "description", l.Description)
			layers.Content = append(layers.Content, shortFlow(m))
		}
		add(root, "layers", layers)
	}
	items := sequence()
	for _, it := range reg.Items {
		items.Content = append(items.Content, itemNode(it))
	}
	add(root, "items", items)
	if len(reg.Artifacts) > 0 {
		artifacts := sequence()
		for _, a := range reg.Artifacts {
			artifacts.Content = append(artifacts.Content, artifactNode(a))
		}
		add(root, "artifacts", artifacts)
	}
	if len(reg.Roles) > 0 {
		roles := sequence()
		for _, r := range reg.Roles {
			m := mapping()
			addString(m, "role", r.Role)
			addString(m, "responsibility", r.Responsibility)
			roles.Content = append(roles.Content, shortFlow(m))
		}
		add(root, "roles", roles)
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, HeadComment: registryHeader(opts, len(reg.Layers) == 0), Content: []*yaml.Node{root}}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encoding the registry: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encoding the registry: %w", err)
	}
	return spaceSections(b.Bytes()), nil
}

func registryHeader(opts RegistryYAMLOptions, defaultLayers bool) string {
	lines := []string{"Infra registry: the single source of truth for infrastructure dependencies."}
	if opts.Source != "" {
		lines = append(lines,
			fmt.Sprintf("Imported from %s by `infradoc import`. From now on edit this file,", opts.Source),
			"not the doc's tables: `infradoc fix` regenerates the tables inside the",
			"doc's infradoc markers and `infradoc check` fails CI when they disagree.")
	}
	if opts.Starter {
		lines = append(lines,
			"Started empty by `infradoc init`: the repository had no registry doc or YAML.",
			"Add an item for each piece of infrastructure (format: docs/FORMAT.md in infradoc);",
			"`infradoc validate` lists the infra the tests name that is not here yet.")
	}
	if defaultLayers {
		lines = append(lines, "Layers L1-L8 are shown with infradoc's default names, never checked against them;", "add a layers: list to name them, and labels are checked against it.")
	}
	return "# " + strings.Join(lines, "\n# ")
}

func itemNode(it *site.Item) *yaml.Node {
	m := mapping()
	addString(m, "name", it.Name)
	if len(it.Aliases) > 0 {
		add(m, "aliases", flowList(it.Aliases))
	}
	addString(m, "category", it.Category)
	addString(m, "layer", it.Layer)
	addString(m, "state", it.State)
	if len(it.UsedBy) > 0 {
		add(m, "used_by", flowList(it.UsedBy))
	}
	addString(m, "failure_mode", it.FailureMode)
	stub := mapping()
	add(stub, "available", boolean(it.Stub.Available))
	addString(stub, "note", it.Stub.Note)
	addString(stub, "path", it.Stub.Path)
	add(m, "stub", shortFlow(stub))
	addString(m, "local_strategy", it.LocalStrategy)
	addString(m, "promotion_trigger", it.PromotionTrigger)
	addString(m, "owner", it.Owner)
	if b := it.Bucket; b != nil {
		bm := mapping()
		addString(bm, "id", b.ID)
		addString(bm, "label", b.Label)
		addString(bm, "risk", b.Risk)
		addString(bm, "priority", b.Priority)
		addString(bm, "justification", b.Justification)
		addString(bm, "review_trigger", b.ReviewTrigger)
		add(m, "bucket", bm)
	}
	if len(it.History) > 0 {
		history := sequence()
		for _, p := range it.History {
			pm := mapping()
			add(pm, "date", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: string(p.Date)})
			addString(pm, "from", p.From)
			addString(pm, "to", p.To)
			addString(pm, "note", p.Note)
			if len(p.Pins) > 0 {
				add(pm, "pins", flowList(p.Pins))
			}
			addString(pm, "approved_by", p.ApprovedBy)
			history.Content = append(history.Content, pm)
		}
		add(m, "history", history)
	}
	addString(m, "description", it.Description)
	return m
}

func artifactNode(a *site.Artifact) *yaml.Node {
	m := mapping()
	addString(m, "name", a.Name)
	addString(m, "path", a.Path)
	if a.Self {
		add(m, "self", boolean(true))
	}
	addString(m, "responsibility", a.Responsibility)
	addString(m, "owns", a.Owns)
	addString(m, "role", a.Role)
	addString(m, "derives_from", a.DerivesFrom)
	return m
}

func mapping() *yaml.Node  { return &yaml.Node{Kind: yaml.MappingNode} }
func sequence() *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode} }

func boolean(v bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(v)}
}

func add(m *yaml.Node, key string, value *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, value)
}

// addString adds key: value unless value is empty.
func addString(m *yaml.Node, key, value string) {
	if value != "" {
		add(m, key, str(value))
	}
}

// str is a string scalar, double-quoted when a YAML reader (of any
// version) could take it for something else or misparse it.
func str(v string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	if needsQuotes(v) {
		n.Style = quoteStyle(v)
	}
	return n
}

// quoteStyle prefers double quotes, and single quotes for text that holds
// double quotes but no single ones (no backslashes to read).
func quoteStyle(v string) yaml.Style {
	if strings.Contains(v, `"`) && !strings.ContainsAny(v, "'\n\\") {
		return yaml.SingleQuotedStyle
	}
	return yaml.DoubleQuotedStyle
}

// yaml11Words are read as booleans or null by YAML 1.1 readers.
var yaml11Words = map[string]bool{
	"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true,
	"true": true, "false": true, "null": true, "~": true,
}

// needsQuotes reports whether v cannot be written plain in a block, or
// would change meaning for a YAML 1.1 reader.
func needsQuotes(v string) bool {
	if yaml11Words[strings.ToLower(v)] {
		return true
	}
	if strings.Contains(v, "\n") {
		return false // written as a literal block
	}
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
	return err != nil || len(out) == 0 || out[0] == '\'' || out[0] == '"'
}

// flow writes a collection on one line; its plain strings holding flow
// indicators (",[]{}") are quoted.
func flow(n *yaml.Node) *yaml.Node {
	n.Style = yaml.FlowStyle
	for _, c := range n.Content {
		if c.Kind == yaml.ScalarNode && c.Tag == "!!str" && c.Style == 0 && strings.ContainsAny(c.Value, ",[]{}") {
			c.Style = quoteStyle(c.Value)
		}
	}
	return n
}

func flowList(values []string) *yaml.Node {
	seq := sequence()
	for _, v := range values {
		seq.Content = append(seq.Content, str(v))
	}
	return flow(seq)
}

// maxFlowWidth is the longest mapping written on one line.
const maxFlowWidth = 90

// shortFlow writes a mapping on one line when it is short enough.
func shortFlow(m *yaml.Node) *yaml.Node {
	width := 2
	for _, c := range m.Content {
		width += len(c.Value) + 4
	}
	if width <= maxFlowWidth {
		return flow(m)
	}
	return m
}

// spaceSections puts a blank line around each top-level collection (and
// before its comment), and between the entries of the items list.
func spaceSections(src []byte) []byte {
	lines := strings.SplitAfter(string(src), "\n")
	var b strings.Builder
	section := ""
	first, prevComment, prevBlock := true, false, false
	for _, l := range lines {
		topLevel := l != "" && l[0] != ' ' && l[0] != '\n'
		switch {
		case topLevel && strings.HasPrefix(l, "#"):
			if !first && !prevComment {
				b.WriteString("\n")
			}
			prevComment = true
		case topLevel:
			// Scalars (title, status) stay together; collections are spaced.
			key, _, _ := strings.Cut(l, ":")
			block := strings.HasSuffix(strings.TrimRight(l, "\r\n"), ":")
			if !first && !prevComment && (block || prevBlock) {
				b.WriteString("\n")
			}
			section, first, prevComment, prevBlock = key, false, false, block
		default:
			if section == "items" && strings.HasPrefix(l, "  - ") && !strings.HasSuffix(b.String(), "items:\n") {
				b.WriteString("\n")
			}
			prevComment = false
		}
		b.WriteString(l)
	}
	return []byte(b.String())
}
