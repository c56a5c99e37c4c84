package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
)

// staticHandler serves the embedded static files (udrul's own and the
// vendored Det Fælles Designsystem and htmx) with an ETag from each file's
// content, so browsers revalidate with a cheap 304 instead of downloading
// the stylesheet, fonts and scripts again on every page. Embedded files have
// no modification time, so without it nothing would be cached.
func staticHandler() http.Handler {
	etags := map[string]string{}
	fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(staticFS, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		etags["/"+p] = `"` + hex.EncodeToString(sum[:12]) + `"`
		return nil
	})
	files := http.FileServerFS(staticFS)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tag, ok := etags[r.URL.Path]; ok {
			w.Header().Set("ETag", tag)
			// An hour without asking, then revalidate: a refreshed vendor
			// file reaches browsers within the hour at most.
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		if strings.HasSuffix(r.URL.Path, "/") { // no directory listings
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}
