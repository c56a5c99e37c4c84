package cli_test

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestReportServer runs the steering reports through the real server on
// both databases, every answer checked against openapi.json: the status
// report shows the red task with the agreement about it from the contact
// log and its month in the trend; another municipality is refused and
// observers get it without the risks; a go-live moved after the month's
// snapshot shows as moved in the programme report; the distance of the
// close go-lives is validated naming the field, in the API and on the page.
func TestReportServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		admin.do(t, "POST", "/api/v1/programmes/parat/catalogue", readFile(t, "testdata/readiness.yaml"), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
		now, _ := model.ParseDate(today())
		golive := clearGoLive(now.AddDays(14))
		parat := clearGoLive(golive.AddDays(-7))
		frb := clearGoLive(now.AddDays(60))
		enrol := func(key, code string, d model.Date) {
			admin.sendJSON(t, "POST", "/api/v1/programmes/"+key+"/enrolments", []map[string]any{{"code": code, "golive": d.String(), "wave": 1}}, nil).decode(t, http.StatusOK, &[]any{})
		}
		// København enrolled long ago, so its passed deadlines are red (not
		// før tilmelding).
		enrolLongAgo(t, dbURL, "mini", []app.Enrolment{{Code: "101", GoLive: golive, Wave: 1}})
		enrol("mini", "147", frb)
		enrol("parat", "101", parat)

		var plan struct {
			Tasks []struct {
				ID  int64  `json:"id"`
				Key string `json:"key"`
			} `json:"tasks"`
		}
		admin.getJSON(t, "/api/v1/programmes/mini/municipalities/101/tasks", &plan)
		var krit int64
		for _, x := range plan.Tasks {
			if x.Key == "m-krit" {
				krit = x.ID
			}
		}
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/municipalities/101/contacts", map[string]any{"date": now.String(), "channel": "telefon",
			"participants": "Projektlederen", "summary": "Aftalen er ikke underskrevet.", "agreements": "Kommunen underskriver aftalen fredag.",
			"tasks": []int64{krit}}, nil).decode(t, http.StatusCreated, &map[string]any{})

		pl := newClient(t, base)
		pl.token = "udrul_pat_test-projektleder-0123456789"
		var rep struct {
			Colour  string `json:"colour"`
			Signals []struct {
				Key        string   `json:"key"`
				Colour     string   `json:"colour"`
				Agreements []string `json:"agreements"`
			} `json:"signals"`
			Agreements []struct {
				Agreements string `json:"agreements"`
			} `json:"agreements"`
			Milestones []struct {
				Kind string `json:"kind"`
				Date string `json:"date"`
			} `json:"milestones"`
			Trend []struct {
				Current bool `json:"current"`
			} `json:"trend"`
			Phases []struct {
				Phase string `json:"phase"`
				Tasks int    `json:"tasks"`
			} `json:"phases"`
		}
		const status = "/api/v1/programmes/mini/municipalities/101/status-report"
		pl.getJSON(t, status, &rep)
		if rep.Colour != "red" || len(rep.Signals) == 0 || rep.Signals[0].Key != "m-krit" || rep.Signals[0].Colour != "red" {
			t.Fatalf("status report: colour %s, signals %+v", rep.Colour, rep.Signals)
		}
		if !slices.ContainsFunc(rep.Signals[0].Agreements, func(s string) bool { return strings.Contains(s, "underskriver aftalen fredag") }) {
			t.Errorf("the red task lacks the agreement about it: %q", rep.Signals[0].Agreements)
		}
		if len(rep.Agreements) != 1 || len(rep.Trend) != 1 || !rep.Trend[0].Current || len(rep.Phases) == 0 {
			t.Errorf("agreements %+v, trend %+v, phases %+v", rep.Agreements, rep.Trend, rep.Phases)
		}
		if golive >= now && !slices.ContainsFunc(rep.Milestones, func(m struct {
			Kind string `json:"kind"`
			Date string `json:"date"`
		}) bool {
			return m.Kind == "golive" && m.Date == golive.String()
		}) {
			t.Errorf("milestones lack the go-live: %+v", rep.Milestones)
		}
		// Opening it again keeps no second snapshot: still one month.
		pl.getJSON(t, status, &rep)
		if len(rep.Trend) != 1 {
			t.Errorf("trend after a second opening: %+v", rep.Trend)
		}

		other := newClient(t, base)
		other.token = "udrul_pat_test-frederiksberg-0123456789"
		other.get(t, status).problem(t, http.StatusForbidden, "")
		obs := newClient(t, base)
		obs.token = "udrul_pat_test-observator-0123456789"
		if r := obs.get(t, status); r.StatusCode != http.StatusOK || strings.Contains(string(r.body), `"risks"`) {
			t.Errorf("observer: %d, risks shown: %s", r.StatusCode, r.body)
		}
		admin.get(t, "/api/v1/programmes/mini/municipalities/999/status-report").problem(t, http.StatusNotFound, "")

		// 147's go-live moves (earlier) after this month's snapshot.
		moved := clearGoLive(frb.AddDays(-7))
		enrol("mini", "147", moved)
		var prog struct {
			Held, Moved int
			Waves       []struct {
				Moved []struct {
					Code string `json:"code"`
					Days int    `json:"days"`
				} `json:"moved"`
			} `json:"waves"`
		}
		admin.getJSON(t, "/api/v1/programmes/mini/report", &prog)
		if prog.Held != 1 || prog.Moved != 1 || len(prog.Waves) != 1 || len(prog.Waves[0].Moved) != 1 ||
			prog.Waves[0].Moved[0].Code != "147" || prog.Waves[0].Moved[0].Days != int(moved-frb) {
			t.Errorf("programme report: %+v", prog)
		}
		pl.get(t, "/api/v1/programmes/mini/report").problem(t, http.StatusForbidden, "")

		for _, bad := range []string{"x", "366", "-1"} {
			admin.get(t, "/api/v1/close-golives?days="+bad).problem(t, http.StatusBadRequest, "days")
		}
		var close struct {
			Days  int `json:"days"`
			Pairs []struct {
				Code string `json:"code"`
				Days int    `json:"days"`
			} `json:"pairs"`
		}
		admin.getJSON(t, "/api/v1/close-golives?days=30", &close)
		if apart := int(golive - parat); apart <= 30 && (len(close.Pairs) != 1 || close.Pairs[0].Code != "101" || close.Pairs[0].Days != apart) {
			t.Errorf("close go-lives: %+v", close)
		}
		admin.getJSON(t, "/api/v1/close-golives?days=0", &close)
		if len(close.Pairs) != 0 {
			t.Errorf("close go-lives within 0 days: %+v", close)
		}

		var cross struct {
			Programmes []struct {
				Programme string `json:"programme"`
			} `json:"programmes"`
			Months []struct {
				Open []int `json:"open"`
			} `json:"months"`
		}
		pl.getJSON(t, "/api/v1/municipalities/101/cross-programme", &cross)
		if len(cross.Programmes) != 2 || len(cross.Months) < 7 || len(cross.Months[0].Open) != 2 {
			t.Errorf("cross-programme: %+v", cross)
		}
		other.get(t, "/api/v1/municipalities/101/cross-programme").problem(t, http.StatusForbidden, "")

		page := newClient(t, base)
		page.login(t, testAdminEmail, testPassword)
		r := page.get(t, "/paa-tvaers?days=tre")
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(string(r.body), `id="days-fejl"`) {
			t.Errorf("page with a bad distance: %d\n%s", r.StatusCode, r.body)
		}
		for _, p := range []string{"/paa-tvaers?days=30", "/programmes/mini/rapport", "/programmes/mini/municipalities/101/statusrapport", "/kommuner/101/paa-tvaers"} {
			if r := page.get(t, p); r.StatusCode != http.StatusOK {
				t.Errorf("%s: %d\n%s", p, r.StatusCode, r.body)
			}
		}

		// The report as a PDF for the steering group's papers, read as a
		// reader reads it.
		pdf := page.get(t, "/programmes/mini/municipalities/101/statusrapport.pdf")
		if pdf.StatusCode != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("status report PDF: %d %v", pdf.StatusCode, pdf.Header)
		}
		if _, err := exec.LookPath("pdftotext"); err != nil {
			t.Skip("skipping the PDF's text: pdftotext (Debian package poppler-utils) is not installed")
		}
		f := filepath.Join(t.TempDir(), "statusrapport.pdf")
		os.WriteFile(f, pdf.body, 0o644)
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").CombinedOutput()
		if err != nil {
			t.Fatalf("pdftotext: %v\n%s", err, out)
		}
		progPDF := page.get(t, "/programmes/mini/rapport.pdf")
		pf := filepath.Join(t.TempDir(), "programrapport.pdf")
		os.WriteFile(pf, progPDF.body, 0o644)
		if pout, err := exec.Command("pdftotext", "-enc", "UTF-8", pf, "-").CombinedOutput(); progPDF.StatusCode != http.StatusOK || err != nil ||
			!strings.Contains(string(pout), "Programrapport for") || !strings.Contains(string(pout), "Bølge 1") || !strings.Contains(string(pout), "Læring efter hypercare") {
			t.Errorf("programme report PDF: %d %v\n%s", progPDF.StatusCode, err, pout)
		}
		for _, want := range []string{"Statusrapport for København", "Fremdrift pr. fase", "Røde og gule opgaver", "Aftaler fra kontaktloggen",
			"Næste milepæle", "Udviklingen måned for måned", "Parathedsundersøgelser", "status pr. "} {
			if !strings.Contains(string(out), want) {
				t.Errorf("the status report PDF lacks %q:\n%s", want, out)
			}
		}
	})
}
