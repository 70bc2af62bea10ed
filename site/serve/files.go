package serve

import (
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
)

// contentTypes are the types of the files a built site holds. They are
// fixed here rather than read from the system's MIME tables, which differ
// between machines (some map .js to text/plain).
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".svg":         "image/svg+xml",
	".xml":         "application/xml",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".ico":         "image/x-icon",
	".png":         "image/png",
	".webmanifest": "application/manifest+json",
}

// contentType returns the Content-Type of a file name.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// requestedFile turns a request's URL path into a name inside the output
// folder ("." for the root). It refuses, rather than cleans, anything that
// tries to climb out: a ".." segment (also when written %2e%2e, which the
// URL parser has decoded by now), encoded slashes or backslashes, NUL bytes.
func requestedFile(urlPath, escapedPath string) (name string, ok bool) {
	lower := strings.ToLower(escapedPath)
	if strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") {
		return "", false
	}
	if !strings.HasPrefix(urlPath, "/") || strings.ContainsAny(urlPath, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(urlPath, "/") {
		if seg == ".." {
			return "", false
		}
	}
	name = strings.TrimPrefix(path.Clean(urlPath), "/")
	if name == "" {
		name = "."
	}
	return name, fs.ValidPath(name)
}

// isPageRequest reports whether name asks for a page (HTML, a folder or
// an extension-less pretty URL) rather than an asset.
func isPageRequest(name string) bool {
	ext := path.Ext(name)
	return ext == "" || ext == ".html" || name == "."
}

// openResult is a file found in the output folder.
type openResult struct {
	file *os.File
	info fs.FileInfo
	// name is the file served (index.html for a folder).
	name string
	// redirect is set when a folder was asked for without its trailing
	// slash: relative links inside it only work with one.
	redirect string
}

// openInRoot opens what the URL path of name asks for inside root. The
// build writes a section both as a page and as a folder of its sub-pages
// (registry.html beside registry/state-A.html, docs.html beside docs/),
// and links to pages with their .html, so:
//
//   - "a/b" serves the file a/b, else a/b.html (a pretty URL) before
//     anything else, so /registry is registry.html and not a folder
//     without an index; else, when a/b/index.html exists, it redirects
//     to "a/b/", since relative links inside a folder's index only work
//     with the slash;
//   - "a/b/" (trailingSlash) and the root serve a/b/index.html: a
//     trailing slash always names a folder, and a page served under one
//     would resolve its relative links one folder too deep.
//
// Every lookup goes through os.Root, so a symlink or ".." that leads
// outside the output folder fails like a missing file.
func openInRoot(root *os.Root, name string, trailingSlash bool) (*openResult, error) {
	regular := func(name string) (fs.FileInfo, bool) {
		info, err := root.Stat(name)
		return info, err == nil && info.Mode().IsRegular()
	}
	serve := func(name string, info fs.FileInfo) (*openResult, error) {
		f, err := root.Open(name)
		if err != nil {
			return nil, err
		}
		return &openResult{file: f, info: info, name: name}, nil
	}
	index := path.Join(name, "index.html")
	if trailingSlash || name == "." {
		if info, ok := regular(index); ok {
			return serve(index, info)
		}
		return nil, fs.ErrNotExist
	}
	if info, ok := regular(name); ok {
		return serve(name, info)
	}
	if !strings.HasSuffix(name, ".html") {
		if info, ok := regular(name + ".html"); ok {
			return serve(name+".html", info)
		}
	}
	if _, ok := regular(index); ok {
		return &openResult{redirect: (&url.URL{Path: "/" + name + "/"}).EscapedPath()}, nil
	}
	return nil, fs.ErrNotExist
}

// serveOutput serves one request from the output folder out. A miss gets
// out/404.html with status 404. setPageHeaders is called before an HTML
// response is written.
func serveOutput(w http.ResponseWriter, r *http.Request, out string, setPageHeaders func(http.Header)) {
	name, ok := requestedFile(r.URL.Path, r.URL.EscapedPath())
	if !ok {
		serveNotFound(w, r, out, setPageHeaders)
		return
	}
	root, err := os.OpenRoot(out)
	if err != nil {
		http.Error(w, "the site has not been built yet", http.StatusServiceUnavailable)
		return
	}
	defer root.Close()
	res, err := openInRoot(root, name, strings.HasSuffix(r.URL.Path, "/"))
	if err != nil {
		serveNotFound(w, r, out, setPageHeaders)
		return
	}
	if res.redirect != "" {
		target := res.redirect
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	defer res.file.Close()
	h := w.Header()
	h.Set("Content-Type", contentType(res.name))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if path.Ext(res.name) == ".html" {
		setPageHeaders(h)
	}
	http.ServeContent(w, r, res.name, res.info.ModTime(), res.file)
}

// notFoundPage is the page the build writes for missing paths.
const notFoundPage = "404.html"

func serveNotFound(w http.ResponseWriter, r *http.Request, out string, setPageHeaders func(http.Header)) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	data, err := readInRoot(out, notFoundPage)
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	h.Set("Content-Type", contentTypes[".html"])
	setPageHeaders(h)
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

func readInRoot(dir, name string) ([]byte, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.ReadFile(name)
}
