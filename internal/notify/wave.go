package notify

import (
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/waves"
)

// WaveAnnouncement is the mail to a municipality's project lead when a
// wave-plan version is sent to hearing (seed 002: the municipalities are
// told where they are placed and may comment before the plan is final).
type WaveAnnouncement struct {
	To            Recipient
	Programme     string // key
	ProgrammeName string
	Version       int
	Municipality  string // name
	Code          string
	Wave          int
	WaveNames     model.WaveNames // the programme's, for naming Wave and PreviousWave
	WaveKind      waves.WaveKind
	GoLive        model.Date
	PreviousWave  int        // 0: not announced before
	PreviousLive  model.Date // the previous wave's go-live, when PreviousWave > 0
	AnnouncedBy   string
	BaseURL       string
}

// Render returns the subject and body.
func (a WaveAnnouncement) Render() (subject, body string) {
	subject = fmt.Sprintf("%s: bølgeplan i høring – %s er placeret i %s (go-live %s)",
		a.ProgrammeName, a.Municipality, a.WaveNames.Label(a.Wave), a.GoLive.Danish())
	var b strings.Builder
	greet(&b, a.To)
	fmt.Fprintf(&b, "%s har sendt version %d af bølgeplanen for %s i høring.\n\n", who(a.AnnouncedBy), a.Version, a.ProgrammeName)
	fmt.Fprintf(&b, "%s er placeret i %s%s med go-live %s.\n", a.Municipality, a.WaveNames.Label(a.Wave), waveKindPhrase(a.WaveKind), a.GoLive.Danish())
	switch {
	case a.PreviousWave == 0:
	case a.PreviousWave != a.Wave:
		fmt.Fprintf(&b, "Det er en ændring: i den sidst udmeldte version var I i %s med go-live %s.\n", a.WaveNames.Label(a.PreviousWave), a.PreviousLive.Danish())
	default:
		b.WriteString("Placeringen er den samme som i den sidst udmeldte version.\n")
	}
	b.WriteString("\nPlaceringen er ikke endelig. I kan give høringssvar – fx ønsker om en anden bølge og hvorfor – " +
		"indtil planen gøres endelig; først da fastlægges jeres go-live-dato, og jeres implementeringsplan regnes ud fra den.\n")
	if l := link(a.BaseURL, "/programmes/%s/waveplan/versions/%d/municipalities/%s", a.Programme, a.Version, a.Code); l != "" {
		fmt.Fprintf(&b, "\nSe placeringen og giv høringssvar: %s\n", l)
	}
	footer(&b, a.To, a.BaseURL)
	return subject, b.String()
}

func waveKindPhrase(kind waves.WaveKind) string {
	switch kind {
	case waves.Pilot:
		return " (pilotbølgen)"
	case waves.Catchup:
		return " (opsamlingsbølgen)"
	}
	return ""
}

// WaveFinal is the mail to a municipality's project lead when a wave plan
// is made final: its go-live is now fixed and its implementation plan made
// (or moved) from it.
type WaveFinal struct {
	To            Recipient
	Programme     string // key
	ProgrammeName string
	Version       int
	Municipality  string // name
	Code          string
	Wave          int
	WaveNames     model.WaveNames // the programme's, for naming Wave
	WaveKind      waves.WaveKind
	GoLive        model.Date
	Created       bool       // the plan was made now
	PreviousLive  model.Date // the plan's go-live before, when it existed
	Instances     int        // the plan's tasks (created) or tasks whose dates moved
	FinalisedBy   string
	BaseURL       string
}

// Render returns the subject and body.
func (f WaveFinal) Render() (subject, body string) {
	subject = fmt.Sprintf("%s: bølgeplanen er endelig – %s har go-live %s (%s)", f.ProgrammeName, f.Municipality, f.GoLive.Danish(), f.WaveNames.Label(f.Wave))
	var b strings.Builder
	greet(&b, f.To)
	fmt.Fprintf(&b, "%s har gjort version %d af bølgeplanen for %s endelig.\n\n", who(f.FinalisedBy), f.Version, f.ProgrammeName)
	fmt.Fprintf(&b, "%s er i %s%s med go-live %s.\n", f.Municipality, f.WaveNames.Label(f.Wave), waveKindPhrase(f.WaveKind), f.GoLive.Danish())
	switch {
	case f.Created:
		fmt.Fprintf(&b, "Jeres implementeringsplan er oprettet med %s, med datoer regnet fra go-live-datoen.\n", countNoun(f.Instances, "opgave", "opgaver"))
	case f.PreviousLive != f.GoLive:
		fmt.Fprintf(&b, "Jeres go-live er flyttet fra %s til %s, og %s har fået nye datoer. Datoer, I selv har flyttet, er bevaret.\n",
			f.PreviousLive.Danish(), f.GoLive.Danish(), countNoun(f.Instances, "opgave", "opgaver"))
	default:
		b.WriteString("Jeres go-live-dato er den samme som før; planen er uændret.\n")
	}
	if l := link(f.BaseURL, "/programmes/%s/municipalities/%s", f.Programme, f.Code); l != "" {
		fmt.Fprintf(&b, "\nSe planen: %s\n", l)
	}
	footer(&b, f.To, f.BaseURL)
	return subject, b.String()
}
