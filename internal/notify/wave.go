package notify

import (
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/model"
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
	WaveKind      string // pilot, regular, catchup
	GoLive        model.Date
	PreviousWave  int        // 0: not announced before
	PreviousLive  model.Date // the previous wave's go-live, when PreviousWave > 0
	AnnouncedBy   string
	BaseURL       string
}

// Render returns the subject and body.
func (a WaveAnnouncement) Render() (subject, body string) {
	subject = fmt.Sprintf("%s: bølgeplan i høring – %s er placeret i bølge %d (go-live %s)",
		a.ProgrammeName, a.Municipality, a.Wave, a.GoLive.Danish())
	var b strings.Builder
	greet(&b, a.To)
	fmt.Fprintf(&b, "%s har sendt version %d af bølgeplanen for %s i høring.\n\n", who(a.AnnouncedBy), a.Version, a.ProgrammeName)
	fmt.Fprintf(&b, "%s er placeret i bølge %d%s med go-live %s.\n", a.Municipality, a.Wave, waveKindPhrase(a.WaveKind), a.GoLive.Danish())
	switch {
	case a.PreviousWave == 0:
	case a.PreviousWave != a.Wave:
		fmt.Fprintf(&b, "Det er en ændring: i den sidst udmeldte version var I i bølge %d med go-live %s.\n", a.PreviousWave, a.PreviousLive.Danish())
	default:
		b.WriteString("Placeringen er den samme som i den sidst udmeldte version.\n")
	}
	b.WriteString("\nPlaceringen er ikke endelig. I kan give høringssvar – fx ønsker om en anden bølge og hvorfor – " +
		"indtil planen gøres endelig; først da fastlægges jeres go-live-dato, og jeres implementeringsplan regnes ud fra den.\n")
	if l := link(a.BaseURL, "/programmes/%s/waveplan/versions/%d/municipalities/%s", a.Programme, a.Version, a.Code); l != "" {
		fmt.Fprintf(&b, "\nSe placeringen og giv høringssvar: %s\n", l)
	}
	footer(&b, a.To)
	return subject, b.String()
}

func waveKindPhrase(kind string) string {
	switch kind {
	case "pilot":
		return " (pilotbølgen)"
	case "catchup":
		return " (opsamlingsbølgen)"
	}
	return ""
}
