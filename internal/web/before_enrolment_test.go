package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/web"
)

// TestBeforeEnrolmentPage: København is enrolled on 1 February 2027 with
// go-live on 22 February, so m-krit ended before the enrolment. The plan
// page links the list; the project lead settles it with the form (a form
// without a task is refused naming the field); another municipality's lead
// may not.
func TestBeforeEnrolmentPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
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
		if _, err := a.Publish(ctx, app.System("test"), "mini-v1.yaml", src, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: "101", GoLive: model.NewDate(2027, 2, 22), Wave: 1},
			{Code: "147", GoLive: model.NewDate(2027, 2, 22), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		srv, err := web.New(a, log)
		if err != nil {
			t.Fatal(err)
		}
		h := srv.Handler()
		const pw = "rigtig-god-kode-42"
		user := func(email string, role access.Role, org string) *benefitUser {
			if _, err := a.CreateUser(ctx, app.NewUser{Email: email, Name: email, Role: role, Org: org, Password: pw}); err != nil {
				t.Fatal(err)
			}
			tok, _, err := a.Login(ctx, email, pw, "10.0.0.1", "test")
			if err != nil {
				t.Fatal(err)
			}
			return &benefitUser{h: h, email: email, token: tok}
		}
		lead := user("leder@kk.example", access.ProjectLead, "101")
		other := user("leder@frb.example", access.ProjectLead, "147")
		const page = "/programmes/mini/municipalities/101/foer-tilmelding"
		if rec := lead.get(t, "/programmes/mini/municipalities/101"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `href="/programmes/mini/municipalities/101/foer-tilmelding"`) {
			t.Fatalf("plan page %d without a link to the tasks before enrolment", rec.Code)
		}
		rec := lead.get(t, page)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, "Indgå databehandleraftale") || !strings.Contains(body, `type="checkbox"`) {
			t.Fatalf("page %d:\n%s", rec.Code, body)
		}
		v, err := a.BeforeEnrolment(ctx, nil, "mini", "101")
		if err != nil || len(v.Open) == 0 {
			t.Fatalf("before enrolment: %+v, %v", v, err)
		}
		id := strconv.FormatInt(v.Open[0].ID, 10)
		rec = lead.form(t, page, url.Values{"status": {"fuldfoert"}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="ids-fejl"`) {
			t.Errorf("no task chosen: %d", rec.Code)
		}
		if rec := other.form(t, page, url.Values{"id": {id}, "status": {"fuldfoert"}}); rec.Code != http.StatusForbidden {
			t.Errorf("another municipality's lead: %d", rec.Code)
		}
		rec = lead.form(t, page, url.Values{"id": {id}, "status": {"ikke_relevant"}, "comment": {"Klaret før tilmeldingen"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("settle: %d\n%s", rec.Code, rec.Body.String())
		}
		rec = lead.get(t, rec.Header().Get("Location"))
		if body := rec.Body.String(); !strings.Contains(body, "er afklaret") || !strings.Contains(body, "Klaret før tilmeldingen") {
			t.Errorf("after settling:\n%s", body)
		}
	})
}
