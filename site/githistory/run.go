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

// Run checks s's history against the git work tree holding dir, the folder
// on disk s was loaded from ("" when it was not loaded from disk, as the
// embedded content/). Git's failures are a reason in Result.Skipped, not an
// error: the rest of validation stands without this check.
func Run(dir string, s *site.Site) Result {
	if dir == "" {
		return Result{Skipped: "the repository is the content/ built into infradoc, not a folder on disk", Quiet: true}
	}
	repo, err := gitrepo.Open(dir)
	switch {
	case errors.Is(err, gitrepo.ErrNoGit):
		return Result{Skipped: err.Error(), Quiet: true}
	case err != nil:
		return Result{Skipped: err.Error(), Quiet: errors.Is(err, gitrepo.ErrNotWorkTree)}
	}
	defer repo.Close()
	shallow, err := repo.Shallow()
	switch {
	case err != nil:
		return Result{Skipped: err.Error()}
	case shallow:
		return Result{Skipped: Shallow}
	case !repo.HasCommits():
		return Result{Skipped: "nothing is committed yet", Quiet: true}
	}
	findings, err := Check(repo, s)
	if err != nil {
		return Result{Skipped: err.Error()}
	}
	return Result{Findings: findings}
}
