package serve

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// fakeClock hands out timer channels the test fires by hand.
type fakeClock struct{ timers chan chan time.Time }

func (c *fakeClock) after(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.timers <- ch
	return ch
}

func TestDebounceBuildsOncePerBurst(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := &fakeClock{timers: make(chan chan time.Time, 100)}
	changed := make(chan string)
	fired := make(chan []string, 10)
	go debounce(ctx, changed, 150*time.Millisecond, clock.after, func(p []string) { fired <- p })

	var timers []chan time.Time
	for _, p := range []string{"a.yaml", "a.yaml", "b.md", "a.yaml"} {
		changed <- p
		timers = append(timers, <-clock.timers)
	}
	// Timers of earlier events are stale: firing them builds nothing.
	for _, tm := range timers[:3] {
		tm <- time.Time{}
	}
	select {
	case p := <-fired:
		t.Fatalf("built on a stale timer with %v", p)
	default:
	}
	changed <- "c.yaml" // proves the debouncer is still waiting on the last timer
	last := <-clock.timers
	last <- time.Time{}
	got := <-fired
	if want := []string{"a.yaml", "b.md", "c.yaml"}; !slices.Equal(got, want) {
		t.Errorf("fired with %v, want %v (each path once, in order)", got, want)
	}
	changed <- "d.yaml"
	(<-clock.timers) <- time.Time{}
	if got := <-fired; !slices.Equal(got, []string{"d.yaml"}) {
		t.Errorf("second burst fired with %v", got)
	}
	if len(fired) != 0 {
		t.Errorf("%d extra builds", len(fired))
	}
}

// waitFor reads changes until one names want.
func waitFor(t *testing.T, changed <-chan string, want string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case p := <-changed:
			if p == want {
				return
			}
		case <-deadline:
			t.Fatalf("no change reported for %s", want)
		}
	}
}

func TestWatcherSeesRenameSavesAndNewFolders(t *testing.T) {
	root := t.TempDir()
	docs := filepath.Join(root, "docs")
	out := filepath.Join(root, "public")
	for _, d := range []string{docs, out, filepath.Join(root, ".git")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	doc := filepath.Join(docs, "a.md")
	if err := os.WriteFile(doc, []byte("v1"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := newWatcher([]watchDir{{root, false}, {docs, true}, {root, true}}, []string{out}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changed := make(chan string, 100)
	go w.run(ctx, changed)

	// An editor's save: write a temporary file, rename it over the doc.
	for i := range 2 {
		tmp := filepath.Join(docs, ".a.md.tmp")
		if err := os.WriteFile(tmp, []byte{byte('2' + i)}, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, doc); err != nil {
			t.Fatal(err)
		}
		waitFor(t, changed, doc)
	}
	// A folder created later is watched too.
	sub := filepath.Join(docs, "new", "deeper")
	if err := os.MkdirAll(filepath.Join(docs, "new"), 0o755); err != nil {
		t.Fatal(err)
	}
	waitFor(t, changed, filepath.Join(docs, "new"))
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	waitFor(t, changed, sub)
	inner := filepath.Join(sub, "b.md")
	if err := os.WriteFile(inner, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, changed, inner)
	// The output folder, .git and editor scratch files are not changes.
	for _, p := range []string{filepath.Join(out, "index.html"), filepath.Join(root, ".git", "HEAD"), filepath.Join(docs, "a.md~"), filepath.Join(docs, ".a.md.swp")} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	marker := filepath.Join(root, "marker.yaml")
	if err := os.WriteFile(marker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case p := <-changed:
			if p == marker {
				return
			}
			if rel, _ := filepath.Rel(root, p); rel == "public/index.html" || rel == ".git/HEAD" || rel == "docs/a.md~" || rel == "docs/.a.md.swp" {
				t.Errorf("reported a change that must be ignored: %s", rel)
			}
		case <-deadline:
			t.Fatal("no change reported for the marker")
		}
	}
}
