// Package markdown renders the small part of Markdown that catalogue task
// descriptions use – paragraphs, bullet and numbered lists, headings, bold,
// italics, code and http(s) links – to HTML that is safe to put in a page:
// all text is escaped first, and only the markup made here is HTML.
// Anything else is shown as the text it is.
package markdown

import (
	"html"
	"html/template"
	"regexp"
	"strings"
)

// HTML renders src. Headings start at h3, because a description sits under
// the page's own h1 and h2.
func HTML(src string) template.HTML {
	var b strings.Builder
	for _, block := range blocks(src) {
		switch {
		case allLines(block, isBullet):
			list(&b, "ul", block, bulletText)
		case allLines(block, isNumbered):
			list(&b, "ol", block, numberedText)
		case len(block) == 1 && heading(block[0]) > 0:
			level := heading(block[0])
			tag := "h" + string(rune('0'+min(level+2, 6)))
			b.WriteString("<" + tag + ">" + inline(strings.TrimSpace(strings.TrimLeft(block[0], "#"))) + "</" + tag + ">\n")
		default:
			b.WriteString("<p>" + inline(strings.Join(block, " ")) + "</p>\n")
		}
	}
	return template.HTML(b.String())
}

// blocks splits src at blank lines into blocks of trimmed lines.
func blocks(src string) [][]string {
	var out [][]string
	var cur []string
	for _, line := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			if cur != nil {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

func allLines(block []string, f func(string) bool) bool {
	for _, l := range block {
		if !f(l) {
			return false
		}
	}
	return true
}

func isBullet(l string) bool     { return strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") }
func bulletText(l string) string { return l[2:] }

var numbered = regexp.MustCompile(`^\d{1,3}[.)] `)

func isNumbered(l string) bool { return numbered.MatchString(l) }
func numberedText(l string) string {
	return l[len(numbered.FindString(l)):]
}

// heading returns the level of a "# Title" line (1–6), or 0.
func heading(l string) int {
	n := len(l) - len(strings.TrimLeft(l, "#"))
	if n == 0 || n > 6 || !strings.HasPrefix(l[n:], " ") {
		return 0
	}
	return n
}

func list(b *strings.Builder, tag string, block []string, text func(string) string) {
	b.WriteString("<" + tag + ">\n")
	for _, l := range block {
		b.WriteString("<li>" + inline(text(l)) + "</li>\n")
	}
	b.WriteString("</" + tag + ">\n")
}

var (
	code   = regexp.MustCompile("`([^`]+)`")
	link   = regexp.MustCompile(`\[([^\]]+)\]\((https?://[^\s()]+)\)`)
	strong = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	em     = regexp.MustCompile(`(^|[\s(])[*_]([^*_\s][^*_]*)[*_]`)
)

// inline escapes s and then marks up code, links, bold and italics. Code
// spans are set aside first so that their content is not marked up.
func inline(s string) string {
	s = html.EscapeString(s)
	var spans []string
	s = code.ReplaceAllStringFunc(s, func(m string) string {
		spans = append(spans, "<code>"+m[1:len(m)-1]+"</code>")
		return "\x00" + string(rune('A'+len(spans)-1)) + "\x00"
	})
	s = link.ReplaceAllString(s, `<a href="$2">$1</a>`)
	s = strong.ReplaceAllString(s, "<strong>$1</strong>")
	s = em.ReplaceAllString(s, "$1<em>$2</em>")
	for i, span := range spans {
		s = strings.Replace(s, "\x00"+string(rune('A'+i))+"\x00", span, 1)
	}
	return s
}
