package githistory

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/google/renameio/v2"
	"github.com/infradoc/infradoc/site/gitrepo"
)

// The state changes found in a registry file's commits are kept between
// runs: walking the history takes git longer than validating does, and
// grows with the repository, while the answer changes only with HEAD.
// Each work tree and registry file has one cache file, holding the answer
// for one HEAD; a new commit replaces it.

// cacheFormat changes whenever what is cached, or how changes are found,
// changes: an older file then misses.
const cacheFormat = "githistory/1"

// cached is a cache file.
type cached struct {
	// Key is cacheFormat, HEAD and the read limit the changes were found
	// with.
	Key     string                    `json:"key"`
	Changes map[string][]cachedChange `json:"changes"`
}

type cachedChange struct {
	From   string    `json:"from"`
	To     string    `json:"to"`
	Commit string    `json:"commit"`
	Author time.Time `json:"author"`
}

// cachePath is the cache file of file in repo's work tree.
func cachePath(dir string, repo *gitrepo.Repo, file string) string {
	sum := sha256.Sum256([]byte(repo.Top() + "\x00" + file))
	return filepath.Join(dir, "history-"+hex.EncodeToString(sum[:12])+".json")
}

func cacheKey(repo *gitrepo.Repo, limit int64) string {
	return cacheFormat + " " + repo.Head() + " " + strconv.FormatInt(limit, 10)
}

// readCache returns the changes kept for file at repo's HEAD; ok is false
// when there are none (no cache, another HEAD, an unreadable file).
func readCache(dir string, repo *gitrepo.Repo, file string, limit int64) (map[string][]change, bool) {
	if dir == "" || repo.Head() == "" {
		return nil, false
	}
	data, err := os.ReadFile(cachePath(dir, repo, file))
	if err != nil {
		return nil, false
	}
	var c cached
	if json.Unmarshal(data, &c) != nil || c.Key != cacheKey(repo, limit) {
		return nil, false
	}
	changes := make(map[string][]change, len(c.Changes))
	for item, list := range c.Changes {
		for _, x := range list {
			changes[item] = append(changes[item], change{from: x.From, to: x.To,
				commit: gitrepo.Commit{Hash: x.Commit, Author: x.Author}})
		}
	}
	return changes, true
}

// writeCache keeps changes for file at repo's HEAD. A cache that cannot be
// written only costs the next run the walk again.
func writeCache(dir string, repo *gitrepo.Repo, file string, limit int64, changes map[string][]change) {
	if dir == "" || repo.Head() == "" {
		return
	}
	c := cached{Key: cacheKey(repo, limit), Changes: make(map[string][]cachedChange, len(changes))}
	for item, list := range changes {
		for _, x := range list {
			c.Changes[item] = append(c.Changes[item], cachedChange{From: x.from, To: x.to, Commit: x.commit.Hash, Author: x.commit.Author})
		}
	}
	data, err := json.Marshal(c)
	if err != nil {
		return
	}
	_ = renameio.WriteFile(cachePath(dir, repo, file), data, 0o600)
}
