// Package graphviz turns infradoc's diagrams from DOT into SVG: package
// render builds the DOT (render/diagram*), this package runs it. It is the
// renderer of build, fix, diagram and serve: a cache of finished SVGs, a
// pool of worker processes with a time limit per render and replacement of
// workers that grew too large, the post-processing and safety check of
// every SVG (FinishSVG, CheckSVG), and the finding of the
// worker program. The same workers and cache colour the site's fenced code
// with chroma (HighlightCode, highlight.go), which infradoc does not link
// either: its lexers' initialisers would slow every command.
//
// # Graphviz runs in another program
//
// Graphviz itself (go-graphviz: Graphviz compiled to WebAssembly, run by
// wazero) is linked only into the worker program infradoc-graphviz
// (cmd/infradoc-graphviz, package engine); this package and infradoc never
// import it. go-graphviz compiles its WebAssembly module in an init
// function, about 90 ms before main in every process that links it: when
// infradoc linked it, `infradoc version` took 143 ms and the pre-commit
// hook's check 155 ms, nearly all of it that init. Now only the commands
// that render a diagram that is not cached start a worker.
//
// Two other ways were weighed and rejected. A go-graphviz that initialises
// on first use, proposed upstream and used meanwhile through a replace
// directive, would break `go install github.com/infradoc/infradoc/cmd/
// infradoc@version`, which refuses a module whose go.mod has replace
// directives; and copying the library into this module makes a second copy
// of a library to keep up. Workers were processes already (Graphviz cannot
// be interrupted, is not safe for concurrent use and keeps the memory of
// big layouts), so the only cost of a separate program is finding it.
//
// # Finding the worker
//
// The first render that misses the cache looks for infradoc-graphviz, in
// order:
//
//  1. $INFRADOC_GRAPHVIZ, read from the process's environment: a path, or
//     a name looked up in $PATH;
//  2. infradoc-graphviz beside the running executable (os.Executable, and
//     the file it links to): `go install github.com/infradoc/infradoc/cmd/
//     ...@latest` and `go build -o bin/ ./cmd/...` put it there;
//  3. one built on first use into os.UserCacheDir()/infradoc/bin (a folder
//     only the user can write to), with one line on stderr while it builds:
//     for a released infradoc (its module version, from
//     debug.ReadBuildInfo, is a version the go command can fetch),
//     `go install github.com/infradoc/infradoc/cmd/infradoc-graphviz@<that
//     version>`; for one built from a source tree ("(devel)", a "+dirty"
//     version, or a pseudo-version), `go build ./cmd/infradoc-graphviz` in
//     the source tree found by walking up from the working directory to a
//     go.mod of module github.com/infradoc/infradoc, kept under a hash of
//     the running executable's bytes, so a changed source tree rebuilds;
//  4. otherwise renders fail with an error saying how to install it; the
//     commands leave such a diagram out with a warning, as any diagram
//     that cannot be rendered.
//
// A worker greets with wire.Hello, which names the protocol and the
// Graphviz and chroma it runs; one that greets otherwise (another program,
// the worker of an infradoc with an older protocol, or with another
// Graphviz or chroma, whose output the cache would file under the wrong
// name) is refused.
package graphviz

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/renameio/v2"
)

// Environment variables this package reads.
const (
	// EnvWorker names the worker program (step 1 of the search).
	EnvWorker = "INFRADOC_GRAPHVIZ"
	// EnvTimeout is the time limit of one render, as a Go duration
	// ("20s"); DefaultTimeout when unset (see TimeoutFromEnv).
	EnvTimeout = "INFRADOC_RENDER_TIMEOUT"
)

// DefaultTimeout bounds one Graphviz render in its worker.
const DefaultTimeout = 20 * time.Second

// ErrClosed is returned by a render after Close.
var ErrClosed = errors.New("diagram renderer is closed")

// Options configure a Renderer.
type Options struct {
	// CacheDir holds finished SVGs as <DOTHash>.svg; "" caches nothing.
	// It must be a folder only this user can write to: the cache chooses
	// the diagrams a build publishes (its SVGs are checked all the same).
	CacheDir string
	// Timeout bounds one render (DefaultTimeout when 0): the worker is
	// killed at the limit.
	Timeout time.Duration
	// Stderr receives the line printed while the worker is built on first
	// use; nil discards it.
	Stderr io.Writer
	// PrivateDir returns the folder os.UserCacheDir()/infradoc/<name>,
	// created if need be, that only this user can write to
	// (usercache.Dir); the worker built on first use is kept in
	// PrivateDir("bin"). Nil: no worker is built.
	PrivateDir func(name string) (string, error)
	// WorkerEnv returns the environment of a worker process; nil means
	// os.Environ(). It is called when the first worker starts.
	WorkerEnv func() []string
}

// Renderer renders DOT to SVG through the cache and a pool of workers (see
// the package comment). It is safe for concurrent use; Close it when done.
type Renderer struct {
	cacheDir string
	timeout  time.Duration
	opts     Options

	// findOnce sets exe (and args, the worker's arguments) or findErr.
	findOnce sync.Once
	exe      string
	args     []string
	findErr  error

	// poolOnce creates pool, the worker processes, on the first cache
	// miss.
	poolOnce sync.Once
	pool     *workerPool
	// closed is set by Close.
	closed atomic.Bool
	// peakWorkerRSS is the largest peak resident set size any worker
	// reported, in bytes (0 when unknown): what one render costs in memory.
	peakWorkerRSS atomic.Int64
}

// New returns a renderer; it starts nothing until a render misses the
// cache.
func New(opts Options) *Renderer {
	r := &Renderer{cacheDir: opts.CacheDir, timeout: opts.Timeout, opts: opts}
	if r.timeout <= 0 {
		r.timeout = DefaultTimeout
	}
	return r
}

// TimeoutFromEnv returns the time limit $INFRADOC_RENDER_TIMEOUT (read
// with getenv) asks for, or DefaultTimeout; a value that is not a positive
// Go duration is reported on warn (when not nil) and ignored.
func TimeoutFromEnv(getenv func(string) string, warn io.Writer) time.Duration {
	v := getenv(EnvTimeout)
	if v == "" {
		return DefaultTimeout
	}
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return d
	}
	if warn != nil {
		fmt.Fprintf(warn, "infradoc: ignoring %s=%q: want a duration such as 30s; using %s\n", EnvTimeout, v, DefaultTimeout)
	}
	return DefaultTimeout
}

// Render returns the SVG of dot, from the cache when it holds one, else
// drawn by a worker and finished by FinishSVG (and then cached).
func (r *Renderer) Render(dot string) ([]byte, error) {
	hash := DOTHash(dot)
	if svg := r.cached(hash); svg != nil {
		return svg, nil
	}
	raw, err := r.draw(dot)
	if err != nil {
		return nil, err
	}
	svg, err := FinishSVG(raw, dot)
	if err != nil {
		return nil, fmt.Errorf("the Graphviz renderer's SVG was refused: %w", err)
	}
	r.store(hash, svg)
	return svg, nil
}

// CachedUnchecked returns the cached SVG of dot when the cache holds one
// that records dot's hash, without the XML parse of CheckSVG: for a
// caller that checks what it publishes itself (html.Site.Build
// inlines or publishes an SVG only after its own byte scan), so that a
// warm build of 10,000 diagrams does not parse them twice. Nil means not
// cached: Render it.
func (r *Renderer) CachedUnchecked(dot string) []byte {
	if r.cacheDir == "" {
		return nil
	}
	hash := DOTHash(dot)
	svg, err := os.ReadFile(filepath.Join(r.cacheDir, hash+".svg"))
	if err != nil || SVGDOTHash(svg) != hash {
		return nil
	}
	return svg
}

// CacheDir returns the folder of the cache, "" when there is none.
func (r *Renderer) CacheDir() string { return r.cacheDir }

// PeakWorkerRSS returns the largest peak resident set size a worker
// reported so far, in bytes (0 when unknown).
func (r *Renderer) PeakWorkerRSS() int64 { return r.peakWorkerRSS.Load() }

// cached returns the cached SVG for hash, or nil. A file that is not a
// complete, safe SVG of that hash is ignored (and overwritten later).
func (r *Renderer) cached(hash string) []byte {
	if r.cacheDir == "" {
		return nil
	}
	svg, err := os.ReadFile(filepath.Join(r.cacheDir, hash+".svg"))
	if err != nil || SVGDOTHash(svg) != hash || CheckSVG(svg) != nil {
		return nil
	}
	return svg
}

// store writes the SVG atomically; a cache that cannot be written only
// costs a render next time, so errors are ignored.
func (r *Renderer) store(hash string, svg []byte) {
	if r.cacheDir == "" {
		return
	}
	if err := os.MkdirAll(r.cacheDir, 0o700); err != nil {
		return
	}
	_ = renameio.WriteFile(filepath.Join(r.cacheDir, hash+".svg"), svg, 0o600)
}

// draw has a worker draw dot and returns Graphviz's SVG.
func (r *Renderer) draw(dot string) ([]byte, error) {
	if r.closed.Load() {
		return nil, ErrClosed
	}
	pool, err := r.workers()
	if err != nil {
		return nil, err
	}
	return pool.render(dot)
}

// workers returns the worker pool, created on first use once the worker
// program is found.
func (r *Renderer) workers() (*workerPool, error) {
	r.findOnce.Do(func() {
		if r.exe == "" {
			r.exe, r.findErr = findWorker(r.opts)
			r.args = []string{workerArg}
		}
	})
	if r.findErr != nil {
		return nil, r.findErr
	}
	r.poolOnce.Do(func() {
		if r.closed.Load() {
			return
		}
		env := os.Environ()
		if r.opts.WorkerEnv != nil {
			env = r.opts.WorkerEnv()
		}
		r.pool = newWorkerPool(r.exe, r.args, env, r.timeout, maxWorkers())
		r.pool.onPeakRSS = r.notePeakRSS
	})
	if r.pool == nil {
		return nil, ErrClosed
	}
	return r.pool, nil
}

// notePeakRSS records a worker's peak memory if it is the largest so far.
func (r *Renderer) notePeakRSS(rss int64) {
	for old := r.peakWorkerRSS.Load(); rss > old && !r.peakWorkerRSS.CompareAndSwap(old, rss); old = r.peakWorkerRSS.Load() {
	}
}

// Close stops the workers and waits for the idle ones to exit; a render
// still running stops its worker when it ends. Renders that miss the
// cache fail after Close. Close may be called more than once.
func (r *Renderer) Close() error {
	r.closed.Store(true)
	r.poolOnce.Do(func() {}) // no pool may start after this
	if r.pool != nil {
		r.pool.close()
	}
	return nil
}
