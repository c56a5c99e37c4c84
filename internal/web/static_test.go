package web

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var cssURL = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*))\s*\)`)

// TestVendoredStylesheetsResolve: every url(...) in every stylesheet the
// binary serves (the vendored Det Fælles Designsystem and udrul's own)
// names a file that is embedded, so no font or icon is missing in the
// browser after scripts/refresh-frontend.sh.
func TestVendoredStylesheetsResolve(t *testing.T) {
	var sheets []string
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".css") {
			sheets = append(sheets, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(sheets, "static/vendor/dkfds/css/dkfds.min.css") {
		t.Fatalf("the vendored dkfds stylesheet is not embedded; stylesheets: %v", sheets)
	}
	refs := 0
	for _, sheet := range sheets {
		css, err := fs.ReadFile(staticFS, sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range cssURL.FindAllStringSubmatch(string(css), -1) {
			ref := m[1] + m[2] + m[3]
			if strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "#") {
				continue
			}
			ref = strings.SplitN(strings.SplitN(ref, "#", 2)[0], "?", 2)[0]
			var target string
			if strings.HasPrefix(ref, "/static/") {
				target = strings.TrimPrefix(ref, "/")
			} else {
				target = path.Join(path.Dir(sheet), ref)
			}
			refs++
			if _, err := fs.Stat(staticFS, target); err != nil {
				t.Errorf("%s refers to url(%s), which is not embedded (%s)", sheet, ref, target)
			}
		}
	}
	if refs < 100 {
		t.Errorf("found only %d url() references; the stylesheet parser is broken or the vendored css is not dkfds", refs)
	}
	if strings.Contains(string(mustRead(fs.ReadFile(staticFS, "static/vendor/dkfds/css/dkfds.min.css"))), "sourceMappingURL") {
		t.Error("dkfds.min.css still names a source map, which is not vendored")
	}
}

// TestTemplatesReferEmbeddedAssets: every /static/... address in the page
// templates is an embedded file.
func TestTemplatesReferEmbeddedAssets(t *testing.T) {
	ref := regexp.MustCompile(`(?:href|src)="/static/([^"?#]+)`)
	tpls, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, name := range tpls {
		for _, m := range ref.FindAllStringSubmatch(string(mustRead(fs.ReadFile(templateFS, name))), -1) {
			seen[m[1]] = true
			if _, err := fs.Stat(staticFS, "static/"+m[1]); err != nil {
				t.Errorf("%s refers to /static/%s, which is not embedded", name, m[1])
			}
		}
	}
	for _, want := range []string{"vendor/dkfds/css/dkfds.min.css", "vendor/htmx/htmx.min.js", "udrul.css"} {
		if !seen[want] {
			t.Errorf("no template includes /static/%s", want)
		}
	}
}

func mustRead[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
