package githistory

import (
	"strings"

	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/yamlstrict"

	"go.yaml.in/yaml/v3"
)

// itemState is an item's name and state in one version of the registry.
type itemState struct {
	name, state string
}

// parseStates reads the name and state of every item of one version of the
// registry file, keyed by the name in lower case (names are compared
// case-insensitively). The version is parsed with the loader's limits
// (yamlstrict) but not validated: an old version may break rules the
// current one keeps. A version that does not parse gives nil.
func parseStates(file string, data []byte) map[string]itemState {
	var discard finding.List
	root := yamlstrict.Parse(file, data, &discard)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil
	}
	items := value(root, "items")
	if items == nil || items.Kind != yaml.SequenceNode {
		return nil
	}
	out := map[string]itemState{}
	for _, it := range items.Content {
		it = resolve(it)
		if it == nil || it.Kind != yaml.MappingNode {
			continue
		}
		name, state := scalar(value(it, "name")), scalar(value(it, "state"))
		if name == "" || state == "" {
			continue
		}
		key := strings.ToLower(name)
		if _, dup := out[key]; dup {
			// Two items of one name: which one changed cannot be told.
			out[key] = itemState{}
			continue
		}
		out[key] = itemState{name: name, state: state}
	}
	return out
}

// value returns the value of key in mapping m, or nil.
func value(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == key {
			return resolve(m.Content[i+1])
		}
	}
	return nil
}

// resolve follows an alias; yamlstrict.Parse has bounded what aliases
// expand to.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// scalar returns the text of a scalar node, or "".
func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || yamlstrict.IsNull(n) {
		return ""
	}
	return strings.TrimSpace(n.Value)
}
