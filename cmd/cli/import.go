package cli

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/google/renameio/v2"
	"github.com/infradoc/infradoc/render/report"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/importmd"
	"github.com/infradoc/infradoc/site/rules"
)

func init() {
	register(subcommand{
		name:    "import",
		summary: "write the registry YAML from the tables of a hand-written registry doc",
		usage:   "[flags] FILE.md",
		run:     runImport,
	})
}

// defaultImportOutput is where import writes: the first place the loader
// looks for a registry.
const defaultImportOutput = "INFRA_REGISTRY.yaml"

func runImport(c *Command, args []string) int {
	fs := c.newFlags("import")
	out := fs.StringP("output", "o", defaultImportOutput, "YAML file to write; - writes to standard output")
	force := fs.Bool("force", false, "overwrite the output file when it exists")
	var format formatFlag
	format.add(fs)
	if status, ok := c.parseFlags(fs, args); !ok {
		return status
	}
	switch {
	case fs.NArg() == 0:
		return c.usageError("import", "name the markdown doc to import, e.g. infradoc import docs/INFRA_REGISTRY.md")
	case fs.NArg() > 1:
		return c.usageError("import", "unexpected argument %q: import reads one doc", fs.Arg(1))
	case !format.valid():
		return c.usageError("import", "unknown --format %q: use text, json or github", format.value)
	}
	wd, err := c.workDir()
	if err != nil {
		return c.failure("import", err)
	}
	docArg := fs.Arg(0)
	docPath := absIn(wd, docArg)
	src, err := os.ReadFile(docPath)
	if err != nil {
		if errors.Is(err, iofs.ErrNotExist) {
			return c.failure("import", errNoFile(docArg, err))
		}
		return c.failure("import", fmt.Errorf("reading %s: %w", docArg, err))
	}
	display := filepath.ToSlash(docArg)
	reg, findings := importmd.ImportMarkdown(display, src)

	// Findings go to standard output, or to standard error when the YAML
	// goes to standard output.
	findingsOut := c.Stdout
	if *out == "-" {
		findingsOut = c.Stderr
	}
	if len(findings) > 0 || format.value == string(report.FormatJSON) {
		// Each cell to fix on its own line: a doc is imported once.
		err := report.WriteFindings(findingsOut, report.FindingsFormat(format.value), findings,
			report.TextOptions{Color: c.useColor(findingsOut), Sources: map[string][]byte{display: src}, Verbose: true})
		if err != nil {
			return c.failure("import", err)
		}
	}
	if reg == nil {
		fmt.Fprintf(c.Stderr, "infradoc import: %s cannot be imported; nothing was written\n", display)
		return ExitFindings
	}

	// The header names the doc relative to the YAML (to the working
	// directory for standard output), or by its base name when far away.
	outPath, outDir := "", wd
	if *out != "-" {
		outPath = absIn(wd, *out)
		outDir = filepath.Dir(outPath)
	}
	source := filepath.Base(docPath)
	if rel, err := filepath.Rel(outDir, docPath); err == nil && !strings.HasPrefix(rel, "../..") {
		source = filepath.ToSlash(rel)
	}
	data, err := report.RegistryYAML(reg, report.RegistryYAMLOptions{Source: source})
	if err != nil {
		return c.failure("import", err)
	}
	if *out == "-" {
		if _, err := c.Stdout.Write(data); err != nil {
			return c.failure("import", err)
		}
	} else {
		if status, err := writeNew(outPath, *out, data, *force); err != nil {
			fmt.Fprintf(c.Stderr, "infradoc import: %v\n", err)
			return status
		}
		fmt.Fprintf(c.Stderr, "wrote %s from %s: %s\n", filepath.ToSlash(*out), display, importSummary(reg))
	}
	c.reportImportedRules(data, *out, format.value == "text")
	if *out != "-" {
		fmt.Fprintf(c.Stderr, "next: put markers around the doc's tables (<!-- infradoc:begin registry-table --> … <!-- infradoc:end -->),\n"+
			"      list the doc under docs: in infradoc.yaml and run infradoc fix; the README's \"Adopting infradoc\" shows how\n")
	}
	return ExitOK
}

// workDir is the command's working directory.
func (c *Command) workDir() (string, error) {
	if c.Dir != "" {
		return c.Dir, nil
	}
	return os.Getwd()
}

func absIn(wd, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(wd, p)
}

// errExists says the output file is there and --force was not given.
var errExists = errors.New("already exists")

// writeNew writes data to file atomically (a temporary file in the same
// folder, renamed over the target), creating missing folders. It refuses
// to replace an existing file unless force, and follows a symlink so the
// link stays a link. It returns the exit status for the error.
func writeNew(file, display string, data []byte, force bool) (int, error) {
	info, err := os.Lstat(file)
	switch {
	case err == nil && info.IsDir():
		return ExitUsage, fmt.Errorf("%s is a folder; name the YAML file to write with -o", display)
	case err == nil && !force:
		return ExitUsage, fmt.Errorf("%s %w; pass --force to overwrite it", display, errExists)
	case err == nil && info.Mode()&os.ModeSymlink != 0:
		if file, err = filepath.EvalSymlinks(file); err != nil {
			return ExitFailure, fmt.Errorf("following the link %s: %w", display, err)
		}
	case err != nil && !errors.Is(err, iofs.ErrNotExist):
		return ExitFailure, fmt.Errorf("writing %s: %w", display, err)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return ExitFailure, fmt.Errorf("writing %s: %w", display, err)
	}
	if err := renameio.WriteFile(file, data, 0o644); err != nil {
		return ExitFailure, fmt.Errorf("writing %s: %w", display, err)
	}
	return ExitOK, nil
}

func importSummary(reg *site.Registry) string {
	buckets, promotions := 0, 0
	for _, it := range reg.Items {
		if it.Bucket != nil {
			buckets++
		}
		promotions += len(it.History)
	}
	return fmt.Sprintf("%s, %s in buckets, %s, %s, %s, %s",
		plural(len(reg.Items), "infra item"), plural(buckets, "item"), plural(len(reg.States), "state definition"),
		plural(promotions, "promotion"), plural(len(reg.Artifacts), "artifact"), plural(len(reg.Roles), "role"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// reportImportedRules validates the written registry and, when the doc
// already broke a rule (a state-A item without a bucket, say), says so on
// standard error: the import is faithful, the fix belongs in the YAML. The
// registry is loaded from memory, so this works for -o - too.
func (c *Command) reportImportedRules(data []byte, out string, text bool) {
	name := path.Base(filepath.ToSlash(out))
	if out == "-" {
		name = defaultImportOutput
	}
	s, findings, err := rules.Validate(site.Options{FS: fstest.MapFS{name: {Data: data}}, Registry: name})
	if err != nil {
		return
	}
	var mine []site.Finding
	for _, f := range findings {
		if f.File == name {
			if out != "-" {
				f.File = filepath.ToSlash(out)
			}
			mine = append(mine, f)
		}
	}
	if len(mine) == 0 {
		return
	}
	where := filepath.ToSlash(out)
	if out == "-" {
		where = "the YAML"
	}
	fmt.Fprintf(c.Stderr, "note: the doc already breaks the registry rules (%s); fix %s, not the doc, then run infradoc validate:\n",
		plural(len(mine), "finding"), where)
	if !text {
		for _, f := range mine {
			fmt.Fprintln(c.Stderr, f)
		}
		return
	}
	sources := map[string][]byte{}
	for _, f := range mine {
		sources[f.File] = s.Sources[name]
	}
	// Each finding on its own line: the list is short, and the whole point.
	_ = report.WriteFindings(c.Stderr, report.FormatText, mine, report.TextOptions{Color: c.useColor(c.Stderr), Sources: sources, Verbose: true})
}
