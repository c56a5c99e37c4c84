package cli_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

// The HTML forms of a municipality's own plan (issue 4 §3) and the calendar
// feeds (§5), through the real server as a browser uses them: the project
// lead of København (101) adds, edits and deletes own tasks, moves a
// catalogue task locally and back, takes a baseline, resolves the conflict
// a new catalogue version makes, and subscribes to the plan; a member
// subscribes to their own tasks. Every form is also sent with bad input and
// with a stale version, which must change nothing.

var (
	versionInput = regexp.MustCompile(`name="version" value="(\d+)"`)
	feedAddress  = regexp.MustCompile(`<code class="token">(http://[^<]+/ical/[A-Za-z0-9_-]+\.ics)</code>`)
)

// formPoster is a signed-in browser with its session's CSRF token.
type formPoster struct {
	*client
	token string
}

func signIn(t *testing.T, base, email string) formPoster {
	t.Helper()
	c := newClient(t, base)
	c.login(t, email, testPassword)
	return formPoster{c, c.csrf(t)}
}

// post sends a same-origin form with the CSRF token.
func (p formPoster) post(t *testing.T, path string, f url.Values) response {
	t.Helper()
	g := url.Values{}
	for k, v := range f {
		g[k] = v
	}
	g.Set("csrf", p.token)
	return p.do(t, "POST", path, []byte(g.Encode()), formHeader(p.client))
}

// seeOther checks a 303 to a location starting with prefix and returns the location.
func (r response) seeOther(t *testing.T, prefix string) string {
	t.Helper()
	loc := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("%s %s: status %d Location %q, want 303 to %s…\n%.600s", r.Request.Method, r.Request.URL.Path, r.StatusCode, loc, prefix, r.body)
	}
	return loc
}

// pageVersion is the first version a page's forms carry.
func pageVersion(t *testing.T, r response) string {
	t.Helper()
	m := versionInput.FindSubmatch(r.body)
	if m == nil {
		t.Fatalf("%s: no version field in the page", r.Request.URL.Path)
	}
	return string(m[1])
}

// icalEvents parses a feed with Debian's python3-icalendar and returns each
// event's SUMMARY, one a line; it skips the test when the parser is missing.
func icalEvents(t *testing.T, feed []byte) string {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("skipping python3-icalendar check: /usr/bin/python3 missing")
	}
	if err := exec.Command(py, "-c", "import icalendar").Run(); err != nil {
		t.Skip("skipping python3-icalendar check: module not installed (Debian package python3-icalendar)")
	}
	cmd := exec.Command(py, "-c", `
import sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
assert cal.name == "VCALENDAR" and str(cal["VERSION"]) == "2.0" and cal.get("PRODID")
for e in cal.walk("VEVENT"):
    assert e.get("UID") and e.get("DTSTAMP") and e.get("DTSTART"), e
    print(str(e["SUMMARY"]))
`)
	cmd.Stdin = bytes.NewReader(feed)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python3-icalendar refused the feed: %v\n%s\n%s", err, out, feed)
	}
	return string(out)
}

func TestPlanForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := signIn(t, base, testAdminEmail)
		admin.client.token = testAdminToken
		var res publishResult
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).decode(t, http.StatusCreated, &res)
		var er []enrolResult
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{
			{"code": "101", "golive": "2027-03-01", "wave": 1}, {"code": "147", "golive": "2027-03-01", "wave": 1}}, nil).decode(t, http.StatusOK, &er)
		var p plan
		admin.getJSON(t, "/api/v1/programmes/mini/municipalities/101/tasks", &p)
		krit, obl := findTask(t, p, "m-krit"), findTask(t, p, "m-obl")

		pl := signIn(t, base, "pl@kk.dk")
		const planURL = "/programmes/mini/municipalities/101"
		ownURL := planURL + "/own-tasks"

		t.Run("plan page links the plan's own pages", func(t *testing.T) {
			pl.get(t, planURL).html(t, http.StatusOK, `aria-label="Kommunens plan"`, `href="`+ownURL+`"`, `href="`+planURL+`/baselines"`,
				`href="`+planURL+`/conflicts"`, `id="kalender"`, "Opret kalenderabonnement")
		})

		var ownID string
		t.Run("own task: add", func(t *testing.T) {
			pl.get(t, ownURL).html(t, http.StatusOK, "Tilføj egen opgave eller milepæl", `name="title"`)
			good := url.Values{"title": {"Informér skolebestyrelser"}, "phase": {"2.1"}, "type": {"obligatorisk"},
				"start": {"2027-01-04"}, "end": {"2027-01-08"}, "responsible": {"Kommunen"}, "executor": {"Skolechef"},
				"assignee": {"mm@kk.dk"}, "description": {"Kort orientering."}}
			bad := []struct {
				name, field, value, want string
			}{
				{"no title", "title", "  ", "skal have en titel"},
				{"unknown phase", "phase", "9.9", "kendt fase"},
				{"not a date", "start", "2027-13-01", "er ikke en dato"},
				{"end on a Saturday", "end", "2027-01-09", "lørdag eller søndag"},
				{"end before start", "end", "2027-01-01", "ligger før startdatoen"},
			}
			for _, b := range bad {
				f := url.Values{}
				for k, v := range good {
					f[k] = v
				}
				f.Set(b.field, b.value)
				r := pl.post(t, ownURL, f)
				r.html(t, http.StatusUnprocessableEntity, b.want, `id="`+b.field+`-fejl"`, `aria-invalid="true"`, "Opgaven blev ikke gemt")
				// The form keeps what was typed.
				if b.field != "title" && !bytes.Contains(r.body, []byte(`value="Informér skolebestyrelser"`)) {
					t.Errorf("%s: the re-rendered form lost the title", b.name)
				}
			}
			if r := pl.get(t, ownURL); bytes.Contains(r.body, []byte("Informér skolebestyrelser")) {
				t.Fatal("a refused form added the task")
			}
			loc := pl.post(t, ownURL, good).seeOther(t, ownURL+"/")
			ownID = strings.TrimSuffix(strings.TrimPrefix(loc, ownURL+"/"), "?gemt=oprettet")
			pl.get(t, loc).html(t, http.StatusOK, "Opgaven er oprettet.", "Informér skolebestyrelser", "Skolechef", "mm@kk.dk")
			pl.get(t, ownURL).html(t, http.StatusOK, "Informér skolebestyrelser")
			// A milestone has one date.
			pl.post(t, ownURL, url.Values{"title": {"Styregruppen godkender"}, "milestone": {"ja"}, "start": {"2027-02-01"}}).seeOther(t, ownURL+"/")
			pl.get(t, ownURL).html(t, http.StatusOK, "Styregruppen godkender</a> (milepæl)")
			// The Gantt chart shows own tasks.
			pl.get(t, planURL+"/gantt").html(t, http.StatusOK, "Egen: Informér skolebestyrelser")
		})
		taskURL := ownURL + "/" + ownID

		t.Run("own task: edit, stale edit, status, delete", func(t *testing.T) {
			page := pl.get(t, taskURL)
			v1 := pageVersion(t, page)
			edit := url.Values{"title": {"Informér alle skolebestyrelser"}, "phase": {"2.1"}, "type": {"obligatorisk"},
				"start": {"2027-01-04"}, "end": {"2027-01-15"}, "executor": {"Skolechef"}, "assignee": {"mm@kk.dk"}, "version": {v1}}
			bad := url.Values{}
			for k, v := range edit {
				bad[k] = v
			}
			bad.Set("start", "2027-01-09") // a Saturday
			pl.post(t, taskURL, bad).html(t, http.StatusUnprocessableEntity, "lørdag eller søndag", `id="start-fejl"`, `value="Informér alle skolebestyrelser"`)
			pl.post(t, taskURL, edit).seeOther(t, taskURL+"?gemt=rettet")
			pl.get(t, taskURL+"?gemt=rettet").html(t, http.StatusOK, "Opgaven er rettet.", "Informér alle skolebestyrelser", "15.01.2027")
			// The same form again carries the version before the edit: refused, nothing changes.
			stale := url.Values{}
			for k, v := range edit {
				stale[k] = v
			}
			stale.Set("title", "Forældet ændring")
			r := pl.post(t, taskURL, stale)
			r.html(t, http.StatusConflict, "ændret i mellemtiden", "Intet er gemt")
			if bytes.Contains(pl.get(t, taskURL).body, []byte("Forældet ændring")) {
				t.Error("a stale edit was saved")
			}
			// Status: a stale version is refused, the current one saves.
			pl.post(t, taskURL+"/status", url.Values{"status": {"paabegyndt"}, "version": {v1}}).html(t, http.StatusConflict, "Status blev ikke gemt")
			pl.post(t, taskURL+"/status", url.Values{"status": {"sludder"}, "version": {pageVersion(t, pl.get(t, taskURL))}}).
				html(t, http.StatusUnprocessableEntity, "er ikke en status")
			pl.post(t, taskURL+"/status", url.Values{"status": {"paabegyndt"}, "version": {pageVersion(t, pl.get(t, taskURL))}}).seeOther(t, taskURL+"?gemt=status")
			pl.get(t, taskURL+"?gemt=status").html(t, http.StatusOK, "Status er gemt.", "<dd>Påbegyndt")
			// Delete: stale refused, current deletes.
			pl.post(t, taskURL+"/delete", url.Values{"version": {v1}}).html(t, http.StatusConflict, "Sletningen blev ikke gemt")
			pl.get(t, taskURL).html(t, http.StatusOK, "Informér alle skolebestyrelser")
		})

		t.Run("moving a catalogue task locally, and back", func(t *testing.T) {
			datesURL := fmt.Sprintf("/tasks/%d/dates", krit.ID)
			pl.get(t, fmt.Sprintf("/tasks/%d", krit.ID)).html(t, http.StatusOK, `href="`+datesURL+`"`)
			page := pl.get(t, datesURL)
			page.html(t, http.StatusOK, "Flyt datoerne lokalt", "Nej – opgaven følger standarden")
			v := pageVersion(t, page)
			move := url.Values{"action": {"move"}, "start": {"2027-01-11"}, "end": {"2027-01-22"}, "reason": {"Jurist på ferie"}, "version": {v}}
			for field, value := range map[string]string{"reason": "", "start": "2027-01-10", "end": "ikke-en-dato"} {
				f := url.Values{}
				for k, x := range move {
					f[k] = x
				}
				f.Set(field, value)
				pl.post(t, datesURL, f).html(t, http.StatusUnprocessableEntity, `id="`+field+`-fejl"`, "Flytningen blev ikke gemt")
			}
			var x struct {
				task
				Override bool `json:"date_override"`
			}
			admin.getJSON(t, fmt.Sprintf("/api/v1/tasks/%d", krit.ID), &x)
			if x.Override || x.Start != krit.Start || x.End != krit.End {
				t.Fatalf("refused moves changed the task: %+v", x)
			}
			pl.post(t, datesURL, move).seeOther(t, datesURL+"?gemt=flyttet")
			pl.get(t, datesURL+"?gemt=flyttet").html(t, http.StatusOK, "Opgavens datoer er flyttet lokalt.", "Ja: „Jurist på ferie“", "Tilbage til standardens datoer", "22.01.2027")
			pl.post(t, datesURL, move).html(t, http.StatusConflict, "Intet er gemt")
			// Undo, then move again for the conflict below.
			pl.post(t, datesURL, url.Values{"action": {"reset"}, "version": {pageVersion(t, pl.get(t, datesURL))}}).seeOther(t, datesURL+"?gemt=standard")
			admin.getJSON(t, fmt.Sprintf("/api/v1/tasks/%d", krit.ID), &x)
			if x.Override || x.End != krit.End {
				t.Fatalf("after undo: override %v end %s, want the standard's %s", x.Override, x.End, krit.End)
			}
			move.Set("version", pageVersion(t, pl.get(t, datesURL)))
			pl.post(t, datesURL, move).seeOther(t, datesURL+"?gemt=flyttet")
			pl.get(t, planURL+"/tasks/m-inst").html(t, http.StatusOK, "datoer og lokal flytning")
		})

		var baselineURL string
		t.Run("baseline: create", func(t *testing.T) {
			blURL := planURL + "/baselines"
			pl.get(t, blURL).html(t, http.StatusOK, "Der er ikke taget nogen basisplan endnu.", "Gem basisplan")
			pl.post(t, blURL, url.Values{"name": {"   "}}).html(t, http.StatusUnprocessableEntity, `id="name-fejl"`, "1–100 tegn")
			pl.get(t, blURL).html(t, http.StatusOK, "Der er ikke taget nogen basisplan endnu.")
			baselineURL = pl.post(t, blURL, url.Values{"name": {"Før version 2"}}).seeOther(t, blURL+"/")
			pl.get(t, baselineURL).html(t, http.StatusOK, "Basisplanen er gemt.", "Før version 2", "0 opgaver er kommet til siden")
		})

		// KOMBIT publishes version 2: m-krit's standard end moves (a
		// conflict with the local move), m-valg goes, m-ny comes.
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v2.yaml"), yamlHeader()).decode(t, http.StatusOK, &res)

		t.Run("baseline: comparison after a new version", func(t *testing.T) {
			r := pl.get(t, strings.SplitN(baselineURL, "?", 2)[0])
			r.html(t, http.StatusOK, "Overvej tilkøb af uddannelse – fjernet siden",
				"Gennemfør parathedsmåling – kommet til siden", "1 opgaver er fjernet siden", "1 opgaver er kommet til siden",
				"Planlagt (basisplanen), nu og faktisk pr. opgave")
		})

		t.Run("conflicts: what the standard said, says now, and what the municipality has", func(t *testing.T) {
			cURL := planURL + "/conflicts"
			pl.get(t, planURL).html(t, http.StatusOK, "(1 åbne)")
			page := pl.get(t, cURL)
			page.html(t, http.StatusOK, "Indgå databehandleraftale", "Standarden sagde", "Standarden siger nu", "Kommunen har („Jurist på ferie“)",
				"22.01.2027", `value="keep_local"`, `value="take_standard"`)
			m := regexp.MustCompile(`action="` + cURL + `/(\d+)"`).FindSubmatch(page.body)
			if m == nil {
				t.Fatal("no resolution form")
			}
			formURL := cURL + "/" + string(m[1])
			v := pageVersion(t, page)
			n, _ := strconv.Atoi(v)
			pl.post(t, formURL, url.Values{"choice": {"maybe"}, "version": {v}}).html(t, http.StatusUnprocessableEntity, "Valget blev ikke gemt", "keep_local")
			pl.post(t, formURL, url.Values{"choice": {"keep_local"}, "version": {strconv.Itoa(n - 1)}}).html(t, http.StatusConflict, "ændret i mellemtiden")
			pl.get(t, cURL).html(t, http.StatusOK, "Løs konflikten for")
			pl.post(t, formURL, url.Values{"choice": {"keep_local"}, "version": {v}}).seeOther(t, cURL+"?gemt=behold")
			pl.get(t, cURL+"?gemt=behold").html(t, http.StatusOK, "Konflikten er løst: kommunens egne datoer er beholdt.", "Status: løst – kommunens datoer beholdt")
			rr := pl.post(t, formURL, url.Values{"choice": {"take_standard"}, "version": {v}})
			rr.html(t, http.StatusConflict, "allerede løst")
		})

		t.Run("plan calendar feed: create, read, revoke", func(t *testing.T) {
			r := pl.post(t, planURL+"/calendar-feeds", url.Values{})
			r.html(t, http.StatusOK, "den vises ikke igen", "Stop abonnement")
			m := feedAddress.FindSubmatch(r.body)
			if m == nil {
				t.Fatalf("no feed address on the page:\n%s", r.body)
			}
			feedPath := strings.TrimPrefix(string(m[1]), base)
			anon := newClient(t, base)
			f := anon.get(t, feedPath)
			if f.StatusCode != http.StatusOK || !strings.HasPrefix(f.Header.Get("Content-Type"), "text/calendar") {
				t.Fatalf("feed: %d %s", f.StatusCode, f.Header.Get("Content-Type"))
			}
			if ev := icalEvents(t, f.body); !strings.Contains(ev, "Frist: Indgå databehandleraftale") || !strings.Contains(ev, "Frist: Informér alle skolebestyrelser") {
				t.Errorf("plan feed events:\n%s", ev)
			}
			if bytes.Contains(pl.get(t, planURL).body, m[1]) {
				t.Error("the feed address is shown again")
			}
			id := regexp.MustCompile(`action="` + planURL + `/calendar-feeds/(\d+)/revoke"`).FindSubmatch(r.body)
			revoke := planURL + "/calendar-feeds/" + string(id[1]) + "/revoke"
			pl.post(t, revoke, url.Values{}).seeOther(t, planURL+"?gemt=stoppet")
			if f := anon.get(t, feedPath); f.StatusCode != http.StatusNotFound {
				t.Errorf("revoked feed: status %d, want 404", f.StatusCode)
			}
			pl.post(t, revoke, url.Values{}).html(t, http.StatusNotFound, "allerede stoppet")
			// Another municipality's feed cannot be revoked from this plan.
			other := signIn(t, base, "pl@frb.dk")
			r2 := other.post(t, "/programmes/mini/municipalities/147/calendar-feeds", url.Values{})
			id2 := regexp.MustCompile(`/calendar-feeds/(\d+)/revoke`).FindSubmatch(r2.body)
			pl.post(t, planURL+"/calendar-feeds/"+string(id2[1])+"/revoke", url.Values{}).html(t, http.StatusNotFound)
			f2 := anon.get(t, strings.TrimPrefix(string(feedAddress.FindSubmatch(r2.body)[1]), base))
			if f2.StatusCode != http.StatusOK {
				t.Errorf("Frederiksberg's feed after København tried to revoke it: %d", f2.StatusCode)
			}
		})

		t.Run("personal calendar feed", func(t *testing.T) {
			// The project lead delegates m-obl to the member with the task page's form.
			delegate := fmt.Sprintf("/tasks/%d/delegate", obl.ID)
			pl.post(t, delegate, url.Values{"email": {"findes.ikke@kk.dk"}}).html(t, http.StatusUnprocessableEntity,
				"Delegeringen blev ikke gemt", "ingen aktiv bruger med e-mailadressen findes.ikke@kk.dk", `aria-describedby="delegate-fejl"`)
			pl.post(t, delegate, url.Values{"email": {"pl@frb.dk"}}).html(t, http.StatusUnprocessableEntity, "arbejder ikke i den organisation")
			pl.post(t, delegate, url.Values{"email": {"mm@kk.dk"}}).seeOther(t, fmt.Sprintf("/tasks/%d?delegeret", obl.ID))
			pl.get(t, fmt.Sprintf("/tasks/%d?delegeret", obl.ID)).html(t, http.StatusOK, "Delegeringen er gemt.", "Mads Medarbejder (København)",
				`<input type="hidden" name="current" value="mm@kk.dk">`)
			// A form shown before that delegation (current: nobody) is refused, not applied.
			pl.post(t, delegate, url.Values{"email": {""}, "current": {""}}).html(t, http.StatusConflict,
				"Delegeringen blev ikke gemt", "i mellemtiden uddelegeret til Mads Medarbejder")
			pl.get(t, fmt.Sprintf("/tasks/%d", obl.ID)).html(t, http.StatusOK, "Mads Medarbejder (København)")
			mm := signIn(t, base, "mm@kk.dk")
			mm.get(t, "/konto").html(t, http.StatusOK, "Mit kalenderabonnement", "Du har intet aktivt kalenderabonnement.")
			r1 := mm.post(t, "/konto/kalender", url.Values{})
			r1.html(t, http.StatusOK, "den vises ikke igen")
			r2 := mm.post(t, "/konto/kalender", url.Values{})
			feed1, feed2 := feedAddress.FindSubmatch(r1.body), feedAddress.FindSubmatch(r2.body)
			if feed1 == nil || feed2 == nil || bytes.Equal(feed1[1], feed2[1]) {
				t.Fatal("two personal feeds should have two addresses")
			}
			anon := newClient(t, base)
			path1, path2 := strings.TrimPrefix(string(feed1[1]), base), strings.TrimPrefix(string(feed2[1]), base)
			f := anon.get(t, path1)
			if f.StatusCode != http.StatusOK || !strings.HasPrefix(f.Header.Get("Content-Type"), "text/calendar") {
				t.Fatalf("personal feed: %d %s", f.StatusCode, f.Header.Get("Content-Type"))
			}
			ev := icalEvents(t, f.body)
			for _, want := range []string{"Frist: Udarbejd kommunikationsplan (København)", "Frist: Informér alle skolebestyrelser (København)"} {
				if !strings.Contains(ev, want) {
					t.Errorf("personal feed lacks %q:\n%s", want, ev)
				}
			}
			if strings.Contains(ev, "Indgå databehandleraftale") {
				t.Errorf("personal feed has a task not delegated to the user:\n%s", ev)
			}
			// Another user cannot revoke it; the owner can.
			ids := regexp.MustCompile(`/konto/kalender/(\d+)/revoke`).FindAllSubmatch(r2.body, -1)
			if len(ids) != 2 {
				t.Fatalf("account page lists %d feeds, want 2", len(ids))
			}
			pl.post(t, "/konto/kalender/"+string(ids[0][1])+"/revoke", url.Values{}).html(t, http.StatusNotFound)
			if f := anon.get(t, path1); f.StatusCode != http.StatusOK {
				t.Fatalf("after another user's revoke attempt: %d", f.StatusCode)
			}
			mm.post(t, "/konto/kalender/"+string(ids[0][1])+"/revoke", url.Values{}).seeOther(t, "/konto?gemt=")
			if f := anon.get(t, path1); f.StatusCode != http.StatusNotFound {
				t.Errorf("revoked personal feed: %d, want 404", f.StatusCode)
			}
			if f := anon.get(t, path2); f.StatusCode != http.StatusOK {
				t.Errorf("the other personal feed: %d, want 200", f.StatusCode)
			}
			// A deactivated user's feed stops.
			users := admin.get(t, "/admin/users")
			uid := regexp.MustCompile(`href="/admin/users/(\d+)">Mads Medarbejder<`).FindSubmatch(users.body)
			admin.post(t, "/admin/users/"+string(uid[1]), url.Values{"name": {"Mads Medarbejder"}, "email": {"mm@kk.dk"}, "role": {"medarbejder"},
				"org": {"101"}, "active": {"nej"}}).seeOther(t, "/admin/users/")
			if f := anon.get(t, path2); f.StatusCode != http.StatusNotFound {
				t.Errorf("feed of a deactivated user: %d, want 404", f.StatusCode)
			}
			if f := anon.get(t, "/ical/ukendt-token.ics"); f.StatusCode != http.StatusNotFound {
				t.Errorf("unknown token: %d, want 404", f.StatusCode)
			}
		})

		t.Run("own task: delete", func(t *testing.T) {
			pl.post(t, taskURL+"/delete", url.Values{"version": {pageVersion(t, pl.get(t, taskURL))}}).seeOther(t, ownURL+"?gemt=slettet")
			r := pl.get(t, ownURL+"?gemt=slettet")
			r.html(t, http.StatusOK, "Opgaven er slettet fra planen")
			if bytes.Contains(r.body, []byte("Informér alle skolebestyrelser")) {
				t.Error("the deleted task is still listed")
			}
			pl.get(t, taskURL).html(t, http.StatusNotFound)
		})

		t.Run("observers read, without forms", func(t *testing.T) {
			obs := signIn(t, base, "obs@kl.dk")
			for _, path := range []string{ownURL, planURL + "/baselines", planURL + "/conflicts", fmt.Sprintf("/tasks/%d/dates", krit.ID)} {
				r := obs.get(t, path)
				r.html(t, http.StatusOK)
				for _, form := range []string{"Tilføj til planen", "Gem basisplan", "Løs konflikten", "Flyt opgaven"} {
					if bytes.Contains(r.body, []byte(form)) {
						t.Errorf("%s shows the observer the form %q", path, form)
					}
				}
			}
			obs.post(t, ownURL, url.Values{"title": {"Observatørens opgave"}, "start": {"2027-01-04"}, "end": {"2027-01-08"}}).html(t, http.StatusForbidden)
			obs.post(t, planURL+"/baselines", url.Values{"name": {"Observatør"}}).html(t, http.StatusForbidden)
		})
	})
}
