package load

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeUdrul answers the few routes the load generator uses, like udrul
// does, and refuses what a real server would refuse.
func fakeUdrul(t *testing.T) (*httptest.Server, *atomic.Int64) {
	srv, puts, _ := fakeUdrulAsof(t)
	return srv, puts
}

// fakeUdrulAsof is fakeUdrul that also counts the pages asked for with and
// without ?asof=2027-06-28 (plan, overview, worklist).
func fakeUdrulAsof(t *testing.T) (*httptest.Server, *atomic.Int64, *[2]atomic.Int64) {
	var puts atomic.Int64
	var asofs [2]atomic.Int64 // without, with
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<form><input type="hidden" name="csrf" value="tok"></form>`))
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("csrf") != "tok" || r.FormValue("password") != "pw" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "udrul_session", Value: "s", Path: "/"})
		w.Header().Set("Location", "/")
		w.WriteHeader(http.StatusSeeOther)
	})
	api := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer token" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			h(w, r)
		}
	}
	page := func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("udrul_session"); err != nil || c.Value != "s" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if !strings.HasPrefix(r.URL.Path, "/tasks/") {
			if r.URL.Query().Get("asof") == "2027-06-28" {
				asofs[1].Add(1)
			} else {
				asofs[0].Add(1)
			}
		}
		w.Write([]byte("<html></html>"))
	}
	mux.HandleFunc("GET /api/v1/programmes/gen/overview", api(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"municipalities":[{"code":"G001"},{"code":"G002"}]}`))
	}))
	mux.HandleFunc("GET /api/v1/programmes/gen/tasks", api(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("cursor") == "" {
			w.Write([]byte(`{"items":[{"id":1},{"id":2}],"page":{"total":3,"limit":1000,"next_cursor":"c"}}`))
			return
		}
		w.Write([]byte(`{"items":[{"id":3}],"page":{"total":3,"limit":1000}}`))
	}))
	mux.HandleFunc("GET /api/v1/tasks/{id}", api(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"status":"paabegyndt","version":1}`))
	}))
	mux.HandleFunc("PUT /api/v1/tasks/{id}/status", api(func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		b.ReadFrom(r.Body)
		if !strings.Contains(b.String(), `"status":"ikke_paabegyndt"`) {
			w.WriteHeader(http.StatusUnprocessableEntity)
			return
		}
		if puts.Add(1)%2 == 0 {
			w.WriteHeader(http.StatusConflict) // another user was first
			return
		}
		w.Write([]byte(`{}`))
	}))
	mux.HandleFunc("GET /programmes/gen", page)
	mux.HandleFunc("GET /programmes/gen/followup", page)
	mux.HandleFunc("GET /programmes/gen/municipalities/{code}", page)
	mux.HandleFunc("GET /tasks/{id}", page)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &puts, &asofs
}

func TestRunDoesEveryKindWithoutErrors(t *testing.T) {
	srv, puts := fakeUdrul(t)
	res, err := Run(context.Background(), Config{Bases: []string{srv.URL, srv.URL + "/"}, Programme: "gen", Users: 6, Duration: 300 * time.Millisecond,
		Email: "load@kombit.dk", Password: "pw", Token: "token", Sessions: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Kinds {
		s := res.Kinds[k]
		if s.N == 0 || s.Errors != 0 || len(s.Latencies) != s.N {
			t.Errorf("%s: %+v", k, s)
		}
	}
	st := res.Kinds["status"]
	if puts.Load() == 0 || st.Conflicts == 0 || st.Conflicts > st.N {
		t.Errorf("status changes: %d sent, %+v", puts.Load(), st)
	}
	var b strings.Builder
	res.Report(&b)
	if !strings.Contains(b.String(), "| all |") {
		t.Errorf("report:\n%s", b.String())
	}
}

func TestRunRefusesAWrongPassword(t *testing.T) {
	srv, _ := fakeUdrul(t)
	_, err := Run(context.Background(), Config{Bases: []string{srv.URL}, Programme: "gen", Users: 1, Duration: time.Second, Password: "x", Token: "token"})
	if err == nil || !strings.Contains(err.Error(), "status 401") {
		t.Fatalf("got %v", err)
	}
}

func TestPercentile(t *testing.T) {
	s := &Stats{}
	for i := 100; i >= 1; i-- {
		s.Latencies = append(s.Latencies, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{0: time.Millisecond, 50: 51 * time.Millisecond, 95: 95 * time.Millisecond, 99: 99 * time.Millisecond, 100: 100 * time.Millisecond} {
		if got := s.Percentile(p); got != want {
			t.Errorf("p%v = %s, want %s", p, got, want)
		}
	}
	if (&Stats{}).Percentile(50) != 0 {
		t.Error("empty stats")
	}
}

// With a think time users pause between requests (exponentially, mean
// Think, and once before the first), so far fewer requests are made than
// without; the pages carry the asked-for date.
func TestRunThinksAndAsksForTheDate(t *testing.T) {
	srv, _, asofs := fakeUdrulAsof(t)
	c := Config{Bases: []string{srv.URL}, Programme: "gen", Users: 4, Duration: 600 * time.Millisecond,
		Email: "load@kombit.dk", Password: "pw", Token: "token", Sessions: 1, Seed: 1, Asof: "2027-06-28"}
	busy, err := Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	c.Think = 100 * time.Millisecond
	thinking, err := Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	// 4 users × 600 ms / 100 ms ≈ 24 requests with thinking; hundreds without.
	if n := thinking.Total.N; n == 0 || n > 60 || n*4 > busy.Total.N {
		t.Errorf("%d requests with a 100 ms think time, %d without", n, busy.Total.N)
	}
	if asofs[0].Load() != 0 || asofs[1].Load() == 0 {
		t.Errorf("pages without asof: %d, with: %d", asofs[0].Load(), asofs[1].Load())
	}
}
