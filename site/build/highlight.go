package build

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/infradoc/infradoc/render/graphviz"
)

// codeHighlighter colours the site's fenced code in the render worker,
// through renderer's cache (see render/html.CodeHighlighter). When the
// worker cannot be found, built or used, the code stays plain and one
// warning says why on stderr (rather than one per block), and leftOut is
// set so that no stamp lets the next build skip what this one could not
// do.
type codeHighlighter struct {
	renderer *graphviz.Renderer
	stderr   io.Writer
	leftOut  *atomic.Bool
	warnOnce sync.Once
}

// HighlightCode implements html.CodeHighlighter.
func (c *codeHighlighter) HighlightCode(language, code string) ([]byte, bool, error) {
	html, ok, err := c.renderer.HighlightCode(language, code)
	if err != nil {
		c.leftOut.Store(true)
		c.warnOnce.Do(func() {
			if c.stderr != nil {
				fmt.Fprintf(c.stderr, "infradoc build: warning: code blocks left plain (not highlighted): %v\n", err)
			}
		})
	}
	return html, ok, err
}
