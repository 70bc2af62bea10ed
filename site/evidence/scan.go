package evidence

import (
	"errors"
	"fmt"
	"github.com/infradoc/infradoc/site/finding"
	"github.com/infradoc/infradoc/site/internal/parallel"
	"github.com/infradoc/infradoc/site/rootfs"
	"github.com/infradoc/infradoc/site/sqlschema"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Input is what a scan needs to know of a repository.
type Input struct {
	// FS is the repository root; Display turns a path inside it into the
	// path users see.
	FS      fs.FS
	Display func(p string) string
	// TestsRoot and MigrationsRoot are the folders test_files paths and
	// migration_path values are relative to.
	TestsRoot, MigrationsRoot string
	// Config holds the configured patterns (evidence: in infradoc.yaml).
	Config *Config
	// Obligations are what the obligations name, in their order.
	Obligations []Obligation
	// SkipDirs are folders the walk for test files does not enter.
	SkipDirs map[string]bool
	// ReadLimit is the largest file read, in bytes.
	ReadLimit int64
}

// Obligation is what a scan needs of one obligation.
type Obligation struct {
	ID string
	// TestFiles are the test_files entries: paths relative to the tests
	// root, and the declared counts.
	TestFiles []TestFile
	// MigrationPath is relative to the migrations root; "" for none.
	MigrationPath string
	// Requires are the required objects, names schema-qualified.
	Requires []Requirement
}

// TestFile is one test_files entry.
type TestFile struct {
	Path  string
	Count int
}

// Requirement is one required object: its type and qualified name.
type Requirement struct {
	Type, Name string
	// Missing is true for a requirement left out of the obligation
	// (a malformed entry); it gets an empty evidence entry.
	Missing bool
}

// Result is what a scan found.
type Result struct {
	Evidence *Evidence
	// Sources holds the bytes of the test files that declare infra, by
	// display path, so findings can quote them.
	Sources map[string][]byte
	// Findings are the patterns' problems, the files that could not be
	// read (outside the root, not regular, too large) and what applying
	// the migration folders reported (migration-syntax, migration-dynamic).
	Findings []finding.Finding
}

// Scan reads, through in.FS only, the test files and migration folders
// the obligations name and every other test file under the tests root,
// and records what they show. Each file is read and scanned once. The
// error is for files that exist but cannot be read.
func Scan(in Input) (*Result, error) {
	out := &finding.List{}
	if in.Display == nil {
		in.Display = func(p string) string { return p }
	}
	if in.Config == nil {
		in.Config = &Config{}
	}
	res := &Result{Sources: map[string][]byte{}}
	sc := &evidenceScan{
		in:         in,
		sources:    res.Sources,
		fsys:       newListingFS(in.FS),
		pats:       compileTestPatterns(in.Config, out),
		testsRoot:  path.Clean(in.TestsRoot),
		tests:      map[string]*TestFileEvidence{},
		migrations: map[string]*MigrationSet{},
		conftest:   map[string]fixtureSet{},
		wants:      map[string][]Requirement{},
	}
	ev := &Evidence{byID: map[string]*ObligationEvidence{}, byPath: sc.tests}
	var testPaths, migrationPaths []string
	for _, o := range in.Obligations {
		for _, tf := range o.TestFiles {
			if tf.Path != "" {
				testPaths = append(testPaths, tf.Path)
			}
		}
		if o.MigrationPath != "" {
			migrationPaths = append(migrationPaths, o.MigrationPath)
			dir := sc.migrationDir(o.MigrationPath)
			sc.wants[dir] = append(sc.wants[dir], o.Requires...)
		}
	}
	if err := sc.prefetch(testPaths, migrationPaths); err != nil {
		return nil, err
	}
	sc.addHints(testPaths, migrationPaths)
	// Every file and folder the obligations name is read now, so the
	// obligations' evidence only looks them up, in parallel.
	ev.Obligations = make([]*ObligationEvidence, len(in.Obligations))
	errs := make([]error, len(in.Obligations))
	parallel.For(len(in.Obligations), func(i int) {
		ev.Obligations[i], errs[i] = sc.obligation(&in.Obligations[i])
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, oe := range ev.Obligations {
		if _, dup := ev.byID[oe.ID]; !dup {
			ev.byID[oe.ID] = oe
		}
	}
	if err := sc.walkTests(); err != nil {
		return nil, err
	}
	for _, te := range sc.tests {
		ev.TestFiles = append(ev.TestFiles, te)
	}
	slices.SortFunc(ev.TestFiles, func(a, b *TestFileEvidence) int { return strings.Compare(a.Path, b.Path) })
	out.List = append(out.List, sc.refused.List...)
	out.List = append(out.List, sc.migrationFindings...)
	res.Evidence, res.Findings = ev, out.List
	return res, nil
}

// refuse records a finding on the file shown as display when err keeps it
// from being read (it leaves the root, is not a regular file or is too
// large) and returns what to say of it; "" when err is something else.
func (sc *evidenceScan) refuse(display string, err error) string {
	msg := rootfs.InputProblem(err, sc.in.ReadLimit)
	if msg == "" {
		return ""
	}
	rule := "input-file"
	if errors.Is(err, rootfs.ErrOutsideRoot) {
		rule = "outside-root"
	}
	sc.mu.Lock()
	sc.refused.Add(finding.Pos{File: display}, rule, "%s %s", display, msg)
	sc.mu.Unlock()
	return msg
}

// evidenceScan caches what was read, by path.
type evidenceScan struct {
	in         Input
	sources    map[string][]byte
	fsys       *listingFS // in.FS, listing each folder once
	pats       *testPatterns
	testsRoot  string
	tests      map[string]*TestFileEvidence // by path relative to the tests root
	migrations map[string]*MigrationSet     // by folder inside FS
	// wants are the requirements of the obligations naming each
	// migration folder, by folder inside FS: what a set is asked once it
	// is read (see settle).
	wants map[string][]Requirement
	// refused are the findings of files that could not be read (see refuse).
	mu      sync.Mutex
	refused finding.List
	// migrationFindings are the findings of the migration folders read,
	// each folder's once, in the order the obligations name them.
	migrationFindings []finding.Finding
	// conftest holds the fixtures of each folder's conftest.py (nil when
	// it has none), by folder. confMu is held while one is read, so each
	// is read, and reported, once.
	confMu   sync.Mutex
	conftest map[string]fixtureSet
}

// conftestsOf returns the fixtures of the conftest.py files of dir and of
// the folders above it up to the tests root, nearest first: the ones
// pytest gives the tests of dir. Folders outside the tests root are not
// read.
func (sc *evidenceScan) conftestsOf(dir string) ([]fixtureSet, error) {
	var out []fixtureSet
	for {
		fx, err := sc.conftestIn(dir)
		if err != nil {
			return nil, err
		}
		if fx != nil {
			out = append(out, fx)
		}
		if dir == sc.testsRoot || dir == "." {
			return out, nil
		}
		dir = path.Dir(dir)
	}
}

// conftestIn reads the conftest.py of folder dir once.
func (sc *evidenceScan) conftestIn(dir string) (fixtureSet, error) {
	sc.confMu.Lock()
	defer sc.confMu.Unlock()
	if fx, done := sc.conftest[dir]; done {
		return fx, nil
	}
	var fx fixtureSet
	p := path.Join(dir, "conftest.py")
	display := sc.in.Display(p)
	data, err := rootfs.ReadInput(sc.in.FS, p, sc.in.ReadLimit)
	switch {
	case err == nil:
		fx = parseConftest(display, data, sc.pats)
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, rootfs.ErrIsDir):
	case sc.refuse(display, err) != "":
	default:
		return nil, fmt.Errorf("reading %s: %w", display, err)
	}
	sc.conftest[dir] = fx
	return fx, nil
}

// obligation returns the evidence of o from the files prefetch read. It
// only reads the scan's maps, so it may run concurrently.
func (sc *evidenceScan) obligation(o *Obligation) (*ObligationEvidence, error) {
	oe := &ObligationEvidence{ID: o.ID}
	for _, tf := range o.TestFiles {
		if tf.Path == "" {
			continue
		}
		te, ok := sc.tests[path.Clean(tf.Path)]
		if !ok {
			return nil, fmt.Errorf("internal error: test file %s of %s was not read", tf.Path, o.ID)
		}
		oe.TestsDeclared += tf.Count
		oe.TestsFound += len(te.Functions)
	}
	if o.MigrationPath != "" {
		ms, ok := sc.migrations[sc.migrationDir(o.MigrationPath)]
		if !ok {
			return nil, fmt.Errorf("internal error: migration folder %s of %s was not read", o.MigrationPath, o.ID)
		}
		oe.Created = ms
		oe.MigrationDir, oe.MigrationExists, oe.MigrationFiles = ms.Display, ms.Exists, ms.Files
	}
	oe.Requirements = make([]RequirementEvidence, len(o.Requires))
	for i, r := range o.Requires {
		if r.Missing {
			continue
		}
		re := RequirementEvidence{Type: r.Type, Name: r.Name}
		if obj := oe.Created.Find(r.Type, re.Name); obj != nil {
			re.Found, re.At = true, obj.At
		} else if r.Type == "schema" && strings.EqualFold(strings.TrimSpace(re.Name), "public") {
			re.Found = true // PostgreSQL creates it
		}
		oe.Requirements[i] = re
	}
	return oe, nil
}

// readTestFile reads and scans one test file. It touches no shared state,
// so it may run concurrently; it returns the bytes read (nil if none).
func (sc *evidenceScan) readTestFile(p string) (*TestFileEvidence, []byte, error) {
	key := path.Clean(p)
	full := path.Join(sc.testsRoot, key)
	te := &TestFileEvidence{Path: key, File: sc.in.Display(full)}
	if path.IsAbs(p) || !fs.ValidPath(full) {
		te.Problem = "lies outside the repository"
		return te, nil, nil
	}
	data, err := rootfs.ReadInput(sc.in.FS, full, sc.in.ReadLimit)
	if errors.Is(err, fs.ErrNotExist) {
		return te, nil, nil
	}
	if errors.Is(err, rootfs.ErrIsDir) {
		te.Problem = "is a folder, not a file"
		return te, nil, nil
	}
	if msg := sc.refuse(te.File, err); msg != "" {
		te.Problem = msg
		return te, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("reading test file %s: %w", te.File, err)
	}
	var conftests []fixtureSet
	if testKindOf(key) == kindPython && sc.pats.functions == nil {
		if conftests, err = sc.conftestsOf(path.Dir(full)); err != nil {
			return nil, nil, err
		}
	}
	te = scanTestFileIn(key, te.File, data, sc.pats, conftests)
	if sc.pats.functions == nil && testKindOf(key) == kindOther {
		te.Problem = fmt.Sprintf("infradoc knows no test-function pattern for %q files (set evidence.test_function_patterns in infradoc.yaml)", path.Ext(key))
	}
	return te, data, nil
}

// prefetch reads the given test files and migration folders concurrently
// and fills the caches, so the sequential scan that follows finds them
// read. Results are merged in argument order.
func (sc *evidenceScan) prefetch(testPaths, migrationPaths []string) error {
	type testResult struct {
		te   *TestFileEvidence
		data []byte
		err  error
	}
	tests := make([]testResult, len(testPaths))
	migrations := make([]*MigrationSet, len(migrationPaths))
	migrationErrs := make([]error, len(migrationPaths))
	parallel.For(len(testPaths)+len(migrationPaths), func(i int) {
		if i < len(testPaths) {
			r := &tests[i]
			r.te, r.data, r.err = sc.readTestFile(testPaths[i])
			return
		}
		i -= len(testPaths)
		migrations[i], migrationErrs[i] = sc.readMigrationSet(migrationPaths[i])
	})
	for i, r := range tests {
		if r.err != nil {
			return r.err
		}
		key := path.Clean(testPaths[i])
		if _, ok := sc.tests[key]; ok {
			continue
		}
		sc.tests[key] = r.te
		if len(r.te.Infra) > 0 {
			sc.sources[r.te.File] = r.data
		}
	}
	for i, ms := range migrations {
		if migrationErrs[i] != nil {
			return migrationErrs[i]
		}
		dir := sc.migrationDir(migrationPaths[i])
		if _, ok := sc.migrations[dir]; !ok {
			sc.migrations[dir] = ms
			sc.migrationFindings = append(sc.migrationFindings, ms.Findings...)
		}
	}
	return nil
}

// skippedDirs are folders of third-party or generated code the walk for
// test files does not enter (hidden folders are skipped too).
var skippedDirs = map[string]bool{
	"node_modules": true, "__pycache__": true, "site-packages": true, "venv": true, "vendor": true, "testdata": true,
}

// walkTests scans the test files under the tests root that no obligation
// names, for their requires_infra references and skips.
func (sc *evidenceScan) walkTests() error {
	root := sc.testsRoot
	if !fs.ValidPath(root) {
		return nil
	}
	var unread []string
	err := fs.WalkDir(sc.fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed while we walked (a build's temp folder, say)
			}
			return err
		}
		if d.IsDir() {
			if p != root && (strings.HasPrefix(d.Name(), ".") || skippedDirs[d.Name()] || sc.in.SkipDirs[p]) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !isTestFileName(d.Name()) {
			return nil
		}
		key := p
		if root != "." {
			key = strings.TrimPrefix(p, root+"/")
		}
		if _, ok := sc.tests[path.Clean(key)]; !ok {
			unread = append(unread, key)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return sc.prefetch(unread, nil)
}

// MigrationSet is one migration folder and the objects its .sql files
// create.
type MigrationSet struct {
	// Display is the folder's display path; Exists says whether it is
	// there, Problem why it cannot be read as a migration folder.
	Display string
	Exists  bool
	Problem string
	// Hint says where the folder is when it does not exist under the
	// migrations root but does under another folder: "did you mean
	// migrations_root: .? migrations/obligations/X exists".
	Hint string
	// Files are the display paths of the folder's files (hidden ones
	// aside); SQLFiles counts the .sql ones.
	Files    []string
	SQLFiles int
	// Findings are what applying the .sql files reported: syntax errors
	// and statements built at run time.
	Findings []finding.Finding
	// catalog holds what the .sql files leave behind, applied in lexical
	// order, until settle answers what the obligations ask of it and lets
	// it go.
	catalog *sqlschema.Catalog
	// found and described are settle's answers: the object of each
	// requirement asked (nil when none), and Describe of each kind a
	// requirement asked did not find.
	found     map[Requirement]*SQLObject
	described map[string]string
}

// SQLObject is one database object a migration folder leaves behind.
type SQLObject = sqlschema.Object

// MaxListed caps the names a message lists.
const MaxListed = 20

// Describe says what the set creates of a kind, for messages. Once the
// set is settled it knows the kinds of the requirements it did not find.
func (ms *MigrationSet) Describe(kind string) string {
	if ms.SQLFiles == 0 {
		return "the folder holds no .sql file"
	}
	if d, ok := ms.described[kind]; ok {
		return d
	}
	if ms.catalog == nil {
		return "see its .sql files" // a kind no requirement asked for
	}
	names := ms.Created(kind)
	plural := kind + "s"
	if strings.HasSuffix(kind, "x") {
		plural = kind + "es"
	}
	if len(names) == 0 {
		return fmt.Sprintf("its %d .sql file(s) create no %s", ms.SQLFiles, kind)
	}
	if len(names) > MaxListed {
		names = append(names[:MaxListed:MaxListed], fmt.Sprintf("and %d more", len(names)-MaxListed))
	}
	return fmt.Sprintf("the %s created there: %s", plural, strings.Join(names, ", "))
}

func (sc *evidenceScan) migrationDir(rel string) string {
	return path.Clean(path.Join(sc.in.MigrationsRoot, rel))
}

// readMigrationSet reads one migration folder. It touches no shared state,
// so it may run concurrently.
func (sc *evidenceScan) readMigrationSet(rel string) (*MigrationSet, error) {
	dir := sc.migrationDir(rel)
	ms := &MigrationSet{Display: sc.in.Display(dir), catalog: sqlschema.NewCatalog()}
	if path.IsAbs(rel) || !fs.ValidPath(dir) {
		ms.Problem = "lies outside the repository"
		return ms, nil
	}
	info, err := fs.Stat(sc.in.FS, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return ms, nil
	}
	if msg := sc.refuse(ms.Display, err); msg != "" {
		ms.Problem = msg
		return ms, nil
	}
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		ms.Problem = "is a file, not a folder"
		return ms, nil
	}
	ms.Exists = true
	err = sc.walkMigrationFiles(dir, func(p string) error {
		display := sc.in.Display(p)
		ms.Files = append(ms.Files, display)
		if !strings.EqualFold(path.Ext(p), ".sql") {
			return nil
		}
		data, err := rootfs.ReadInput(sc.in.FS, p, sc.in.ReadLimit)
		if sc.refuse(display, err) != "" {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading migration %s: %w", display, err)
		}
		ms.SQLFiles++
		ms.Findings = append(ms.Findings, ms.catalog.Apply(display, data)...)
		return nil
	})
	if err == nil {
		ms.settle(sc.wants[dir])
	}
	return ms, err
}

// settle answers the requirements the obligations naming the folder ask of
// it (Find, and Describe where one is not found) and lets go of the
// catalog. A catalog holds every object and statement position of the
// folder's migrations: kept until the rules had run, a large repository's
// catalogs were the largest part of a load's memory (CONTRIBUTING.md has
// the figures), and no one asks anything else of them.
func (ms *MigrationSet) settle(reqs []Requirement) {
	ms.found = make(map[Requirement]*SQLObject, len(reqs))
	for _, r := range reqs {
		r := Requirement{Type: r.Type, Name: r.Name}
		if _, done := ms.found[r]; done {
			continue
		}
		obj := ms.catalog.Find(r.Type, r.Name)
		ms.found[r] = obj
		if _, done := ms.described[r.Type]; obj == nil && !done {
			if ms.described == nil {
				ms.described = map[string]string{}
			}
			ms.described[r.Type] = ms.Describe(r.Type)
		}
	}
	ms.catalog = nil
}

// walkMigrationFiles calls fn for every file under the folder dir, in
// lexical order, hidden files and folders aside: fs.WalkDir without its
// stat of dir, which readMigrationSet has just made.
func (sc *evidenceScan) walkMigrationFiles(dir string, fn func(p string) error) error {
	entries, err := fs.ReadDir(sc.fsys, dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := path.Join(dir, e.Name())
		if e.IsDir() {
			err = sc.walkMigrationFiles(p, fn)
		} else {
			err = fn(p)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Find returns the object of type kind named qualified (as requirements
// name objects: case-insensitively, schema-qualified) that the folder's
// migrations leave behind, or nil: an object a later migration drops or
// renames does not count under its old name.
// Once the set is settled it answers for the requirements it was asked.
func (ms *MigrationSet) Find(kind, qualified string) *SQLObject {
	if ms == nil {
		return nil
	}
	if ms.catalog == nil {
		return ms.found[Requirement{Type: kind, Name: qualified}]
	}
	return ms.catalog.Find(kind, qualified)
}

// Created lists the qualified names of the objects of type kind the
// migrations leave behind, without repeats, in creation order; nil once
// the set is settled.
func (ms *MigrationSet) Created(kind string) []string {
	if ms.catalog == nil {
		return nil
	}
	var out []string
	for _, o := range ms.catalog.Objects() {
		if q := o.Qualified(); o.Kind == kind && !slices.Contains(out, q) {
			out = append(out, q)
		}
	}
	return out
}

// compileTestPatterns compiles the configured evidence patterns once per
// load; a pattern that does not compile, or an infra pattern without
// exactly one capture group, is a finding and is left out.
func compileTestPatterns(ec *Config, out *finding.List) *testPatterns {

	compile := func(key string, srcs []string, groups int) []*regexp.Regexp {
		if len(srcs) == 0 {
			return nil
		}
		res := []*regexp.Regexp{}
		for _, src := range srcs {
			re, err := regexp.Compile("(?m)" + src)
			switch {
			case err != nil:
				out.Add(ec.Of(key), "evidence-pattern", "evidence.%s: %q is not a valid regular expression: %v", key, src, err)
			case groups >= 0 && re.NumSubexp() != groups:
				out.Add(ec.Of(key), "evidence-pattern", "evidence.%s: %q has %d capture groups; it needs exactly %d (the infra name)", key, src, re.NumSubexp(), groups)
			default:
				res = append(res, re)
			}
		}
		return res
	}
	return &testPatterns{
		functions: compile("test_function_patterns", ec.TestFunctionPatterns, -1),
		infra:     compile("requires_infra_patterns", ec.RequiresInfraPatterns, 1),
		skip:      compile("skip_patterns", ec.SkipPatterns, -1),
	}
}
