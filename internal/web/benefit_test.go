package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/auth"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/web"
)

// miniWorld is the fixture of the web tests that drive the handler chain:
// an app on a settable clock standing on 1 February 2027, 09:00, with
// KOMBIT, København and Frederiksberg and the mini catalogue published.
type miniWorld struct {
	a   *app.App
	clk *benefitClock
	h   http.Handler
}

const miniPassword = "rigtig-god-kode-42"

func newMiniWorld(t *testing.T, dbURL string) *miniWorld {
	t.Helper()
	return newMiniWorldOf(t, dbURL, nil)
}

// newMiniWorldOf is newMiniWorld with the mini catalogue changed by edit
// before it is published (nil: as it is).
func newMiniWorldOf(t *testing.T, dbURL string, edit func([]byte) []byte) *miniWorld {
	t.Helper()
	ctx := context.Background()
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	clk := &benefitClock{t: time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(storetest.Open(t, dbURL), im, log, clk.now)
	if err := a.LoadOrganisations(ctx, []model.Organisation{
		{Kind: model.OrgCentral, Code: "kombit", Name: "KOMBIT"},
		{Kind: model.OrgMunicipality, Code: "101", Name: "København"},
		{Kind: model.OrgMunicipality, Code: "147", Name: "Frederiksberg"},
	}, nil); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("../app/testdata/mini-v1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		src = edit(src)
	}
	if _, err := a.Publish(ctx, app.System("test"), "mini-v1.yaml", src, ""); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(a, log)
	if err != nil {
		t.Fatal(err)
	}
	return &miniWorld{a: a, clk: clk, h: srv.Handler()}
}

// user creates a user with miniPassword and signs them in.
func (w *miniWorld) user(t *testing.T, email string, role access.Role, org string) *benefitUser {
	t.Helper()
	if _, err := w.a.CreateUser(context.Background(), app.NewUser{Email: email, Name: email, Role: role, Org: org, Password: miniPassword}); err != nil {
		t.Fatal(err)
	}
	u := &benefitUser{h: w.h, email: email}
	w.login(t, u)
	return u
}

// login signs u in again (a session lapses when the clock jumps months).
func (w *miniWorld) login(t *testing.T, u *benefitUser) {
	t.Helper()
	tok, _, err := w.a.Login(context.Background(), u.email, miniPassword, "10.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	u.token = tok
}

// benefitClock is the test's settable clock.
type benefitClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *benefitClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *benefitClock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// benefitUser is a signed-in user of the test server.
type benefitUser struct {
	h     http.Handler
	token string
	email string
}

func (u *benefitUser) do(t *testing.T, method, path, contentType string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.AddCookie(&http.Cookie{Name: "udrul_session", Value: u.token})
	if method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", auth.CSRFToken(u.token))
	}
	rec := httptest.NewRecorder()
	u.h.ServeHTTP(rec, req)
	return rec
}

func (u *benefitUser) get(t *testing.T, path string) *httptest.ResponseRecorder {
	return u.do(t, http.MethodGet, path, "", nil)
}

func (u *benefitUser) form(t *testing.T, path string, v url.Values) *httptest.ResponseRecorder {
	v.Set("csrf", auth.CSRFToken(u.token))
	return u.do(t, http.MethodPost, path, "application/x-www-form-urlencoded", []byte(v.Encode()))
}

func (u *benefitUser) json(t *testing.T, method, path string, v any) *httptest.ResponseRecorder {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return u.do(t, method, path, "application/json", b)
}

func benefitForm() url.Values {
	return url.Values{"title": {"Kortere sagsbehandlingstid"}, "type": {"oekonomisk_raaderum"}, "goal": {"Hurtigere afgørelser"},
		"change": {"Automatisk oprettelse af sager"}, "owner": {"Afdelingsleder"}, "accountable": {"Direktør"},
		"smart": {"Fra 20 til 12 dage\nsenest 12 måneder efter go-live."}, "indicator": {"Sagsbehandlingstid"}, "unit": {"dage"},
		"direction": {"lavere"}, "baseline_value": {"20"}, "baseline_date": {"2027-01-15"}, "target_value": {"12,5"}, "target_date": {"2028-03-31"}}
}

// TestBenefitPagesAndAPI runs the benefit register through the real
// handler chain (session, access guard, page) with a settable clock: the
// forms refuse bad input naming the field with nothing written, the
// benefit page draws its chart with a table behind it, the window for
// post-measurements is enforced until the coordinator extends it, another
// municipality and observers are refused, observers see only the
// national counts, the API names bad fields, and the workbook has both
// sheets.
func TestBenefitPagesAndAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		w := newMiniWorld(t, dbURL)
		a, clk := w.a, w.clk
		goLive := model.NewDate(2027, 3, 31)
		if _, err := a.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: "101", GoLive: goLive, Wave: 1}, {Code: "147", GoLive: goLive, Wave: 2}}); err != nil {
			t.Fatal(err)
		}
		var users []*benefitUser
		user := func(email string, role access.Role, org string) *benefitUser {
			u := w.user(t, email, role, org)
			users = append(users, u)
			return u
		}
		// Sessions lapse when the clock jumps months: sign in again.
		setClock := func(at time.Time) {
			clk.set(at)
			for _, u := range users {
				w.login(t, u)
			}
		}
		pl := user("pl@kk.dk", access.ProjectLead, "101")
		frb := user("pl@frb.dk", access.ProjectLead, "147")
		ko := user("ko@kombit.dk", access.Coordinator, "kombit")
		obs := user("obs@kombit.dk", access.Observer, "kombit")
		const page = "/programmes/mini/municipalities/101/gevinster"
		const api = "/api/v1/programmes/mini/municipalities/101/benefits"
		count := func() int {
			v, err := a.BenefitRegister(ctx, nil, "mini", "101", a.Today())
			if err != nil {
				t.Fatal(err)
			}
			return len(v.Benefits)
		}

		r := pl.get(t, page)
		if r.Code != http.StatusOK || !strings.Contains(r.Body.String(), "Registrér en gevinst") || strings.Contains(r.Body.String(), "Forlæng fristen") ||
			!strings.Contains(r.Body.String(), `href="/programmes/mini/municipalities/101/gevinster"`) {
			t.Fatalf("the project lead's register page: %d\n%.2000s", r.Code, r.Body.String())
		}

		// Bad input through the form: the field is named, nothing written.
		for field, value := range map[string]string{"baseline_value": "tyve", "baseline_date": "2027-03-15", "type": "glæde", "target_date": "13-13-2027"} {
			f := benefitForm()
			f.Set(field, value)
			r := pl.form(t, page, f)
			if r.Code != http.StatusUnprocessableEntity || !regexp.MustCompile(`id="`+field+`"[^>]*aria-invalid="true"|name="`+field+`"[^>]*aria-invalid="true"`).MatchString(r.Body.String()) {
				t.Errorf("%s=%q: %d, want 422 with the field marked\n%.3000s", field, value, r.Code, r.Body.String())
			}
		}
		if n := count(); n != 0 {
			t.Fatalf("refused forms wrote %d benefits", n)
		}
		r = pl.form(t, page, benefitForm())
		if r.Code != http.StatusSeeOther || !strings.Contains(r.Header().Get("Location"), page+"/") {
			t.Fatalf("create: %d %s\n%.2000s", r.Code, r.Header().Get("Location"), r.Body.String())
		}
		detail := strings.SplitN(r.Header().Get("Location"), "?", 2)[0]
		r = pl.get(t, detail)
		body := r.Body.String()
		for _, want := range []string{"Placering i gevinsttræet", "<svg", `role="img"`, "Baseline, mål og eftermålinger af Sagsbehandlingstid", "12,5", "Lavere er bedre", "Ikke målt endnu"} {
			if !strings.Contains(body, want) {
				t.Errorf("the benefit page lacks %q", want)
			}
		}

		// Post-measurements from 6 months after go-live, to 12 months after.
		setClock(time.Date(2027, 10, 15, 9, 0, 0, 0, time.UTC))
		if r := pl.form(t, detail+"/maalinger", url.Values{"date": {"2027-10-01"}, "value": {"15,5"}, "comment": {"Første"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("measurement: %d\n%.2000s", r.Code, r.Body.String())
		}
		if r := pl.get(t, detail); !strings.Contains(r.Body.String(), "15,5") || !strings.Contains(r.Body.String(), "<circle") {
			t.Errorf("the measurement is not on the page")
		}
		setClock(time.Date(2028, 5, 1, 9, 0, 0, 0, time.UTC))
		r = pl.form(t, detail+"/maalinger", url.Values{"date": {"2028-04-02"}, "value": {"13"}})
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), "31.03.2028") {
			t.Errorf("a measurement after 12 months: %d\n%.2000s", r.Code, r.Body.String())
		}
		if r := pl.form(t, page+"/frist", url.Values{"until": {"2028-06-30"}, "reason": {"Forsinket data"}}); r.Code != http.StatusForbidden {
			t.Errorf("the project lead extends: %d", r.Code)
		}
		if r := ko.form(t, page+"/frist", url.Values{"until": {"2028-06-30"}, "reason": {"Forsinket data"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("the coordinator extends: %d\n%.2000s", r.Code, r.Body.String())
		}
		if r := pl.form(t, detail+"/maalinger", url.Values{"date": {"2028-04-02"}, "value": {"13"}}); r.Code != http.StatusSeeOther {
			t.Errorf("a measurement within the extension: %d\n%.2000s", r.Code, r.Body.String())
		}
		if r := pl.get(t, page); !strings.Contains(r.Body.String(), "Fristen for eftermålinger er forlænget til 30.06.2028: Forsinket data") {
			t.Errorf("the extension is not in the history")
		}

		// Another municipality and observers do not see the register.
		for name, u := range map[string]*benefitUser{"another municipality": frb, "observer": obs} {
			for _, p := range []string{page, detail, api, api + ".xlsx"} {
				if r := u.get(t, p); r.Code != http.StatusForbidden {
					t.Errorf("%s GET %s: %d", name, p, r.Code)
				}
			}
		}
		if r := obs.get(t, "/programmes/mini/municipalities/101"); r.Code != http.StatusOK || strings.Contains(r.Body.String(), "/gevinster") {
			t.Errorf("the observer's plan page must not link the register: %d", r.Code)
		}
		r = obs.get(t, "/programmes/mini/gevinster")
		if r.Code != http.StatusOK || strings.Contains(r.Body.String(), "København") || !strings.Contains(r.Body.String(), "Bølge 1") {
			t.Errorf("the observer's national page: %d\n%.2000s", r.Code, r.Body.String())
		}
		if r := ko.get(t, "/programmes/mini/gevinster"); r.Code != http.StatusOK || !strings.Contains(r.Body.String(), "København") {
			t.Errorf("the coordinator's national page: %d", r.Code)
		}
		if r := pl.get(t, "/programmes/mini/gevinster"); r.Code != http.StatusForbidden {
			t.Errorf("a project lead's national page: %d", r.Code)
		}

		// The API names the bad field; nothing is written.
		before := count()
		for field, v := range map[string]any{"type": "glæde", "baseline_value": "tyve", "baseline_date": "2026-01-01"} {
			in := map[string]any{"title": "X", "type": "kvalitet", "goal": "G", "change": "C", "owner": "O", "accountable": "A",
				"smart": "S", "indicator": "I", "unit": "stk", "direction": "hoejere", "baseline_value": 1, "baseline_date": "2027-01-15",
				"target_value": 2, "target_date": "2028-03-31"}
			in[field] = v
			r := pl.json(t, http.MethodPost, api, in)
			var p struct {
				Field string `json:"field"`
			}
			_ = json.Unmarshal(r.Body.Bytes(), &p)
			if r.Code < 400 || r.Code >= 500 || p.Field != field {
				t.Errorf("API %s=%v: %d field %q\n%s", field, v, r.Code, p.Field, r.Body.String())
			}
		}
		if count() != before {
			t.Errorf("refused API requests wrote benefits")
		}
		r = pl.get(t, api)
		var reg struct {
			Benefits []struct {
				Status       string `json:"status"`
				Measurements []any  `json:"measurements"`
			} `json:"benefits"`
		}
		if err := json.Unmarshal(r.Body.Bytes(), &reg); err != nil || len(reg.Benefits) != 1 || len(reg.Benefits[0].Measurements) != 2 ||
			reg.Benefits[0].Status != "ikke_opnaaet" {
			t.Errorf("API register: %v %s", err, r.Body.String())
		}

		// The workbook.
		r = pl.get(t, api+".xlsx")
		f, err := excelize.OpenReader(bytes.NewReader(r.Body.Bytes()))
		if err != nil {
			t.Fatalf("xlsx: %v", err)
		}
		defer f.Close()
		rows, _ := f.GetRows("Gevinster")
		ms, _ := f.GetRows("Eftermålinger")
		if len(rows) != 4 || rows[3][1] != "Kortere sagsbehandlingstid" || len(ms) != 3 {
			t.Errorf("workbook: %v / %v", rows, ms)
		}
	})
}
