package store

import (
	"os"
	"testing"
)

func TestWriteLeavesRow(t *testing.T) {
	for _, action := range []string{"post", "close"} {
		t.Run(action, func(t *testing.T) {
			var tr Trail
			tr.Write(action)
			if tr.Len() != 1 {
				t.Fatalf("%d rows, want 1", tr.Len())
			}
		})
	}
}

func TestTrailStartsEmpty(t *testing.T) {
	var tr Trail
	if os.Getenv("LEDGER_BREAK") == "1" {
		tr.Write("stray")
	}
	if tr.Len() != 0 {
		t.Errorf("%d rows in a new trail, want 0", tr.Len())
	}
}
