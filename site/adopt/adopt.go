// Package adopt looks at a repository infradoc has never seen and finds
// its governance inputs: the hand-written registry doc (imported with
// site/importmd), the obligations file or folder, the folders the
// obligations' test paths and migration paths are relative to, and the
// docs. It is the work of `infradoc init`: it reads through the fs.FS it
// is given (site/rootfs on disk, so never outside the root) and writes
// nothing; the command writes the Plan's files.
package adopt

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/importmd"
	"github.com/infradoc/infradoc/site/rootfs"
)

// Plan is what init found and what it would write.
type Plan struct {
	// RegistryDoc is the markdown doc holding the registry tables; "" when
	// none was found. Registry is what importing it gave (nil when the
	// import failed: ImportFindings say why), and RegistryFile the YAML
	// to write it to.
	RegistryDoc    string
	Registry       *site.Registry
	ImportFindings []site.Finding
	// RegistryFile is the registry YAML: the one to write from the doc, or
	// one the repository already has (ExistingRegistry).
	RegistryFile     string
	ExistingRegistry bool
	// Starter is set when the repository has no registry at all: init
	// then writes an empty one beside the obligations (Registry, at
	// RegistryFile), and validate lists the infra the tests name.
	Starter bool
	// Obligations is the obligations file or folder ("" when none was
	// found); ObligationCount how many it declares.
	Obligations     string
	ObligationCount int
	// TestsRoot is the folder under which the most declared test files
	// exist; TestsFound of TestsDeclared exist under it.
	TestsRoot                 string
	TestsFound, TestsDeclared int
	// MigrationsRoot is the same for the migration folders.
	MigrationsRoot                      string
	MigrationsFound, MigrationsDeclared int
	// Docs are the docs: globs, DocFiles the markdown files they match.
	Docs     []string
	DocFiles int
	// Others are further candidates that were not chosen, for the report.
	Others []string
	// Cut is true when the repository was larger than init looks.
	Cut bool
}

// OK reports whether the plan can be written: an obligations file or
// folder, and a registry (imported or existing).
func (p *Plan) OK() bool {
	return p.Obligations != "" && (p.ExistingRegistry || p.Registry != nil)
}

// Discover looks at the repository fsys (the root of a repository).
func Discover(fsys fs.FS) (*Plan, error) {
	t, err := walk(fsys)
	if err != nil {
		return nil, err
	}
	p := &Plan{TestsRoot: ".", MigrationsRoot: ".", Cut: t.cut}
	yamls := t.withExt(".yaml", ".yml")
	if err := p.findRegistry(fsys, t, yamls); err != nil {
		return nil, err
	}
	if err := p.findObligations(fsys, t, yamls); err != nil {
		return nil, err
	}
	if p.Obligations != "" && !p.ExistingRegistry && p.Registry == nil && p.RegistryDoc == "" {
		p.Starter = true
		p.Registry = &site.Registry{}
		p.RegistryFile = path.Join(path.Dir(p.Obligations), "INFRA_REGISTRY.yaml")
	}
	if p.Obligations != "" {
		if err := p.findRoots(fsys, t); err != nil {
			return nil, err
		}
	}
	p.findDocs(t)
	return p, nil
}

// Patterns that pick candidates before anything is parsed.
var (
	registryYAMLPattern = regexp.MustCompile(`(?m)^items:\s*$`)
	obligationsPattern  = regexp.MustCompile(`(?m)^obligations:`)
	failureModePattern  = regexp.MustCompile(`(?i)\|\s*\**failure\s+mode\**\s*\|`)
)

// read reads one candidate; nil when it cannot be read as an input.
func read(fsys fs.FS, p string) []byte {
	data, err := rootfs.ReadInput(fsys, p, 0)
	if err != nil {
		return nil
	}
	return data
}

// registryFirst orders candidates: names holding "registry" first, then
// shallower paths, then by path.
func registryFirst(a, b string) int {
	ra, rb := strings.Contains(strings.ToLower(path.Base(a)), "registry"), strings.Contains(strings.ToLower(path.Base(b)), "registry")
	if ra != rb {
		if ra {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(strings.Count(a, "/"), strings.Count(b, "/")), cmp.Compare(a, b))
}

// findRegistry finds a registry YAML the repository already has, else the
// markdown doc with the registry table, and imports it.
func (p *Plan) findRegistry(fsys fs.FS, t *tree, yamls []string) error {
	var existing []string
	for _, f := range yamls {
		if data := read(fsys, f); data != nil && registryYAMLPattern.Match(data) && bytes.Contains(data, []byte("failure_mode")) {
			existing = append(existing, f)
		}
	}
	slices.SortFunc(existing, registryFirst)
	if len(existing) > 0 {
		p.RegistryFile, p.ExistingRegistry = existing[0], true
		for _, e := range existing[1:] {
			p.Others = append(p.Others, "registry YAML "+e)
		}
		return nil
	}
	var docs []string
	for _, f := range t.withExt(".md") {
		if data := read(fsys, f); data != nil && failureModePattern.Match(data) {
			docs = append(docs, f)
		}
	}
	slices.SortFunc(docs, registryFirst)
	var failed *Plan
	for _, d := range docs {
		reg, findings := importmd.ImportMarkdown(d, read(fsys, d))
		if reg == nil {
			if failed == nil {
				failed = &Plan{RegistryDoc: d, ImportFindings: findings}
			}
			continue
		}
		if p.RegistryDoc != "" {
			p.Others = append(p.Others, "registry doc "+d)
			continue
		}
		p.RegistryDoc, p.Registry, p.ImportFindings = d, reg, findings
		p.RegistryFile = strings.TrimSuffix(d, path.Ext(d)) + ".yaml"
	}
	if p.RegistryDoc == "" && failed != nil {
		p.RegistryDoc, p.ImportFindings = failed.RegistryDoc, failed.ImportFindings
	}
	return nil
}

// findObligations finds the obligations: a folder of <ID>.yaml files with
// an index.yaml listing them, or one YAML file with a top-level
// obligations: list.
func (p *Plan) findObligations(fsys fs.FS, t *tree, yamls []string) error {
	var cands []string
	for _, f := range yamls {
		if f == p.RegistryFile || path.Base(f) == site.ConfigFileName {
			continue
		}
		data := read(fsys, f)
		if data == nil || !obligationsPattern.Match(data) {
			continue
		}
		if path.Base(f) == site.IndexFileName {
			cands = append(cands, path.Dir(f))
		} else {
			cands = append(cands, f)
		}
	}
	slices.SortFunc(cands, registryFirst)
	if len(cands) == 0 {
		return nil
	}
	p.Obligations = cands[0]
	for _, c := range cands[1:] {
		p.Others = append(p.Others, "obligations "+c)
	}
	return nil
}

// findRoots loads the obligations and chooses the folders their test
// paths and migration paths are relative to: the ones under which the
// most of them exist ("." first when several tie, then the shallowest).
func (p *Plan) findRoots(fsys fs.FS, t *tree) error {
	s, _, err := site.Load(site.Options{FS: fsys, Obligations: p.Obligations, Registry: p.registryToLoad(t)})
	if err != nil {
		return err
	}
	p.ObligationCount = len(s.Obligations)
	var tests, migrations []string
	for _, o := range s.Obligations {
		for _, tf := range o.TestFiles {
			if tf != nil && tf.Path != "" && fs.ValidPath(path.Clean(tf.Path)) {
				tests = append(tests, path.Clean(tf.Path))
			}
		}
		if o.MigrationPath != "" && fs.ValidPath(path.Clean(o.MigrationPath)) {
			migrations = append(migrations, path.Clean(o.MigrationPath))
		}
	}
	tests, migrations = uniq(tests), uniq(migrations)
	p.TestsDeclared, p.MigrationsDeclared = len(tests), len(migrations)
	p.TestsRoot, p.TestsFound = bestRoot(t, tests, t.isFile)
	p.MigrationsRoot, p.MigrationsFound = bestRoot(t, migrations, t.isDir)
	return nil
}

// registryToLoad is a registry path for loading the obligations: the
// existing one, else one that is not there (the obligations load all the
// same; the missing registry's finding is not init's business).
func (p *Plan) registryToLoad(t *tree) string {
	if p.ExistingRegistry {
		return p.RegistryFile
	}
	name := "infradoc-init-no-registry.yaml"
	for t.isFile[name] {
		name = "_" + name
	}
	return name
}

// bestRoot returns the folder under which the most of rels exist and how
// many do.
func bestRoot(t *tree, rels []string, exists map[string]bool) (string, int) {
	best, found := ".", 0
	for _, r := range rels {
		if exists[r] {
			found++
		}
	}
	for _, dir := range t.dirs {
		n := 0
		for _, r := range rels {
			if exists[dir+"/"+r] {
				n++
			}
		}
		if n > found || (n == found && n > 0 && best != "." && strings.Count(dir, "/") < strings.Count(best, "/")) {
			best, found = dir, n
		}
	}
	return best, found
}

func uniq(ss []string) []string {
	slices.Sort(ss)
	return slices.Compact(ss)
}

// findDocs lists, as docs: globs, the folders the registry doc and the
// obligations sit in (from the top folder down), or the registry doc
// itself when it sits at the root.
func (p *Plan) findDocs(t *tree) {
	var globs []string
	for _, f := range []string{p.RegistryDoc, p.Obligations} {
		if f == "" {
			continue
		}
		top, _, nested := strings.Cut(f, "/")
		switch {
		case nested:
			globs = append(globs, top+"/**/*.md")
		case strings.EqualFold(path.Ext(f), ".md"):
			globs = append(globs, f)
		}
	}
	// A glob that matches no doc would only be a docs-glob warning.
	for _, g := range uniq(globs) {
		n := 1
		if dir, ok := strings.CutSuffix(g, "/**/*.md"); ok {
			n = t.under(dir, ".md")
		}
		if n > 0 {
			p.Docs = append(p.Docs, g)
			p.DocFiles += n
		}
	}
}

// plural says "1 noun" or "n nouns".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
