package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestBeforeEnrolmentPage: København is enrolled on 1 February 2027 with
// go-live on 22 February, so m-krit ended before the enrolment. The plan
// page links the list; the project lead settles it with the form (a form
// without a task is refused naming the field); another municipality's lead
// may not.
func TestBeforeEnrolmentPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		w := newMiniWorld(t, dbURL)
		a := w.a
		if _, err := a.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: "101", GoLive: model.NewDate(2027, 2, 22), Wave: 1},
			{Code: "147", GoLive: model.NewDate(2027, 2, 22), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		lead := w.user(t, "leder@kk.example", access.ProjectLead, "101")
		other := w.user(t, "leder@frb.example", access.ProjectLead, "147")
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
