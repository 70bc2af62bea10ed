package site

import (
	"cmp"
	"errors"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"

	"github.com/infradoc/infradoc/site/evidence"
	"github.com/infradoc/infradoc/site/internal/parallel"
	"github.com/infradoc/infradoc/site/verification"
	"github.com/infradoc/infradoc/site/yamlstrict"

	"go.yaml.in/yaml/v3"
)

// Site is a loaded repository: config, registry and obligations, with the
// bytes of every file read so findings can quote their source line.
type Site struct {
	// FS is the repository root everything was read from.
	FS fs.FS `json:"-"`
	// Root is the display path of FS ("content", "."), prefixed to every
	// file name in findings.
	Root        string        `json:"-"`
	Config      *Config       `json:"config"`
	Registry    *Registry     `json:"registry"`
	Obligations []*Obligation `json:"obligations"`
	// Evidence is what the tests and migrations on disk show.
	Evidence *Evidence `json:"evidence"`
	// Verification is the report of infradoc verify the config or the
	// command line names; nil when none is (or it could not be read).
	Verification *verification.Report `json:"-"`
	// Sources maps display paths to the bytes read.
	Sources map[string][]byte `json:"-"`
	// namedAt maps an input path to where the config names it, so that a
	// missing input is reported on the line that names it.
	namedAt map[string]Pos
	// skipDirs are folders the walks for tests and docs do not enter.
	skipDirs map[string]bool
	// rules are the known rule ids and their default severities;
	// ruleIDs the same ids, sorted, made once for every file's decoder.
	rules   map[string]Severity
	ruleIDs []string
}

// Options say where to load from; zero values take the config's settings.
type Options struct {
	// FS is the repository root.
	FS fs.FS
	// Root is FS's display path, used as the prefix of file names.
	Root string
	// ConfigFile is the config path inside FS; "" looks for infradoc.yaml
	// and uses defaults when there is none.
	ConfigFile string
	// Registry and Obligations override the config.
	Registry    string
	Obligations string
	// Verification overrides the config's verification: (a report of
	// infradoc verify, for the site).
	Verification string
	// Rules maps every rule id to its default severity (rules.Defaults):
	// the config's rules: may name only these, and findings of rules it
	// does not set get these severities. Nil accepts any rule id and
	// grades every finding an error.
	Rules map[string]Severity
	// SkipDirs are folders inside FS that the walks for test files and
	// docs do not enter: the site's output folder, whose pages are not
	// the repository's tests or docs.
	SkipDirs []string
}

// Load reads and validates a repository. Findings are the user's problems,
// sorted and with configured severities; the error is for failures of the
// tool itself (an unreadable directory, say).
func Load(opts Options) (*Site, []Finding, error) {
	s := &Site{FS: opts.FS, Root: opts.Root, Sources: map[string][]byte{}, namedAt: map[string]Pos{}, skipDirs: map[string]bool{}, rules: opts.Rules, ruleIDs: slices.Sorted(maps.Keys(opts.Rules))}
	for _, d := range opts.SkipDirs {
		s.skipDirs[path.Clean(d)] = true
	}
	fs := &findings{}
	cfg, err := s.loadConfig(opts.ConfigFile, fs)
	if err != nil {
		return nil, nil, err
	}
	if opts.Registry != "" {
		cfg.Registry = opts.Registry
	} else if cfg.Has("registry") {
		s.namedAt[path.Clean(cfg.Registry)] = cfg.Of("registry")
	}
	if opts.Obligations != "" {
		cfg.Obligations = opts.Obligations
	} else if cfg.Has("obligations") {
		s.namedAt[path.Clean(cfg.Obligations)] = cfg.Of("obligations")
	}
	s.Config = cfg
	// A path the config names but checkPaths rejected is read nowhere:
	// the default in its place would hide the finding behind another.
	if !cfg.rejected["registry"] {
		cfg.Registry = cmp.Or(cfg.Registry, s.firstExisting(defaultRegistryPaths))
	}
	if !cfg.rejected["obligations"] {
		cfg.Obligations = cmp.Or(cfg.Obligations, s.firstExisting(defaultObligationsPaths))
	}
	// The registry is parsed while the obligation files are, into
	// findings of its own (all are sorted below).
	var regFindings findings
	regDone := make(chan func() error, 1)
	go func() { regDone <- s.parseRegistry(&regFindings) }()
	oblErr := s.loadObligations(fs)
	regErr := (<-regDone)()
	fs.List = append(fs.List, regFindings.List...)
	if err := errors.Join(regErr, oblErr); err != nil {
		return nil, nil, err
	}
	scanned, err := evidence.Scan(s.evidenceInput())
	if err != nil {
		return nil, nil, err
	}
	s.Evidence = scanned.Evidence
	maps.Copy(s.Sources, scanned.Sources)
	fs.List = append(fs.List, scanned.Findings...)
	if opts.Verification != "" {
		s.loadVerification(opts.Verification, fs)
	} else if cfg.Verification != "" {
		s.namedAt[path.Clean(cfg.Verification)] = cfg.Of("verification")
		s.loadVerification(cfg.Verification, fs)
	}
	return s, cfg.ApplySeverities(fs.List), nil
}

// LoadConfig reads only the config of the repository opts describes (its
// defaults when there is none), for callers that need a setting before
// deciding whether to load everything. Findings are the config's problems.
func LoadConfig(opts Options) (*Config, []Finding, error) {
	s := &Site{FS: opts.FS, Root: opts.Root, Sources: map[string][]byte{}, namedAt: map[string]Pos{}, rules: opts.Rules, ruleIDs: slices.Sorted(maps.Keys(opts.Rules))}
	fs := &findings{}
	cfg, err := s.loadConfig(opts.ConfigFile, fs)
	if err != nil {
		return nil, nil, err
	}
	return cfg, cfg.ApplySeverities(fs.List), nil
}

// firstExisting returns the first of paths present in FS, else the first.
func (s *Site) firstExisting(paths []string) string {
	for _, p := range paths {
		if _, err := statFS(s.FS, p); err == nil {
			return p
		}
	}
	return paths[0]
}

// DisplayPath returns the path users see for a path inside FS.
func (s *Site) DisplayPath(p string) string {
	if s.Root == "" || s.Root == "." {
		return p
	}
	return path.Join(s.Root, p)
}

// readYAML reads a file inside FS and parses it; nil root on any finding.
func (s *Site) readYAML(p string, fs *findings) (*yaml.Node, string, error) {
	root, display, data, err := s.parseFile(p, fs)
	if data != nil {
		s.Sources[display] = data
	}
	return root, display, err
}

// parseFile is readYAML without recording the bytes in s.Sources, so that
// it may run concurrently; it returns the bytes read (nil if none).
func (s *Site) parseFile(p string, fs *findings) (*yaml.Node, string, []byte, error) {
	display := s.DisplayPath(p)
	data, err := s.readInput(p)
	if errors.Is(err, errNotFound) {
		fs.Add(s.missingAt(p, display), "file-missing", "%s does not exist", display)
		return nil, display, nil, nil
	}
	if s.inputFinding(p, display, err, fs) {
		return nil, display, nil, nil
	}
	if err != nil {
		return nil, display, nil, err
	}
	return yamlstrict.Parse(display, data, fs), display, data, nil
}

// missingAt is where to report that input p (shown as display) is missing:
// the config line that names it, else the file itself.
func (s *Site) missingAt(p, display string) Pos {
	if pos, ok := s.namedAt[path.Clean(p)]; ok {
		return pos
	}
	return Pos{File: display}
}

var errNotFound = errors.New("not found")

// readInput reads the input p of FS within the config's size limit (the
// default one while the config itself is read).
func (s *Site) readInput(p string) ([]byte, error) {
	data, err := ReadInput(s.FS, path.Clean(p), s.Config.ReadLimit())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNotFound
	}
	return data, err
}

// inputFinding reports err as a finding when it is the user's problem (an
// input that leaves the root, is not a regular file or is too large) at
// the config line naming p, else on the file; it says whether it did.
func (s *Site) inputFinding(p, display string, err error, fs *findings) bool {
	msg := InputProblem(err, s.Config.ReadLimit())
	if msg == "" {
		return false
	}
	rule := "input-file"
	if errors.Is(err, ErrOutsideRoot) {
		rule = "outside-root"
	}
	fs.Add(s.missingAt(p, display), rule, "%s %s", display, msg)
	return true
}

func (s *Site) loadConfig(file string, fs *findings) (*Config, error) {
	cfg := &Config{defaults: s.rules}
	if file == "" {
		if _, err := statFS(s.FS, ConfigFileName); errors.Is(err, errNotFound) {
			cfg.applyDefaults()
			return cfg, nil
		}
		file = ConfigFileName
	}
	root, display, err := s.readYAML(file, fs)
	if err != nil {
		return nil, err
	}
	cfg.File = display
	if root != nil {
		d := s.newDecoder(display, fs)
		d.Decode(root, reflect.ValueOf(cfg).Elem())
		cfg.checkPaths(fs)
		cfg.checkWaivers(fs)
	}
	cfg.applyDefaults()
	return cfg, nil
}

// parseRegistry reads and decodes the registry without touching s, so
// that it may run beside the obligations' loading; the function it returns
// stores the result in s (s.Registry, s.Sources) and returns the error.
func (s *Site) parseRegistry(fs *findings) (store func() error) {
	var root *yaml.Node
	var display string
	var data []byte
	var err error
	if s.Config.Registry != "" {
		root, display, data, err = s.parseFile(s.Config.Registry, fs)
	}
	if err != nil {
		return func() error { return err }
	}
	reg := &Registry{File: display, Unreadable: root == nil}
	if root != nil {
		d := s.newDecoder(display, fs)
		d.Decode(root, reflect.ValueOf(reg).Elem())
	}
	reg.Items = slices.DeleteFunc(reg.Items, func(it *Item) bool { return it == nil })
	if len(reg.States) == 0 {
		reg.States = DefaultStates()
	}
	if len(reg.Layers) == 0 {
		reg.Layers, reg.LayersDefaulted = DefaultLayers(), true
	}
	return func() error {
		if data != nil {
			s.Sources[display] = data
		}
		s.Registry = reg
		return nil
	}
}

func (s *Site) loadObligations(fs *findings) error {
	if s.Config.Obligations == "" {
		return nil // rejected by checkPaths
	}
	p := path.Clean(s.Config.Obligations)
	info, err := statFS(s.FS, p)
	if errors.Is(err, errNotFound) {
		display := s.DisplayPath(p)
		fs.Add(s.missingAt(p, display), "file-missing", "%s does not exist", display)
		return nil
	}
	if s.inputFinding(p, s.DisplayPath(p), err, fs) {
		return nil
	}
	if err != nil {
		return err
	}
	if info.IsDir() {
		return s.loadObligationFolder(p, fs)
	}
	return s.loadObligationFile(p, fs)
}

func statFS(fsys fs.FS, p string) (fs.FileInfo, error) {
	info, err := fs.Stat(fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNotFound
	}
	return info, err
}

// obligationList is the single-file layout: a top-level obligations: list.
type obligationList struct {
	Positions   `json:"-"`
	Obligations []*Obligation `yaml:"obligations" infradoc:"required"`
}

// obligationFile is the per-file layout: one obligation under infra_obligation:.
type obligationFile struct {
	Positions  `json:"-"`
	Obligation *Obligation `yaml:"infra_obligation" infradoc:"required"`
}

func (s *Site) loadObligationFile(p string, fs *findings) error {
	root, display, err := s.readYAML(p, fs)
	if err != nil || root == nil {
		return err
	}
	var list obligationList
	d := s.newDecoder(display, fs)
	d.Decode(root, reflect.ValueOf(&list).Elem())
	for _, o := range list.Obligations {
		if o != nil {
			o.File = display
			s.Obligations = append(s.Obligations, o)
		}
	}
	return nil
}

// IndexFileName is the index of the per-file obligations layout.
const IndexFileName = "index.yaml"

func (s *Site) loadObligationFolder(dir string, fs *findings) error {
	entries, err := readDirYAML(s.FS, dir)
	if err != nil {
		return err
	}
	indexPath := path.Join(dir, IndexFileName)
	listed, listAt, err := s.readIndex(indexPath, fs)
	if err != nil {
		return err
	}
	present := map[string]bool{}
	var files []string
	for _, name := range entries {
		if name != IndexFileName {
			present[strings.TrimSuffix(name, path.Ext(name))] = true
			files = append(files, path.Join(dir, name))
		}
	}
	if err := s.loadObligationFiles(files, fs); err != nil {
		return err
	}
	if listed == nil {
		return nil
	}
	seen := map[string]bool{}
	for _, e := range listed {
		switch {
		case seen[e.id]:
			fs.Add(e.pos, "index", "%s is listed twice in the index", e.id)
		case !present[e.id]:
			fs.Add(e.pos, "index", "the index lists %s but %s does not exist", e.id, s.DisplayPath(path.Join(dir, e.id+".yaml")))
		}
		seen[e.id] = true
	}
	for _, name := range entries {
		id := strings.TrimSuffix(name, path.Ext(name))
		if name != IndexFileName && !seen[id] {
			fs.Add(listAt, "index", "%s is not listed in the index", s.DisplayPath(path.Join(dir, name)))
		}
	}
	return nil
}

// readDirYAML lists the .yaml and .yml files of a folder, sorted.
func readDirYAML(fsys fs.FS, dir string) ([]string, error) {
	des, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, de := range des {
		ext := path.Ext(de.Name())
		if !de.IsDir() && (ext == ".yaml" || ext == ".yml") {
			names = append(names, de.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}

type indexEntry struct {
	id  string
	pos Pos
}

// readIndex reads index.yaml: obligations: [ID, …]. It returns the entries
// and where the list is written, or nil when the index could not be read (a
// finding says why).
func (s *Site) readIndex(p string, fs *findings) ([]indexEntry, Pos, error) {
	root, display, err := s.readYAML(p, fs)
	if err != nil || root == nil {
		return nil, Pos{}, err
	}
	var idx obligationIndex
	d := s.newDecoder(display, fs)
	if !d.Decode(root, reflect.ValueOf(&idx).Elem()) {
		return nil, Pos{}, nil
	}
	out := make([]indexEntry, len(idx.Obligations))
	for i, e := range idx.Obligations {
		out[i] = indexEntry{id: e.value, pos: e.pos}
	}
	return out, idx.Of("obligations"), nil
}

type obligationIndex struct {
	Positions   `json:"-"`
	Title       string            `yaml:"title"`
	Obligations []positionedValue `yaml:"obligations" infradoc:"required"`
}

// positionedValue is a scalar that remembers where it was written.
type positionedValue struct {
	value string
	pos   Pos
}

func (v *positionedValue) DecodeYAML(d *yamlstrict.Decoder, n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode || yamlstrict.IsNull(n) {
		d.Errorf(n, "type", "expected an obligation id, found %s", yamlstrict.KindName(n))
		return false
	}
	v.value, v.pos = n.Value, d.Pos(n)
	return true
}

// loadObligationFiles reads the per-file layout's files concurrently (a
// large repository holds thousands) and merges them in path order.
func (s *Site) loadObligationFiles(paths []string, fs *findings) error {
	type loaded struct {
		obligation *Obligation
		display    string
		data       []byte
		findings   findings
		err        error
	}
	results := make([]loaded, len(paths))
	parallel.For(len(paths), func(i int) {
		r := &results[i]
		r.obligation, r.display, r.data, r.err = s.parseOneObligation(paths[i], &r.findings)
	})
	for _, r := range results {
		if r.err != nil {
			return r.err
		}
		fs.List = append(fs.List, r.findings.List...)
		if r.data != nil {
			s.Sources[r.display] = r.data
		}
		if r.obligation != nil {
			s.Obligations = append(s.Obligations, r.obligation)
		}
	}
	return nil
}

// parseOneObligation reads one <ID>.yaml of the per-file layout. It touches
// no shared state, so it may run concurrently.
func (s *Site) parseOneObligation(p string, fs *findings) (*Obligation, string, []byte, error) {
	root, display, data, err := s.parseFile(p, fs)
	if err != nil || root == nil {
		return nil, display, data, err
	}
	var f obligationFile
	d := s.newDecoder(display, fs)
	d.Decode(root, reflect.ValueOf(&f).Elem())
	if f.Obligation == nil {
		return nil, display, data, nil
	}
	f.Obligation.File = display
	want := strings.TrimSuffix(path.Base(p), path.Ext(p))
	if f.Obligation.ID != "" && f.Obligation.ID != want {
		fs.Add(f.Obligation.Of("id"), "file-id", "id %q does not match the file name %s (expected id %q)", f.Obligation.ID, path.Base(p), want)
	}
	return f.Obligation, display, data, nil
}

// evidenceInput is what the evidence scan needs of the loaded repository.
func (s *Site) evidenceInput() evidence.Input {
	in := evidence.Input{
		FS:             s.FS,
		Display:        s.DisplayPath,
		TestsRoot:      s.Config.TestsRoot,
		MigrationsRoot: s.Config.MigrationsRoot,
		Config:         &s.Config.Evidence,
		SkipDirs:       s.skipDirs,
		ReadLimit:      s.Config.ReadLimit(),
		Obligations:    make([]evidence.Obligation, len(s.Obligations)),
	}
	for i, o := range s.Obligations {
		eo := evidence.Obligation{ID: o.ID, MigrationPath: o.MigrationPath}
		for _, tf := range o.TestFiles {
			if tf != nil {
				eo.TestFiles = append(eo.TestFiles, evidence.TestFile{Path: tf.Path, Count: tf.Count})
			}
		}
		def := "public"
		if schemas := o.Schemas(); len(schemas) > 0 {
			def = schemas[0]
		}
		eo.Requires = make([]evidence.Requirement, len(o.Requires))
		for j, r := range o.Requires {
			if r == nil {
				eo.Requires[j].Missing = true
				continue
			}
			eo.Requires[j] = evidence.Requirement{Type: r.Type, Name: r.QualifiedName(def)}
		}
		in.Obligations[i] = eo
	}
	return in
}
