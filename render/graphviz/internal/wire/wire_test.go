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
	// An oversized request: its length, then as many bytes.
	binary.Write(&in, binary.BigEndian, uint32(MaxDOT+1))
	in.Write(make([]byte, MaxDOT+1))
	WriteRequest(&in, "digraph { b; }")
	for _, want := range []string{"digraph { a; }", "", "digraph { b; }"} {
		dot, err := ReadRequest(&in)
		if want == "" {
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("oversized request: %v", err)
			}
			continue
		}
		if err != nil || string(dot) != want {
			t.Fatalf("got %q, %v; want %q", dot, err, want)
		}
	}
	if _, err := ReadRequest(&in); err != io.EOF {
		t.Fatalf("after the last request: %v, want io.EOF", err)
	}
	if _, err := ReadRequest(strings.NewReader("\x00\x00\x00\x05ab")); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("truncated request: %v, want io.ErrUnexpectedEOF", err)
	}
}

func TestRepliesRoundTrip(t *testing.T) {
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	WriteReply(w, StatusSVG, 123, []byte("<svg/>"))
	WriteReply(w, StatusError, -1, nil)
	rep, err := ReadReply(&out)
	if err != nil || string(rep.SVG) != "<svg/>" || rep.ErrText != "" || rep.PeakRSS != 123 {
		t.Fatalf("first reply %+v, %v", rep, err)
	}
	rep, err = ReadReply(&out)
	if err != nil || rep.SVG != nil || rep.ErrText != "unknown error" || rep.PeakRSS != 0 {
		t.Fatalf("second reply %+v, %v", rep, err)
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
