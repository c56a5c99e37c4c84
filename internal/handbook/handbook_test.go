package handbook

import (
	"reflect"
	"testing"

	"github.com/udrul/udrul/internal/model"
)

func d(s string) model.Date {
	x, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func TestDue(t *testing.T) {
	golive := d("2027-03-01")
	for _, c := range []struct {
		today     string
		due, late bool
	}{
		{"2027-01-29", false, false}, // 31 days before
		{"2027-01-30", true, false},  // 30 days before: the first day
		{"2027-02-09", true, false},  // 20 days before: the seed's deadline
		{"2027-02-10", true, true},   // 19 days before: late
		{"2027-03-01", true, true},   // go-live: still sent
		{"2027-03-02", false, true},  // after go-live: no more versions
	} {
		if got := Due(golive, d(c.today)); got != c.due {
			t.Errorf("Due on %s = %v, want %v", c.today, got, c.due)
		}
		if got := Late(golive, d(c.today)); got != c.late {
			t.Errorf("Late on %s = %v, want %v", c.today, got, c.late)
		}
	}
	if Deadline(golive) != d("2027-02-09") {
		t.Errorf("Deadline = %s", Deadline(golive))
	}
}

func TestChanges(t *testing.T) {
	a := Line{Key: "a", Title: "Afklar økonomi", Type: model.Critical, Start: d("2027-01-04"), End: d("2027-01-08"), Executor: "Projektleder"}
	b := Line{Key: "b", Title: "Uddan superbrugere", Type: model.Mandatory, Start: d("2027-02-01"), End: d("2027-02-01")}
	prev := Snapshot{GoLive: d("2027-03-01"), Wave: 1, Tasks: []Line{a, b}}
	if got := Changes(prev, prev, nil); got != nil {
		t.Errorf("no change gave %q", got)
	}
	if prev.Digest() == (Snapshot{GoLive: prev.GoLive, Wave: 1, Tasks: []Line{a}}).Digest() {
		t.Error("a missing task leaves the digest alone")
	}
	a2 := a
	a2.End, a2.Type, a2.Executor = d("2027-01-15"), model.Mandatory, ""
	c := Line{Key: "own:7", Title: "Lokal prøve", Type: model.Optional, Start: d("2027-02-10"), End: d("2027-02-12"), Own: true}
	cur := Snapshot{GoLive: d("2027-03-15"), Wave: 2, Tasks: []Line{a2, c}}
	want := []string{
		"Go-live er flyttet fra 01.03.2027 til 15.03.2027.",
		"Bølge er ændret fra 1 til 2.",
		"Afklar økonomi: datoer flyttet fra 04.01.2027–08.01.2027 til 04.01.2027–15.01.2027; type ændret fra obligatorisk på kritisk vej til obligatorisk; udførende ændret fra Projektleder til (ingen).",
		"Ny opgave: Lokal prøve (valgfri, 10.02.2027–12.02.2027).",
		"Opgaven er udgået: Uddan superbrugere.",
	}
	if got := Changes(prev, cur, nil); !reflect.DeepEqual(got, want) {
		t.Errorf("Changes:\n got %q\nwant %q", got, want)
	}
	named := model.WaveNames{{Number: 1, Name: "Pilot 1"}, {Number: 2, Name: "Pilot 2"}}
	if got := Changes(prev, cur, named); got[1] != "Bølge er ændret fra Pilot 1 til Pilot 2." {
		t.Errorf("named waves: got %q", got[1])
	}
	back, err := Parse(cur.JSON())
	if err != nil || back.Digest() != cur.Digest() {
		t.Errorf("a stored snapshot does not read back: %v", err)
	}
}

func TestSplitSuccess(t *testing.T) {
	for _, c := range []struct{ in, text, success string }{
		{"Handlinger der leder frem. Succes: beslutningen er forankret.", "Handlinger der leder frem.", "Beslutningen er forankret."},
		{"Uden kriterium.", "Uden kriterium.", ""},
		{"Succes: økonomien holder.", "", "Økonomien holder."},
	} {
		if text, success := SplitSuccess(c.in); text != c.text || success != c.success {
			t.Errorf("SplitSuccess(%q) = %q, %q", c.in, text, success)
		}
	}
}
