package web

import (
	"bytes"
	"html"
	"regexp"
	"strings"
)

// Every table on every page scrolls sideways inside its own region, so that
// no page scrolls sideways on a phone (375 px) however wide its tables are.
// The region is focusable (keyboard users scroll it with the arrow keys)
// and named after the table's caption (WCAG 2.1.1, 4.1.2). Doing it once
// here, on the rendered page, keeps every template – also future ones –
// under the rule without each repeating the markup.

var (
	tableOpen    = []byte("<table")
	tableClose   = []byte("</table>")
	captionRE    = regexp.MustCompile(`(?s)<caption[^>]*>(.*?)</caption>`)
	tagRE        = regexp.MustCompile(`<[^>]*>`)
	spaceRE      = regexp.MustCompile(`\s+`)
	scrollMarker = []byte(`class="table-scroll"`)
)

// wrapTables puts each top-level <table> of page into
// <div class="table-scroll" tabindex="0" role="region" aria-label="caption">.
// Tables already inside such a region are left alone.
func wrapTables(page []byte) []byte {
	if !bytes.Contains(page, tableOpen) {
		return page
	}
	var out bytes.Buffer
	out.Grow(len(page) + 1024)
	rest := page
	for {
		i := bytes.Index(rest, tableOpen)
		if i < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		j := bytes.Index(rest[i:], tableClose)
		if j < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		end := i + j + len(tableClose)
		table := rest[i:end]
		out.Write(rest[:i])
		if alreadyWrapped(out.Bytes()) {
			out.Write(table)
		} else {
			out.WriteString(`<div class="table-scroll" tabindex="0" role="region" aria-label="`)
			out.WriteString(html.EscapeString(tableName(table)))
			out.WriteString(`">`)
			out.Write(table)
			out.WriteString(`</div>`)
		}
		rest = rest[end:]
	}
}

// alreadyWrapped reports whether the text before a table ends inside a
// table-scroll region opened by the template itself.
func alreadyWrapped(before []byte) bool {
	k := bytes.LastIndex(before, []byte("<div"))
	if k < 0 {
		return false
	}
	open := before[k:]
	gt := bytes.IndexByte(open, '>')
	return gt >= 0 && bytes.Contains(open[:gt], scrollMarker) && len(bytes.TrimSpace(open[gt+1:])) == 0
}

// tableName is the table's caption as plain text, or a generic name.
func tableName(table []byte) string {
	if m := captionRE.FindSubmatch(table); m != nil {
		t := html.UnescapeString(string(tagRE.ReplaceAll(m[1], nil)))
		if t = strings.TrimSpace(spaceRE.ReplaceAllString(t, " ")); t != "" {
			return t
		}
	}
	return "Tabel"
}
