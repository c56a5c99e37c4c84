package notify

import (
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// HandbookMail is the mail to a municipality's project lead with a version
// of its own implementation handbook (seed 003 §3.4: every municipality
// receives it at the latest 20 days before its go-live; docs/handbook.md).
// A version after the first lists what changed since the previous one.
type HandbookMail struct {
	To            Recipient
	Programme     string // key
	ProgrammeName string
	Municipality  string // name
	Code          string
	Version       int
	GoLive        model.Date
	Wave          int
	WaveNames     model.WaveNames // the programme's, for naming Wave
	Tasks         int
	Changes       []string // since version Version-1
	BaseURL       string
}

// Render returns the subject and body.
func (h HandbookMail) Render() (subject, body string) {
	if h.Version == 1 {
		subject = fmt.Sprintf("%s: jeres implementeringshåndbog – %s, go-live %s", h.ProgrammeName, h.Municipality, h.GoLive.Danish())
	} else {
		subject = fmt.Sprintf("%s: ny version %d af jeres implementeringshåndbog – %s", h.ProgrammeName, h.Version, h.Municipality)
	}
	var b strings.Builder
	greet(&b, h.To)
	if h.Version == 1 {
		fmt.Fprintf(&b, "Her er den kommunespecifikke implementeringshåndbog for %s i %s (version 1).\n\n", h.Municipality, h.ProgrammeName)
	} else {
		fmt.Fprintf(&b, "Jeres plan for %s er ændret, siden I fik version %d af implementeringshåndbogen. Her er version %d.\n\n",
			h.ProgrammeName, h.Version-1, h.Version)
	}
	fmt.Fprintf(&b, "Go-live er %s (%s). Håndbogen samler implementeringsmodellens faser og temaer med jeres %d opgaver med datoer, type og udførende, jeres egne opgaver, kontrolpunkter og kontaktpersoner.\n",
		h.GoLive.Danish(), h.WaveNames.Label(h.Wave), h.Tasks)
	if len(h.Changes) > 0 {
		fmt.Fprintf(&b, "\nÆndret siden version %d:\n", h.Version-1)
		for _, c := range h.Changes {
			fmt.Fprintf(&b, "- %s\n", c)
		}
	}
	if l := link(h.BaseURL, "/programmes/%s/municipalities/%s/haandbog", h.Programme, h.Code); l != "" {
		fmt.Fprintf(&b, "\nLæs håndbogen: %s\nSom PDF: %s.pdf\n", l, l)
	}
	footer(&b, h.To, h.BaseURL)
	return subject, b.String()
}
