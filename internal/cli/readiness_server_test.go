package cli_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/export/officetest"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

type readinessResult struct {
	Hidden   bool `json:"hidden"`
	Answers  int  `json:"answers"`
	Elements []struct {
		Element      string  `json:"element"`
		Mean         float64 `json:"mean"`
		Distribution [5]int  `json:"distribution"`
		Focus        bool    `json:"focus"`
	} `json:"elements"`
	Focus string `json:"focus"`
}

type readinessView struct {
	Threshold int `json:"threshold"`
	Groups    []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"groups"`
	Rounds []struct {
		Round   string `json:"round"`
		Created bool   `json:"created"`
		Closed  bool   `json:"closed"`
		Open    bool   `json:"open"`
		Answers int    `json:"answers"`
		Run     bool   `json:"run"`
		Window  struct {
			Opens, Closes string
		} `json:"window"`
		Task *struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"task"`
		Groups []struct {
			Group  string          `json:"group"`
			Result readinessResult `json:"result"`
		} `json:"groups"`
	} `json:"rounds"`
	Links []struct {
		ID   int64  `json:"id"`
		Used int    `json:"used"`
		Kind string `json:"kind"`
	} `json:"links"`
}

type newLink struct {
	ID    int64  `json:"id"`
	Token string `json:"token"`
	URL   string `json:"url"`
}

// answerForm posts an answer on the public page, without an account.
func answerForm(t *testing.T, c *client, token string, scores [5]int) response {
	t.Helper()
	f := url.Values{}
	for i, k := range []string{"opmaerksomhed", "motivation", "viden", "stoette", "anerkendelse"} {
		if scores[i] != 0 {
			f.Set(k, fmt.Sprint(scores[i]))
		}
	}
	return c.do(t, "POST", "/svar/"+token, []byte(f.Encode()), formHeader(c))
}

// TestReadinessServer runs the readiness survey through the real server on
// both databases: a project lead sets up groups, a round and links;
// respondents answer without an account; figures appear only from the
// threshold's number of answers on, in the API, the page and the export;
// bad input is refused naming the field with nothing written; closing the
// round completes its plan task; the centre sees the aggregate.
func TestReadinessServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/parat/catalogue", readFile(t, "testdata/readiness.yaml"), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		// Go-live six months from today: the baseline round is open now.
		now, _ := model.ParseDate(today())
		golive := clearGoLive(now.AddMonths(6))
		admin.sendJSON(t, "POST", "/api/v1/programmes/parat/enrolments", []map[string]any{
			{"code": "101", "golive": golive.String(), "wave": 1}, {"code": "147", "golive": golive.String(), "wave": 2}}, nil).decode(t, http.StatusOK, &[]any{})

		pl := newClient(t, base)
		pl.token = "udrul_pat_test-projektleder-0123456789"
		anon := newClient(t, base)
		plw := newClient(t, base) // the lead in a browser
		plw.login(t, "pl@kk.dk", testPassword)
		const api = "/api/v1/programmes/parat/municipalities/101/readiness"
		view := func() readinessView {
			var v readinessView
			pl.getJSON(t, api, &v)
			return v
		}

		// Groups; a duplicate and an empty name are refused, naming the field.
		var leder, sb struct {
			ID int64 `json:"id"`
		}
		pl.sendJSON(t, "POST", api+"/groups", map[string]any{"name": "Leder"}, nil).decode(t, http.StatusCreated, &leder)
		pl.sendJSON(t, "POST", api+"/groups", map[string]any{"name": "Primær sagsbehandler"}, nil).decode(t, http.StatusCreated, &sb)
		var lejl struct {
			ID int64 `json:"id"`
		}
		pl.sendJSON(t, "POST", api+"/groups", map[string]any{"name": "Lejlighedsvis bruger"}, nil).decode(t, http.StatusCreated, &lejl)
		pl.sendJSON(t, "POST", api+"/groups", map[string]any{"name": " Leder "}, nil).problem(t, http.StatusUnprocessableEntity, "name")
		pl.sendJSON(t, "POST", api+"/groups", map[string]any{"name": ""}, nil).problem(t, http.StatusUnprocessableEntity, "name")

		// The threshold is never below 3.
		pl.sendJSON(t, "PUT", api+"/threshold", map[string]any{"threshold": 2}, nil).problem(t, http.StatusUnprocessableEntity, "threshold")
		if v := view(); v.Threshold != 5 || len(v.Groups) != 3 {
			t.Fatalf("after refusals: threshold %d, %d groups; want 5 and 3", v.Threshold, len(v.Groups))
		}

		// Rounds.
		pl.sendJSON(t, "POST", api+"/rounds", map[string]any{"round": "midtvejs"}, nil).problem(t, http.StatusUnprocessableEntity, "round")
		pl.sendJSON(t, "POST", api+"/rounds", map[string]any{"round": "baseline"}, nil).decode(t, http.StatusCreated, &map[string]any{})
		pl.sendJSON(t, "POST", api+"/rounds", map[string]any{"round": "baseline"}, nil).problem(t, http.StatusConflict, "round")
		pl.sendJSON(t, "POST", api+"/rounds", map[string]any{"round": "status-1"}, nil).decode(t, http.StatusCreated, &map[string]any{})

		// Links: six personal ones for the leaders, an open one (limit 2) for the case workers.
		var personal, open, later, occasional []newLink
		pl.sendJSON(t, "POST", api+"/links", map[string]any{"round": "baseline", "group_id": lejl.ID, "kind": "personlig", "count": 4}, nil).decode(t, http.StatusCreated, &occasional)
		pl.sendJSON(t, "POST", api+"/links", map[string]any{"round": "baseline", "group_id": leder.ID, "kind": "personlig", "count": 6}, nil).decode(t, http.StatusCreated, &personal)
		pl.sendJSON(t, "POST", api+"/links", map[string]any{"round": "baseline", "group_id": sb.ID, "kind": "aaben", "limit": 2}, nil).decode(t, http.StatusCreated, &open)
		pl.sendJSON(t, "POST", api+"/links", map[string]any{"round": "status-1", "group_id": sb.ID, "kind": "personlig", "count": 1}, nil).decode(t, http.StatusCreated, &later)
		pl.sendJSON(t, "POST", api+"/links", map[string]any{"round": "baseline", "group_id": leder.ID, "kind": "aaben", "limit": 0}, nil).problem(t, http.StatusUnprocessableEntity, "limit")
		pl.sendJSON(t, "POST", api+"/links", map[string]any{"round": "baseline", "group_id": 999999, "kind": "personlig", "count": 1}, nil).problem(t, http.StatusUnprocessableEntity, "group_id")
		if len(personal) != 6 || len(open) != 1 || !strings.HasPrefix(personal[0].Token, "udrul_svar_") || !strings.HasSuffix(personal[0].URL, "/svar/"+personal[0].Token) {
			t.Fatalf("links %+v %+v", personal, open)
		}

		// The answer page works without an account and names the round and group.
		anon.get(t, "/svar/"+personal[0].Token).html(t, http.StatusOK, "Leder", "Baseline", "Opmærksomhed", "Send svar", "1 – I meget lav grad")
		// A score outside 1–5 is refused naming the element; nothing is written.
		r := answerForm(t, anon, personal[0].Token, [5]int{4, 6, 4, 4, 4})
		r.html(t, http.StatusUnprocessableEntity, "Motivation skal have en score fra 1 til 5", `class="form-error-message" id="motivation-fejl"`)
		r = answerForm(t, anon, personal[0].Token, [5]int{4, 0, 4, 4, 4})
		r.html(t, http.StatusBadRequest, "Vælg en score fra 1 til 5 for Motivation")
		if v := view(); v.Rounds[0].Answers != 0 || v.Links[len(v.Links)-1].Used != 0 {
			t.Fatalf("refused answers were written: %d answers, link used %d", v.Rounds[0].Answers, v.Links[len(v.Links)-1].Used)
		}

		// Four occasional users and five leaders answer. While the round is
		// open, no figure is shown, only the number of answers.
		for i := 0; i < 4; i++ {
			answerForm(t, anon, occasional[i].Token, [5]int{5, 5, 5, 5, 5}).html(t, http.StatusOK, "Tak for dit svar")
		}
		for i := 0; i < 5; i++ {
			answerForm(t, anon, personal[i].Token, [5]int{4, 3, 4, 5, 4}).html(t, http.StatusOK, "Tak for dit svar")
		}
		answerForm(t, anon, personal[0].Token, [5]int{4, 3, 4, 5, 4}).html(t, http.StatusConflict, "Linket er allerede brugt")
		v := view()
		if g := v.Rounds[0].Groups[0]; v.Rounds[0].Answers != 9 || g.Group != "Leder" || !g.Result.Hidden || g.Result.Answers != 0 || g.Result.Elements != nil {
			t.Fatalf("open round with 9 answers: %d answers, leaders %+v; want hidden without figures", v.Rounds[0].Answers, g)
		}
		plw.get(t, "/programmes/parat/municipalities/101/parathed").html(t, http.StatusOK, "Runden har 9 svar. Resultaterne vises, når runden er lukket", "længst til venstre")

		// The open link takes two answers, then no more; the group stays hidden.
		answerForm(t, anon, open[0].Token, [5]int{2, 2, 2, 2, 2}).html(t, http.StatusOK, "Tak for dit svar")
		answerForm(t, anon, open[0].Token, [5]int{2, 2, 2, 2, 2}).html(t, http.StatusOK, "Tak for dit svar")
		answerForm(t, anon, open[0].Token, [5]int{2, 2, 2, 2, 2}).html(t, http.StatusConflict, "største antal svar")
		// A round not open yet, an unknown link, a revoked link.
		anon.get(t, "/svar/"+later[0].Token).html(t, http.StatusConflict, "Undersøgelsen åbner først")
		anon.get(t, "/svar/udrul_svar_findesikke").html(t, http.StatusNotFound, "Linket findes ikke")
		pl.do(t, "DELETE", fmt.Sprintf("%s/links/%d", api, personal[5].ID), nil, nil)
		anon.get(t, "/svar/"+personal[5].Token).html(t, http.StatusConflict, "trukket tilbage")
		pl.do(t, "DELETE", fmt.Sprintf("%s/links/%d", api, personal[5].ID), nil, nil).problem(t, http.StatusConflict, "link")

		// Closing with enough answers completes the round's task; then the
		// round takes no answers and no links.
		var closed struct {
			Run bool `json:"run"`
		}
		pl.do(t, "POST", api+"/rounds/baseline/close", nil, nil).decode(t, http.StatusOK, &closed)
		v = view()
		if !closed.Run || !v.Rounds[0].Closed || !v.Rounds[0].Run || v.Rounds[0].Task == nil || v.Rounds[0].Task.Status != "fuldfoert" {
			t.Fatalf("after closing: run %v, round %+v", closed.Run, v.Rounds[0])
		}
		var task struct {
			Status string `json:"status"`
		}
		pl.getJSON(t, fmt.Sprintf("/api/v1/tasks/%d", v.Rounds[0].Task.ID), &task)
		if task.Status != "fuldfoert" {
			t.Errorf("the baseline task is %q after closing, want fuldfoert", task.Status)
		}
		if v.Rounds[1].Task == nil || v.Rounds[1].Task.Status == "fuldfoert" {
			t.Errorf("the status-1 task: %+v", v.Rounds[1].Task)
		}
		answerForm(t, anon, personal[4].Token, [5]int{4, 4, 4, 4, 4}).html(t, http.StatusConflict, "Undersøgelsen er lukket")
		pl.sendJSON(t, "POST", api+"/links", map[string]any{"round": "baseline", "group_id": leder.ID, "kind": "personlig", "count": 1}, nil).problem(t, http.StatusConflict, "round")
		pl.do(t, "POST", api+"/rounds/baseline/close", nil, nil).problem(t, http.StatusConflict, "round")

		// Closed: figures for the leaders (5 answers; the focus is motivation,
		// mean exactly 3.0), none for the occasional users (4 answers, threshold
		// 5) or the case workers (2), nor for all groups together, which would
		// give the hidden groups' figures away.
		g := v.Rounds[0].Groups[0].Result
		if g.Hidden || g.Answers != 5 || g.Focus != "motivation" || g.Elements[1].Mean != 3 || !g.Elements[1].Focus || g.Elements[3].Distribution != [5]int{0, 0, 0, 0, 5} {
			t.Fatalf("5 answers: %+v, want figures with focus motivation", g)
		}
		for _, i := range []int{1, 2} {
			if r := v.Rounds[0].Groups[i]; !r.Result.Hidden || r.Result.Elements != nil {
				t.Errorf("%s: %+v, want hidden", r.Group, r.Result)
			}
		}
		plw.get(t, "/programmes/parat/municipalities/101/parathed").html(t, http.StatusOK, "<strong>3</strong>", "Motivation</td>",
			"Fordeling af svar: Leder", "Færre end 5 svar – vises ikke", "Vises ikke, når en gruppe har færre end 5 svar")

		// The export obeys the threshold.
		x := pl.get(t, api+".xlsx")
		if x.StatusCode != http.StatusOK {
			t.Fatalf("export: %d %s", x.StatusCode, x.body)
		}
		f, err := excelize.OpenReader(bytes.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("Resultater")
		found := map[string][]string{}
		for _, row := range rows {
			if len(row) > 2 {
				found[row[0]+"|"+row[1]] = row
			}
		}
		if l := found["Baseline|Leder"]; l == nil || l[4] != "5" || l[6] != "3" || l[len(l)-1] != "Motivation" {
			t.Errorf("export row for Leder: %v", l)
		}
		for _, k := range []string{"Baseline|Primær sagsbehandler", "Baseline|Lejlighedsvis bruger", "Baseline|Alle grupper"} {
			if s := found[k]; s == nil || !strings.Contains(s[4], "vises ikke") || len(s) > 5 {
				t.Errorf("export row %s shows figures: %v", k, s)
			}
		}
		if _, ok := found["Status +1 md.|Leder"]; ok {
			t.Error("the export has figures of a round that is not closed")
		}
		// The same file opened with LibreOffice: the round's dates as dates,
		// the threshold written down, no figure below it.
		if sheets, ok := officetest.Open(t, x.body); ok {
			lo := map[string][]string{}
			for _, row := range sheets["Resultater"] {
				if len(row) > 4 {
					lo[row[0]+"|"+row[1]] = row
				}
			}
			dk := func(s string) string { d, _ := model.ParseDate(s); return d.Danish() }
			opens, closes := dk(v.Rounds[0].Window.Opens), dk(v.Rounds[0].Window.Closes)
			if l := lo["Baseline|Leder"]; l == nil || l[2] != opens || l[3] != closes || l[4] != "5" {
				t.Errorf("LibreOffice reads Leder's row %q, want the round's dates %s–%s", l, opens, closes)
			}
			for _, k := range []string{"Baseline|Primær sagsbehandler", "Baseline|Lejlighedsvis bruger", "Baseline|Alle grupper"} {
				if s := lo[k]; s == nil || s[4] != "Færre end 5 svar – vises ikke" || strings.Join(s[5:], "") != "" {
					t.Errorf("LibreOffice reads %s's row %q, want no figure", k, s)
				}
			}
			// Row 1 is the sheet's header (Oplysning, Værdi).
			if info := sheets["Oplysninger"]; len(info) < 3 || info[2][1] != "Ingen tal for en gruppe med færre end 5 svar" || !strings.Contains(info[1][1], "København") {
				t.Errorf("LibreOffice reads Oplysninger %q", info)
			}
		}

		// Who sees what: another municipality nothing, an observer the
		// results without the links, and only the lead changes anything.
		other := newClient(t, base)
		other.token = "udrul_pat_test-frederiksberg-0123456789"
		other.get(t, api).problem(t, http.StatusForbidden, "-")
		other.get(t, api+".xlsx").problem(t, http.StatusForbidden, "-")
		obs := newClient(t, base)
		obs.token = "udrul_pat_test-observator-0123456789"
		var ov readinessView
		obs.getJSON(t, api, &ov)
		if ov.Links != nil || ov.Rounds[0].Groups[0].Result.Answers != 5 {
			t.Errorf("observer's view: links %v, results %+v", ov.Links, ov.Rounds[0].Groups[0].Result)
		}
		obs.sendJSON(t, "POST", api+"/groups", map[string]any{"name": "X"}, nil).problem(t, http.StatusForbidden, "-")

		// Pages: a form refusal is a 4xx with the message, nothing saved.
		csrf := plw.csrf(t)
		plw.do(t, "POST", "/programmes/parat/municipalities/101/parathed/threshold", []byte(url.Values{"csrf": {csrf}, "threshold": {"2"}}.Encode()), formHeader(plw)).
			html(t, http.StatusUnprocessableEntity, "aldrig under 3")
		if r := plw.do(t, "POST", "/programmes/parat/municipalities/101/parathed/threshold", []byte(url.Values{"csrf": {csrf}, "threshold": {"4"}}.Encode()), formHeader(plw)); r.StatusCode != http.StatusSeeOther {
			t.Errorf("threshold 4: status %d", r.StatusCode)
		}
		if v := view(); v.Threshold != 4 || v.Rounds[0].Groups[1].Result.Hidden != true {
			t.Errorf("threshold %d; 2 case workers hidden: %v", v.Threshold, v.Rounds[0].Groups[1].Result.Hidden)
		}
		r = plw.do(t, "POST", "/programmes/parat/municipalities/101/parathed/links", []byte(url.Values{"csrf": {csrf}, "round": {"status-1"},
			"group_id": {fmt.Sprint(leder.ID)}, "kind": {"personlig"}, "number": {"2"}}.Encode()), formHeader(plw))
		r.html(t, http.StatusOK, "vises kun denne ene gang", base+"/svar/udrul_svar_")
		plw.get(t, "/programmes/parat/municipalities/101").html(t, http.StatusOK, `/programmes/parat/municipalities/101/parathed`)

		// The centre's aggregate; municipalities may not see it.
		var nat struct {
			Rounds []struct {
				Round          string          `json:"round"`
				Municipalities int             `json:"municipalities"`
				Result         readinessResult `json:"result"`
			} `json:"rounds"`
			Waves []struct {
				Wave int `json:"wave"`
			} `json:"waves"`
			Missing []any `json:"missing"`
		}
		// Only the groups København shows count: with its threshold now 4,
		// the leaders' 5 and the occasional users' 4 answers, not the case
		// workers' 2.
		obs.getJSON(t, "/api/v1/programmes/parat/readiness", &nat)
		if nat.Rounds[0].Municipalities != 1 || nat.Rounds[0].Result.Answers != 9 || len(nat.Waves) != 2 || len(nat.Missing) != 0 {
			t.Errorf("national aggregate: %+v", nat)
		}
		obsw := newClient(t, base)
		obsw.login(t, "obs@kl.dk", testPassword)
		obsw.get(t, "/programmes/parat/parathed").html(t, http.StatusOK, "Hele landet", "Pr. bølge", "Bølge 2")
		pl.get(t, "/api/v1/programmes/parat/readiness").problem(t, http.StatusForbidden, "-")

		// Once the baseline window has closed, Frederiksberg (no round made)
		// is on the centre's worklist and København (run) is not.
		closes, _ := model.ParseDate(v.Rounds[0].Window.Closes)
		var wl struct {
			Readiness []struct {
				Municipality string `json:"municipality"`
				Round        string `json:"round"`
				Reason       string `json:"reason"`
			} `json:"readiness"`
		}
		admin.getJSON(t, "/api/v1/programmes/parat/worklist?asof="+closes.AddDays(1).String(), &wl)
		if len(wl.Readiness) != 1 || wl.Readiness[0].Municipality != "147" || wl.Readiness[0].Round != "baseline" || wl.Readiness[0].Reason != "runden er ikke oprettet" {
			t.Errorf("worklist's readiness rounds: %+v, want Frederiksberg's baseline only", wl.Readiness)
		}
		admin.login(t, testAdminEmail, testPassword)
		admin.get(t, "/programmes/parat/followup?asof="+closes.AddDays(1).String()).html(t, http.StatusOK, "Parathedsundersøgelser, der ikke er gennemført (1)", "Frederiksberg")

		// Moving go-live moves the rounds' dates.
		before := view().Rounds[2].Window
		moved := golive.AddDays(28)
		if clearGoLive(moved) != moved {
			moved = clearGoLive(golive.AddDays(-28)) // 4 weeks earlier then, out of the summer holiday
		}
		admin.sendJSON(t, "POST", "/api/v1/programmes/parat/enrolments", []map[string]any{{"code": "101", "golive": moved.String(), "wave": 1}}, nil).
			decode(t, http.StatusOK, &[]any{})
		after := view().Rounds[2].Window
		b, _ := model.ParseDate(before.Opens)
		a, _ := model.ParseDate(after.Opens)
		d := int(a - b)
		if moved < golive {
			d = -d
		}
		if d < 26 || d > 30 {
			t.Errorf("go-live moved from %s to %s: the 6-month status round opens %s, was %s", golive, moved, after.Opens, before.Opens)
		}
	})
}
