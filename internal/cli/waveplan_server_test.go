package cli_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/waves"
)

// Wave planning through the real server on both databases: the setup API
// with its field errors and infeasibility report, a seeded draft, what-if
// steps by API and by form, the hearing, the final plan that enrols every
// municipality, the diff, and the pages with the map.

// seedAllMunicipalities loads Denmark's 98 municipalities before the
// server starts.
func seedAllMunicipalities(t *testing.T, dbURL string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	munis, err := data.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	orgs := make([]model.Organisation, len(munis))
	for i, m := range munis {
		orgs[i] = m.Organisation
	}
	a := app.New(db, im, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err := a.LoadOrganisations(ctx, orgs, nil); err != nil {
		t.Fatal(err)
	}
}

// Users of the wave-plan tests: a KOMBIT coordinator and København's
// project lead, each with an API token.
const (
	waveCoordinatorToken = "udrul_pat_test-wave-koordinator-0123456789"
	waveLeadToken        = "udrul_pat_test-wave-projektleder-0123456789"
)

func seedWaveUsers(t *testing.T, dbURL string) {
	t.Helper()
	ctx := context.Background()
	a, done := testApp(t, dbURL)
	defer done()
	if err := a.EnsureCentralOrganisations(ctx); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		email, name, org, token string
		role                    access.Role
	}{
		{"bk@kombit.dk", "Birte Koordinator", "kombit", waveCoordinatorToken, access.Coordinator},
		{"pl@kk.dk", "Pia Projektleder", "101", waveLeadToken, access.ProjectLead},
		{"obs@kl.dk", "Ole Observatør", "kl", "", access.Observer},
	} {
		nu, err := a.CreateUser(ctx, app.NewUser{Email: u.email, Name: u.name, Role: u.role, Org: u.org, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		if u.token == "" {
			continue
		}
		if err := a.EnsureAPIToken(ctx, nu.ID, "test", u.token); err != nil {
			t.Fatal(err)
		}
	}
}

// postForm posts an HTML form the way a browser on udrul's own page does:
// same origin, with the session's CSRF token.
func (c *client) postForm(t *testing.T, path string, values url.Values) response {
	t.Helper()
	f := url.Values{"csrf": {c.csrf(t)}}
	for k, v := range values {
		f[k] = v
	}
	return c.do(t, "POST", path, []byte(f.Encode()), formHeader(c))
}

// form posts a form and returns the status and, for a redirect, its target.
func (c *client) form(t *testing.T, path string, values url.Values) (int, string) {
	t.Helper()
	r := c.postForm(t, path, values)
	if r.StatusCode == http.StatusSeeOther {
		return r.StatusCode, r.Header.Get("Location")
	}
	return r.StatusCode, string(r.body)
}

type (
	waveIssue struct {
		Kind        string   `json:"kind"`
		Constraints []string `json:"constraints"`
	}
	waveSetup struct {
		Revision int         `json:"revision"`
		Issues   []waveIssue `json:"issues"`
		Waves    []any       `json:"waves"`
	}
	wavePlacement struct {
		Code  string `json:"code"`
		Name  string `json:"name"`
		Wave  int    `json:"wave"`
		Fixed bool   `json:"fixed"`
		Group string `json:"group"`
	}
	waveVersion struct {
		Number         int    `json:"number"`
		State          string `json:"state"`
		Revision       int    `json:"revision"`
		Score          map[string]float64
		Waves          []struct{ Number, Count int }
		Municipalities []wavePlacement `json:"municipalities"`
	}
	waveChange struct {
		Preview  bool `json:"preview"`
		Revision int  `json:"revision"`
		Criteria []struct {
			Name  string  `json:"name"`
			Delta float64 `json:"delta"`
		} `json:"criteria"`
		Moved []struct {
			Code     string `json:"code"`
			From, To int
		} `json:"moved"`
	}
)

// setupJSON is the KSD-shaped setup of docs/waves.md with the pilots of
// seed 003 and the standard blackouts for 2027.
func setupJSON(revision int, wave1 string) map[string]any {
	waves := []map[string]any{
		{"number": 1, "kind": "pilot", "golive": wave1},
		{"number": 2, "kind": "pilot", "golive": "2027-03-30"},
		{"number": 3, "kind": "regular", "golive": "2027-04-26"},
		{"number": 4, "kind": "regular", "golive": "2027-05-31"},
		{"number": 5, "kind": "regular", "golive": "2027-06-21"},
		{"number": 6, "kind": "regular", "golive": "2027-08-23"},
		{"number": 7, "kind": "regular", "golive": "2027-09-27"},
		{"number": 8, "kind": "catchup", "golive": "2027-11-01", "capacity": 10},
	}
	var blackouts []map[string]any
	for _, b := range app.StandardBlackouts(2027, 2027) {
		blackouts = append(blackouts, map[string]any{"name": b.Name, "from": b.From.String(), "to": b.To.String()})
	}
	munis := []map[string]any{}
	for code, w := range map[string]int{"187": 1, "183": 1, "575": 1, "420": 2, "217": 2, "730": 2, "751": 2} {
		munis = append(munis, map[string]any{"code": code, "fixed_wave": w})
	}
	munis = append(munis, map[string]any{"code": "461", "preferred": []int{4}, "excluded": []int{5}})
	return map[string]any{
		"revision": revision, "waves": waves, "blackouts": blackouts,
		"groups":          []map[string]any{{"name": "Jobcenter Vestsjælland", "members": []string{"326", "316"}}},
		"municipalities":  munis,
		"hypercare_teams": 2, "team_capacity": 0, "rollout_window": map[string]int{"before": 28, "after": 14},
		"training_parallel": 5, "training_window": map[string]int{"before": 21, "after": -1},
		"size_classes": map[string]int{"medium_from": 0, "large_from": 0},
	}
}

func TestWavePlanServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedAllMunicipalities(t, dbURL)
		seedWaveUsers(t, dbURL)
		base := startServer(t, dbURL)
		c, pl := newClient(t, base), newClient(t, base)
		c.token, pl.token = waveCoordinatorToken, waveLeadToken
		c.login(t, "bk@kombit.dk", testPassword)
		pl.login(t, "pl@kk.dk", testPassword)
		c.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).decode(t, http.StatusCreated, &publishResult{})
		testWavePlanServer(t, c, pl)
	})
}

func testWavePlanServer(t *testing.T, c, pl *client) {
	const base = "/api/v1/programmes/mini/waveplan"
	var koord map[string]string

	t.Run("setup", func(t *testing.T) {
		var s waveSetup
		c.getJSON(t, base+"/setup", &s)
		if s.Revision != 0 || len(s.Issues) != 1 || s.Issues[0].Kind != "no-regular-wave" {
			t.Errorf("default setup: %+v", s)
		}
		c.get(t, "/api/v1/programmes/nope/waveplan/setup").problem(t, http.StatusNotFound, "")

		// Malformed fields: every one named, the first in field.
		bad := setupJSON(0, "2027-13-01")
		bad["waves"].([]map[string]any)[2]["golive"] = "2027-04-24" // a Saturday
		p := c.sendJSON(t, "PUT", base+"/setup", bad, koord).problem(t, http.StatusUnprocessableEntity, "waves[0].golive")
		if len(p.Errors) != 1 {
			t.Errorf("a malformed date is reported alone, before the rest is checked: %+v", p.Errors)
		}
		bad = setupJSON(0, "2027-03-01")
		bad["waves"].([]map[string]any)[2]["golive"] = "2027-04-24"
		bad["hypercare_teams"] = 0
		p = c.sendJSON(t, "PUT", base+"/setup", bad, koord).problem(t, http.StatusUnprocessableEntity, "waves[2].golive")
		if len(p.Errors) != 2 || p.Errors[1].Field != "hypercare_teams" || !strings.Contains(p.Errors[0].Message, "arbejdsdag") {
			t.Errorf("errors %+v", p.Errors)
		}
		c.sendJSON(t, "PUT", base+"/setup", map[string]any{"revision": 0, "bølger": 1}, koord).problem(t, http.StatusBadRequest, "bølger")
		// A wave's kind goes by the API's name; the stored Danish word is not one.
		bad = setupJSON(0, "2027-03-01")
		bad["waves"].([]map[string]any)[2]["kind"] = string(waves.Regular)
		p = c.sendJSON(t, "PUT", base+"/setup", bad, koord).problem(t, http.StatusUnprocessableEntity, "waves[2].kind")
		if len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, "pilot, regular eller catchup") {
			t.Errorf("a stored kind as the API's name: %+v", p.Errors)
		}

		// Saved; a stale revision is a conflict.
		c.sendJSON(t, "PUT", base+"/setup", setupJSON(0, "2027-03-01"), koord).decode(t, http.StatusOK, &s)
		if s.Revision != 1 || len(s.Issues) != 0 || len(s.Waves) != 8 {
			t.Fatalf("saved setup: %+v", s)
		}
		if k, _ := s.Waves[7].(map[string]any)["kind"].(string); k != "catchup" {
			t.Errorf("the catch-up wave's kind in the API: %q, want catchup", k)
		}
		c.sendJSON(t, "PUT", base+"/setup", setupJSON(0, "2027-03-01"), koord).problem(t, http.StatusConflict, "")

		// Contradicting constraints: saved with issues, optimising refused
		// naming them, nothing stored.
		c.sendJSON(t, "PUT", base+"/setup", setupJSON(1, "2027-01-04"), koord).decode(t, http.StatusOK, &s)
		if s.Revision != 2 || len(s.Issues) == 0 {
			t.Fatalf("infeasible setup: %+v", s)
		}
		p = c.sendJSON(t, "POST", base+"/versions", map[string]any{"seed": 1}, koord).problem(t, http.StatusUnprocessableEntity, "")
		named := false
		for _, is := range p.Issues {
			if is.Kind == "fixed-in-blackout" && strings.Contains(strings.Join(is.Constraints, "|"), "Ishøj (183)") &&
				strings.Contains(strings.Join(is.Constraints, "|"), "perioden Jul og vinter 2026/2027") {
				named = true
			}
		}
		if !named {
			t.Errorf("infeasibility does not name the fixed pilot and the blackout: %+v", p.Issues)
		}
		var vs []any
		c.getJSON(t, base+"/versions", &vs)
		if len(vs) != 0 {
			t.Errorf("a refused optimisation stored %d versions", len(vs))
		}
		c.sendJSON(t, "PUT", base+"/setup", setupJSON(2, "2027-03-01"), koord).decode(t, http.StatusOK, &s)
	})

	var v1 waveVersion
	t.Run("optimise", func(t *testing.T) {
		r := c.do(t, "POST", base+"/versions", nil, koord) // empty body: seed 1
		r.decode(t, http.StatusCreated, &v1)
		if loc := r.Header.Get("Location"); loc != base+"/versions/1" {
			t.Errorf("Location %q", loc)
		}
		if v1.Number != 1 || v1.State != "draft" || v1.Score["hard"] != 0 || len(v1.Municipalities) != 98 {
			t.Fatalf("draft: number %d, state %s, score %v, %d municipalities", v1.Number, v1.State, v1.Score, len(v1.Municipalities))
		}
		c.get(t, base+"/versions/9").problem(t, http.StatusNotFound, "")
		c.get(t, base+"/versions/x").problem(t, http.StatusNotFound, "n")
		c.sendJSON(t, "POST", base+"/versions", map[string]any{"seed": -1}, koord).problem(t, http.StatusBadRequest, "seed")
	})

	free := ""
	for _, m := range v1.Municipalities {
		if !m.Fixed && m.Group == "" && m.Wave == 3 && m.Code != "461" {
			free = m.Code
			break
		}
	}
	t.Run("what-if", func(t *testing.T) {
		var ch waveChange
		c.sendJSON(t, "POST", base+"/versions/1/moves", map[string]any{"code": free, "wave": 4, "preview": true}, koord).decode(t, http.StatusOK, &ch)
		if !ch.Preview || len(ch.Moved) != 1 || ch.Moved[0].To != 4 || len(ch.Criteria) != 7 || ch.Revision != 1 {
			t.Errorf("preview %+v", ch)
		}
		c.sendJSON(t, "POST", base+"/versions/1/moves", map[string]any{"code": "751", "wave": 3}, koord).problem(t, http.StatusUnprocessableEntity, "")
		c.sendJSON(t, "POST", base+"/versions/1/moves", map[string]any{"code": free, "wave": 42}, koord).problem(t, http.StatusUnprocessableEntity, "wave")
		c.sendJSON(t, "POST", base+"/versions/1/moves", map[string]any{"code": free, "wave": 4, "revision": 7}, koord).problem(t, http.StatusConflict, "")
		c.sendJSON(t, "POST", base+"/versions/1/moves", map[string]any{"code": free, "wave": 4, "revision": 1}, koord).decode(t, http.StatusOK, &ch)
		if ch.Preview || ch.Revision != 2 {
			t.Errorf("move %+v", ch)
		}
		c.sendJSON(t, "POST", base+"/versions/1/locks", map[string]any{"codes": []string{free}, "locked": true}, koord).decode(t, http.StatusOK, &ch)
		c.sendJSON(t, "POST", base+"/versions/1/locks", map[string]any{"codes": []string{"999"}, "locked": true}, koord).problem(t, http.StatusUnprocessableEntity, "codes[0]")
		c.do(t, "POST", base+"/versions/1/reoptimise", nil, koord).decode(t, http.StatusOK, &ch)
		for _, m := range ch.Moved {
			if m.Code == free {
				t.Errorf("re-optimising moved the locked %s", free)
			}
		}

		// The page: unlock by form, a preview by GET, a move by form, the
		// change shown after the redirect.
		var v waveVersion
		c.getJSON(t, base+"/versions/1", &v)
		status, loc := c.form(t, "/programmes/mini/waveplan/versions/1/lock", url.Values{"code": {free}, "locked": {"false"}, "revision": {fmt.Sprint(v.Revision)}})
		if status != http.StatusSeeOther || !strings.Contains(loc, "gemt=") {
			t.Fatalf("unlock by form: %d %s", status, loc)
		}
		c.get(t, fmt.Sprintf("/programmes/mini/waveplan/versions/1?flyt=%s&til=5", free)).html(t, http.StatusOK,
			"Forhåndsvisning – intet er gemt", "Gennemfør flytningen", "Antal kommuner pr. bølge (afvigelse)")
		// Odense into the wave it excluded: shown, as a broken hard constraint.
		c.sendJSON(t, "POST", base+"/versions/1/moves", map[string]any{"code": "461", "wave": 5, "preview": true}, koord).decode(t, http.StatusOK, &ch)
		if hard := ch.Criteria[5]; hard.Name != "hard" || hard.Delta != 1 {
			t.Errorf("moving Odense into its excluded wave: criteria %+v, want hard +1", ch.Criteria)
		}
		status, loc = c.form(t, "/programmes/mini/waveplan/versions/1/move", url.Values{"code": {"751"}, "wave": {"5"}})
		if status < 400 || status >= 500 || !strings.Contains(loc, `class="alert alert-error`) {
			t.Errorf("moving a fixed pilot by form: %d %.300s, want the version page again with the refusal", status, loc)
		}
		c.getJSON(t, base+"/versions/1", &v)
		status, loc = c.form(t, "/programmes/mini/waveplan/versions/1/move", url.Values{"code": {free}, "wave": {"3"}, "revision": {fmt.Sprint(v.Revision)}})
		if status != http.StatusSeeOther || !strings.Contains(loc, "gemt=") {
			t.Fatalf("move by form: %d %s", status, loc)
		}
		c.get(t, loc).html(t, http.StatusOK, "Seneste ændring", "flyttet til Bølge 3", "<svg", "Bølge 3 (ordinær, go-live 26.04.2027)",
			"Kommunernes placering", "Meld ud og send i høring")
	})

	t.Run("hearing and final", func(t *testing.T) {
		// A second draft as a copy, so the diff has something to show.
		var v2 waveVersion
		c.sendJSON(t, "POST", base+"/versions", map[string]any{"from": 1}, koord).decode(t, http.StatusCreated, &v2)
		var ch waveChange
		c.sendJSON(t, "POST", base+"/versions/2/moves", map[string]any{"code": free, "wave": 6}, koord).decode(t, http.StatusOK, &ch)

		var ann struct {
			Notified  int      `json:"notified"`
			Mails     int      `json:"mails"`
			Unreached []string `json:"unreached"`
			Delivery  string   `json:"delivery"`
		}
		c.sendJSON(t, "POST", base+"/versions/2/municipalities/"+free+"/comments", map[string]any{"body": "Før høringen"}, koord).problem(t, http.StatusConflict, "")
		// The page shows what would move and asks for confirmation; without
		// it nothing is announced. A re-plan is previewed before it is done.
		c.get(t, "/programmes/mini/waveplan/versions/2").html(t, http.StatusOK, "Hvad flytter, hvis versionen gøres endelig", `name="bekraeft"`, "Hvor ligelig er planen?", "afviger højst")
		c.get(t, "/programmes/mini/waveplan/versions/2?genberegn=1&flytninger=0").html(t, http.StatusOK, "Hvis resten genberegnes", "Gennemfør genberegningen")
		c.form(t, "/programmes/mini/waveplan/versions/2/announce", url.Values{"revision": {"0"}})
		var still waveVersion
		c.getJSON(t, base+"/versions/2", &still)
		if still.State != "draft" {
			t.Fatalf("announced without confirmation: %s", still.State)
		}
		c.do(t, "POST", base+"/versions/2/announcement", nil, koord).decode(t, http.StatusOK, &ann)
		// København's project lead is the one lead who takes mail.
		if ann.Notified != 98 || ann.Mails != 1 || len(ann.Unreached) != 97 || slices.Contains(ann.Unreached, "101") ||
			!strings.HasPrefix(ann.Delivery, "1 mail i kø til projektledere i 1 kommune; 97 kommuner har ingen") {
			t.Errorf("announcement %+v", ann)
		}
		c.get(t, "/programmes/mini/waveplan/versions/2").html(t, http.StatusOK,
			"Kommunernes projektledere har fået besked pr. mail: 0 af 1 mail er sendt, resten er i kø")
		var anns []map[string]any
		c.getJSON(t, base+"/versions/2/announcement", &anns)
		if len(anns) != 98 {
			t.Errorf("%d announcement rows", len(anns))
		}
		c.sendJSON(t, "POST", base+"/versions/2/moves", map[string]any{"code": free, "wave": 5}, koord).problem(t, http.StatusConflict, "")

		// København's project lead: its own placement in announced
		// versions, nothing else.
		pl.get(t, base+"/setup").problem(t, http.StatusForbidden, "")
		pl.get(t, base+"/versions/2").problem(t, http.StatusForbidden, "")
		pl.get(t, base+"/versions/1/municipalities/101").problem(t, http.StatusNotFound, "") // a draft
		pl.get(t, base+"/versions/2/municipalities/147").problem(t, http.StatusForbidden, "")
		var own struct {
			Placement wavePlacement `json:"placement"`
		}
		pl.getJSON(t, base+"/versions/2/municipalities/101", &own)
		if own.Placement.Code != "101" || own.Placement.Wave < 3 {
			t.Errorf("own placement %+v", own.Placement)
		}
		var plc map[string]any
		pl.sendJSON(t, "POST", base+"/versions/2/municipalities/101/comments", map[string]any{"body": "København kan ikke i juni."}, nil).decode(t, http.StatusCreated, &plc)
		if plc["author"] != "Pia Projektleder (København)" {
			t.Errorf("comment author %v", plc["author"])
		}
		// Her home page leads to the hearing.
		pl.get(t, "/").html(t, http.StatusOK, "Bølgeplan i høring", "Mini-programmet: version 2 placerer København i Bølge",
			`<a href="/programmes/mini/waveplan/versions/2/municipalities/101">Se placeringen og svar i høringen</a>`)
		pl.sendJSON(t, "POST", base+"/versions/2/municipalities/147/comments", map[string]any{"body": "x"}, nil).problem(t, http.StatusForbidden, "")
		pl.get(t, "/programmes/mini/waveplan/versions/2/municipalities/101").html(t, http.StatusOK, "København kan ikke i juni.", "Send høringssvar",
			"Besked pr. mail til 1 projektleder (i kø).")
		if r := pl.get(t, "/programmes/mini/waveplan/versions/2"); r.StatusCode != http.StatusForbidden {
			t.Errorf("project lead on the whole plan's page: %d, want 403", r.StatusCode)
		}

		var cm map[string]any
		c.sendJSON(t, "POST", base+"/versions/2/municipalities/"+free+"/comments", map[string]any{"body": "Vi ønsker bølge 4."}, koord).decode(t, http.StatusCreated, &cm)
		if cm["author"] != "Birte Koordinator (KOMBIT)" {
			t.Errorf("comment author %v", cm["author"])
		}
		c.sendJSON(t, "POST", base+"/versions/2/municipalities/"+free+"/comments", map[string]any{"body": " "}, koord).problem(t, http.StatusUnprocessableEntity, "body")
		c.sendJSON(t, "POST", base+"/versions/2/municipalities/999/comments", map[string]any{"body": "x"}, koord).problem(t, http.StatusNotFound, "")
		status, loc := c.form(t, "/programmes/mini/waveplan/versions/2/municipalities/"+free+"/comments", url.Values{"body": {"Og gerne tidligt."}})
		if status != http.StatusSeeOther || !strings.Contains(loc, "gemt=") {
			t.Fatalf("comment by form: %d %s", status, loc)
		}
		c.get(t, loc).html(t, http.StatusOK, "Vi ønsker bølge 4.", "Og gerne tidligt.", "Send høringssvar")
		var comments []map[string]any
		c.getJSON(t, base+"/versions/2/comments", &comments)
		if len(comments) != 3 {
			t.Errorf("%d comments", len(comments))
		}

		var d struct {
			Moved []struct {
				Code     string `json:"code"`
				FromWave int    `json:"from_wave"`
				ToWave   int    `json:"to_wave"`
			} `json:"moved"`
			Unchanged int `json:"unchanged"`
		}
		c.getJSON(t, base+"/diff?from=1&to=2", &d)
		if len(d.Moved) != 1 || d.Moved[0].Code != free || d.Moved[0].FromWave != 3 || d.Moved[0].ToWave != 6 || d.Unchanged != 97 {
			t.Errorf("diff %+v", d)
		}
		c.get(t, base+"/diff?from=1").problem(t, http.StatusBadRequest, "to")
		c.get(t, "/programmes/mini/waveplan/diff?from=1&to=2").html(t, http.StatusOK, "Forskel mellem version 1 og 2", "26.04.2027", "23.08.2027")

		var fin struct {
			Created, Moved, Unchanged int
		}
		// What making it final would do, as the API says it before the button.
		var eff struct {
			Version     int   `json:"version"`
			Moves       []any `json:"moves"`
			Live        []any `json:"live"`
			New         int   `json:"new"`
			HearingOpen bool  `json:"hearing_open"`
			Comments    int   `json:"comments"`
			Hard        []any `json:"hard"`
		}
		c.getJSON(t, base+"/versions/2/effect", &eff)
		if eff.Version != 2 || eff.New != 98 || eff.Moves == nil || len(eff.Moves) != 0 || eff.Live == nil || !eff.HearingOpen || eff.Comments == 0 || len(eff.Hard) != 0 {
			t.Errorf("effect of making version 2 final: %+v, want 98 new enrolments in an open hearing with its comments", eff)
		}
		c.get(t, base+"/versions/99/effect").problem(t, http.StatusNotFound, "")
		c.get(t, "/programmes/mini/waveplan/versions/2").html(t, http.StatusOK, "Høringen er stadig åben", "Gør endelig og sæt go-live-datoer")
		c.sendJSON(t, "POST", base+"/versions/1/final", map[string]any{}, koord).problem(t, http.StatusConflict, "")
		c.sendJSON(t, "POST", base+"/versions/2/final", map[string]any{"revision": 1}, koord).problem(t, http.StatusConflict, "")
		c.do(t, "POST", base+"/versions/2/final", nil, koord).decode(t, http.StatusOK, &fin)
		if fin.Created != 98 {
			t.Errorf("final %+v", fin)
		}
		var pl plan
		c.getJSON(t, "/api/v1/programmes/mini/municipalities/"+free+"/tasks", &pl)
		if pl.Wave != 6 || pl.GoLive != "2027-08-23" {
			t.Errorf("%s enrolled in wave %d on %s, want 6 on 2027-08-23", free, pl.Wave, pl.GoLive)
		}
		var o overview
		c.getJSON(t, "/api/v1/programmes/mini/overview?asof=2027-01-01", &o)
		if len(o.Municipalities) != 98 {
			t.Errorf("overview after final: %d municipalities", len(o.Municipalities))
		}
		c.get(t, "/programmes/mini/waveplan").html(t, http.StatusOK, "Endelig", "Udkast", "Version 1", "Version 2", "Sammenlign to versioner", "Beregn udkast")

		// An observer sees the plan but is offered no forms that change it.
		obs := newClient(t, c.base)
		obs.login(t, "obs@kl.dk", testPassword)
		for path, forms := range map[string][]string{
			"/programmes/mini/waveplan":                               {"Beregn udkast"},
			"/programmes/mini/waveplan/versions/1":                    {`/reoptimise"`, `/announce"`, `name="from"`, `/lock"`},
			"/programmes/mini/waveplan/setup":                         {"Gem bølgerne", "Gem kommunernes indstillinger"},
			"/programmes/mini/waveplan/versions/2/municipalities/101": {"Send høringssvar"},
		} {
			r := obs.get(t, path)
			r.html(t, http.StatusOK)
			for _, f := range forms {
				if strings.Contains(string(r.body), f) {
					t.Errorf("%s offers an observer %q", path, f)
				}
			}
		}
	})

	t.Run("setup page", func(t *testing.T) {
		c.get(t, "/programmes/mini/waveplan/setup").html(t, http.StatusOK, "Bølgeopsætning", `id="waves-0-golive"`, `name="m-751-fixed"`, "Tilføj standardperioderne",
			`value="ordinaer"`, `value="opsamling"`, ">Ordinær</option>")
		var s waveSetup
		c.getJSON(t, base+"/setup", &s)
		// Wave 3 on Easter Monday: the page comes back with the error linked to the field.
		form := url.Values{"section": {"waves"}, "revision": {fmt.Sprint(s.Revision)}, "waves-rows": {"1"},
			"waves-0-number": {"3"}, "waves-0-kind": {string(waves.Regular)}, "waves-0-golive": {"2027-03-29"}, "waves-0-capacity": {"0"}}
		r := c.postForm(t, "/programmes/mini/waveplan/setup", form)
		r.html(t, http.StatusUnprocessableEntity, `href="#waves-0-golive"`, "ikke en arbejdsdag", `aria-invalid="true"`)
		// A valid section is saved and redirects back.
		form = url.Values{"section": {"capacity"}, "revision": {fmt.Sprint(s.Revision)}, "hypercare_teams": {"3"}, "team_capacity": {"0"},
			"rollout_window-before": {"28"}, "rollout_window-after": {"14"}, "training_parallel": {"5"},
			"training_window-before": {"21"}, "training_window-after": {"-1"}, "size_classes-medium_from": {"0"}, "size_classes-large_from": {"0"}}
		status, loc := c.form(t, "/programmes/mini/waveplan/setup", form)
		if status != http.StatusSeeOther || !strings.Contains(loc, "gemt=") {
			t.Fatalf("saving capacity by form: %d %s", status, loc)
		}
		c.getJSON(t, base+"/setup", &s)
		if s.Revision != 4 {
			t.Errorf("revision after the form: %d", s.Revision)
		}
	})
}
