package serve

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// EventsPath is where open pages listen for rebuilds (server-sent events).
// The /_infradoc/ prefix is reserved: a built site never writes there.
const EventsPath = "/_infradoc/events"

// BuildCookie carries the build generation a page was served from, so the
// page can tell whether a build finished between its load and its
// connection to EventsPath.
const BuildCookie = "infradoc_build"

// liveReloadScript is given to the build, which places it at the end of
// every page. It listens for "build" events carrying the generation of the
// latest build and reloads the page when that differs from the generation
// the page was served from (read from BuildCookie). After a restart of
// serve the generation starts again at 1, which also reloads.
const liveReloadScript = `(function () {
  if (!window.EventSource) return;
  var m = document.cookie.match(/(?:^|; )` + BuildCookie + `=(\d+)/);
  var shown = m ? m[1] : null;
  var es = new EventSource("` + EventsPath + `");
  es.addEventListener("build", function (e) {
    if (shown !== null && e.data !== shown) { es.close(); location.reload(); return; }
    shown = e.data;
  });
})();`

// broker fans build generations out to every open page.
type broker struct {
	mu      sync.Mutex
	clients map[chan int]struct{}
	latest  int
	closed  bool
	done    chan struct{}
	// heartbeat is how often an idle stream gets a comment line, so
	// proxies and browsers keep it open.
	heartbeat time.Duration
}

func newBroker() *broker {
	return &broker{clients: map[chan int]struct{}{}, done: make(chan struct{}), heartbeat: 20 * time.Second}
}

// publish announces build generation gen to every listener. A slow
// listener only ever gets the latest generation.
func (b *broker) publish(gen int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.latest = gen
	for ch := range b.clients {
		select {
		case <-ch: // drop the stale generation nobody read yet
		default:
		}
		ch <- gen
	}
}

// close ends every stream, so that http.Server.Shutdown does not wait for
// them forever.
func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		b.closed = true
		close(b.done)
	}
}

// listeners returns the number of open streams.
func (b *broker) listeners() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.clients)
}

func (b *broker) subscribe() (ch chan int, latest int, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, 0, false
	}
	ch = make(chan int, 1)
	b.clients[ch] = struct{}{}
	return ch, b.latest, true
}

func (b *broker) unsubscribe(ch chan int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.clients, ch)
}

// ServeHTTP streams "build" events: the current generation at once, then
// one event per finished build.
func (b *broker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch, latest, ok := b.subscribe()
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer b.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(gen int) bool {
		_, err := fmt.Fprintf(w, "event: build\ndata: %s\n\n", strconv.Itoa(gen))
		flusher.Flush()
		return err == nil
	}
	// retry: the browser reconnects quickly after serve restarts.
	fmt.Fprint(w, "retry: 500\n")
	if !send(latest) {
		return
	}
	tick := time.NewTicker(b.heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-b.done:
			return
		case gen := <-ch:
			if !send(gen) {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}
