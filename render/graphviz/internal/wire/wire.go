// Package wire is the protocol between infradoc and its render worker,
// infradoc-graphviz, over the worker's stdin and stdout, one request at a
// time. A request is of one of two kinds: a diagram (DOT in, Graphviz's
// SVG out) or a code block to highlight (a language and the code in,
// chroma's HTML out).
//
// All integers are big-endian:
//
//	worker -> parent, once:        Hello
//	parent -> worker, per request: kind byte (KindRender, KindHighlight),
//	                               uint32 length, payload: the DOT, or
//	                               uint16 language length, language, code
//	worker -> parent, per request: status byte (StatusSVG, StatusHTML,
//	                               StatusPlain, StatusError),
//	                               uint64 peak resident set size in bytes
//	                               (0 when unknown), uint32 length, payload
//	                               (Graphviz's SVG, chroma's HTML, nothing
//	                               for a language chroma does not know, or
//	                               the error message)
//
// The worker exits with status 0 when its stdin ends. The SVG is
// Graphviz's own: the parent turns it into infradoc's (graphviz.FinishSVG),
// and checks the HTML before it uses it (graphviz.CheckHighlighted), so a
// worker never decides what a published page holds beyond the drawing
// and the colouring of code.
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

// Highlighter names the highlighter a worker runs: the chroma module.
// graphviz.HighlightVersion begins with it, so the cache of highlighted
// code is keyed by it; a test checks it against the chroma in the build.
const Highlighter = "chroma v2.27.0"

// Protocol is the version of this protocol, the number in Hello. It
// changes whenever a frame does: version 2 had no request kinds.
const Protocol = "3"

// HelloPrefix begins the greeting of every version of the worker, so
// that the parent can tell the worker of another infradoc from another
// program.
const HelloPrefix = "infradoc-graphviz worker "

// Hello is the first line a worker writes. A parent refuses a worker
// that greets otherwise: it is another program, or the worker of an
// infradoc whose protocol, Graphviz or chroma differs, whose output the
// cache, keyed by Engine and Highlighter, would file under the wrong name.
const Hello = HelloPrefix + Protocol + "; " + Engine + "; " + Highlighter + "\n"

// WorkerArg is the argument that makes infradoc-graphviz a worker.
const WorkerArg = "worker"

// Limits of one request and one reply.
const (
	MaxDOT   = 64 << 20
	MaxReply = 256 << 20
)

// MaxLanguage bounds the language of a highlight request: a fenced code
// block's info string names one, and no language's name is longer.
const MaxLanguage = 255

// Request kinds.
const (
	KindRender    = 'R'
	KindHighlight = 'H'
)

// Reply statuses.
const (
	StatusSVG   = 'S'
	StatusHTML  = 'H'
	StatusPlain = 'P'
	StatusError = 'E'
)

// Request is one decoded request.
type Request struct {
	// Kind is KindRender or KindHighlight.
	Kind byte
	// DOT is a render's input.
	DOT []byte
	// Language and Code are a highlight's input.
	Language, Code string
}

// WriteRequest writes the request frame of a render of dot.
func WriteRequest(w io.Writer, dot string) error {
	return writeFrame(w, KindRender, nil, dot)
}

// WriteHighlight writes the request frame of a highlight of code as
// language; a language longer than MaxLanguage is refused.
func WriteHighlight(w io.Writer, language, code string) error {
	if len(language) > MaxLanguage {
		return fmt.Errorf("language name of %d bytes exceeds the limit of %d", len(language), MaxLanguage)
	}
	head := binary.BigEndian.AppendUint16(nil, uint16(len(language)))
	return writeFrame(w, KindHighlight, append(head, language...), code)
}

// writeFrame writes kind, the length of prefix and body, prefix and body,
// in one write.
func writeFrame(w io.Writer, kind byte, prefix []byte, body string) error {
	size := len(prefix) + len(body)
	if size > MaxDOT {
		return fmt.Errorf("request of %d bytes exceeds the limit of %d", size, MaxDOT)
	}
	frame := make([]byte, 0, 5+size)
	frame = append(frame, kind)
	frame = binary.BigEndian.AppendUint32(frame, uint32(size))
	frame = append(append(frame, prefix...), body...)
	_, err := w.Write(frame)
	return err
}

// ErrTooLarge is returned by ReadRequest for a request over MaxDOT bytes,
// which it skips: the stream stays usable.
var ErrTooLarge = fmt.Errorf("request larger than %d bytes", MaxDOT)

// ReadRequest reads one request frame; io.EOF when the input ended
// cleanly before one. A frame of an unknown kind, or a highlight whose
// language overruns it, is an error that ends the stream: what follows
// cannot be trusted to be a frame.
func ReadRequest(r io.Reader) (Request, error) {
	var head [5]byte
	if n, err := io.ReadFull(r, head[:]); err != nil {
		if n == 0 && errors.Is(err, io.EOF) {
			return Request{}, io.EOF
		}
		return Request{}, noEOF(err)
	}
	kind, size := head[0], binary.BigEndian.Uint32(head[1:])
	if kind != KindRender && kind != KindHighlight {
		return Request{}, fmt.Errorf("request of unknown kind %q", kind)
	}
	if size > MaxDOT {
		if _, err := io.CopyN(io.Discard, r, int64(size)); err != nil {
			return Request{}, noEOF(err)
		}
		return Request{Kind: kind}, ErrTooLarge
	}
	payload := make([]byte, size)
	if _, err := io.ReadFull(r, payload); err != nil {
		return Request{}, noEOF(err)
	}
	if kind == KindRender {
		return Request{Kind: kind, DOT: payload}, nil
	}
	if len(payload) < 2 {
		return Request{}, errors.New("highlight request without a language")
	}
	n := int(binary.BigEndian.Uint16(payload))
	if n > MaxLanguage || 2+n > len(payload) {
		return Request{}, fmt.Errorf("highlight request with a language of %d bytes in %d", n, len(payload))
	}
	return Request{Kind: kind, Language: string(payload[2 : 2+n]), Code: string(payload[2+n:])}, nil
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

// Reply is one decoded reply frame: one of SVG, HTML, Plain and ErrText
// is set.
type Reply struct {
	// SVG is Graphviz's output.
	SVG []byte
	// HTML is chroma's output.
	HTML []byte
	// Plain says chroma knows no such language: the code stays plain.
	Plain bool
	// ErrText is the worker's error.
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
	case StatusHTML:
		rep.HTML = payload
	case StatusPlain:
		rep.Plain = true
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
