package site

import (
	"fmt"
	"os"
	"testing"

	"github.com/infradoc/infradoc/site/evidence"
	"github.com/infradoc/infradoc/site/synthetic"
)

// benchRepo generates a repository with n obligations, each with its test
// file and migration folder, and loads it once.
func benchRepo(b *testing.B, n int) *Site {
	b.Helper()
	dir := b.TempDir()
	if err := synthetic.Generate(dir, synthetic.Options{Items: 50, Obligations: n, Docs: 1, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	s, findings, err := Load(Options{FS: os.DirFS(dir)})
	if err != nil {
		b.Fatal(err)
	}
	if HasErrors(findings) {
		b.Fatalf("the generated repository has errors: %v", findings[0])
	}
	return s
}

// BenchmarkScanEvidence measures the evidence scan alone (every test file
// and migration read and scanned) at 1,000 and 10,000 obligations; the
// ns/op should grow linearly.
//
//	go test ./site -run '^$' -bench 'ScanEvidence|LoadWithEvidence' -benchtime 3x
func BenchmarkScanEvidence(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		s := benchRepo(b, n)
		b.Run(fmt.Sprintf("obligations=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := evidence.Scan(s.evidenceInput()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadWithEvidence measures a whole Load (YAML, evidence, rules).
func BenchmarkLoadWithEvidence(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		s := benchRepo(b, n)
		b.Run(fmt.Sprintf("obligations=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Load(Options{FS: s.FS}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
