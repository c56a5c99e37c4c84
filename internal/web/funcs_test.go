package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Template functions are added to one map from the init functions of
// several files; a second file using a name already taken silently
// replaces the first function for every template (it happened to the
// survey's "mean"). Each name is added once.
func TestTemplateFuncsNamedOnce(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	added := regexp.MustCompile(`(?m)^\s*funcs\["([^"]+)"\]\s*=`)
	where := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range added.FindAllStringSubmatch(string(b), -1) {
			if prev, ok := where[m[1]]; ok {
				t.Errorf("template function %q is added in %s and again in %s", m[1], prev, f)
			}
			where[m[1]] = f
		}
	}
	if len(where) < 20 {
		t.Fatalf("found only %d template functions: the pattern no longer matches how they are added", len(where))
	}
}
