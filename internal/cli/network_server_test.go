package cli_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/notify/notifytest"
	"github.com/udrul/udrul/internal/store/storetest"
)

type meetingJSON struct {
	ID     int64 `json:"id"`
	Places []struct {
		ID            int64 `json:"id"`
		Name          string
		Confirmed     int `json:"confirmed"`
		Waiting       int `json:"waiting"`
		Registrations []struct {
			Municipality string `json:"municipality"`
			Status       string `json:"status"`
		} `json:"registrations"`
	} `json:"places"`
}

// TestNetworkMeetingServer runs a network meeting through the real server
// on both databases: bad meetings are refused naming the field; a full
// place is refused naming the field with nothing written unless the
// municipality asks for the waiting list; the coordinator sends the
// invitations (mail with an iCalendar METHOD:REQUEST, read by
// python3-icalendar) once; a cancellation moves the waiting list up and
// the one who moves up gets the invitation.
func TestNetworkMeetingServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		// Frederiksberg's project owner.
		a, done := testApp(t, dbURL)
		if _, err := a.CreateUser(context.Background(), app.NewUser{Email: "ejer@frb.dk", Name: "Esther Ejer", Role: access.Member, Org: "147", Password: testPassword}); err != nil {
			t.Fatal(err)
		}
		done()
		base, smtp := startMailServer(t, dbURL)
		admin := clientAs(t, base, "admin")
		admin.publishMini(t, map[string]any{"code": "101", "golive": "2027-03-01", "wave": 1}, map[string]any{"code": "147", "golive": "2027-09-01", "wave": 2})
		koord, pl, frb := clientAs(t, base, "koordinator"), clientAs(t, base, "projektleder"), clientAs(t, base, "anden kommune")

		now, _ := model.ParseDate(today())
		day := now.AddDays(20) // the invitations are due
		good := func() map[string]any {
			return map[string]any{"programme": "mini", "title": "Netværksmøde", "day": day.String(), "starts": "10:00", "ends": "15:00",
				"places": []map[string]any{{"name": "Aarhus", "address": "Rådhuspladsen 2, 8000 Aarhus C", "capacity": 3},
					{"name": "Odense", "address": "Flakhaven 2, 5000 Odense C", "capacity": 30}}}
		}
		for field, edit := range map[string]func(map[string]any){
			"places[0].capacity": func(m map[string]any) { m["places"].([]map[string]any)[0]["capacity"] = 1 },
			"places[1].name":     func(m map[string]any) { m["places"].([]map[string]any)[1]["name"] = "aarhus" },
			"ends":               func(m map[string]any) { m["ends"] = "09:00" },
			"day":                func(m map[string]any) { m["day"] = now.String() },
			"places":             func(m map[string]any) { m["places"] = []map[string]any{} },
		} {
			in := good()
			edit(in)
			koord.sendJSON(t, "POST", "/api/v1/network-meetings", in, nil).problem(t, http.StatusUnprocessableEntity, field)
		}
		var m meetingJSON
		koord.sendJSON(t, "POST", "/api/v1/network-meetings", good(), nil).decode(t, http.StatusCreated, &m)
		aarhus := m.Places[0].ID
		reg := func(c *client, code string, body map[string]any) response {
			return c.sendJSON(t, "PUT", fmt.Sprintf("/api/v1/network-meetings/%d/registrations/%s", m.ID, code), body, nil)
		}
		var r struct {
			Status        string `json:"status"`
			WaitingNumber int    `json:"waiting_number"`
		}
		reg(pl, "101", map[string]any{"place": aarhus, "lead": "pl@kk.dk", "owner": "pl@kk.dk"}).problem(t, http.StatusUnprocessableEntity, "owner")
		reg(pl, "101", map[string]any{"place": aarhus, "lead": "pl@kk.dk", "owner": "pl@frb.dk"}).problem(t, http.StatusUnprocessableEntity, "owner")
		reg(pl, "101", map[string]any{"place": aarhus, "lead": "pl@kk.dk", "owner": "mm@kk.dk"}).decode(t, http.StatusOK, &r)
		if r.Status != "tilmeldt" {
			t.Fatalf("first registration: %+v", r)
		}
		reg(frb, "101", map[string]any{"place": aarhus, "lead": "pl@kk.dk", "owner": "mm@kk.dk"}).problem(t, http.StatusForbidden, "")
		frbBody := map[string]any{"place": aarhus, "lead": "pl@frb.dk", "owner": "ejer@frb.dk"}
		reg(frb, "147", frbBody).problem(t, http.StatusConflict, "place")
		seats := func() meetingJSON {
			var ms []meetingJSON
			frb.getJSON(t, "/api/v1/network-meetings", &ms)
			if len(ms) != 1 {
				t.Fatalf("meetings: %+v", ms)
			}
			return ms[0]
		}
		if p := seats().Places[0]; p.Confirmed != 1 || p.Waiting != 0 || len(p.Registrations) != 1 {
			t.Fatalf("a full place was overbooked: %+v", p)
		}
		frbBody["waitlist"] = true
		reg(frb, "147", frbBody).decode(t, http.StatusOK, &r)
		if r.Status != "venteliste" || r.WaitingNumber != 1 {
			t.Fatalf("waiting list: %+v", r)
		}

		// The invitations, once.
		var inv struct {
			Invited, Waiting, Mails int
		}
		koord.sendJSON(t, "POST", fmt.Sprintf("/api/v1/network-meetings/%d/invitations", m.ID), map[string]any{}, nil).decode(t, http.StatusOK, &inv)
		if inv.Invited != 1 || inv.Waiting != 1 || inv.Mails != 4 {
			t.Fatalf("invitations: %+v", inv)
		}
		koord.sendJSON(t, "POST", fmt.Sprintf("/api/v1/network-meetings/%d/invitations", m.ID), map[string]any{}, nil).decode(t, http.StatusOK, &inv)
		if inv.Mails != 0 {
			t.Errorf("invitations sent twice: %+v", inv)
		}
		got := smtp.WaitFor(4, 20*time.Second)
		byTo := map[string]notifytest.Received{}
		for _, x := range got {
			byTo[x.To[0]] = x
		}
		start := time.Date(day.Time().Year(), day.Time().Month(), day.Time().Day(), 10, 0, 0, 0, model.Copenhagen())
		for _, to := range []string{"pl@kk.dk", "mm@kk.dk"} {
			x, ok := byTo[to]
			if !ok || !strings.HasPrefix(x.Subject, "Invitation: Netværksmøde i Aarhus") {
				t.Fatalf("invitation to %s: %+v", to, x.Subject)
			}
			ev := readInvitation(t, x.Raw)
			if ev["method"] != "REQUEST" || ev["summary"] != "Netværksmøde – Aarhus" || ev["organizer"] != "mailto:koordinator@kombit.dk" ||
				ev["start"] != start.UTC().Format(time.RFC3339) || fmt.Sprint(ev["attendees"]) != "[mailto:pl@kk.dk mailto:mm@kk.dk]" ||
				!strings.Contains(fmt.Sprint(ev["location"]), "Rådhuspladsen 2") {
				t.Errorf("invitation to %s: %v", to, ev)
			}
		}
		if x := byTo["ejer@frb.dk"]; !strings.Contains(x.Subject, "venteliste") || !strings.Contains(x.Body, "nr. 1 på ventelisten") {
			t.Errorf("waiting-list mail: %q %q", x.Subject, x.Body)
		}

		// København cancels: Frederiksberg moves up and is invited.
		if r := pl.do(t, "DELETE", fmt.Sprintf("/api/v1/network-meetings/%d/registrations/101", m.ID), nil, nil); r.StatusCode != http.StatusNoContent {
			t.Fatalf("cancel: %d %s", r.StatusCode, r.body)
		}
		if p := seats().Places[0]; p.Confirmed != 1 || p.Waiting != 0 || p.Registrations[0].Municipality != "147" || p.Registrations[0].Status != "tilmeldt" {
			t.Fatalf("after the cancellation: %+v", p)
		}
		got = smtp.WaitFor(6, 20*time.Second)
		moved := 0
		for _, x := range got[4:] {
			if strings.Contains(x.Subject, "I har fået en plads") && readInvitation(t, x.Raw)["method"] == "REQUEST" {
				moved++
			}
		}
		if moved != 2 {
			t.Errorf("moved up: %d mails with the invitation", moved)
		}
		// The pages: the centre and the municipality reach them from home.
		pl.login(t, "pl@kk.dk", testPassword)
		pl.get(t, "/").html(t, http.StatusOK, `href="/netvaerksmoeder"`)
		pl.get(t, "/netvaerksmoeder").html(t, http.StatusOK, "Netværksmøde", "Tilmeld København")
	})
}

// readInvitation takes the text/calendar part of a raw mail and reads it
// with Debian's python3-icalendar.
func readInvitation(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		t.Fatalf("not multipart: %s", msg.Header.Get("Content-Type"))
	}
	var ics []byte
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if ct, ps, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); ct == "text/calendar" {
			if ps["method"] != "REQUEST" {
				t.Errorf("text/calendar without method=REQUEST: %v", ps)
			}
			ics, _ = io.ReadAll(p)
			if p.Header.Get("Content-Transfer-Encoding") == "base64" {
				dec := make([]byte, len(ics))
				n, err := base64Decode(dec, ics)
				if err != nil {
					t.Fatal(err)
				}
				ics = dec[:n]
			}
		}
	}
	if ics == nil {
		t.Fatal("no text/calendar part")
	}
	py := "/usr/bin/python3"
	if exec.Command(py, "-c", "import icalendar").Run() != nil {
		t.Skip("skipping invitation check: python3-icalendar not installed")
	}
	path := filepath.Join(t.TempDir(), "invitation.ics")
	if err := os.WriteFile(path, ics, 0o600); err != nil {
		t.Fatal(err)
	}
	script := `import sys, json, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
ev = [c for c in cal.walk("VEVENT")][0]
att = ev.get("attendee")
att = [str(a) for a in (att if isinstance(att, list) else [att])]
print(json.dumps({"method": str(cal.get("method")), "summary": str(ev.get("summary")), "location": str(ev.get("location")),
  "organizer": str(ev.get("organizer")), "attendees": att, "start": ev.decoded("dtstart").strftime("%Y-%m-%dT%H:%M:%SZ"),
  "uid": str(ev.get("uid"))}))`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python3-icalendar refused the invitation: %v\n%s\n%s", err, out, ics)
	}
	var v map[string]any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return v
}

func base64Decode(dst, src []byte) (int, error) {
	return base64.StdEncoding.Decode(dst, []byte(strings.Join(strings.Fields(string(src)), "")))
}
