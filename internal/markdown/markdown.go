// Package markdown renders catalogue task descriptions, written in
// CommonMark, to HTML that is safe to put in a page. It uses goldmark, a
// maintained CommonMark parser, configured for untrusted text:
//
//   - raw HTML is not recognised at all, so "<b>" or "<script>" is shown as
//     the text it is (escaped), not passed through or silently dropped;
//   - links go only to http, https and mailto addresses or relative paths;
//     any other link, and every image, is reduced to its text;
//   - headings start at h3, because a description sits under the page's own
//     h1 and h2.
//
// goldmark's own guard against dangerous URLs (its "unsafe" option stays
// off) remains as a second line of defence behind these rules.
package markdown

import (
	"bytes"
	"html/template"
	"net/url"
	"reflect"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var md = goldmark.New(goldmark.WithParser(parser.NewParser(
	parser.WithBlockParsers(without(parser.DefaultBlockParsers(), parser.NewHTMLBlockParser())...),
	parser.WithInlineParsers(without(parser.DefaultInlineParsers(), parser.NewRawHTMLParser())...),
	parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	parser.WithASTTransformers(util.Prioritized(safeTree{}, 100)),
)))

// HTML renders src. A source that cannot be rendered (goldmark only fails
// when its writer fails, which a buffer does not) is shown escaped.
func HTML(src string) template.HTML {
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(b.String())
}

// without returns parsers minus the one of the same type as drop.
func without(parsers []util.PrioritizedValue, drop any) []util.PrioritizedValue {
	out := parsers[:0]
	for _, p := range parsers {
		if reflect.TypeOf(p.Value) != reflect.TypeOf(drop) {
			out = append(out, p)
		}
	}
	return out
}

// safeTree shifts headings down by two levels and reduces links with a
// scheme other than http, https or mailto, and all images, to their text.
type safeTree struct{}

func (safeTree) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var unwrap, replace []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+2, 6)
		case *ast.Link:
			if !allowedURL(n.Destination) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			unwrap = append(unwrap, n)
		case *ast.AutoLink:
			if n.AutoLinkType != ast.AutoLinkEmail && !allowedURL(n.URL(source)) {
				replace = append(replace, n)
			}
		}
		return ast.WalkContinue, nil
	})
	// The tree is changed after the walk, which must not see it change.
	for _, n := range unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	for _, n := range replace {
		label := n.(*ast.AutoLink).Label(source)
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString([]byte("<"+string(label)+">")))
	}
}

// allowedURL reports whether a link may point at dest: an http, https or
// mailto address, or a relative one (no scheme). dest is judged as the
// renderer will write it, with character references resolved, so that
// "&#x66;tp:" is seen as the "ftp:" a browser would follow.
func allowedURL(dest []byte) bool {
	u, err := url.Parse(string(util.URLEscape(dest, true)))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		return true
	}
	return false
}
