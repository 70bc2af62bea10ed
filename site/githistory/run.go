package githistory

import (
	"errors"

	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/gitrepo"
)

// Result is what Run did.
type Result struct {
	// Findings are Check's, graded by the config.
	Findings []site.Finding
	// Skipped says why the history was not checked, in words that follow
	// "history not checked against git: "; "" when it was.
	Skipped string
	// Quiet marks a reason not worth a line unless the check was asked for:
	// the repository is not a git work tree, git is missing, nothing is
	// committed yet. A shallow clone, or git failing, is always said.
	Quiet bool
}

// Shallow is Result.Skipped in a shallow clone, whose cut history would
// make every older state change look unrecorded, or recorded late.
const Shallow = "shallow clone; fetch with fetch-depth: 0"

// Pending is a history check under way: the repository found (Start),
// waiting for the loaded site (Finish).
type Pending struct {
	repo *gitrepo.Repo
	// cacheDir names the folder that keeps the state changes found at a
	// commit (see cache.go); asked only when there is a history to check,
	// as it may create the folder.
	cacheDir func() string
	// skip is the Result when the check cannot run.
	skip *Result
}

// Start finds the git work tree holding dir, the folder on disk the site
// is being loaded from ("" when it is not loaded from disk, as the
// embedded content/), meant to run while the site loads. cacheDir, when
// not nil and not returning "", names a private folder where the state
// changes found at a commit are kept: walking a long history takes longer
// than validating. It is called only in a work tree with history.
func Start(dir string, cacheDir func() string) *Pending {
	if dir == "" {
		return &Pending{skip: &Result{Skipped: "the repository is the content/ built into infradoc, not a folder on disk", Quiet: true}}
	}
	repo, err := gitrepo.Open(dir)
	switch {
	case errors.Is(err, gitrepo.ErrNoGit):
		return &Pending{skip: &Result{Skipped: err.Error(), Quiet: true}}
	case err != nil:
		return &Pending{skip: &Result{Skipped: err.Error(), Quiet: errors.Is(err, gitrepo.ErrNotWorkTree)}}
	case repo.Shallow():
		repo.Close()
		return &Pending{skip: &Result{Skipped: Shallow}}
	case !repo.HasCommits():
		repo.Close()
		return &Pending{skip: &Result{Skipped: "nothing is committed yet", Quiet: true}}
	}
	return &Pending{repo: repo, cacheDir: cacheDir}
}

// Finish checks s's history against the repository Start found and stops
// git. Git's failures are a reason in Result.Skipped, not an error: the
// rest of validation stands without this check.
func (p *Pending) Finish(s *site.Site) Result {
	if p.skip != nil {
		return *p.skip
	}
	defer p.repo.Close()
	cache := ""
	if p.cacheDir != nil {
		cache = p.cacheDir()
	}
	findings, err := check(p.repo, s, cache)
	if err != nil {
		return Result{Skipped: err.Error()}
	}
	return Result{Findings: findings}
}

// Close stops git when the check will not be finished (the loading
// failed).
func (p *Pending) Close() {
	if p.repo != nil {
		p.repo.Close()
	}
}

// Run checks s's history against the git work tree holding dir: Start
// then Finish.
func Run(dir string, s *site.Site) Result { return Start(dir, nil).Finish(s) }
