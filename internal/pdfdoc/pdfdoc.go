// Package pdfdoc makes simple reports as PDF on the server: a title page
// with a table of contents, headings, paragraphs, facts, bullet lists and
// tables that break across pages with their header repeated, and on every
// page a footer with the document's version and date and "Side x af y".
//
// Text is set in DejaVu Sans (embedded, subset; fonts/SOURCES.md), so
// Danish letters survive and the text can be extracted. A document is
// recorded first and laid out twice: the first pass finds the page each
// heading lands on and the number of pages, the second writes the PDF with
// those numbers in the contents and the footers. It has no I/O and knows
// nothing of udrul's domain; the implementation handbook uses it, and so
// can a steering-group report.
package pdfdoc

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

//go:embed fonts/DejaVuSans.ttf
var regularTTF []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var boldTTF []byte

const (
	family     = "DejaVu"
	margin     = 18.0  // mm, left, right and top
	bottom     = 20.0  // mm, room for the footer
	pageWidth  = 210.0 // A4
	pageHeight = 297.0
	bodySize   = 10.0
	lineHeight = 5.0
	tableSize  = 8.5
	tableLine  = 4.2
)

// Meta describes the document as a whole.
type Meta struct {
	Title    string    // on the title page and in the document's properties
	Subtitle string    // under the title
	Author   string    // the document's properties
	Footer   string    // the left of every page's footer, e.g. "Version 2 · 7.12.2026"
	Created  time.Time // the document's properties (and so the output is reproducible)
	// Facts are label–value lines on the title page, above the contents.
	Facts [][2]string
}

// Column is a table column: its heading and its share of the page's width.
type Column struct {
	Title string
	Width float64 // a fraction; the widths of a table's columns should add up to 1
}

type heading struct {
	level int
	text  string
}

// Doc is a document being recorded. Its methods add content; Write lays it
// out.
type Doc struct {
	meta  Meta
	ops   []func(r *renderer)
	heads []heading
}

// New starts a document.
func New(m Meta) *Doc { return &Doc{meta: m} }

// Heading adds a heading of level 1 (a new page) or 2, listed in the
// contents and as a bookmark.
func (d *Doc) Heading(level int, text string) {
	level = min(max(level, 1), 2)
	i := len(d.heads)
	d.heads = append(d.heads, heading{level, text})
	d.ops = append(d.ops, func(r *renderer) { r.heading(i, level, text) })
}

// Paragraph adds a paragraph; line breaks in text are kept.
func (d *Doc) Paragraph(text string) {
	d.ops = append(d.ops, func(r *renderer) { r.paragraph(text, "") })
}

// Note adds a paragraph in bold.
func (d *Doc) Note(text string) {
	d.ops = append(d.ops, func(r *renderer) { r.paragraph(text, "B") })
}

// Facts adds label–value lines.
func (d *Doc) Facts(facts [][2]string) {
	d.ops = append(d.ops, func(r *renderer) { r.facts(facts) })
}

// Bullets adds a bullet list.
func (d *Doc) Bullets(items []string) {
	d.ops = append(d.ops, func(r *renderer) { r.bullets(items) })
}

// Table adds a table; a row's cells wrap, and the header is repeated on
// every page the table runs onto.
func (d *Doc) Table(cols []Column, rows [][]string) {
	d.ops = append(d.ops, func(r *renderer) { r.table(cols, rows) })
}

// Write lays the document out and writes the PDF to w.
func (d *Doc) Write(w io.Writer) error {
	first := d.render(nil, 0)
	if err := first.pdf.Error(); err != nil {
		return fmt.Errorf("pdfdoc: %w", err)
	}
	second := d.render(first.pages, first.pdf.PageNo())
	if err := second.pdf.Output(w); err != nil {
		return fmt.Errorf("pdfdoc: %w", err)
	}
	return nil
}

// Bytes lays the document out and returns the PDF.
func (d *Doc) Bytes() ([]byte, error) {
	var b bytes.Buffer
	err := d.Write(&b)
	return b.Bytes(), err
}

type renderer struct {
	pdf   *fpdf.Fpdf
	total int   // pages, from the first pass (0 in the first pass)
	known []int // the page of each heading, from the first pass
	pages []int // the page of each heading, this pass
	links []int
}

func (d *Doc) render(known []int, total int) *renderer {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.AddUTF8FontFromBytes(family, "", regularTTF)
	pdf.AddUTF8FontFromBytes(family, "B", boldTTF)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, bottom)
	pdf.SetTitle(d.meta.Title, true)
	pdf.SetAuthor(d.meta.Author, true)
	pdf.SetSubject(d.meta.Subtitle, true)
	pdf.SetCreator("udrul", true)
	pdf.SetProducer("udrul (codeberg.org/go-pdf/fpdf)", true)
	pdf.SetLang("da-DK")
	if !d.meta.Created.IsZero() {
		pdf.SetCreationDate(d.meta.Created)
		pdf.SetModificationDate(d.meta.Created)
	}
	r := &renderer{pdf: pdf, total: total, known: known, pages: make([]int, len(d.heads)), links: make([]int, len(d.heads))}
	for i := range r.links {
		r.links[i] = pdf.AddLink()
	}
	pdf.SetFooterFunc(func() {
		pdf.SetY(-bottom + 6)
		pdf.SetFont(family, "", 8)
		pdf.SetTextColor(60, 60, 60)
		w := pageWidth - 2*margin
		pdf.CellFormat(w*0.75, 5, d.meta.Footer, "T", 0, "L", false, 0, "")
		page := fmt.Sprintf("Side %d", pdf.PageNo())
		if r.total > 0 {
			page += fmt.Sprintf(" af %d", r.total)
		}
		pdf.CellFormat(w*0.25, 5, page, "T", 0, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	r.titlePage(d)
	for _, op := range d.ops {
		op(r)
	}
	return r
}

func (r *renderer) titlePage(d *Doc) {
	pdf := r.pdf
	w := pageWidth - 2*margin
	pdf.SetFont(family, "B", 20)
	pdf.MultiCell(w, 9, d.meta.Title, "", "L", false)
	if d.meta.Subtitle != "" {
		pdf.SetFont(family, "", 13)
		pdf.MultiCell(w, 7, d.meta.Subtitle, "", "L", false)
	}
	pdf.Ln(4)
	r.facts(d.meta.Facts)
	if len(d.heads) == 0 {
		return
	}
	pdf.Ln(4)
	pdf.SetFont(family, "B", 13)
	pdf.CellFormat(w, 8, "Indhold", "", 1, "L", false, 0, "")
	for i, h := range d.heads {
		indent := 0.0
		pdf.SetFont(family, "B", bodySize)
		if h.level > 1 {
			indent = 6
			pdf.SetFont(family, "", bodySize)
		}
		page := ""
		if r.known != nil {
			page = fmt.Sprint(r.known[i])
		}
		text := h.text
		if lines := pdf.SplitText(text, w-indent-14); len(lines) > 1 {
			text = strings.TrimSpace(lines[0]) + " …"
		}
		pdf.SetX(margin + indent)
		pdf.CellFormat(w-indent-14, lineHeight+0.6, text, "", 0, "L", false, r.links[i], "")
		pdf.CellFormat(14, lineHeight+0.6, page, "", 1, "R", false, r.links[i], "")
	}
}

func (r *renderer) heading(i, level int, text string) {
	pdf := r.pdf
	w := pageWidth - 2*margin
	if level == 1 {
		pdf.AddPage()
		pdf.SetFont(family, "B", 15)
	} else {
		if pdf.GetY() > pageHeight-bottom-30 { // keep a heading with what follows
			pdf.AddPage()
		}
		pdf.Ln(3)
		pdf.SetFont(family, "B", 12)
	}
	r.pages[i] = pdf.PageNo()
	pdf.SetLink(r.links[i], pdf.GetY(), pdf.PageNo())
	pdf.Bookmark(text, level-1, -1)
	pdf.MultiCell(w, 7, text, "", "L", false)
	pdf.Ln(1)
}

func (r *renderer) paragraph(text, style string) {
	pdf := r.pdf
	pdf.SetFont(family, style, bodySize)
	pdf.MultiCell(pageWidth-2*margin, lineHeight, text, "", "L", false)
	pdf.Ln(2)
}

func (r *renderer) facts(facts [][2]string) {
	pdf := r.pdf
	w := pageWidth - 2*margin
	for _, f := range facts {
		pdf.SetFont(family, "B", bodySize)
		pdf.CellFormat(45, lineHeight, f[0], "", 0, "L", false, 0, "")
		pdf.SetFont(family, "", bodySize)
		pdf.MultiCell(w-45, lineHeight, f[1], "", "L", false)
	}
	pdf.Ln(2)
}

func (r *renderer) bullets(items []string) {
	pdf := r.pdf
	w := pageWidth - 2*margin
	pdf.SetFont(family, "", bodySize)
	for _, it := range items {
		pdf.SetX(margin + 2)
		pdf.CellFormat(4, lineHeight, "•", "", 0, "L", false, 0, "")
		pdf.MultiCell(w-6, lineHeight, it, "", "L", false)
	}
	pdf.Ln(2)
}

func (r *renderer) table(cols []Column, rows [][]string) {
	pdf := r.pdf
	total := pageWidth - 2*margin
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = c.Width * total
	}
	limit := pageHeight - bottom
	lines := func(cells []string) ([][]string, float64) {
		out := make([][]string, len(cols))
		n := 1
		for i := range cols {
			txt := ""
			if i < len(cells) {
				txt = cells[i]
			}
			out[i] = pdf.SplitText(txt, widths[i])
			n = max(n, len(out[i]))
		}
		return out, float64(n)*tableLine + 1.6
	}
	draw := func(cells [][]string, h float64, fill bool) {
		x, y := margin, pdf.GetY()
		for i := range cols {
			pdf.Rect(x, y, widths[i], h, map[bool]string{true: "FD", false: "D"}[fill])
			for j, l := range cells[i] {
				pdf.SetXY(x, y+0.8+float64(j)*tableLine)
				pdf.CellFormat(widths[i], tableLine, l, "", 0, "L", false, 0, "")
			}
			x += widths[i]
		}
		pdf.SetXY(margin, y+h)
	}
	header := func() {
		titles := make([]string, len(cols))
		for i, c := range cols {
			titles[i] = c.Title
		}
		pdf.SetFont(family, "B", tableSize)
		pdf.SetFillColor(230, 230, 230)
		cells, h := lines(titles)
		draw(cells, h, true)
		pdf.SetFont(family, "", tableSize)
	}
	pdf.SetDrawColor(160, 160, 160)
	pdf.SetLineWidth(0.2)
	pdf.SetFont(family, "B", tableSize)
	if _, h := lines(nil); pdf.GetY()+3*h > limit {
		pdf.AddPage()
	}
	header()
	for _, row := range rows {
		cells, h := lines(row)
		if pdf.GetY()+h > limit {
			pdf.AddPage()
			header()
		}
		draw(cells, h, false)
	}
	pdf.SetDrawColor(0, 0, 0)
	pdf.Ln(3)
}
