// Package engine runs Graphviz (go-graphviz: Graphviz compiled to
// WebAssembly, run by wazero) and chroma (package highlight) in this
// process. Only the worker program cmd/infradoc-graphviz imports it:
// go-graphviz compiles its WebAssembly module in an init function, some
// 90 ms before main in every process that links it, and chroma's
// initialisers parse its lexer definitions, some 40 ms more, so infradoc
// itself never does and renders through render/graphviz, which starts
// this package's Serve in worker processes.
//
// A program importing engine must first import
// cmd/internal/usercache/graphviztmp (see there), so that go-graphviz
// caches its compiled code in a folder only the user can write to.
package engine

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync"

	"github.com/goccy/go-graphviz"
	"github.com/infradoc/infradoc/render/graphviz/engine/highlight"
	"github.com/infradoc/infradoc/render/graphviz/internal/wire"
)

// WorkerArg is the argument that makes infradoc-graphviz run Serve.
const WorkerArg = wire.WorkerArg

// Hello is the line Serve greets with: the protocol's version and the
// Graphviz it runs.
const Hello = wire.Hello

// mu serialises every use of go-graphviz in the process: v0.2.10 shares
// one WebAssembly instance and crashes or corrupts renders when two
// goroutines use it at once.
var mu sync.Mutex

// files is the only file system Graphviz may read (tests swap it to prove
// the closing works).
var files fs.FS = noFS{}

// noFS is the file system Graphviz sees: it has no files, so neither an
// image, shapefile or stylesheet attribute nor an include can read the
// host.
type noFS struct{}

func (noFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
}

// Render runs Graphviz's dot layout and SVG renderer on dot and returns
// Graphviz's SVG as it is (graphviz.FinishSVG makes infradoc's of it).
// Renders are serialised by a process-wide lock; Graphviz ignores ctx
// once a layout has started, which is why infradoc runs it in a worker
// process it can kill.
func Render(ctx context.Context, dot string) (raw []byte, err error) {
	mu.Lock()
	defer mu.Unlock()
	graphviz.SetFileSystem(files)
	// go-graphviz reports some WebAssembly failures by panicking.
	defer func() {
		if r := recover(); r != nil {
			raw, err = nil, fmt.Errorf("graphviz: %v", r)
		}
	}()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes([]byte(dot))
	if err != nil {
		return nil, fmt.Errorf("graphviz: parsing DOT: %w", err)
	}
	defer g.Close()
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	if buf.Len() == 0 {
		return nil, errors.New("graphviz: empty SVG")
	}
	return buf.Bytes(), nil
}

// Serve is the worker (see render/graphviz/internal/wire for the
// protocol): it greets, then answers every request on in, in order, one
// reply each (an SVG of a diagram, chroma's HTML of a code block, or an
// error), with its peak memory so that the parent can replace it before
// the memory Graphviz keeps across renders grows too large. It returns nil
// when in ends between requests.
func Serve(in io.Reader, out io.Writer) error {
	r := bufio.NewReader(in)
	w := bufio.NewWriter(out)
	if _, err := w.WriteString(wire.Hello); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	for {
		req, err := wire.ReadRequest(r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil && !errors.Is(err, wire.ErrTooLarge) {
			return err
		}
		status, payload := answer(req, err)
		if err := wire.WriteReply(w, status, wire.SelfPeakRSS(), payload); err != nil {
			return err
		}
	}
}

// answer runs one request (or reports readErr, a request that was too
// large) and returns the reply's status and payload.
func answer(req wire.Request, readErr error) (status byte, payload []byte) {
	var out []byte
	err := readErr
	switch {
	case err != nil:
	case req.Kind == wire.KindHighlight:
		var ok bool
		if out, ok, err = highlight.Highlight(req.Language, req.Code); err == nil && !ok {
			return wire.StatusPlain, nil
		}
		status = wire.StatusHTML
	default:
		out, err = Render(context.Background(), string(req.DOT))
		status = wire.StatusSVG
	}
	if err != nil {
		return wire.StatusError, []byte(err.Error())
	}
	return status, out
}
