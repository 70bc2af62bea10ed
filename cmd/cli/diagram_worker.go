package cli

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/infradoc/infradoc/render"
)

// renderWorkerCommand is the hidden subcommand of a long-lived render
// child: it renders many diagrams over one stdin/stdout pipe, so a build
// pays for starting the program and initialising Graphviz once per child
// instead of once per diagram.
//
// The protocol, all integers big-endian:
//
//	child  -> parent, once:      workerHello
//	parent -> child, per render: uint32 length, DOT bytes
//	child  -> parent, per render: status byte ('S' SVG, 'E' error),
//	                              uint64 peak resident set size in bytes
//	                              (0 when unknown), uint32 length, payload
//	                              (the SVG, or the error message)
//
// The child exits with ExitOK when its stdin ends.
const renderWorkerCommand = "__render-svg-worker"

// workerHello is the first line a worker writes: a program that does not
// know renderWorkerCommand exits with ExitUsage without it.
const workerHello = "infradoc-render-worker 1\n"

// Response statuses of the worker protocol.
const (
	workerStatusSVG   = 'S'
	workerStatusError = 'E'
)

// maxWorkerReply bounds an SVG or error message a parent accepts.
const maxWorkerReply = 256 << 20

func init() {
	register(subcommand{
		name:    renderWorkerCommand,
		summary: "render length-prefixed DOT from stdin to length-prefixed SVG on stdout until stdin ends (used internally)",
		usage:   "",
		run:     runRenderWorker,
		hidden:  true,
	})
}

// runRenderWorker is the worker child: it answers every request on stdin
// in order, one reply each, and reports its peak memory with each reply
// so the parent can replace it before Graphviz's leaks grow too large.
func runRenderWorker(c *Command, args []string) int {
	if len(args) > 0 {
		return c.usageError(renderWorkerCommand, "unexpected argument %q", args[0])
	}
	in := bufio.NewReader(c.Stdin)
	out := bufio.NewWriter(c.Stdout)
	if _, err := out.WriteString(workerHello); err != nil {
		return c.failure(renderWorkerCommand, err)
	}
	if err := out.Flush(); err != nil {
		return c.failure(renderWorkerCommand, err)
	}
	for {
		var size uint32
		if err := binary.Read(in, binary.BigEndian, &size); err != nil {
			if errors.Is(err, io.EOF) {
				return ExitOK
			}
			return c.failure(renderWorkerCommand, err)
		}
		var svg []byte
		var renderErr error
		if size > maxDOTBytes {
			if _, err := io.CopyN(io.Discard, in, int64(size)); err != nil {
				return c.failure(renderWorkerCommand, err)
			}
			renderErr = fmt.Errorf("DOT larger than %d bytes", maxDOTBytes)
		} else {
			dot := make([]byte, size)
			if _, err := io.ReadFull(in, dot); err != nil {
				return c.failure(renderWorkerCommand, err)
			}
			svg, renderErr = render.SVG(context.Background(), string(dot))
		}
		status, payload := byte(workerStatusSVG), svg
		if renderErr != nil {
			status, payload = workerStatusError, []byte(renderErr.Error())
		}
		if err := writeWorkerReply(out, status, selfPeakRSS(), payload); err != nil {
			return c.failure(renderWorkerCommand, err)
		}
	}
}

// writeWorkerReply writes and flushes one reply frame.
func writeWorkerReply(w *bufio.Writer, status byte, peakRSS int64, payload []byte) error {
	var head [13]byte
	head[0] = status
	binary.BigEndian.PutUint64(head[1:9], uint64(max(peakRSS, 0)))
	binary.BigEndian.PutUint32(head[9:13], uint32(len(payload)))
	if _, err := w.Write(head[:]); err != nil {
		return err
	}
	if _, err := w.Write(payload); err != nil {
		return err
	}
	return w.Flush()
}

// writeWorkerRequest writes one request frame.
func writeWorkerRequest(w io.Writer, dot string) error {
	frame := make([]byte, 4+len(dot))
	binary.BigEndian.PutUint32(frame, uint32(len(dot)))
	copy(frame[4:], dot)
	_, err := w.Write(frame)
	return err
}

// workerReply is one decoded reply frame.
type workerReply struct {
	svg     []byte
	errText string // the child's render error; "" when svg is set
	peakRSS int64
}

// readWorkerReply reads one reply frame.
func readWorkerReply(r io.Reader) (workerReply, error) {
	var head [13]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return workerReply{}, err
	}
	size := binary.BigEndian.Uint32(head[9:13])
	if size > maxWorkerReply {
		return workerReply{}, fmt.Errorf("reply of %d bytes exceeds the limit of %d", size, maxWorkerReply)
	}
	payload := make([]byte, size)
	if _, err := io.ReadFull(r, payload); err != nil {
		return workerReply{}, err
	}
	rep := workerReply{peakRSS: int64(min(binary.BigEndian.Uint64(head[1:9]), 1<<62))}
	switch head[0] {
	case workerStatusSVG:
		rep.svg = payload
	case workerStatusError:
		rep.errText = string(payload)
		if rep.errText == "" {
			rep.errText = "unknown error"
		}
	default:
		return workerReply{}, fmt.Errorf("reply with unknown status %q", head[0])
	}
	return rep, nil
}
