package serve

import (
	"bytes"
	"cmp"
	"html/template"
	"net/http"
)

// overlayPage is served instead of every page while the last build
// failed: the problems as the command line prints them, and the live
// reload script, so the page recovers by itself once the input is fixed.
var overlayPage = template.Must(template.New("overlay").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed · infradoc serve</title>
<link rel="icon" href="data:,">
<style>
:root { color-scheme: light dark; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: Canvas; color: CanvasText; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1rem; }
h1 { color: #b42318; font-size: 1.5rem; margin: 0 0 .5rem; }
pre { overflow-x: auto; padding: 1rem; border: 2px solid #b42318; border-radius: .5rem; font: 14px/1.45 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
details pre { border-color: #b58105; }
summary { cursor: pointer; }
@media (prefers-color-scheme: dark) { h1 { color: #ff8a80; } pre { border-color: #ff8a80; } }
</style>
</head>
<body>
<main>
<h1 id="infradoc-build-failed">Build failed</h1>
<p>{{.Summary}} Fix the input and save: this page reloads by itself when the build succeeds.</p>
<pre role="alert" aria-labelledby="infradoc-build-failed">{{.Report}}</pre>
{{if .Warnings}}<details>
<summary>Warnings</summary>
<pre>{{.Warnings}}</pre>
</details>
{{end}}</main>
<script>{{.Script}}</script>
</body>
</html>
`))

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
	if err := overlayPage.Execute(&buf, data); err != nil {
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
