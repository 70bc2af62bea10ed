package cli

import (
	"fmt"
	"os"
	"sync"

	"github.com/infradoc/infradoc/cmd/internal/usercache"
	"github.com/infradoc/infradoc/render/graphviz"
)

// envCacheDir overrides where rendered SVGs (and build stamps) are cached.
const envCacheDir = "INFRADOC_CACHE_DIR"

// cacheDir is where infradoc keeps what it can make again: the rendered
// diagrams, the stamps of builds and the registry's state changes found
// in git (githistory); $INFRADOC_CACHE_DIR, else
// os.UserCacheDir()/infradoc/diagrams. It is created 0700 if need be and
// must be a folder owned by this user that others cannot write to: a
// cache another user could fill would choose the diagrams a build
// publishes. "" when there is no such folder (nothing is then cached); a
// folder refused as unsafe is reported on stderr, once per process.
func (c *Command) cacheDir() string {
	var dir string
	var err error
	if dir = c.Getenv(envCacheDir); dir != "" {
		err = usercache.Private(dir)
	} else {
		dir, err = usercache.Dir("diagrams")
	}
	if err != nil {
		if usercache.IsUnsafe(err) && c.Stderr != nil {
			if _, warned := unsafeCacheWarned.LoadOrStore(err.Error(), true); !warned {
				fmt.Fprintf(c.Stderr, "infradoc: not caching diagrams or build stamps: %v\n", err)
			}
		}
		return ""
	}
	return dir
}

// unsafeCacheWarned holds the unsafe-cache messages already printed.
var unsafeCacheWarned sync.Map

// newSVGRenderer returns the diagram renderer of c (see render/graphviz:
// Graphviz runs in infradoc-graphviz worker processes, which this program
// does not link): the cache of cacheDir, the time limit of
// $INFRADOC_RENDER_TIMEOUT (default 20s), workers built on first use kept
// in os.UserCacheDir()/infradoc/bin, and workers that cache Graphviz's
// compiled code in the private folder of usercache.GraphvizTempDir.
func newSVGRenderer(c *Command) *graphviz.Renderer {
	return graphviz.New(graphviz.Options{
		CacheDir:   c.cacheDir(),
		Timeout:    graphviz.TimeoutFromEnv(c.Getenv, c.Stderr),
		Stderr:     c.Stderr,
		PrivateDir: usercache.Dir,
		WorkerEnv:  c.graphvizWorkerEnv,
	})
}

// graphvizWorkerEnv is the environment of a Graphviz worker: this
// process's, with TMPDIR pointing at a folder only this user can write to
// (usercache.ChildEnv). A folder refused as unsafe is reported on stderr,
// once per process.
func (c *Command) graphvizWorkerEnv() []string {
	if _, problem := usercache.GraphvizTempDir(); problem != nil && c.Stderr != nil {
		if _, warned := unsafeCacheWarned.LoadOrStore(problem.Error(), true); !warned {
			fmt.Fprintf(c.Stderr, "infradoc: not caching Graphviz's compiled code in an unsafe folder: %v\n", problem)
		}
	}
	return usercache.ChildEnv(os.Environ())
}
