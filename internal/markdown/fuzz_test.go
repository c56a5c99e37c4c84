package markdown_test

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/markdown"
)

var (
	tag     = regexp.MustCompile(`<(/?[a-zA-Z0-9]+)([^<>]*)>`)
	attr    = regexp.MustCompile(`\s([a-z]+)="([^"]*)"`)
	scheme  = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
	number  = regexp.MustCompile(`^[0-9]+$`)
	allowed = map[string]bool{}
)

func init() {
	for _, e := range []string{"p", "ul", "ol", "li", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "a", "br", "hr", "blockquote"} {
		allowed[e], allowed["/"+e] = true, true
	}
}

// safeAttr reports whether the renderer may put attribute k="v" on
// element e: a link's address (http, https, mailto or relative, judged as
// the browser decodes it), a list's start number, a code block's language.
func safeAttr(e, k, v string) bool {
	switch {
	case e == "a" && k == "href":
		u := strings.ToLower(strings.TrimSpace(html.UnescapeString(v)))
		u = strings.Map(func(r rune) rune {
			if r < 0x20 {
				return -1 // browsers drop tabs and newlines in addresses
			}
			return r
		}, u)
		return !scheme.MatchString(u) || strings.HasPrefix(u, "http:") || strings.HasPrefix(u, "https:") || strings.HasPrefix(u, "mailto:")
	case e == "a" && k == "title":
		return true
	case e == "ol" && k == "start":
		return number.MatchString(v)
	case e == "code" && k == "class":
		return strings.HasPrefix(v, "language-") // quoted: whatever follows stays in the attribute
	}
	return false
}

// FuzzHTML renders arbitrary task descriptions: never a panic, valid UTF-8
// out for valid UTF-8 in, and no markup the renderer did not make – only
// its own elements, no script, no event handler, no link other than
// http(s), mailto or relative.
func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		"Aftalen skal være **underskrevet** før *konfigurering*.\n\n- punkt et\n- punkt `to`\n\n1. første\n2. anden",
		"### Overskrift\n[KOMBIT](https://www.kombit.dk/) og [x](javascript:alert(1)) og [y](java&#115;cript:alert(1))",
		"<script>alert(1)</script> <img src=x onerror=alert(1)>", "![billede](https://x.dk/a.png)",
		"[a](https://x.dk/\"onmouseover=\"alert(1))", "**", "`", "- \n1.\n#", "\x00\r\n\t", "3) tre\n\n```go\nx\n```\n> citat\n\n---",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out := string(markdown.HTML(src))
		if utf8.ValidString(src) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", src)
		}
		// Text is escaped, so every "<" in the output opens a tag the
		// renderer made.
		tags := tag.FindAllStringSubmatch(out, -1)
		if strings.Count(out, "<") != len(tags) {
			t.Fatalf("%q renders a \"<\" that is no tag:\n%s", src, out)
		}
		for _, m := range tags {
			name := strings.ToLower(m[1])
			if !allowed[name] {
				t.Fatalf("%q renders element <%s>:\n%s", src, name, out)
			}
			rest := strings.TrimSuffix(strings.TrimSpace(m[2]), "/")
			for _, a := range attr.FindAllStringSubmatch(m[2], -1) {
				if !safeAttr(name, a[1], a[2]) {
					t.Fatalf("%q renders %s=%q on <%s>:\n%s", src, a[1], a[2], name, out)
				}
			}
			if left := strings.TrimSpace(attr.ReplaceAllString(" "+rest, "")); left != "" {
				t.Fatalf("%q renders unexpected markup %q in <%s>:\n%s", src, left, name, out)
			}
		}
	})
}
