// Package graphviztest gives tests that render diagrams a real Graphviz
// worker: it builds cmd/infradoc-graphviz once per test binary, with the go
// command that runs the tests, and points $INFRADOC_GRAPHVIZ at it, so that
// `go test ./...` works on a fresh clone and every render goes through a
// worker process, as in infradoc.
//
//	func TestMain(m *testing.M) { os.Exit(graphviztest.Main(m)) }
package graphviztest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/infradoc/infradoc/render/graphviz/internal/wire"
)

// EnvWorker is the variable infradoc finds the worker by (it is
// render/graphviz.EnvWorker, which this package cannot import: render's
// own tests use it).
const EnvWorker = "INFRADOC_GRAPHVIZ"

// workerPackage is the worker program's import path.
const workerPackage = "github.com/infradoc/infradoc/cmd/infradoc-graphviz"

// TestingM is what Main needs of *testing.M.
type TestingM interface{ Run() int }

var (
	buildOnce sync.Once
	buildDir  string
	buildPath string
	buildErr  error
)

// Main builds the worker, sets $INFRADOC_GRAPHVIZ to it in this process
// (and so in every process it starts), runs the tests, stops the worker
// RenderRaw started and removes the build; it returns m.Run's status, or
// 1 when the worker cannot be built.
func Main(m TestingM) int {
	path, err := Worker()
	if err != nil {
		fmt.Fprintf(os.Stderr, "graphviztest: %v\n", err)
		return 1
	}
	os.Setenv(EnvWorker, path)
	defer cleanup()
	return m.Run()
}

// Wrap returns m with Main's set-up and clean-up around its Run, for test
// mains that call Run themselves (testscript.Main).
func Wrap(m TestingM) TestingM { return wrapped{m} }

type wrapped struct{ m TestingM }

func (w wrapped) Run() int { return Main(w.m) }

// Worker builds the worker once into a temporary folder every user may
// read and returns its path.
func Worker() (string, error) {
	buildOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		if buildDir, buildErr = os.MkdirTemp("", "infradoc-graphviz-test-"); buildErr != nil {
			return
		}
		if buildErr = os.Chmod(buildDir, 0o755); buildErr != nil {
			return
		}
		exe := filepath.Join(buildDir, "infradoc-graphviz")
		if runtime.GOOS == "windows" {
			exe += ".exe"
		}
		out, err := exec.Command(goTool, "build", "-o", exe, workerPackage).CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("building %s: %v\n%s", workerPackage, err, out)
			return
		}
		buildPath = exe
	})
	return buildPath, buildErr
}

// cleanup stops the shared worker and removes the build.
func cleanup() {
	shared.mu.Lock()
	shared.stop()
	shared.mu.Unlock()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
}

// sharedWorker is RenderRaw's worker process.
type sharedWorker struct {
	mu     sync.Mutex
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr bytes.Buffer
}

var shared sharedWorker

// RenderRaw renders dot in a worker process started on first use and kept
// for the test binary's life (one render at a time), and returns
// Graphviz's own SVG, which graphviz.FinishSVG makes infradoc's. It is for
// tests of package render, which render/graphviz's Renderer imports.
func RenderRaw(dot string) ([]byte, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.cmd == nil {
		if err := start(); err != nil {
			return nil, err
		}
	}
	rep, err := exchange(dot)
	if err != nil {
		msg := shared.stderr.String()
		shared.stop()
		return nil, fmt.Errorf("the Graphviz worker stopped: %v %s", err, msg)
	}
	if rep.ErrText != "" {
		return nil, errors.New(rep.ErrText)
	}
	return rep.SVG, nil
}

func exchange(dot string) (wire.Reply, error) {
	if err := wire.WriteRequest(shared.stdin, dot); err != nil {
		return wire.Reply{}, err
	}
	return wire.ReadReply(shared.stdout)
}

// start starts the shared worker and reads its greeting.
func start() error {
	exe, err := Worker()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe, wire.WorkerArg)
	shared.stderr.Reset()
	cmd.Stderr = &shared.stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	shared.cmd, shared.stdin, shared.stdout = cmd, stdin, bufio.NewReader(stdout)
	line, err := shared.stdout.ReadString('\n')
	if err != nil || line != wire.Hello {
		shared.stop()
		return fmt.Errorf("the Graphviz worker greeted %q (%v), want %q", line, err, wire.Hello)
	}
	return nil
}

// stop ends the worker, if any, and waits for it; s.mu is held.
func (s *sharedWorker) stop() {
	if s.cmd == nil {
		return
	}
	s.stdin.Close()
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}
