// Package wire is the protocol between infradoc and its Graphviz worker,
// infradoc-graphviz: DOT in, Graphviz's SVG out, over the worker's stdin
// and stdout, one request at a time.
//
// All integers are big-endian:
//
//	worker -> parent, once:        Hello
//	parent -> worker, per render:  uint32 length, DOT bytes
//	worker -> parent, per render:  status byte (StatusSVG, StatusError),
//	                               uint64 peak resident set size in bytes
//	                               (0 when unknown), uint32 length, payload
//	                               (Graphviz's SVG, or the error message)
//
// The worker exits with status 0 when its stdin ends. The SVG is
// Graphviz's own: the parent turns it into infradoc's (graphviz.FinishSVG),
// so a worker never decides what a published diagram holds beyond the
// drawing itself.
package wire

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Engine names the Graphviz a worker runs: the go-graphviz module and the
// Graphviz it embeds. graphviz.GraphvizVersion begins with it, so the SVG
// cache is keyed by it; a test checks it against the go-graphviz in the
// build.
const Engine = "go-graphviz v0.2.10 (graphviz 12.1.2)"

// Hello is the first line a worker writes. A parent refuses a worker
// that greets otherwise: it is another program, or the worker of an
// infradoc whose Graphviz or protocol differs, whose SVGs the cache, keyed
// by Engine, would file under the wrong name.
const Hello = "infradoc-graphviz worker 2; " + Engine + "\n"

// WorkerArg is the argument that makes infradoc-graphviz a worker.
const WorkerArg = "worker"

// Limits of one request and one reply.
const (
	MaxDOT   = 64 << 20
	MaxReply = 256 << 20
)

// Reply statuses.
const (
	StatusSVG   = 'S'
	StatusError = 'E'
)

// WriteRequest writes one request frame.
func WriteRequest(w io.Writer, dot string) error {
	frame := make([]byte, 4+len(dot))
	binary.BigEndian.PutUint32(frame, uint32(len(dot)))
	copy(frame[4:], dot)
	_, err := w.Write(frame)
	return err
}

// ErrTooLarge is returned by ReadRequest for DOT over MaxDOT bytes, which
// it skips: the stream stays usable.
var ErrTooLarge = fmt.Errorf("DOT larger than %d bytes", MaxDOT)

// ReadRequest reads one request frame; io.EOF when the input ended
// cleanly before one.
func ReadRequest(r io.Reader) ([]byte, error) {
	var size uint32
	if err := binary.Read(r, binary.BigEndian, &size); err != nil {
		return nil, err
	}
	if size > MaxDOT {
		if _, err := io.CopyN(io.Discard, r, int64(size)); err != nil {
			return nil, noEOF(err)
		}
		return nil, ErrTooLarge
	}
	dot := make([]byte, size)
	if _, err := io.ReadFull(r, dot); err != nil {
		return nil, noEOF(err)
	}
	return dot, nil
}

// noEOF turns an end of input inside a frame into io.ErrUnexpectedEOF.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// WriteReply writes and flushes one reply frame.
func WriteReply(w *bufio.Writer, status byte, peakRSS int64, payload []byte) error {
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

// Reply is one decoded reply frame.
type Reply struct {
	// SVG is Graphviz's output, nil when ErrText is set.
	SVG []byte
	// ErrText is the worker's render error, "" when SVG is set.
	ErrText string
	// PeakRSS is the worker's peak resident set size in bytes, 0 when
	// unknown.
	PeakRSS int64
}

// ReadReply reads one reply frame.
func ReadReply(r io.Reader) (Reply, error) {
	var head [13]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return Reply{}, err
	}
	size := binary.BigEndian.Uint32(head[9:13])
	if size > MaxReply {
		return Reply{}, fmt.Errorf("reply of %d bytes exceeds the limit of %d", size, MaxReply)
	}
	payload := make([]byte, size)
	if _, err := io.ReadFull(r, payload); err != nil {
		return Reply{}, err
	}
	rep := Reply{PeakRSS: int64(min(binary.BigEndian.Uint64(head[1:9]), 1<<62))}
	switch head[0] {
	case StatusSVG:
		rep.SVG = payload
	case StatusError:
		rep.ErrText = string(payload)
		if rep.ErrText == "" {
			rep.ErrText = "unknown error"
		}
	default:
		return Reply{}, fmt.Errorf("reply with unknown status %q", head[0])
	}
	return rep, nil
}

// SelfPeakRSS returns this process's peak resident set size in bytes from
// /proc/self/status (VmHWM, Linux), or 0 when unknown.
func SelfPeakRSS() int64 {
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
