package serve

import (
	"bytes"
	"cmp"
	"html/template"
	"net/http"
	"sync"

	"github.com/infradoc/infradoc/templates"
)

// overlayPage is served instead of every page while the last build
// failed: the problems as the command line prints them, and the live
// reload script, so the page recovers by itself once the input is fixed.
// It is parsed on first use, not when any command starts.
var overlayPage = sync.OnceValue(func() *template.Template {
	return template.Must(template.ParseFS(templates.FS, "serve/error.html"))
})

// overlayData fills overlayPage.
type overlayData struct {
	Summary  string
	Report   string
	Warnings string
	Script   template.JS
}

// serveOverlay writes the build-failed page with status 500.
func serveOverlay(w http.ResponseWriter, r *http.Request, st buildOutcome, setPageHeaders func(http.Header)) {
	var buf bytes.Buffer
	summary, report := cmp.Or(st.summary, "The site has not been built."), st.report
	data := overlayData{Summary: summary, Report: report, Warnings: st.warnings, Script: template.JS(liveReloadScript)}
	if err := overlayPage().ExecuteTemplate(&buf, "error.html", data); err != nil {
		http.Error(w, report, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentTypes[".html"])
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	setPageHeaders(h)
	w.WriteHeader(http.StatusInternalServerError)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}
