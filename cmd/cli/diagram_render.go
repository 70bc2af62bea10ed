package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/renameio/v2"
	"github.com/infradoc/infradoc/cmd/internal/usercache"
	"github.com/infradoc/infradoc/render"
)

// Environment variables that tune SVG rendering.
const (
	// envCacheDir overrides where rendered SVGs are cached.
	envCacheDir = "INFRADOC_CACHE_DIR"
	// envRenderTimeout is the time limit of one render, as a Go duration
	// ("20s"); defaultRenderTimeout when unset.
	envRenderTimeout = "INFRADOC_RENDER_TIMEOUT"
)

// defaultRenderTimeout bounds one Graphviz render in its child process.
const defaultRenderTimeout = 20 * time.Second

// renderChildCommand is the hidden subcommand a child process runs: DOT on
// stdin, SVG on stdout.
const renderChildCommand = "__render-svg"

// maxDOTBytes bounds the DOT a child accepts on stdin.
const maxDOTBytes = 64 << 20

func init() {
	// go-graphviz, which render imports and which is therefore initialised
	// before this package, has made its compiled-code cache in the private
	// TMPDIR usercache set up before it; the rest of the program, test
	// binaries included, gets the user's TMPDIR back. Render children get
	// the private one again (usercache.ChildEnv).
	usercache.RestoreTempDir()
	register(subcommand{
		name:    renderChildCommand,
		summary: "render DOT from stdin to SVG on stdout (used internally)",
		usage:   "< FILE.dot",
		run:     runRenderChild,
		hidden:  true,
	})
}

// svgRenderer renders DOT to SVG through a content-addressed disk cache,
// running Graphviz in long-lived child processes (a pool of workers, see
// renderWorkerCommand) with a time limit per render. Close it when done.
type svgRenderer struct {
	// cacheDir holds <DOTHash>.svg files; "" disables the cache.
	cacheDir string
	// timeout bounds one child render.
	timeout time.Duration
	// exe and args start a single-render child; exe "" renders in this
	// process.
	exe  string
	args []string
	// workerArgs start a worker child of exe; nil renders every diagram in
	// a single-render child.
	workerArgs []string
	// sem bounds the number of single-render children running at once.
	sem chan struct{}
	// poolOnce creates pool, the worker children, on the first cache miss.
	poolOnce sync.Once
	pool     *workerPool
	// noWorker is set once exe turned out not to know the worker command.
	noWorker atomic.Bool
	// closed is set by Close.
	closed atomic.Bool
	// peakChildRSS is the largest peak resident set size of any child so
	// far, in bytes (0 when unknown): what one render costs in memory.
	peakChildRSS atomic.Int64
}

// cacheDir is where infradoc keeps what it can make again: the rendered
// diagrams and the stamps of builds; $INFRADOC_CACHE_DIR, else
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

// newSVGRenderer returns the renderer of c: the cache in $INFRADOC_CACHE_DIR,
// else os.UserCacheDir()/infradoc/diagrams, and children re-executing this
// program with a time limit of $INFRADOC_RENDER_TIMEOUT (default 20s).
func newSVGRenderer(c *Command) *svgRenderer {
	r := &svgRenderer{timeout: defaultRenderTimeout, sem: make(chan struct{}, max(1, runtime.NumCPU()))}
	if v := c.Getenv(envRenderTimeout); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d > 0 {
			r.timeout = d
		} else if c.Stderr != nil {
			fmt.Fprintf(c.Stderr, "infradoc: ignoring %s=%q: want a duration such as 30s; using %s\n", envRenderTimeout, v, defaultRenderTimeout)
		}
	}
	r.cacheDir = c.cacheDir()
	// Graphviz (compiled to WebAssembly) cannot be interrupted, is not safe
	// for concurrent use and keeps the memory of big layouts, so renders
	// run in copies of this program (workers, each rendering many
	// diagrams) that are killed at the time limit and replaced after a
	// number of renders or past a memory size. When the running program cannot be found (os.Executable
	// is unsupported or the file was removed) there is nothing to re-exec:
	// exe stays "" and renders run in this process behind render's lock.
	if exe, err := os.Executable(); err == nil {
		if _, err := os.Stat(exe); err == nil {
			r.exe = exe
			r.args = []string{renderChildCommand, "--report-memory"}
			r.workerArgs = []string{renderWorkerCommand}
		}
	}
	return r
}

// Render returns the SVG of dot, from the cache when it holds one.
func (r *svgRenderer) Render(dot string) ([]byte, error) {
	hash := render.DOTHash(dot)
	if svg := r.cached(hash); svg != nil {
		return svg, nil
	}
	svg, err := r.renderFresh(dot)
	if err != nil {
		return nil, err
	}
	if render.SVGDOTHash(svg) != hash {
		return nil, errors.New("diagram renderer returned an SVG for other DOT")
	}
	if err := render.CheckSVG(svg); err != nil {
		return nil, fmt.Errorf("diagram renderer returned an unsafe SVG: %w", err)
	}
	r.store(hash, svg)
	return svg, nil
}

// cached returns the cached SVG for hash, or nil. A file that is not a
// complete, safe SVG of that hash is ignored (and overwritten later).
func (r *svgRenderer) cached(hash string) []byte {
	if r.cacheDir == "" {
		return nil
	}
	svg, err := os.ReadFile(filepath.Join(r.cacheDir, hash+".svg"))
	if err != nil || render.SVGDOTHash(svg) != hash || render.CheckSVG(svg) != nil {
		return nil
	}
	return svg
}

// store writes the SVG atomically; a cache that cannot be written only
// costs a re-render next time, so errors are ignored.
func (r *svgRenderer) store(hash string, svg []byte) {
	if r.cacheDir == "" {
		return
	}
	if err := os.MkdirAll(r.cacheDir, 0o700); err != nil {
		return
	}
	_ = renameio.WriteFile(filepath.Join(r.cacheDir, hash+".svg"), svg, 0o600)
}

// errNoChildMode means the executable does not know the child command.
var errNoChildMode = errors.New("the executable cannot render diagrams in a child process")

// Close stops the worker children and waits for the idle ones to exit;
// a render still running stops its child when it ends. Renders after
// Close fail. Close may be called more than once.
func (r *svgRenderer) Close() error {
	r.closed.Store(true)
	r.poolOnce.Do(func() {}) // no pool may start after this
	if r.pool != nil {
		r.pool.close()
	}
	return nil
}

// workers returns the worker pool, created on first use.
func (r *svgRenderer) workers() *workerPool {
	r.poolOnce.Do(func() {
		r.pool = newWorkerPool(r.exe, r.workerArgs, r.timeout, cap(r.sem))
		r.pool.onPeakRSS = r.notePeakRSS
	})
	return r.pool
}

// notePeakRSS records a child's peak memory if it is the largest so far.
func (r *svgRenderer) notePeakRSS(rss int64) {
	for old := r.peakChildRSS.Load(); rss > old && !r.peakChildRSS.CompareAndSwap(old, rss); old = r.peakChildRSS.Load() {
	}
}

// renderFresh renders without the cache: on a worker child when possible,
// else in a single-render child, else in this process.
func (r *svgRenderer) renderFresh(dot string) ([]byte, error) {
	if r.closed.Load() {
		return nil, errRendererClosed
	}
	if r.exe == "" {
		return render.SVG(context.Background(), dot)
	}
	if r.workerArgs != nil && !r.noWorker.Load() {
		pool := r.workers()
		if pool == nil {
			return nil, errRendererClosed
		}
		svg, err := pool.render(dot)
		if !errors.Is(err, errNoChildMode) {
			return svg, err
		}
		// An older executable, or a program embedding cli that knows
		// only the single-render command.
		r.noWorker.Store(true)
	}
	svg, err := r.renderChild(dot)
	if errors.Is(err, errNoChildMode) {
		// A program embedding cli without dispatching to it (so the child
		// command is unknown): rendering here is the only way left.
		return render.SVG(context.Background(), dot)
	}
	return svg, err
}

// renderChild runs one child process and returns its SVG.
func (r *svgRenderer) renderChild(dot string) ([]byte, error) {
	r.sem <- struct{}{}
	defer func() { <-r.sem }()
	ctx, cancel := context.WithTimeout(context.Background(), r.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, r.exe, r.args...)
	// argv[0] is the program's name so that a test binary dispatching on
	// its name (testscript) runs infradoc too.
	cmd.Args = append([]string{"infradoc"}, r.args...)
	cmd.Env = usercache.ChildEnv(os.Environ())
	cmd.Stdin = strings.NewReader(dot)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	if rss := childPeakRSS(stderr.Bytes()); rss > 0 {
		r.notePeakRSS(rss)
	}
	if ctx.Err() == context.DeadlineExceeded {
		return nil, fmt.Errorf("diagram render exceeded its time limit of %s (set %s to raise it; a graph this big may need summarising)", r.timeout, envRenderTimeout)
	}
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == ExitUsage {
			return nil, errNoChildMode
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("diagram render failed: %s", msg)
	}
	return stdout.Bytes(), nil
}

// runRenderChild is the child: it reads DOT on stdin and writes the SVG.
// With --report-memory it ends its stderr with its peak memory, which the
// parent cannot measure itself (a child's rusage includes the parent's
// peak from before exec).
func runRenderChild(c *Command, args []string) int {
	reportMemory := len(args) > 0 && args[0] == "--report-memory"
	if reportMemory {
		args = args[1:]
	}
	if len(args) > 0 {
		return c.usageError(renderChildCommand, "unexpected argument %q", args[0])
	}
	dot, err := io.ReadAll(io.LimitReader(c.Stdin, maxDOTBytes+1))
	if err != nil {
		return c.failure(renderChildCommand, err)
	}
	if len(dot) > maxDOTBytes {
		return c.failure(renderChildCommand, fmt.Errorf("DOT larger than %d bytes", maxDOTBytes))
	}
	svg, err := render.SVG(context.Background(), string(dot))
	if err != nil {
		return c.failure(renderChildCommand, err)
	}
	if _, err := c.Stdout.Write(svg); err != nil {
		return c.failure(renderChildCommand, err)
	}
	if reportMemory {
		if rss := selfPeakRSS(); rss > 0 {
			fmt.Fprintf(c.Stderr, "%s%d\n", peakRSSPrefix, rss)
		}
	}
	return ExitOK
}

// peakRSSPrefix starts the child's memory report on stderr.
const peakRSSPrefix = "infradoc-render-peak-rss-bytes: "

// selfPeakRSS returns this process's peak resident set size in bytes from
// /proc/self/status (VmHWM, Linux), or 0 when unknown.
func selfPeakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// childPeakRSS reads the child's memory report from its stderr, or 0.
func childPeakRSS(stderr []byte) int64 {
	for _, line := range strings.Split(string(stderr), "\n") {
		if rest, ok := strings.CutPrefix(line, peakRSSPrefix); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(rest), 10, 64)
			return n
		}
	}
	return 0
}
