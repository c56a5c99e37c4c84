package notify_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/notify"
)

func d(s string) model.Date {
	v, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func contains(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

func TestPublicationMailInDanish(t *testing.T) {
	p := notify.Publication{
		To: notify.Recipient{Name: "Anne Hansen", Role: "projektleder", Organisation: "Aarhus", Preference: "straks"},
		Plan: notify.PlanChanges{Programme: "ksd", ProgrammeName: "KSD", Municipality: "Aarhus", Code: "751", Version: 4,
			PublishedBy: "koordinator", PublishedAt: time.Date(2027, 3, 1, 9, 30, 0, 0, time.UTC),
			Changes: []notify.TaskChange{
				{Key: "ksd-ps-01", Title: "Udpeg projektleder", Kind: "added", Type: model.Critical, Instances: 1, FirstEnd: d("2027-03-12"), LastEnd: d("2027-03-12")},
				{Key: "ksd-uk-02", Title: "Udpeg superbrugere", Kind: "changed", Fields: []string{"slutdato", "beskrivelse"}, Type: model.Mandatory,
					PerInst: true, Instances: 12, FirstEnd: d("2027-03-01"), LastEnd: d("2027-03-05")},
				{Key: "ksd-x", Title: "Gammel opgave", Kind: "withdrawn"},
			}},
		BaseURL: "https://udrul.example/",
	}
	subject, body := p.Render()
	if subject != "KSD: 3 nye eller ændrede opgaver i planen for Aarhus (katalogversion 4)" {
		t.Errorf("subject = %q", subject)
	}
	contains(t, "body", body,
		"Kære Anne Hansen",
		"koordinator har udgivet version 4 af opgavekataloget for KSD (01.03.2027 kl. 10.30)",
		"Nye opgaver:\n- Udpeg projektleder (ksd-ps-01), obligatorisk på kritisk vej; frist 12.03.2027",
		"Ændrede opgaver:\n- Udpeg superbrugere (ksd-uk-02), obligatorisk; ændret: slutdato, beskrivelse; 12 institutioner, frister 01.03.2027–05.03.2027",
		"Trukket tilbage (skal ikke længere løses):\n- Gammel opgave (ksd-x)\n",
		"Se planen: https://udrul.example/programmes/ksd/municipalities/751",
		"som projektleder, Aarhus",
		"Du får udgivelser straks")
	p.BaseURL = ""
	if _, body := p.Render(); strings.Contains(body, "http") {
		t.Errorf("links without a base URL:\n%s", body)
	}
}

func TestDigestMailInDanish(t *testing.T) {
	dg := notify.Digest{
		To:   notify.Recipient{Name: "Anne Hansen", Role: "projektleder", Organisation: "Aarhus", Preference: "dagligt"},
		Kind: "dagligt", From: d("2027-03-01"), Through: d("2027-03-02"),
		Plans: []notify.MunicipalityDigest{{Programme: "ksd", ProgrammeName: "KSD", Municipality: "Aarhus", Code: "751",
			Red:    []notify.DigestItem{{Title: "Udpeg projektleder", Key: "ksd-ps-01", Type: model.Critical, End: d("2027-03-01"), Colour: model.Red}},
			Yellow: []notify.DigestItem{{Title: "Test", Key: "ksd-t", Type: model.Mandatory, End: d("2027-03-04"), Institution: "Skole A", Colour: model.Yellow}},
		}},
	}
	subject, body := dg.Render()
	if subject != "udrul – dagligt sammendrag 02.03.2027: 1 opgave er blevet rød og 1 opgave er blevet gul" {
		t.Errorf("subject = %q", subject)
	}
	contains(t, "body", body, "fra 01.03.2027 til 02.03.2027", "== KSD – Aarhus ==",
		"Blevet røde:\n- 01.03.2027 Udpeg projektleder (ksd-ps-01) – på kritisk vej",
		"Blevet gule:\n- 04.03.2027 Test (ksd-t), Skole A\n", "Du får ét dagligt sammendrag.")

	central := notify.Digest{To: notify.Recipient{Name: "Kim", Role: "koordinator", Organisation: "KOMBIT"}, Kind: "ugentligt",
		From: d("2027-02-22"), Through: d("2027-03-01"), BaseURL: "https://u.example",
		Central: []notify.CentralDigest{{Programme: "ksd", ProgrammeName: "KSD", Lines: []notify.CentralLine{
			{Municipality: "Aarhus", Code: "751", Wave: 3, Red: 2, CriticalRed: 1, Yellow: 1}}}}}
	subject, body = central.Render()
	if !strings.HasPrefix(subject, "udrul – ugentligt sammendrag 01.03.2027") {
		t.Errorf("subject = %q", subject)
	}
	contains(t, "central body", body, "== KSD: 1 kommune ==", "- Aarhus (751, Bølge 3): 2 røde (1 på kritisk vej) og 1 gule",
		"Opfølgningslisten: https://u.example/programmes/ksd/followup")
	if !(notify.Digest{}).Empty() || dg.Empty() {
		t.Error("Empty is wrong")
	}
}

func TestLongListsAreCut(t *testing.T) {
	var items []notify.DigestItem
	for i := range notify.MaxLines + 15 {
		items = append(items, notify.DigestItem{Title: fmt.Sprintf("Opgave %d", i), Key: "k", End: d("2027-03-01")})
	}
	dg := notify.Digest{Kind: "dagligt", From: d("2027-03-01"), Through: d("2027-03-02"),
		Plans: []notify.MunicipalityDigest{{ProgrammeName: "KSD", Municipality: "Aarhus", Red: items}}}
	_, body := dg.Render()
	contains(t, "body", body, "- … og 15 opgaver mere")
	if strings.Contains(body, fmt.Sprintf("Opgave %d ", notify.MaxLines)) {
		t.Error("the list was not cut")
	}
}

func TestCourseRunMailInDanish(t *testing.T) {
	s, b := notify.CourseRunChange{Name: "Lise Superbruger", ProgrammeName: "Aula – skoler", Course: "Superbrugerkursus",
		When: "08.03.2027", Place: "Rådhuset, lokale 2", Changes: []string{"dato: 01.03.2027 → 08.03.2027"}, Actor: "Karin Koordinator"}.Render()
	contains(t, "moved", s+"\n"+b, "Ændret: Superbrugerkursus – nu 08.03.2027", "Kære Lise Superbruger", "- dato: 01.03.2027 → 08.03.2027",
		"Du er stadig tilmeldt. Kursusgangen er nu 08.03.2027, Rådhuset, lokale 2.", "Karin Koordinator har foretaget ændringen")
	s, b = notify.CourseRunChange{Name: "Lise Superbruger", ProgrammeName: "Aula – skoler", Course: "Superbrugerkursus",
		When: "01.03.2027", Cancelled: true, Reason: "Underviseren er syg"}.Render()
	contains(t, "cancelled", s+"\n"+b, "Aflyst: Superbrugerkursus 01.03.2027", "er aflyst", "Begrundelse: Underviseren er syg",
		"Den centrale koordinator har foretaget ændringen")
}

// TestMailsNameWaves: mails name a wave as its programme does (seed 001's
// "Pilot 1"), and a wave the programme does not name by its number.
func TestMailsNameWaves(t *testing.T) {
	names := model.WaveNames{{Number: 1, Name: "Pilot 1"}, {Number: 3, Name: "Bølge 1"}}
	to := notify.Recipient{Name: "Sofie", Role: "Kommunal projektleder", Organisation: "Aarhus"}
	subject, body := notify.WaveAnnouncement{To: to, ProgrammeName: "Aula", Version: 2, Municipality: "Aarhus", Wave: 3, WaveNames: names,
		GoLive: model.NewDate(2027, 5, 3), PreviousWave: 1, PreviousLive: model.NewDate(2027, 3, 1)}.Render()
	contains(t, "hearing subject", subject, "Aarhus er placeret i Bølge 1 (go-live 03.05.2027)")
	contains(t, "hearing body", body, "var I i Pilot 1 med go-live 01.03.2027")
	subject, _ = notify.WaveFinal{To: to, ProgrammeName: "Aula", Municipality: "Aarhus", Wave: 1, WaveNames: names, GoLive: model.NewDate(2027, 3, 1)}.Render()
	contains(t, "final subject", subject, "go-live 01.03.2027 (Pilot 1)")
	_, body = notify.HandbookMail{To: to, ProgrammeName: "Aula", Municipality: "Aarhus", Version: 1, Wave: 2, WaveNames: names, GoLive: model.NewDate(2027, 3, 8)}.Render()
	contains(t, "handbook body", body, "Go-live er 08.03.2027 (Bølge 2)")
}
