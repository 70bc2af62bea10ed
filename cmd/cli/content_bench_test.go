package cli

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkContentCommands runs validate and check on content/ inside the
// test process: the work the commands do after start-up, which the
// whole-process timings of the start-up budget add to the program's
// initialisation. "validate" includes the history check's git rev-parse,
// a child process; "validate-no-git" leaves it out.
//
//	go test ./cmd/cli -run XXX -bench ContentCommands -benchtime 100x
func BenchmarkContentCommands(b *testing.B) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "content"))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"validate-no-git", []string{"validate", "--no-git"}},
		{"validate", []string{"validate"}},
		{"check", []string{"check"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				cmd := &Command{Stdout: io.Discard, Stderr: io.Discard, Getenv: os.Getenv, Dir: dir}
				if status := cmd.Main(c.args); status != ExitOK {
					b.Fatalf("%v: exit %d", c.args, status)
				}
			}
		})
	}
}
