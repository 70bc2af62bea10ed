package cli

import (
	"cmp"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/renameio/v2"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/baseline"
	"github.com/infradoc/infradoc/site/rules"
)

func init() {
	register(subcommand{
		name:    "baseline",
		summary: "record today's findings in a baseline file: later runs fail only on new ones",
		usage:   "[flags]",
		run:     runBaseline,
	})
}

// notBaselined are the rules whose findings a baseline never records:
// 'infradoc fix' clears stale docs, and the baseline's and waivers' own
// findings are about the acceptance itself.
var notBaselined = []string{"stale-block", "stale-diagram", "waiver-expired", "waiver-unused", "baseline-stale", "baseline-file"}

// runBaseline validates the repository as check does (the YAML, the
// docs' markers and the history against git; not the drift of generated
// content, nor the links only build checks), and writes its
// error and warning findings to the baseline file: --file, else the
// config's baseline:, else infradoc-baseline.json at the root. Waived
// findings are left out: their waiver accepts them until it expires.
func runBaseline(c *Command, args []string) int {
	flags := c.newFlags("baseline")
	in := &inputFlags{}
	in.add(flags)
	file := flags.String("file", "", "baseline `FILE` to write (default: the config's baseline:, else "+baseline.DefaultFile+" at the root)")
	var git gitFlags
	git.add(flags)
	if status, ok := c.parseFlags(flags, args); !ok {
		return status
	}
	if flags.NArg() > 0 {
		return c.usageError("baseline", "unexpected argument %q", flags.Arg(0))
	}
	if status, ok := git.valid(c, "baseline"); !ok {
		return status
	}
	// The history against git is checked as validate and check do, so
	// that its findings are recorded too.
	history := c.startHistory(&git, in)
	rep, err := c.syncDocs(in)
	if err != nil {
		c.abandonHistory(history)
		return c.failure("baseline", err)
	}
	rep.findings = c.finishHistory(history, rep.site, rep.findings)
	r, s := rep.repo, rep.site
	if r.Dir == "" {
		return c.usageError("baseline", "the embedded content/ has no folder to write a baseline into: run it in a repository, or give --root")
	}
	if status, stop := c.unreadable("baseline", "nothing written", s, rep.findings); stop {
		return status
	}
	findings, err := rules.Accept(s, rep.findings, rules.AcceptOptions{Today: c.today(), NoBaseline: true})
	if err != nil {
		return c.failure("baseline", err)
	}
	findings = slices.DeleteFunc(findings, func(f site.Finding) bool {
		return f.Severity == site.SeverityInfo || slices.Contains(notBaselined, f.Rule)
	})
	wd, err := c.workDir()
	if err != nil {
		return c.failure("baseline", err)
	}
	path := filepath.Join(r.Dir, filepath.FromSlash(s.Config.Baseline))
	switch {
	case *file != "":
		path = absIn(wd, *file)
	case s.Config.Baseline == "":
		path = filepath.Join(r.Dir, baseline.DefaultFile)
	}
	b := baseline.Record(findings, s.Root)
	if err := renameio.WriteFile(path, b.Marshal(), 0o644); err != nil {
		return c.failure("baseline", err)
	}
	shown := displayPath(wd, path)
	fmt.Fprintf(c.Stderr, "wrote %s: %s\n", shown, baselineCounts(b))
	if *file == "" && s.Config.Baseline == "" {
		rel, _ := filepath.Rel(r.Dir, path)
		fmt.Fprintf(c.Stderr, "next: add 'baseline: %s' to %s, so that validate, check and build accept these findings (or pass --baseline %s)\n",
			filepath.ToSlash(rel), site.ConfigFileName, shown)
	}
	return ExitOK
}

// baselineCounts says how many findings of which rules b holds: "3
// findings: 2 promoted-skip, 1 test-count".
func baselineCounts(b *baseline.File) string {
	if len(b.Findings) == 0 {
		return "no findings"
	}
	perRule := map[string]int{}
	for _, e := range b.Findings {
		perRule[e.Rule]++
	}
	ids := slices.SortedFunc(maps.Keys(perRule), func(x, y string) int {
		return cmp.Or(cmp.Compare(perRule[y], perRule[x]), cmp.Compare(x, y))
	})
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("%d %s", perRule[id], id)
	}
	return countPhrase(len(b.Findings), "finding", "findings") + ": " + strings.Join(parts, ", ")
}
