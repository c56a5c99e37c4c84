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

type riskRow struct {
	ID           string `json:"id"`
	Key          int64  `json:"key"`
	Level        string `json:"level"`
	Municipality string `json:"municipality"`
	Wave         int    `json:"wave"`
	Description  string `json:"description"`
	Probability  int    `json:"probability"`
	Consequence  int    `json:"consequence"`
	Exposure     int    `json:"exposure"`
	Status       string `json:"status"`
	Owner        string `json:"owner"`
	Lesson       string `json:"lesson"`
	Version      int    `json:"version"`
}

type riskCell struct {
	Probability, Consequence, Count int
}

type riskRegister struct {
	CanChange bool       `json:"can_change"`
	Risks     []riskRow  `json:"risks"`
	Heatmap   []riskCell `json:"heatmap"`
	Overdue   []riskRow  `json:"overdue"`
	Lessons   []riskRow  `json:"lessons"`
}

func (v riskRegister) cell(p, c int) int {
	for _, x := range v.Heatmap {
		if x.Probability == p && x.Consequence == c {
			return x.Count
		}
	}
	return -1
}

// TestRiskServer runs the risk register through the real server on both
// databases: a project lead registers and changes risks (bad input refused
// naming the field, nothing written; a stale version is 409), the heatmap
// and overdue reviews follow, another municipality and observers are
// refused, the centre lists every register filtered, and a risk closed
// with a lesson in wave 1 is shown to wave 2's municipality.
func TestRiskServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/parat/catalogue", readFile(t, "testdata/readiness.yaml"), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		now, _ := model.ParseDate(today())
		admin.sendJSON(t, "POST", "/api/v1/programmes/parat/enrolments", []map[string]any{
			{"code": "101", "golive": "2026-03-02", "wave": 1}, {"code": "147", "golive": "2027-03-01", "wave": 2}}, nil).decode(t, http.StatusOK, &[]any{})
		pl := newClient(t, base)
		pl.token = "udrul_pat_test-projektleder-0123456789"
		other := newClient(t, base)
		other.token = "udrul_pat_test-frederiksberg-0123456789"
		obs := newClient(t, base)
		obs.token = "udrul_pat_test-observator-0123456789"
		sup := newClient(t, base)
		sup.token = "udrul_pat_test-leverandor-0123456789"
		const api = "/api/v1/programmes/parat/municipalities/101/risks"
		view := func() riskRegister {
			var v riskRegister
			pl.getJSON(t, api, &v)
			return v
		}
		good := func(desc string, p, c int, owner string) map[string]any {
			return map[string]any{"description": desc, "category": "teknisk", "probability": p, "consequence": c,
				"reaction_type": "reducere", "reaction": "Test i god tid", "owner": owner, "registered": now.AddDays(-30).String(),
				"next_review": now.AddDays(-2).String()}
		}

		// Bad input is refused naming the field; nothing is written.
		for field, change := range map[string]map[string]any{
			"category":    {"category": "økonomisk"},
			"probability": {"probability": 6},
			"consequence": {"consequence": 0},
			"owner":       {"owner": " "},
			"lesson":      {"lesson": "For tidligt"},
		} {
			in := good("Integrationen er forsinket", 4, 4, "Leverandøren")
			for k, x := range change {
				in[k] = x
			}
			pl.sendJSON(t, "POST", api, in, nil).problem(t, http.StatusUnprocessableEntity, field)
		}
		if v := view(); len(v.Risks) != 0 {
			t.Fatalf("refused risks were written: %+v", v.Risks)
		}

		var r1, r2 riskRow
		pl.sendJSON(t, "POST", api, good("Integrationen til ESDH er forsinket", 4, 5, "Leverandøren"), nil).decode(t, http.StatusCreated, &r1)
		pl.sendJSON(t, "POST", api, good("Sagsbehandlerne når ikke uddannelsen", 2, 3, "Projektlederen"), nil).decode(t, http.StatusCreated, &r2)
		if r1.Exposure != 20 || r1.Version != 1 || r1.Level != "kommune" || r1.Municipality != "101" || r1.ID != fmt.Sprintf("R-%d", r1.Key) || r1.Status != "aaben" {
			t.Fatalf("created %+v", r1)
		}
		v := view()
		if len(v.Risks) != 2 || v.Risks[0].Key != r1.Key || v.cell(4, 5) != 1 || v.cell(2, 3) != 1 || v.cell(1, 1) != 0 || len(v.Overdue) != 2 || !v.CanChange {
			t.Fatalf("register %+v", v)
		}

		// Another municipality and observers see nothing; a member reads only.
		other.get(t, api).problem(t, http.StatusForbidden, "")
		obs.get(t, api).problem(t, http.StatusForbidden, "")
		other.sendJSON(t, "POST", api, good("x", 1, 1, "y"), nil).problem(t, http.StatusForbidden, "")
		other.sendJSON(t, "PUT", fmt.Sprintf("/api/v1/programmes/parat/municipalities/147/risks/%d", r1.Key), good("x", 1, 1, "y"), nil).problem(t, http.StatusNotFound, "")

		// A change with the version read; a stale one is 409 and writes nothing.
		in := good("Integrationen til ESDH er forsinket", 3, 5, "Leverandøren")
		in["version"] = 1
		pl.sendJSON(t, "PUT", fmt.Sprintf("%s/%d", api, r1.Key), in, nil).decode(t, http.StatusOK, &r1)
		pl.sendJSON(t, "PUT", fmt.Sprintf("%s/%d", api, r1.Key), good("Forældet", 1, 1, "x"), nil).problem(t, http.StatusConflict, "version")
		in["version"], in["probability"] = 2, 9
		pl.sendJSON(t, "PUT", fmt.Sprintf("%s/%d", api, r1.Key), in, nil).problem(t, http.StatusUnprocessableEntity, "probability")
		if v := view(); v.Risks[0].Version != 2 || v.Risks[0].Probability != 3 || v.cell(3, 5) != 1 || v.cell(4, 5) != 0 {
			t.Fatalf("after change: %+v", v.Risks[0])
		}

		// Closing with a lesson: wave 2's municipality sees the lesson, not the register.
		in = good("Sagsbehandlerne når ikke uddannelsen", 2, 3, "Projektlederen")
		in["version"], in["status"], in["lesson"] = 1, "lukket", "Book uddannelsen tre måneder før go-live"
		pl.sendJSON(t, "PUT", fmt.Sprintf("%s/%d", api, r2.Key), in, nil).decode(t, http.StatusOK, &r2)
		var v2 riskRegister
		other.getJSON(t, "/api/v1/programmes/parat/municipalities/147/risks", &v2)
		if len(v2.Risks) != 0 || len(v2.Lessons) != 1 || v2.Lessons[0].Lesson != "Book uddannelsen tre måneder før go-live" {
			t.Fatalf("wave 2 register %+v", v2)
		}
		if v := view(); v.cell(2, 3) != 0 || len(v.Overdue) != 1 || len(v.Lessons) != 0 {
			t.Fatalf("closed risks count in the heatmap or overdue list: %+v", v)
		}

		// The centre: central and hypercare registers, and every register filtered.
		var c1 riskRow
		central := good("Leverancen af version 2 slipper for sent", 3, 4, "KOMBIT")
		central["level"] = "central"
		sup.sendJSON(t, "POST", "/api/v1/programmes/parat/risks", central, nil).decode(t, http.StatusCreated, &c1)
		central["level"] = "hypercare"
		sup.sendJSON(t, "POST", "/api/v1/programmes/parat/risks", central, nil).problem(t, http.StatusUnprocessableEntity, "wave")
		pl.sendJSON(t, "POST", "/api/v1/programmes/parat/risks", central, nil).problem(t, http.StatusForbidden, "")
		obs.get(t, "/api/v1/programmes/parat/risks").problem(t, http.StatusForbidden, "")
		var all struct {
			Risks   []riskRow `json:"risks"`
			Overdue int       `json:"overdue"`
		}
		admin.getJSON(t, "/api/v1/programmes/parat/risks", &all)
		if len(all.Risks) != 3 {
			t.Fatalf("all risks: %+v", all.Risks)
		}
		admin.getJSON(t, "/api/v1/programmes/parat/risks?supplier=true", &all)
		if len(all.Risks) != 1 || all.Risks[0].Key != r1.Key {
			t.Fatalf("supplier-owned: %+v", all.Risks)
		}
		admin.getJSON(t, "/api/v1/programmes/parat/risks?level=central", &all)
		if len(all.Risks) != 1 || all.Risks[0].Key != c1.Key {
			t.Fatalf("central: %+v", all.Risks)
		}
		admin.getJSON(t, "/api/v1/programmes/parat/risks?municipality=101&status=aaben", &all)
		if len(all.Risks) != 1 || all.Risks[0].Key != r1.Key || all.Overdue != 1 {
			t.Fatalf("101 open: %+v", all)
		}
		admin.get(t, "/api/v1/programmes/parat/risks?category=juridisk").problem(t, http.StatusUnprocessableEntity, "category")
		in = good("Leverancen af version 2 slipper for sent", 3, 4, "KOMBIT")
		in["version"] = 1
		sup.sendJSON(t, "PUT", fmt.Sprintf("/api/v1/programmes/parat/risks/%d", c1.Key), in, nil).decode(t, http.StatusOK, &c1)
		// A municipality's risk is not changed through the central address.
		sup.sendJSON(t, "PUT", fmt.Sprintf("/api/v1/programmes/parat/risks/%d", r1.Key), in, nil).problem(t, http.StatusNotFound, "")

		// The Excel export has every field, one row per risk.
		x := pl.get(t, api+".xlsx")
		if x.StatusCode != http.StatusOK {
			t.Fatalf("xlsx: %d", x.StatusCode)
		}
		wb, err := excelize.OpenReader(bytes.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := wb.GetRows("Risici")
		if len(rows) != 3 || rows[0][7] != "Eksponering" || rows[1][0] != r1.ID || rows[1][7] != "15" || rows[1][8] != "høj" {
			t.Fatalf("xlsx rows %q", rows)
		}
		obs.get(t, api+".xlsx").problem(t, http.StatusForbidden, "")

		// Pages: the register with its heatmap, table and form; a refused form names the field.
		plw := newClient(t, base)
		plw.login(t, "pl@kk.dk", testPassword)
		page := "/programmes/parat/municipalities/101/risici"
		plw.get(t, page).html(t, http.StatusOK, "Risikoregister: ", `role="img"`, "Antal åbne risici pr. sandsynlighed og konsekvens",
			"Integrationen til ESDH er forsinket", "Overskredne gennemgange", "Registrér en risiko", `href="/programmes/parat/municipalities/101/risici"`)
		f := url.Values{"csrf": {plw.csrf(t)}, "description": {"Nøglemedarbejder går på barsel"}, "category": {"organisatorisk"},
			"probability": {"7"}, "consequence": {"3"}, "proximity": {"snart"}, "reaction_type": {"beredskab"}, "status": {"aaben"}, "owner": {"Projektlederen"}}
		r := plw.do(t, "POST", page, []byte(f.Encode()), formHeader(plw))
		r.html(t, http.StatusUnprocessableEntity, "Sandsynligheden skal være fra 1 til 5", `id="probability-fejl"`, "Nøglemedarbejder går på barsel")
		f.Set("probability", "2")
		r = plw.do(t, "POST", page, []byte(f.Encode()), formHeader(plw))
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("form: %d %s", r.StatusCode, r.body)
		}
		if v := view(); len(v.Risks) != 3 {
			t.Fatalf("after the form: %d risks", len(v.Risks))
		}
		plw.get(t, fmt.Sprintf("%s?rediger=%d", page, r1.Key)).html(t, http.StatusOK, fmt.Sprintf("Redigér risiko R-%d", r1.Key), `name="version" value="2"`)
		ow := newClient(t, base)
		ow.login(t, "pl@frb.dk", testPassword)
		ow.get(t, "/programmes/parat/municipalities/147/risici").html(t, http.StatusOK, "Læring fra tidligere bølger", "Book uddannelsen tre måneder før go-live")
		if r := ow.get(t, page); r.StatusCode != http.StatusForbidden {
			t.Fatalf("other municipality's register page: %d", r.StatusCode)
		}
		// The plan's navigation links the register for its readers only.
		plw.get(t, "/programmes/parat/municipalities/101").html(t, http.StatusOK, `href="/programmes/parat/municipalities/101/risici"`)
		obw := newClient(t, base)
		obw.login(t, "obs@kl.dk", testPassword)
		if body := string(obw.get(t, "/programmes/parat/municipalities/101").body); strings.Contains(body, "/risici") {
			t.Error("an observer's plan page links the risk register")
		}
		aw := newClient(t, base)
		aw.login(t, testAdminEmail, testPassword)
		aw.get(t, "/programmes/parat/risici?supplier=true&status=aaben").html(t, http.StatusOK, "Risikoregistre: ", "1 risici", "Integrationen til ESDH er forsinket",
			`href="/api/v1/programmes/parat/risks.xlsx?status=aaben&amp;supplier=true"`)
		if body := string(aw.get(t, "/programmes/parat/risici?level=central").body); strings.Contains(body, "Integrationen til ESDH") {
			t.Error("the central filter shows a municipal risk")
		}

		// The history: who, when, and every field changed from → to, in Danish.
		var hist []struct {
			At      string `json:"at"`
			Actor   string `json:"actor"`
			Message string `json:"message"`
		}
		pl.getJSON(t, fmt.Sprintf("%s/%d/history", api, r1.Key), &hist)
		if len(hist) != 2 || !strings.HasPrefix(hist[0].Message, "Risikoen er registreret") ||
			hist[1].Message != "Risikoen er ændret\nSandsynlighed: 4 → 3\nEksponering: 20 (høj) → 15 (høj)" || hist[1].Actor == "" || hist[1].At == "" {
			t.Fatalf("history of %s: %+v", r1.ID, hist)
		}
		pl.getJSON(t, fmt.Sprintf("%s/%d/history", api, r2.Key), &hist)
		if len(hist) != 2 || !strings.HasPrefix(hist[1].Message, "Risikoen er lukket med en læring til de næste bølger\nStatus: Åben → Lukket") ||
			!strings.Contains(hist[1].Message, "Læring: – → Book uddannelsen tre måneder før go-live") {
			t.Fatalf("history of the closed %s: %+v", r2.ID, hist)
		}
		other.get(t, fmt.Sprintf("/api/v1/programmes/parat/municipalities/101/risks/%d/history", r1.Key)).problem(t, http.StatusForbidden, "")
		other.get(t, fmt.Sprintf("/api/v1/programmes/parat/municipalities/147/risks/%d/history", r1.Key)).problem(t, http.StatusNotFound, "")
		admin.get(t, fmt.Sprintf("/api/v1/programmes/parat/risks/%d/history", r1.Key)).problem(t, http.StatusNotFound, "")
		plw.get(t, fmt.Sprintf("%s?rediger=%d", page, r1.Key)).html(t, http.StatusOK, `id="historik"`, "Historik for "+r1.ID,
			"<li>Sandsynlighed: 4 → 3</li>", "Risikoen er registreret")
		mw := newClient(t, base)
		mw.login(t, "mm@kk.dk", testPassword)
		mw.get(t, fmt.Sprintf("%s?historik=%d", page, r2.Key)).html(t, http.StatusOK, "Historik for "+r2.ID, "<li>Status: Åben → Lukket</li>")

		// The central and hypercare registers have pages of their own, with
		// the form, heatmap, overdue reviews and supplier-owned risks.
		cpage := "/programmes/parat/risici/central"
		aw.get(t, cpage).html(t, http.StatusOK, "Risikoregister: Det centrale program", "Leverancen af version 2 slipper for sent",
			"Risici, som leverandøren ejer", "Overskredne gennemgange", `action="/programmes/parat/risici/central"`,
			`href="/api/v1/programmes/parat/risks.xlsx?level=central"`, "Antal åbne risici pr. sandsynlighed og konsekvens")
		cf := url.Values{"csrf": {aw.csrf(t)}, "description": {"Supporten er underbemandet i sommerferien"}, "category": {"organisatorisk"},
			"probability": {"4"}, "consequence": {"4"}, "proximity": {"snart"}, "reaction_type": {"beredskab"}, "status": {"aaben"},
			"owner": {"Leverandøren"}, "next_review": {now.AddDays(-1).String()}, "registered": {now.AddDays(-30).String()}}
		if r := aw.do(t, "POST", cpage, []byte(cf.Encode()), formHeader(aw)); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("central form: %d %s", r.StatusCode, r.body)
		}
		hpage := "/programmes/parat/risici/hypercare/2"
		cf.Set("description", "Hypercareteamet kender ikke kommunens opsætning")
		if r := aw.do(t, "POST", hpage, []byte(cf.Encode()), formHeader(aw)); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("hypercare form: %d %s", r.StatusCode, r.body)
		}
		cf.Set("probability", "0")
		aw.do(t, "POST", hpage, []byte(cf.Encode()), formHeader(aw)).html(t, http.StatusUnprocessableEntity, "Sandsynligheden skal være fra 1 til 5")
		admin.getJSON(t, "/api/v1/programmes/parat/risks?level=hypercare&wave=2", &all)
		if len(all.Risks) != 1 || all.Risks[0].Wave != 2 || all.Risks[0].Level != "hypercare" || all.Overdue != 1 {
			t.Fatalf("wave 2's hypercare register: %+v", all)
		}
		h1 := all.Risks[0]
		aw.get(t, hpage).html(t, http.StatusOK, "Hypercareteamet, Bølge 2", "Hypercareteamet kender ikke kommunens opsætning",
			"ejer: Leverandøren", "skulle gennemgås")
		if body := string(aw.get(t, cpage).body); strings.Contains(body, "Hypercareteamet kender ikke") || !strings.Contains(body, "Supporten er underbemandet") {
			t.Error("the central register's page shows a hypercare risk, or not its own")
		}
		aw.get(t, "/programmes/parat/risici/hypercare/9").html(t, http.StatusNotFound, "bølge 9")
		admin.get(t, "/api/v1/programmes/parat/risks?wave=x").problem(t, http.StatusUnprocessableEntity, "wave")
		hc := map[string]any{"description": "x", "category": "teknisk", "probability": 1, "consequence": 1, "reaction_type": "acceptere",
			"owner": "KOMBIT", "level": "hypercare", "wave": 9}
		admin.sendJSON(t, "POST", "/api/v1/programmes/parat/risks", hc, nil).problem(t, http.StatusUnprocessableEntity, "wave")
		// Edit through the hypercare page; the history shows the change.
		ef := url.Values{"csrf": {aw.csrf(t)}, "description": {h1.Description}, "category": {"organisatorisk"}, "probability": {"2"},
			"consequence": {"4"}, "proximity": {"snart"}, "reaction_type": {"beredskab"}, "status": {"aaben"}, "owner": {"KOMBIT"}, "version": {"1"}, "registered": {now.AddDays(-30).String()}}
		if r := aw.do(t, "POST", fmt.Sprintf("%s/%d", hpage, h1.Key), []byte(ef.Encode()), formHeader(aw)); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("hypercare edit: %d %s", r.StatusCode, r.body)
		}
		aw.get(t, fmt.Sprintf("%s?rediger=%d", hpage, h1.Key)).html(t, http.StatusOK, "<li>Ejer: Leverandøren → KOMBIT</li>",
			"<li>Sandsynlighed: 4 → 2</li>", "<li>Næste gennemgang: "+now.AddDays(-1).Danish()+" → –</li>", `name="version" value="2"`)
		// Wave 2's hypercare register as Excel, opened with LibreOffice.
		hx := aw.get(t, "/api/v1/programmes/parat/risks.xlsx?level=hypercare&wave=2")
		if hx.StatusCode != http.StatusOK || !strings.Contains(hx.Header.Get("Content-Disposition"), "risici-parat-hypercare-2.xlsx") {
			t.Fatalf("hypercare xlsx: %d %v", hx.StatusCode, hx.Header)
		}
		if sheets, ok := officetest.Open(t, hx.body); ok {
			rows := sheets["Risici"]
			if len(rows) != 2 || rows[1][0] != h1.ID || rows[1][1] != "Hypercareteamets register, Bølge 2" || rows[1][2] != "Hypercareteamet kender ikke kommunens opsætning" ||
				rows[1][3] != now.AddDays(-30).Danish() || rows[1][7] != "8" || rows[1][14] != "KOMBIT" {
				t.Errorf("LibreOffice reads the hypercare register %q", rows)
			}
			// Row 1 is the sheet's header (Oplysning, Værdi).
			if info := sheets["Oplysninger"]; len(info) < 3 || info[1][1] != "Hypercareteamets register, Bølge 2 – Parat-programmet" || info[2][1] != now.Danish() {
				t.Errorf("LibreOffice reads Oplysninger %q", info)
			}
		}
		aw.get(t, "/programmes/parat/risici").html(t, http.StatusOK, `href="/programmes/parat/risici/central?`,
			`href="/programmes/parat/risici/hypercare/2?`, `href="/programmes/parat/risikotal?`)
		aw.get(t, "/").html(t, http.StatusOK, `href="/programmes/parat/risici"`, `href="/programmes/parat/risikotal"`)
		aw.get(t, "/programmes/parat/hypercare").html(t, http.StatusOK, `href="/programmes/parat/risici/hypercare/1"`)
		for _, u := range []*client{plw, mw} {
			if r := u.get(t, cpage); r.StatusCode != http.StatusForbidden {
				t.Errorf("a municipality's user opens the central register: %d", r.StatusCode)
			}
		}

		// Observers: figures only – a page linked from their home page, and the API.
		obw.get(t, "/").html(t, http.StatusOK, `href="/programmes/parat/risikotal"`)
		if body := string(obw.get(t, "/").body); strings.Contains(body, `href="/programmes/parat/risici`) {
			t.Error("an observer's home page links a risk register")
		}
		var sum struct {
			Total, Live, Overdue int
			ByLevel              []struct {
				Key, Label string
				Count      int
			} `json:"by_level"`
			ByWave []struct{ Wave, Municipal, Hypercare, Live, High int } `json:"by_wave"`
		}
		obs.getJSON(t, "/api/v1/programmes/parat/risks/summary", &sum)
		if sum.Total != 6 || sum.Live != 5 || len(sum.ByLevel) != 3 || sum.ByLevel[0].Count != 3 || sum.ByLevel[1].Count != 2 || sum.ByLevel[2].Count != 1 ||
			len(sum.ByWave) != 2 || sum.ByWave[0].Wave != 1 || sum.ByWave[0].Municipal != 3 || sum.ByWave[1].Hypercare != 1 {
			t.Fatalf("summary %+v", sum)
		}
		sp := obw.get(t, "/programmes/parat/risikotal")
		body := string(sp.body)
		sp.html(t, http.StatusOK, "Risici i tal", "Risici pr. register", "Risici pr. kategori",
			"Risici pr. status", "pr. eksponering", "Pr. bølge", "<th scope=\"row\">Kommunens register</th><td>3</td>")
		for _, secret := range []string{"Integrationen", "Leverandøren", "Frederiksberg", "København", "Book uddannelsen"} {
			if strings.Contains(body, secret) {
				t.Errorf("the observer's figures page names %q", secret)
			}
		}
		if r := plw.get(t, "/programmes/parat/risikotal"); r.StatusCode != http.StatusForbidden {
			t.Errorf("a project lead opens the national figures: %d", r.StatusCode)
		}
	})
}
