package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/demo"
	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/web"
)

// BenchmarkPages measures the server time of every page type at demo size
// (the bar: ≤ 100 ms; HTML ≤ 200 KB): the full demo is built in an
// embedded database, exactly as `udrul demo` builds it, and each page is
// rendered through the real handler chain (session, access guard, page)
// into a recorder, so network and browser time are left out. Run with
//
//	go test -run '^$' -bench Pages -benchtime 20x ./internal/web/
//
// Each result also reports the page's size (B/page).
func BenchmarkPages(b *testing.B) {
	im, err := data.ImplementationModel()
	if err != nil {
		b.Fatal(err)
	}
	db := storetest.Open(b, storetest.SQLiteURL(b))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(db, im, log, time.Now)
	ctx := context.Background()
	today := a.Today()
	if err := demo.Load(ctx, a, today); err != nil {
		b.Fatal(err)
	}
	if err := demo.EnsureUsers(ctx, a, "", io.Discard); err != nil {
		b.Fatal(err)
	}
	if err := demo.LoadFollowup(ctx, a, today); err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(a, log)
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	session := func(email string) *http.Cookie {
		token, _, err := a.Login(ctx, email, demo.Password, "127.0.0.1", "benchmark")
		if err != nil {
			b.Fatalf("login %s: %v", email, err)
		}
		return &http.Cookie{Name: "udrul_session", Value: token}
	}
	coordinator, admin := session("lars.mortensen@kombit.dk"), session("admin@kombit.dk")
	lead, member := session("sofie.norgaard@aarhus.dk"), session("peter.lund@aarhus.dk")

	get := func(c *http.Cookie, path string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(c)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	// Aarhus (751) is the largest municipality: the most schools and
	// day-care units, so the largest plans.
	plan, err := a.Plan(ctx, nil, "samarbejdsplatformen", "751", today)
	if err != nil || len(plan.Tasks) == 0 {
		b.Fatalf("Aarhus' plan: %v", err)
	}
	ksd, err := a.Plan(ctx, nil, "ksd", "751", today)
	if err != nil || len(ksd.Tasks) == 0 {
		b.Fatalf("Aarhus' KSD plan: %v", err)
	}
	taskID, taskKey := ksd.Tasks[0].ID, ksd.Tasks[0].Key
	link := regexp.MustCompile(`/admin/users/(\d+)"`).FindSubmatch(get(admin, "/admin/users").Body.Bytes())
	if link == nil {
		b.Fatal("no user link on /admin/users")
	}

	pages := []struct {
		name, path string
		as         *http.Cookie
	}{
		{"home", "/", coordinator},
		{"overview", "/programmes/ksd", coordinator},
		{"overview-filtered", "/programmes/ksd?farve=red&sort=golive", coordinator},
		{"overview-samarbejdsplatformen", "/programmes/samarbejdsplatformen", coordinator},
		{"followup-worklist", "/programmes/ksd/followup", coordinator},
		{"catalogue", "/programmes/ksd/catalogue", coordinator},
		{"catalogue-task-form", "/programmes/ksd/catalogue/tasks/" + taskKey, coordinator},
		{"catalogue-source", "/programmes/ksd/catalogue/source", coordinator},
		{"plan-ksd-aarhus", "/programmes/ksd/municipalities/751", lead},
		{"plan-samarbejdsplatformen-aarhus", "/programmes/samarbejdsplatformen/municipalities/751", lead},
		{"plan-task", "/programmes/ksd/municipalities/751/tasks/" + taskKey, lead},
		{"gantt", "/programmes/ksd/municipalities/751/gantt", lead},
		{"task", fmt.Sprintf("/tasks/%d", taskID), lead},
		{"contacts", "/programmes/ksd/municipalities/751/contacts", coordinator},
		{"checkpoints", "/programmes/ksd/municipalities/751/checkpoints", lead},
		{"hypercare", "/programmes/ksd/hypercare", coordinator},
		{"waveplan", "/programmes/ksd/waveplan", coordinator},
		{"waveplan-setup", "/programmes/ksd/waveplan/setup", coordinator},
		{"waveplan-version", "/programmes/ksd/waveplan/versions/1", coordinator},
		{"my-tasks", "/mine", member},
		{"account", "/konto", lead},
		{"notifications", "/konto/varsler", lead},
		{"admin-users", "/admin/users", admin},
		{"admin-user", "/admin/users/" + string(link[1]), admin},
		{"admin-organisations", "/admin/organisations", admin},
		{"admin-outbox", "/admin/varsler", admin},
	}
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			first := get(p.as, p.path)
			if first.Code != http.StatusOK {
				b.Fatalf("GET %s: %d\n%.500s", p.path, first.Code, first.Body.String())
			}
			size := first.Body.Len()
			for b.Loop() {
				if rec := get(p.as, p.path); rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", p.path, rec.Code)
				}
			}
			b.ReportMetric(float64(size), "B/page")
		})
	}
}
