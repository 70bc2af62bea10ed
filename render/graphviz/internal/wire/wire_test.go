package wire

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestRequestsRoundTripAndOversizedOnesAreSkipped(t *testing.T) {
	var in bytes.Buffer
	WriteRequest(&in, "digraph { a; }")
	// An oversized request: its kind and length, then as many bytes.
	in.WriteByte(KindRender)
	binary.Write(&in, binary.BigEndian, uint32(MaxDOT+1))
	in.Write(make([]byte, MaxDOT+1))
	WriteHighlight(&in, "yaml", "a: <b>\n")
	WriteRequest(&in, "digraph { b; }")
	want := []Request{
		{Kind: KindRender, DOT: []byte("digraph { a; }")},
		{},
		{Kind: KindHighlight, Language: "yaml", Code: "a: <b>\n"},
		{Kind: KindRender, DOT: []byte("digraph { b; }")},
	}
	for _, w := range want {
		req, err := ReadRequest(&in)
		if w.Kind == 0 {
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("oversized request: %v", err)
			}
			continue
		}
		if err != nil || req.Kind != w.Kind || string(req.DOT) != string(w.DOT) || req.Language != w.Language || req.Code != w.Code {
			t.Fatalf("got %+v, %v; want %+v", req, err, w)
		}
	}
	if _, err := ReadRequest(&in); err != io.EOF {
		t.Fatalf("after the last request: %v, want io.EOF", err)
	}
	if _, err := ReadRequest(strings.NewReader("R\x00\x00\x00\x05ab")); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("truncated request: %v, want io.ErrUnexpectedEOF", err)
	}
	if _, err := ReadRequest(strings.NewReader("R\x00")); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("truncated head: %v, want io.ErrUnexpectedEOF", err)
	}
}

// A frame of protocol 2 (no kind byte) or of an unknown kind, and a
// highlight whose language overruns its frame, are errors, not requests.
func TestMalformedRequestsAreRefused(t *testing.T) {
	for name, frame := range map[string]string{
		"protocol 2 frame":    "\x00\x00\x00\x0edigraph { a; }",
		"unknown kind":        "X\x00\x00\x00\x00",
		"no language length":  "H\x00\x00\x00\x01y",
		"language overruns":   "H\x00\x00\x00\x04\x00\x09ya",
		"language over limit": "H\x00\x00\x01\x02\x01\x00" + strings.Repeat("y", 256),
	} {
		if req, err := ReadRequest(strings.NewReader(frame)); err == nil {
			t.Errorf("%s: accepted as %+v", name, req)
		}
	}
	if err := WriteHighlight(io.Discard, strings.Repeat("y", MaxLanguage+1), ""); err == nil {
		t.Error("a language over MaxLanguage was written")
	}
}

// The greeting names this protocol, Graphviz and chroma on one line.
func TestHello(t *testing.T) {
	want := "infradoc-graphviz worker 3; " + Engine + "; " + Highlighter + "\n"
	if Hello != want || strings.Count(Hello, "\n") != 1 || !strings.HasPrefix(Hello, HelloPrefix+Protocol+";") {
		t.Errorf("Hello = %q, want %q", Hello, want)
	}
}

func TestRepliesRoundTrip(t *testing.T) {
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	WriteReply(w, StatusSVG, 123, []byte("<svg/>"))
	WriteReply(w, StatusError, -1, nil)
	WriteReply(w, StatusHTML, 0, []byte("<pre>"))
	WriteReply(w, StatusPlain, 0, nil)
	rep, err := ReadReply(&out)
	if err != nil || string(rep.SVG) != "<svg/>" || rep.ErrText != "" || rep.PeakRSS != 123 {
		t.Fatalf("first reply %+v, %v", rep, err)
	}
	rep, err = ReadReply(&out)
	if err != nil || rep.SVG != nil || rep.ErrText != "unknown error" || rep.PeakRSS != 0 {
		t.Fatalf("second reply %+v, %v", rep, err)
	}
	rep, err = ReadReply(&out)
	if err != nil || string(rep.HTML) != "<pre>" || rep.SVG != nil || rep.Plain || rep.ErrText != "" {
		t.Fatalf("third reply %+v, %v", rep, err)
	}
	rep, err = ReadReply(&out)
	if err != nil || !rep.Plain || rep.HTML != nil || rep.SVG != nil || rep.ErrText != "" {
		t.Fatalf("fourth reply %+v, %v", rep, err)
	}
	var head [13]byte
	head[0] = 'X'
	if _, err := ReadReply(bytes.NewReader(head[:])); err == nil {
		t.Error("a reply with an unknown status was accepted")
	}
	head[0] = StatusSVG
	binary.BigEndian.PutUint32(head[9:], MaxReply+1)
	if _, err := ReadReply(bytes.NewReader(head[:])); err == nil {
		t.Error("an oversized reply was accepted")
	}
}
