package cli

import (
	"errors"

	"github.com/infradoc/infradoc/site/gitrepo"
	"github.com/infradoc/infradoc/site/regdiff"
)

// errEmbedded is the refusal to read git history of the embedded content/.
var errEmbedded = errors.New("the embedded content/ has no git history: run infradoc inside a git work tree, or give --root or --config")

// loadAtRef loads the repository the input flags name as the git commit
// ref holds it: the files of the commit under the root's folder, loaded as
// every command loads the work tree (site.Load through an fs.FS). Its
// findings are the loading's, with "ref:" before each file name; a
// registry or obligations the commit does not hold is compared as empty,
// with a note (regdiff.Load). A bad ref is a *gitrepo.RefError; a root
// outside a git work tree wraps gitrepo.ErrNotWorkTree.
func (c *Command) loadAtRef(in *inputFlags, ref string) (*regdiff.Side, error) {
	r, err := c.resolve(in)
	if err != nil {
		return nil, err
	}
	if r.Dir == "" {
		return nil, errEmbedded
	}
	repo, err := gitrepo.Open(r.Dir)
	if err != nil {
		return nil, err
	}
	// Loading reads everything it needs before it returns.
	defer repo.Close()
	tree, err := repo.Tree(ref, repo.Prefix())
	if err != nil {
		var re *gitrepo.RefError
		if errors.As(err, &re) {
			if repo.Shallow() {
				re.Why += " (this clone is shallow: fetch the history, e.g. actions/checkout with fetch-depth: 0)"
			}
		}
		return nil, err
	}
	opts := r.Opts
	opts.FS = tree
	return regdiff.Load(opts, ref, tree.Commit())
}
