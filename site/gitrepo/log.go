package gitrepo

import (
	"fmt"
	"strings"
	"time"
)

// Commit is a commit that changed one file, with the file's blob in the
// commit and in its first parent.
type Commit struct {
	// Hash is the full commit hash.
	Hash string
	// Author is when the change was written (rebases and cherry-picks keep
	// it); Committer is when the commit was made.
	Author, Committer time.Time
	// Before and After are the file's blob ids in the first parent and in
	// the commit: "" when the file did not exist there or was not a
	// regular file (a symbolic link, a submodule). Read them with
	// Repo.ReadBlob.
	Before, After string
}

// FileLog returns the commits reachable from HEAD that changed the file p
// (a path from the top of the work tree, with slashes), oldest first
// (parents before children).
//
// Merge commits are left out: a change is attributed to the commit that
// made it on its branch, not to the merge that brought it in, so each
// change appears once. Renames are not followed (no --follow): the log is
// of the path the config names now, and --follow's similarity guess could
// join the history of another file; the versions before a rename are
// simply not seen, so they cannot give a false result.
func (r *Repo) FileLog(p string) ([]Commit, error) {
	if p == "" || strings.ContainsAny(p, "\x00\n") {
		return nil, fmt.Errorf("gitrepo: bad path %q", p)
	}
	out, err := r.run("--literal-pathspecs", "log", "--reverse", "--topo-order", "--no-merges", "--no-renames",
		"--raw", "--no-abbrev", "-z", "--format=%H%x00%aI%x00%cI", "HEAD", "--", p)
	if err != nil {
		return nil, err
	}
	return parseLog(string(out))
}

// parseLog reads the records of FileLog's git log: with -z, each commit
// is "<hash>\0<author date>\0<committer date>\0", then a raw diff line
// per path changed (one: the log is limited to one path), each
// "\n:<old mode> <new mode> <old id> <new id> <status>\0<path>\0" (the
// newline starts the diff part only).
func parseLog(out string) ([]Commit, error) {
	tokens := strings.Split(out, "\x00")
	var commits []Commit
	for i := 0; i < len(tokens); {
		if tokens[i] == "" || tokens[i] == "\n" {
			i++
			continue
		}
		if i+3 > len(tokens) {
			return nil, fmt.Errorf("git log: truncated record %q", tokens[i])
		}
		c := Commit{Hash: tokens[i]}
		if !isHash(c.Hash) {
			return nil, fmt.Errorf("git log: unexpected record %q", tokens[i])
		}
		var err error
		if c.Author, err = time.Parse(time.RFC3339, tokens[i+1]); err != nil {
			return nil, fmt.Errorf("git log: author date: %w", err)
		}
		if c.Committer, err = time.Parse(time.RFC3339, tokens[i+2]); err != nil {
			return nil, fmt.Errorf("git log: committer date: %w", err)
		}
		i += 3
		for i+1 < len(tokens) && strings.HasPrefix(strings.TrimLeft(tokens[i], "\n"), ":") {
			f := strings.Fields(strings.TrimLeft(tokens[i], "\n:"))
			if len(f) != 5 {
				return nil, fmt.Errorf("git log: unexpected diff line %q", tokens[i])
			}
			c.Before, c.After = blobOf(f[0], f[2]), blobOf(f[1], f[3])
			i += 2 // the line and its path
		}
		commits = append(commits, c)
	}
	return commits, nil
}

// blobOf returns id when mode is a regular file's, else "".
func blobOf(mode, id string) string {
	if (mode == "100644" || mode == "100755") && isHash(id) && strings.Trim(id, "0") != "" {
		return id
	}
	return ""
}
