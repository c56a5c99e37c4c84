package markdown_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/markdown"
)

var (
	tag      = regexp.MustCompile(`<(/?[a-zA-Z0-9]+)([^<>]*)>`)
	safeHref = regexp.MustCompile(`^href="https?://[^"<>\s]*"$`)
	allowed  = map[string]bool{}
)

func init() {
	for _, e := range []string{"p", "ul", "ol", "li", "h3", "h4", "h5", "h6", "strong", "em", "code", "a", "br"} {
		allowed[e], allowed["/"+e] = true, true
	}
}

// FuzzHTML renders arbitrary task descriptions: never a panic, valid UTF-8
// out for valid UTF-8 in, and no markup the renderer did not make – no
// script, no event handler, no link other than http(s).
func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		"Aftalen skal være **underskrevet** før *konfigurering*.\n\n- punkt et\n- punkt `to`\n\n1. første\n2. anden",
		"### Overskrift\n[KOMBIT](https://www.kombit.dk/) og [x](javascript:alert(1))",
		"<script>alert(1)</script> <img src=x onerror=alert(1)>",
		"[a](https://x.dk/\"onmouseover=\"alert(1))", "**", "`", "- \n1.\n#", "\x00\r\n\t",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out := string(markdown.HTML(src))
		if utf8.ValidString(src) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", src)
		}
		// All text is escaped, so every "<" in the output opens a tag the
		// renderer made: only its own elements, and only http(s) links.
		for _, m := range tag.FindAllStringSubmatch(out, -1) {
			name, attrs := strings.ToLower(m[1]), strings.TrimSpace(m[2])
			if !allowed[name] {
				t.Fatalf("%q renders element <%s>:\n%s", src, name, out)
			}
			if attrs == "" || strings.HasPrefix(name, "/") {
				if attrs != "" {
					t.Fatalf("%q renders attributes on a closing tag: %s", src, m[0])
				}
				continue
			}
			if name != "a" || !safeHref.MatchString(attrs) {
				t.Fatalf("%q renders attributes %q on <%s>:\n%s", src, attrs, name, out)
			}
		}
		if strings.Count(out, "<") != len(tag.FindAllString(out, -1)) {
			t.Fatalf("%q renders a \"<\" that is no tag:\n%s", src, out)
		}
	})
}
