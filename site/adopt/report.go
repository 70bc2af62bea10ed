package adopt

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Config returns the infradoc.yaml the plan stands for: the inputs found,
// with a comment on what each root is for. The text is deterministic.
func (p *Plan) Config() []byte {
	var b strings.Builder
	b.WriteString("# infradoc.yaml, written by infradoc init. Paths are relative to this folder.\n")
	if p.RegistryDoc != "" && !p.ExistingRegistry {
		fmt.Fprintf(&b, "# The registry was imported from %s: edit the YAML from now on.\n", p.RegistryDoc)
	}
	fmt.Fprintf(&b, "registry: %s\n", scalar(p.RegistryFile))
	fmt.Fprintf(&b, "obligations: %s\n", scalar(p.Obligations))
	if len(p.Docs) > 0 {
		b.WriteString("docs:\n")
		for _, d := range p.Docs {
			fmt.Fprintf(&b, "  - %s\n", scalar(d))
		}
	}
	b.WriteString("# The obligations' test_files paths are relative to tests_root,\n")
	b.WriteString("# their migration_path folders to migrations_root.\n")
	fmt.Fprintf(&b, "tests_root: %s\n", scalar(p.TestsRoot))
	fmt.Fprintf(&b, "migrations_root: %s\n", scalar(p.MigrationsRoot))
	return []byte(b.String())
}

// scalar writes s as a YAML scalar, quoted only where YAML would misread it.
func scalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// Report says what the plan found and what it did not, one line each.
func (p *Plan) Report() []string {
	var found, missing []string
	switch {
	case p.Starter:
		found = append(found, fmt.Sprintf("registry         none (no registry doc or YAML): starts empty in %s; validate lists the infra the tests name", p.RegistryFile))
	case p.ExistingRegistry:
		found = append(found, fmt.Sprintf("registry         %s (a registry YAML: used as it is)", p.RegistryFile))
	case p.Registry != nil:
		found = append(found, fmt.Sprintf("registry doc     %s: %s, %s, %s; imported into %s",
			p.RegistryDoc, plural(len(p.Registry.Items), "infra item"), plural(len(p.Registry.Artifacts), "artifact"), layersOf(p), p.RegistryFile))
	case p.RegistryDoc != "":
		missing = append(missing, fmt.Sprintf("registry         %s has a registry table but cannot be imported (%s below)", p.RegistryDoc, plural(len(p.ImportFindings), "finding")))
	default:
		missing = append(missing, "registry         no markdown doc with a registry table (| Infra Name | … | Failure Mode | … |) and no registry YAML")
	}
	if p.Obligations != "" {
		found = append(found, fmt.Sprintf("obligations      %s (%s)", p.Obligations, plural(p.ObligationCount, "obligation")))
		found = append(found, rootLine("tests root      ", p.TestsRoot, p.TestsFound, p.TestsDeclared, "test file"))
		found = append(found, rootLine("migrations root ", p.MigrationsRoot, p.MigrationsFound, p.MigrationsDeclared, "migration folder"))
	} else {
		missing = append(missing, "obligations      no YAML file with a top-level obligations: list, and no folder with an index.yaml")
	}
	if len(p.Docs) > 0 {
		found = append(found, fmt.Sprintf("docs             %s (%s)", strings.Join(p.Docs, ", "), plural(p.DocFiles, "markdown file")))
	}
	var out []string
	out = append(out, "found:")
	for _, f := range found {
		out = append(out, "  "+f)
	}
	if len(missing) > 0 {
		out = append(out, "not found:")
		for _, m := range missing {
			out = append(out, "  "+m)
		}
	}
	if len(p.Others) > 0 {
		out = append(out, "also seen, not used:")
		for _, o := range p.Others {
			out = append(out, "  "+o)
		}
	}
	if p.Cut {
		out = append(out, fmt.Sprintf("note: the repository has more than %d files and folders; init looked at the first %d", maxEntries, maxEntries))
	}
	return out
}

// rootLine says how many declared paths exist under a root.
func rootLine(label, root string, found, declared int, noun string) string {
	if declared == 0 {
		return fmt.Sprintf("%s %s (the obligations name no %s)", label, root, noun)
	}
	return fmt.Sprintf("%s %s (%d of %s exist under it)", label, root, found, plural(declared, "declared "+noun))
}

// layersOf says whether the doc names its layers.
func layersOf(p *Plan) string {
	if len(p.Registry.Layers) == 0 {
		return "no layer names (labels stay the repository's own)"
	}
	return plural(len(p.Registry.Layers), "layer name")
}
