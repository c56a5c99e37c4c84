package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/cli"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/waves"
)

// These tests run the real program – cli.Run("serve") – against SQLite and
// PostgreSQL and talk to it over HTTP only, as a client would. The server
// uses the real clock, so every date-sensitive check passes an explicit asof
// (or checks the default against today's date in Denmark).

// syncBuffer collects the server's log lines, written from its goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer runs `udrul serve --addr 127.0.0.1:0 --db dbURL` in a goroutine,
// reads the address it listens on from its output, waits until /healthz
// answers 200, and returns the base URL. Cleanup stops the server through
// its context and waits for Run to return.
func startServer(t *testing.T, dbURL string, extraArgs ...string) string {
	t.Helper()
	return startServerAt(t, dbURL, time.Now, extraArgs...)
}

// startServerAt is startServer with now as the server's clock.
func startServerAt(t *testing.T, dbURL string, now func() time.Time, extraArgs ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr := &syncBuffer{}
	getenv := func(string) string { return "" } // nothing from the test process's environment
	done := make(chan error, 1)
	go func() {
		err := cli.RunAt(ctx, now, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", dbURL}, extraArgs...), getenv, pw, stderr)
		pw.Close()
		done <- err
	}()
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			return fmt.Errorf("cli.Run did not return within 30s of cancelling its context")
		}
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("server: %v", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", stderr.String())
		}
	})

	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		const prefix = "udrul listening on "
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, prefix) {
				select {
				case addr <- strings.TrimPrefix(line, prefix):
				default:
				}
			}
		}
		io.Copy(io.Discard, pr) // keep draining so the server never blocks on stdout
	}()
	var base string
	select {
	case base = <-addr:
	case err := <-done:
		stopped = true
		cancel()
		t.Fatalf("server exited before listening: %v\n%s", err, stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("server did not print its address within 30s\n%s", stderr.String())
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("server printed address %q", base)
	}

	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if string(b) != "ok\n" {
					t.Errorf("/healthz body = %q, want \"ok\\n\"", b)
				}
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz did not answer 200 within 15s (last error %v)", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return base
}

// seedMunicipalities loads three municipalities (København with two schools)
// into the database before the server starts, so that the reference
// organisations (loaded into a database without municipalities) stay out.
func seedMunicipalities(t *testing.T, dbURL string) {
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
	a := app.New(db, im, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	munis := []model.Organisation{
		{Kind: model.OrgMunicipality, Code: "101", Name: "København", RegionName: "Region Hovedstaden", Population: 667099},
		{Kind: model.OrgMunicipality, Code: "147", Name: "Frederiksberg", RegionName: "Region Hovedstaden", Population: 105840},
		{Kind: model.OrgMunicipality, Code: "151", Name: "Ballerup", RegionName: "Region Hovedstaden", Population: 52939},
	}
	insts := []app.Institution{
		{Municipality: "101", Org: model.Organisation{Code: "101-s01", Name: "Skole A", Category: model.CategorySchool}},
		{Municipality: "101", Org: model.Organisation{Code: "101-s02", Name: "Skole B", Category: model.CategorySchool}},
	}
	if err := a.LoadOrganisations(ctx, munis, insts); err != nil {
		t.Fatal(err)
	}
}

// client talks to one server and fails the test on transport errors.
type client struct {
	t     *testing.T
	base  string
	hc    *http.Client
	token string // sent as Authorization: Bearer to /api/ paths unless the request sets its own
}

func newClient(t *testing.T, base string) *client {
	jar, _ := cookiejar.New(nil) // the session cookie, after login
	return &client{t: t, base: base, hc: &http.Client{
		Timeout:       30 * time.Second,
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

type response struct {
	*http.Response
	body []byte
}

func (c *client) do(t *testing.T, method, path string, body []byte, header map[string]string) response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if _, own := header["Authorization"]; c.token != "" && !own && strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	checkContract(t, resp, b)
	return response{resp, b}
}

func (c *client) get(t *testing.T, path string) response {
	t.Helper()
	return c.do(t, http.MethodGet, path, nil, nil)
}

// getJSON GETs path, expects 200 application/json and decodes into v.
func (c *client) getJSON(t *testing.T, path string, v any) {
	t.Helper()
	r := c.get(t, path)
	r.decode(t, http.StatusOK, v)
}

// sendJSON sends v as JSON with the given method.
func (c *client) sendJSON(t *testing.T, method, path string, v any, header map[string]string) response {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	h := map[string]string{"Content-Type": "application/json"}
	for k, v := range header {
		h[k] = v
	}
	return c.do(t, method, path, b, h)
}

// decode checks a JSON success response's status and content type and decodes it.
func (r response) decode(t *testing.T, status int, v any) {
	t.Helper()
	where := r.Request.Method + " " + r.Request.URL.RequestURI()
	if r.StatusCode != status {
		t.Fatalf("%s: status %d, want %d; body %s", where, r.StatusCode, status, r.body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s: Content-Type %q, want application/json", where, ct)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("%s: %v in %s", where, err, r.body)
	}
}

type fileProblem struct {
	File    string `json:"file"`
	Sheet   string `json:"sheet"`
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// problem is the one shape of every API error (openapi.json's Problem).
type problem struct {
	Type     string                            `json:"type"`
	Title    string                            `json:"title"`
	Status   int                               `json:"status"`
	Detail   string                            `json:"detail"`
	Field    string                            `json:"field"`
	Errors   []struct{ Field, Message string } `json:"errors"`
	Problems []fileProblem                     `json:"problems"`
	Issues   []waveIssue                       `json:"issues"`
}

// problem checks that r is an RFC 9457 problem (application/problem+json)
// with the given status whose field is field ("" for none); "-" skips the
// field check.
func (r response) problem(t *testing.T, status int, field string) problem {
	t.Helper()
	where := r.Request.Method + " " + r.Request.URL.RequestURI()
	if r.StatusCode != status {
		t.Fatalf("%s: status %d, want %d; body %s", where, r.StatusCode, status, r.body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("%s: Content-Type %q, want application/problem+json", where, ct)
	}
	var p problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("%s: problem is not JSON: %v in %s", where, err, r.body)
	}
	if p.Status != status || p.Type != "about:blank" || p.Title != http.StatusText(status) || p.Detail == "" {
		t.Errorf("%s: problem %+v, want type about:blank, status %d, title %q and a detail", where, p, status, http.StatusText(status))
	}
	if field != "-" && p.Field != field {
		t.Errorf("%s: problem field %q, want %q (detail %q)", where, p.Field, field, p.Detail)
	}
	return p
}

// html checks a page response and that it mentions every string in want.
func (r response) html(t *testing.T, status int, want ...string) {
	t.Helper()
	where := r.Request.Method + " " + r.Request.URL.RequestURI()
	if r.StatusCode != status {
		t.Fatalf("%s: status %d, want %d", where, r.StatusCode, status)
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("%s: Content-Type %q, want text/html; charset=utf-8", where, ct)
	}
	for _, w := range want {
		if !bytes.Contains(r.body, []byte(w)) {
			t.Errorf("%s: page does not contain %q", where, w)
		}
	}
}

// The JSON shapes as a client sees them: only the fields the tests read.
type (
	counts struct{ Green, Yellow, Red, None int }
	task   struct {
		ID           int64  `json:"id"`
		Key          string `json:"key"`
		Title        string `json:"title"`
		Type         string `json:"type"`
		Level        string `json:"level"`
		Institution  string `json:"institution"`
		Status       string `json:"status"`
		Start        string `json:"start"`
		End          string `json:"end"`
		Colour       string `json:"colour"`
		Version      int    `json:"version"`
		Withdrawn    bool   `json:"withdrawn"`
		StatusBy     string `json:"status_by"`
		Comment      string `json:"status_comment"`
		Programme    string `json:"programme"`
		Municipality string `json:"municipality"`
		MuniName     string `json:"municipality_name"`
	}
	event struct {
		Actor   string `json:"actor"`
		Kind    string `json:"kind"`
		From    string `json:"from"`
		To      string `json:"to"`
		Comment string `json:"comment"`
	}
	taskDetail struct {
		task
		History []event `json:"history"`
	}
	plan struct {
		Programme    string `json:"programme"`
		Municipality struct {
			Code string `json:"code"`
			Name string `json:"name"`
		} `json:"municipality"`
		Asof   string `json:"asof"`
		GoLive string `json:"golive"`
		Wave   int    `json:"wave"`
		Colour string `json:"colour"`
		Counts counts `json:"counts"`
		Tasks  []task `json:"tasks"`
	}
	muniOverview struct {
		Code   string `json:"code"`
		Name   string `json:"name"`
		Wave   int    `json:"wave"`
		GoLive string `json:"golive"`
		Colour string `json:"colour"`
		Counts counts `json:"counts"`
	}
	waveOverview struct {
		Wave           int    `json:"wave"`
		Municipalities int    `json:"municipalities"`
		FirstGoLive    string `json:"first_golive"`
		LastGoLive     string `json:"last_golive"`
		Colour         string `json:"colour"`
		Counts         counts `json:"counts"`
		ByColour       counts `json:"by_colour"`
	}
	overview struct {
		Programme      string         `json:"programme"`
		Name           string         `json:"name"`
		Asof           string         `json:"asof"`
		WarnUntil      string         `json:"warn_until"`
		Municipalities []muniOverview `json:"municipalities"`
		Waves          []waveOverview `json:"waves"`
		National       counts         `json:"national"`
		Colour         string         `json:"colour"`
	}
	taskChange struct {
		Key    string   `json:"key"`
		Kind   string   `json:"kind"`
		Fields []string `json:"fields"`
	}
	planChange struct {
		Key       string `json:"key"`
		Kind      string `json:"kind"`
		Instances int    `json:"instances"`
	}
	publishResult struct {
		Programme      string       `json:"programme"`
		Version        int          `json:"version"`
		Created        bool         `json:"created"`
		Unchanged      bool         `json:"unchanged"`
		Changes        []taskChange `json:"changes"`
		Municipalities []struct {
			Code    string       `json:"code"`
			Name    string       `json:"name"`
			Changes []planChange `json:"changes"`
		} `json:"municipalities"`
	}
	catalogueView struct {
		Programme struct {
			Key  string `json:"key"`
			Name string `json:"name"`
		} `json:"programme"`
		Version int `json:"version"`
		Tasks   []struct {
			Key              string `json:"key"`
			AddedVersion     int    `json:"added_version"`
			WithdrawnVersion int    `json:"withdrawn_version"`
		} `json:"tasks"`
		Versions []struct {
			Number      int    `json:"number"`
			PublishedBy string `json:"published_by"`
			SourceName  string `json:"source_name"`
		} `json:"versions"`
	}
	enrolResult struct {
		Code      string `json:"code"`
		Name      string `json:"name"`
		GoLive    string `json:"golive"`
		Wave      int    `json:"wave"`
		Created   bool   `json:"created"`
		Instances int    `json:"instances"`
		Moved     int    `json:"moved"`
	}
	followup struct {
		Asof  string `json:"asof"`
		Tasks []struct {
			task
			Wave   int    `json:"wave"`
			GoLive string `json:"golive"`
		} `json:"tasks"`
	}
)

var (
	colours  = []string{"green", "yellow", "red", "none"}
	statuses = []string{"ikke_paabegyndt", "paabegyndt", "fuldfoert", "ikke_relevant"}
	types    = []string{"valgfri", "obligatorisk", "kritisk"}
)

// today is the current date in Denmark, as the server computes its default asof.
func today() string {
	return model.DanishDate(time.Now()).String()
}

// clearGoLive is d, or the nearest earlier working day on which the
// standard blackouts (summer, weeks 52–7) allow a go-live, so that a test
// dating its go-lives from today passes in every season.
func clearGoLive(d model.Date) model.Date {
	for {
		if _, blocked := (waves.GoLiveRule{}).Blocked(d); !blocked && calendar.Danish().IsWorkingDay(d) {
			return d
		}
		d = d.AddDays(-1)
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func yamlHeader() map[string]string {
	return map[string]string{"Content-Type": "application/yaml"}
}

func findTask(t *testing.T, p plan, key string) task {
	t.Helper()
	for _, x := range p.Tasks {
		if x.Key == key && x.Institution == "" {
			return x
		}
	}
	t.Fatalf("task %s not in %s's plan", key, p.Municipality.Code)
	return task{}
}

func TestServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		c := newClient(t, startServer(t, dbURL))
		c.token = testAdminToken
		c.login(t, testAdminEmail, testPassword)
		testServer(t, c)
	})
}

func testServer(t *testing.T, c *client) {
	const (
		catalogueURL = "/api/v1/programmes/mini/catalogue"
		enrolURL     = "/api/v1/programmes/mini/enrolments"
	)

	t.Run("empty", func(t *testing.T) {
		r := c.get(t, "/api/v1/programmes")
		if r.StatusCode != http.StatusOK || strings.TrimSpace(string(r.body)) != "[]" {
			t.Errorf("programmes before any catalogue: %d %s, want 200 []", r.StatusCode, r.body)
		}
		c.get(t, "/").html(t, http.StatusOK, "Der er endnu ingen programmer")
	})

	// Publishing: errors first, so that "nothing written" can be checked.
	t.Run("publish refused", func(t *testing.T) {
		v1 := readFile(t, "testdata/mini-v1.yaml")

		r := c.do(t, "POST", catalogueURL, []byte{}, yamlHeader())
		r.problem(t, http.StatusBadRequest, "")

		// YAML syntax error: the problem names the line and "(fil)".
		bad := append(bytes.Clone(v1), []byte("  - key: [unclosed\n")...)
		r = c.do(t, "POST", catalogueURL+"?filename=mini-broken.yaml", bad, yamlHeader())
		p := r.problem(t, http.StatusUnprocessableEntity, "-")
		if len(p.Problems) == 0 || p.Problems[0].File != "mini-broken.yaml" || p.Problems[0].Line == 0 || p.Problems[0].Field != "(fil)" {
			t.Errorf("malformed YAML: problems %+v, want one in mini-broken.yaml naming a line and field (fil)", p.Problems)
		}

		// A wrong value: the problem names the line and the field path.
		lines := strings.Split(string(v1), "\n")
		line := slices.Index(lines, "    type: kritisk") // m-krit's type
		if line < 0 {
			t.Fatal("testdata/mini-v1.yaml changed: no '    type: kritisk' line")
		}
		lines[line] = "    type: vigtig"
		r = c.do(t, "POST", catalogueURL, []byte(strings.Join(lines, "\n")), yamlHeader())
		p = r.problem(t, http.StatusUnprocessableEntity, "-")
		want := fileProblem{File: "mini.yaml", Line: line + 1, Field: "tasks[0].type"}
		if len(p.Problems) != 1 || p.Problems[0].File != want.File || p.Problems[0].Line != want.Line || p.Problems[0].Field != want.Field || p.Problems[0].Message == "" {
			t.Errorf("invalid type: problems %+v, want one at %s:%d field %s", p.Problems, want.File, want.Line, want.Field)
		}

		// The file of another programme, sent to this one's URL.
		other := bytes.Replace(v1, []byte("key: mini\n"), []byte("key: andet\n"), 1)
		c.do(t, "POST", catalogueURL, other, yamlHeader()).problem(t, http.StatusUnprocessableEntity, "")
		// The mini file sent to a programme that does not exist yet.
		c.do(t, "POST", "/api/v1/programmes/andet/catalogue", v1, yamlHeader()).problem(t, http.StatusUnprocessableEntity, "")

		// Over 4 MiB.
		huge := append(bytes.Clone(v1), bytes.Repeat([]byte("# fyld\n"), (4<<20)/7+1)...)
		c.do(t, "POST", catalogueURL, huge, yamlHeader()).problem(t, http.StatusRequestEntityTooLarge, "")

		// Nothing was written.
		c.get(t, catalogueURL).problem(t, http.StatusNotFound, "")
		c.get(t, "/api/v1/programmes/andet/catalogue").problem(t, http.StatusNotFound, "")
		if r := c.get(t, "/api/v1/programmes"); strings.TrimSpace(string(r.body)) != "[]" {
			t.Errorf("refused publications created programmes: %s", r.body)
		}
	})

	t.Run("publish v1", func(t *testing.T) {
		var res publishResult
		c.do(t, "POST", catalogueURL, readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).decode(t, http.StatusCreated, &res)
		if res.Programme != "mini" || !res.Created || res.Unchanged || res.Version != 1 || len(res.Changes) != 5 || len(res.Municipalities) != 0 {
			t.Errorf("first publication = %+v", res)
		}
		for _, ch := range res.Changes {
			if ch.Kind != "added" {
				t.Errorf("first publication: change %+v, want added", ch)
			}
		}
		// The same file again changes nothing and makes no version.
		res = publishResult{}
		r := c.do(t, "POST", catalogueURL+"?filename=mini.yaml", readFile(t, "testdata/mini-v1.yaml"), yamlHeader())
		r.decode(t, http.StatusOK, &res)
		if res.Created || !res.Unchanged || res.Version != 1 || len(res.Changes) != 0 {
			t.Errorf("republication = %+v", res)
		}
		var raw map[string]json.RawMessage
		json.Unmarshal(r.body, &raw)
		if string(raw["changes"]) == "null" {
			t.Logf("note: an unchanged publication answers \"changes\": null rather than []")
		}
	})

	t.Run("programmes", func(t *testing.T) {
		var ps []map[string]any
		c.getJSON(t, "/api/v1/programmes", &ps)
		want := []map[string]any{{"key": "mini", "name": "Mini-programmet", "version": float64(1)}}
		if !reflect.DeepEqual(ps, want) {
			t.Errorf("programmes = %v, want %v", ps, want)
		}
		c.get(t, "/").html(t, http.StatusOK, "Mini-programmet", `href="/programmes/mini"`)
	})

	t.Run("enrol", func(t *testing.T) {
		type enrolment struct {
			Code   string `json:"code"`
			GoLive string `json:"golive"`
			Wave   int    `json:"wave"`
		}
		// Refusals, each writing nothing.
		c.sendJSON(t, "POST", enrolURL, []enrolment{}, nil).problem(t, http.StatusBadRequest, "")
		c.sendJSON(t, "POST", enrolURL, []enrolment{{"101", "1/3/2027", 1}}, nil).problem(t, http.StatusBadRequest, "[0].golive")
		// An unknown field is named by its path, like [0].golive.
		c.sendJSON(t, "POST", enrolURL, []map[string]any{{"code": "101", "golive": "2027-03-01", "bølge": 1}}, nil).problem(t, http.StatusBadRequest, "[0].bølge")
		c.sendJSON(t, "POST", enrolURL, []enrolment{{"101", "2027-03-06", 1}}, nil).problem(t, http.StatusUnprocessableEntity, "") // a Saturday
		c.sendJSON(t, "POST", enrolURL, []enrolment{{"101", "2027-03-01", 100}}, nil).problem(t, http.StatusUnprocessableEntity, "")
		c.sendJSON(t, "POST", enrolURL, []enrolment{{"151", "2027-03-01", 1}, {"999", "2027-03-01", 1}}, nil).problem(t, http.StatusNotFound, "")
		c.sendJSON(t, "POST", "/api/v1/programmes/findesikke/enrolments", []enrolment{{"101", "2027-03-01", 1}}, nil).problem(t, http.StatusNotFound, "")
		c.do(t, "POST", enrolURL, []byte(`code,golive,wave`), map[string]string{"Content-Type": "text/csv"}).problem(t, http.StatusUnsupportedMediaType, "")
		var o overview
		c.getJSON(t, "/api/v1/programmes/mini/overview", &o)
		if len(o.Municipalities) != 0 {
			t.Fatalf("refused enrolments enrolled %+v", o.Municipalities)
		}

		// Go-live Monday 1 March 2027 and Monday 5 April 2027.
		var res []enrolResult
		c.sendJSON(t, "POST", enrolURL, []enrolment{{"101", "2027-03-01", 1}, {"147", "2027-04-05", 2}}, nil).
			decode(t, http.StatusOK, &res)
		want := []enrolResult{
			{Code: "101", Name: "København", GoLive: "2027-03-01", Wave: 1, Created: true, Instances: 6}, // 4 tasks + 1 per school × 2
			{Code: "147", Name: "Frederiksberg", GoLive: "2027-04-05", Wave: 2, Created: true, Instances: 4},
		}
		if !reflect.DeepEqual(res, want) {
			t.Errorf("enrolment = %+v, want %+v", res, want)
		}
	})

	t.Run("overview", func(t *testing.T) {
		// Default asof is today in Denmark.
		before := today()
		var o overview
		c.getJSON(t, "/api/v1/programmes/mini/overview", &o)
		if after := today(); o.Asof != before && o.Asof != after {
			t.Errorf("default asof = %s, want today %s", o.Asof, after)
		}
		if o.WarnUntil < o.Asof {
			t.Errorf("warn_until %s before asof %s", o.WarnUntil, o.Asof)
		}

		// As of 1 February 2027 København's critical task ends today, not
		// started: yellow. Frederiksberg has nothing due: no colour.
		o = overview{}
		c.getJSON(t, "/api/v1/programmes/mini/overview?asof=2027-02-01", &o)
		if o.Programme != "mini" || o.Name != "Mini-programmet" || o.Asof != "2027-02-01" || o.WarnUntil != "2027-02-04" {
			t.Errorf("overview header = %+v", o)
		}
		want := []muniOverview{
			{Code: "101", Name: "København", Wave: 1, GoLive: "2027-03-01", Colour: "yellow", Counts: counts{Yellow: 1, None: 5}},
			{Code: "147", Name: "Frederiksberg", Wave: 2, GoLive: "2027-04-05", Colour: "none", Counts: counts{None: 4}},
		}
		got := slices.Clone(o.Municipalities)
		slices.SortFunc(got, func(a, b muniOverview) int { return strings.Compare(a.Code, b.Code) })
		if !reflect.DeepEqual(got, want) {
			t.Errorf("municipalities = %+v\nwant %+v", got, want)
		}
		wantWaves := []waveOverview{
			{Wave: 1, Municipalities: 1, FirstGoLive: "2027-03-01", LastGoLive: "2027-03-01", Colour: "yellow", Counts: counts{Yellow: 1, None: 5}, ByColour: counts{Yellow: 1}},
			{Wave: 2, Municipalities: 1, FirstGoLive: "2027-04-05", LastGoLive: "2027-04-05", Colour: "none", Counts: counts{None: 4}, ByColour: counts{None: 1}},
		}
		if !reflect.DeepEqual(o.Waves, wantWaves) {
			t.Errorf("waves = %+v\nwant %+v", o.Waves, wantWaves)
		}
		if o.National != (counts{Yellow: 1, None: 9}) || o.Colour != "yellow" {
			t.Errorf("national = %+v %s, want 1 yellow 9 none, yellow", o.National, o.Colour)
		}

		// The next day it is overdue: red.
		o = overview{}
		c.getJSON(t, "/api/v1/programmes/mini/overview?asof=2027-02-02", &o)
		if o.Colour != "red" || o.National.Red != 1 {
			t.Errorf("overview on 2 Feb: colour %s national %+v, want red with 1 red", o.Colour, o.National)
		}
		for _, m := range o.Municipalities {
			if !slices.Contains(colours, m.Colour) {
				t.Errorf("municipality %s colour %q", m.Code, m.Colour)
			}
		}

		c.get(t, "/api/v1/programmes/mini/overview?asof=2027-13-01").problem(t, http.StatusBadRequest, "asof")
		c.get(t, "/api/v1/programmes/mini/overview?asof=01.02.2027").problem(t, http.StatusBadRequest, "asof")
		c.get(t, "/api/v1/programmes/findesikke/overview").problem(t, http.StatusNotFound, "")
	})

	var krit, obl, valg task // København's tasks, as last read
	t.Run("municipality tasks", func(t *testing.T) {
		// Every task has the fields a client relies on.
		r := c.get(t, "/api/v1/programmes/mini/municipalities/101/tasks?asof=2027-02-01")
		var raw struct {
			Tasks []map[string]any `json:"tasks"`
		}
		r.decode(t, http.StatusOK, &raw)
		for _, x := range raw.Tasks {
			for _, f := range []string{"id", "key", "title", "type", "status", "start", "end", "colour", "version"} {
				if _, ok := x[f]; !ok {
					t.Errorf("task %v has no field %q", x["key"], f)
				}
			}
		}

		var p plan
		r.decode(t, http.StatusOK, &p)
		if p.Programme != "mini" || p.Municipality.Code != "101" || p.Municipality.Name != "København" || p.Asof != "2027-02-01" ||
			p.GoLive != "2027-03-01" || p.Wave != 1 || p.Colour != "yellow" || p.Counts != (counts{Yellow: 1, None: 5}) || len(p.Tasks) != 6 {
			t.Errorf("plan = %+v", p)
		}
		for _, x := range p.Tasks {
			if !slices.Contains(colours, x.Colour) || !slices.Contains(statuses, x.Status) || !slices.Contains(types, x.Type) {
				t.Errorf("task %s: colour %q status %q type %q", x.Key, x.Colour, x.Status, x.Type)
			}
			if x.ID <= 0 || x.Version < 1 || x.Status != "ikke_paabegyndt" || x.Start > x.End {
				t.Errorf("new task %+v", x)
			}
		}
		krit, obl, valg = findTask(t, p, "m-krit"), findTask(t, p, "m-obl"), findTask(t, p, "m-valg")
		if krit.Type != "kritisk" || krit.Start != "2027-01-18" || krit.End != "2027-02-01" || krit.Colour != "yellow" {
			t.Errorf("m-krit = %+v, want kritisk 2027-01-18–2027-02-01 yellow", krit)
		}
		if n := len(slices.DeleteFunc(slices.Clone(p.Tasks), func(x task) bool { return x.Institution == "" })); n != 2 {
			t.Errorf("%d institution tasks, want 2 (one per school)", n)
		}

		c.get(t, "/api/v1/programmes/mini/municipalities/101/tasks?asof=i-morgen").problem(t, http.StatusBadRequest, "asof")
		c.get(t, "/api/v1/programmes/mini/municipalities/999/tasks").problem(t, http.StatusNotFound, "")
		c.get(t, "/api/v1/programmes/mini/municipalities/151/tasks").problem(t, http.StatusNotFound, "") // exists, not enrolled
		c.get(t, "/api/v1/programmes/findesikke/municipalities/101/tasks").problem(t, http.StatusNotFound, "")
	})
	if krit.ID == 0 {
		t.Fatal("no tasks to work on")
	}
	taskURL := func(x task) string { return fmt.Sprintf("/api/v1/tasks/%d", x.ID) }
	statusURL := func(x task) string { return taskURL(x) + "/status" }
	getTask := func(t *testing.T, x task) taskDetail {
		t.Helper()
		var d taskDetail
		c.getJSON(t, taskURL(x)+"?asof=2027-02-01", &d)
		return d
	}

	t.Run("followup", func(t *testing.T) {
		var f followup
		c.getJSON(t, "/api/v1/programmes/mini/followup?asof=2027-02-01", &f)
		if f.Asof != "2027-02-01" || len(f.Tasks) != 1 {
			t.Fatalf("followup = %+v, want m-krit of København", f)
		}
		if x := f.Tasks[0]; x.ID != krit.ID || x.Key != "m-krit" || x.Municipality != "101" || x.MuniName != "København" ||
			x.Colour != "yellow" || x.Wave != 1 || x.GoLive != "2027-03-01" {
			t.Errorf("followup item = %+v", x)
		}
		f = followup{}
		r := c.get(t, "/api/v1/programmes/mini/followup?asof=2026-01-05")
		r.decode(t, http.StatusOK, &f)
		if len(f.Tasks) != 0 || !bytes.Contains(r.body, []byte(`"tasks":[]`)) {
			t.Errorf("followup long before = %s, want tasks []", r.body)
		}
		c.get(t, "/api/v1/programmes/mini/followup?asof=2027-02-30").problem(t, http.StatusBadRequest, "asof")
		c.get(t, "/api/v1/programmes/findesikke/followup").problem(t, http.StatusNotFound, "")
	})

	t.Run("task", func(t *testing.T) {
		d := getTask(t, krit)
		if d.task != krit {
			t.Errorf("task = %+v\nplan had %+v", d.task, krit)
		}
		r := c.get(t, taskURL(krit))
		var raw map[string]json.RawMessage
		r.decode(t, http.StatusOK, &raw)
		if h := string(raw["history"]); h != "[]" {
			t.Errorf("history of an untouched task = %s, want []", h)
		}
		c.get(t, "/api/v1/tasks/999999").problem(t, http.StatusNotFound, "")
		c.get(t, "/api/v1/tasks/abc").problem(t, http.StatusNotFound, "id")
		c.get(t, "/api/v1/tasks/0").problem(t, http.StatusNotFound, "id")
		c.get(t, taskURL(krit)+"?asof=x").problem(t, http.StatusBadRequest, "asof")
	})

	type change struct {
		Status  string `json:"status"`
		Comment string `json:"comment,omitempty"`
		Version int    `json:"version"`
	}
	actor := map[string]string{}

	t.Run("set status", func(t *testing.T) {
		var got task
		c.sendJSON(t, "PUT", statusURL(krit), change{"paabegyndt", "  Vi er i gang  ", krit.Version}, actor).decode(t, http.StatusOK, &got)
		if got.ID != krit.ID || got.Status != "paabegyndt" || got.Version != krit.Version+1 || got.StatusBy != testAdminActor || got.Comment != "Vi er i gang" {
			t.Errorf("after status change: %+v (was version %d)", got, krit.Version)
		}
		d := getTask(t, krit)
		if d.Status != "paabegyndt" || d.Version != krit.Version+1 || len(d.History) != 1 ||
			d.History[0] != (event{Actor: testAdminActor, Kind: "status", From: "ikke_paabegyndt", To: "paabegyndt", Comment: "Vi er i gang"}) {
			t.Errorf("task after change = %+v", d)
		}
		stale := krit
		krit = d.task

		// Refusals; after them, the task is exactly as it was.
		c.sendJSON(t, "PUT", statusURL(krit), change{"fuldfoert", "", stale.Version}, actor).problem(t, http.StatusConflict, "")
		c.sendJSON(t, "PUT", statusURL(krit), change{"paabegyndt", "", krit.Version}, nil).problem(t, http.StatusUnprocessableEntity, "")
		c.sendJSON(t, "PUT", statusURL(krit), change{"færdig", "", krit.Version}, nil).problem(t, http.StatusUnprocessableEntity, "")
		c.sendJSON(t, "PUT", statusURL(krit), change{"fuldfoert", "", 0}, nil).problem(t, http.StatusUnprocessableEntity, "")
		c.sendJSON(t, "PUT", statusURL(krit), change{"fuldfoert", strings.Repeat("æ", 4001), krit.Version}, nil).problem(t, http.StatusUnprocessableEntity, "")
		c.sendJSON(t, "PUT", statusURL(krit), map[string]any{"status": "fuldfoert", "version": krit.Version, "colour": "green"}, nil).problem(t, http.StatusBadRequest, "colour")
		c.sendJSON(t, "PUT", statusURL(krit), map[string]any{"status": "fuldfoert", "version": fmt.Sprint(krit.Version)}, nil).problem(t, http.StatusBadRequest, "version")
		asJSON := map[string]string{"Content-Type": "application/json"}
		// A body of the wrong kind is named in Danish by its JSON field and
		// the kind it must be, never by a Go type (app.StatusChange).
		for body, want := range map[string]problem{
			`["fuldfoert"]`:                           {Field: "", Detail: "JSON-kroppen skal være et objekt, men er en liste"},
			`{"status": 3, "version": 1}`:             {Field: "status", Detail: `feltet "status" skal være tekst, men er et tal`},
			`{"status": "fuldfoert", "version": 1.5}`: {Field: "version", Detail: `feltet "version" skal være et helt tal, men er 1.5`},
		} {
			if p := c.do(t, "PUT", statusURL(krit), []byte(body), asJSON).problem(t, http.StatusBadRequest, want.Field); p.Detail != want.Detail {
				t.Errorf("PUT %s: detail %q, want %q", body, p.Detail, want.Detail)
			}
		}
		c.do(t, "PUT", statusURL(krit), []byte(`{"status": "fuldfoert", "version": `), asJSON).problem(t, http.StatusBadRequest, "")
		c.do(t, "PUT", statusURL(krit), []byte(`{"status": "fuldfoert"`+fmt.Sprintf(`, "version": %d} x`, krit.Version)), asJSON).problem(t, http.StatusBadRequest, "")
		c.do(t, "PUT", statusURL(krit), []byte(``), asJSON).problem(t, http.StatusBadRequest, "")
		c.do(t, "PUT", statusURL(krit), []byte(fmt.Sprintf(`{"status": "fuldfoert", "version": %d}}`, krit.Version)), asJSON).problem(t, http.StatusBadRequest, "")
		big := []byte(fmt.Sprintf(`{"status": "fuldfoert", "version": %d, "comment": "%s"}`, krit.Version, strings.Repeat("x", 1<<20)))
		c.do(t, "PUT", statusURL(krit), big, asJSON).problem(t, http.StatusRequestEntityTooLarge, "")
		c.do(t, "PUT", statusURL(krit), []byte(fmt.Sprintf("status=fuldfoert&version=%d", krit.Version)),
			map[string]string{"Content-Type": "application/x-www-form-urlencoded"}).problem(t, http.StatusUnsupportedMediaType, "")
		c.do(t, "PUT", statusURL(krit), []byte(fmt.Sprintf(`{"status": "fuldfoert", "version": %d}`, krit.Version)),
			map[string]string{"Content-Type": "text/plain"}).problem(t, http.StatusUnsupportedMediaType, "")
		c.sendJSON(t, "PUT", "/api/v1/tasks/999999/status", change{"fuldfoert", "", 1}, nil).problem(t, http.StatusNotFound, "")
		// Cross-site pages cannot change anything.
		r := c.sendJSON(t, "PUT", statusURL(krit), change{"fuldfoert", "", krit.Version}, map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site PUT: status %d, want 403", r.StatusCode)
		}
		if d := getTask(t, krit); !reflect.DeepEqual(d.task, krit) || len(d.History) != 1 {
			t.Errorf("refused changes changed the task:\n%+v\nwas %+v", d, krit)
		}

		// Not relevant: refused on a mandatory task, allowed on an optional one.
		p := c.sendJSON(t, "PUT", statusURL(obl), change{"ikke_relevant", "", obl.Version}, nil).problem(t, http.StatusUnprocessableEntity, "")
		if !strings.Contains(p.Detail, "valgfri") {
			t.Errorf("refusal of ikke_relevant on a mandatory task: detail %q should say it is for optional (valgfrie) tasks", p.Detail)
		}
		if d := getTask(t, obl); d.Status != "ikke_paabegyndt" || d.Version != obl.Version || len(d.History) != 0 {
			t.Errorf("refused change changed m-obl: %+v", d)
		}
		c.sendJSON(t, "PUT", statusURL(valg), change{"ikke_relevant", "Ikke aktuelt for os", valg.Version}, nil).decode(t, http.StatusOK, &got)
		if got.Status != "ikke_relevant" || got.StatusBy != testAdminActor || got.Colour != "none" {
			t.Errorf("optional task set not relevant: %+v (status_by should be the token's owner)", got)
		}
	})

	t.Run("publish v2", func(t *testing.T) {
		v2 := readFile(t, "testdata/mini-v2.yaml")
		var res publishResult
		c.do(t, "POST", catalogueURL+"?filename=../../catalogues/mini-v2.yaml", v2, yamlHeader()).decode(t, http.StatusOK, &res)
		if res.Programme != "mini" || res.Created || res.Unchanged || res.Version != 2 {
			t.Errorf("second publication = %+v", res)
		}
		kinds := map[string]string{}
		for _, ch := range res.Changes {
			kinds[ch.Key] = ch.Kind
			if ch.Key == "m-krit" && !slices.Equal(ch.Fields, []string{"end"}) {
				t.Errorf("m-krit change fields %v, want [end]", ch.Fields)
			}
		}
		if want := map[string]string{"m-krit": "changed", "m-obl": "changed", "m-ny": "added", "m-valg": "withdrawn"}; !reflect.DeepEqual(kinds, want) {
			t.Errorf("changes = %v, want %v", kinds, want)
		}
		munis := map[string]map[string]planChange{}
		for _, m := range res.Municipalities {
			munis[m.Code] = map[string]planChange{}
			for _, ch := range m.Changes {
				munis[m.Code][ch.Key] = ch
			}
		}
		if len(munis) != 2 || munis["101"]["m-ny"] != (planChange{"m-ny", "added", 1}) || munis["147"]["m-valg"] != (planChange{"m-valg", "withdrawn", 1}) ||
			munis["101"]["m-krit"] != (planChange{"m-krit", "changed", 1}) {
			t.Errorf("municipalities = %+v", res.Municipalities)
		}

		var cv catalogueView
		c.getJSON(t, catalogueURL, &cv)
		if cv.Programme.Key != "mini" || cv.Version != 2 || len(cv.Tasks) != 6 || len(cv.Versions) != 2 {
			t.Fatalf("catalogue after v2 = %+v", cv)
		}
		if last := cv.Tasks[len(cv.Tasks)-1]; last.Key != "m-valg" || last.WithdrawnVersion != 2 {
			t.Errorf("withdrawn task should be listed last with withdrawn_version 2: %+v", last)
		}
		versions := map[int]string{}
		for _, v := range cv.Versions {
			versions[v.Number] = v.SourceName
			if v.PublishedBy != testAdminActor {
				t.Errorf("version %d published by %q", v.Number, v.PublishedBy)
			}
		}
		if versions[1] != "mini.yaml" || versions[2] != "mini-v2.yaml" {
			t.Errorf("version sources = %v, want 1: mini.yaml (default), 2: mini-v2.yaml (last path element of filename)", versions)
		}

		// The plan followed: m-ny is there, m-valg is withdrawn, and m-krit's
		// new dates bumped its version, so a change based on the old one is refused.
		var p plan
		c.getJSON(t, "/api/v1/programmes/mini/municipalities/101/tasks?asof=2027-02-01", &p)
		if x := findTask(t, p, "m-valg"); !x.Withdrawn || x.Colour != "none" {
			t.Errorf("m-valg after withdrawal = %+v", x)
		}
		findTask(t, p, "m-ny")
		nk := findTask(t, p, "m-krit")
		if nk.End != "2027-02-03" || nk.Version != krit.Version+1 || nk.Status != "paabegyndt" {
			t.Errorf("m-krit after v2 = %+v (before: %+v)", nk, krit)
		}
		c.sendJSON(t, "PUT", statusURL(krit), change{"fuldfoert", "", krit.Version}, nil).problem(t, http.StatusConflict, "")
		krit = nk
		c.sendJSON(t, "PUT", statusURL(valg), change{"paabegyndt", "", valg.Version + 1}, nil).problem(t, http.StatusUnprocessableEntity, "") // withdrawn

		// Refused publications after v2 leave it in place.
		c.do(t, "POST", catalogueURL, []byte("format: 1\nprogramme: [\n"), yamlHeader()).problem(t, http.StatusUnprocessableEntity, "-")
		cv = catalogueView{}
		c.getJSON(t, catalogueURL, &cv)
		if cv.Version != 2 || len(cv.Versions) != 2 {
			t.Errorf("a refused publication changed the catalogue: version %d, %d versions", cv.Version, len(cv.Versions))
		}
		c.get(t, "/api/v1/programmes/findesikke/catalogue").problem(t, http.StatusNotFound, "")
	})

	t.Run("unknown api path", func(t *testing.T) {
		c.get(t, "/api/v1/nope").problem(t, http.StatusNotFound, "")
		c.get(t, "/api/").problem(t, http.StatusNotFound, "")
		c.do(t, "DELETE", taskURL(krit), nil, nil).problem(t, http.StatusNotFound, "")
	})

	t.Run("openapi", func(t *testing.T) {
		var doc struct {
			OpenAPI string                    `json:"openapi"`
			Paths   map[string]map[string]any `json:"paths"`
		}
		c.getJSON(t, "/api/openapi.json", &doc)
		if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
			t.Errorf("openapi = %q, want 3.1.x", doc.OpenAPI)
		}
		if doc.Paths["/api/v1/tasks/{id}/status"]["put"] == nil {
			t.Errorf("the document does not describe PUT /api/v1/tasks/{id}/status")
		}
	})

	t.Run("pages", func(t *testing.T) {
		c.get(t, "/").html(t, http.StatusOK, "Mini-programmet")
		c.get(t, "/programmes/mini").html(t, http.StatusOK, "København", "Frederiksberg")
		c.get(t, "/programmes/mini?asof=2027-02-01").html(t, http.StatusOK, "København", "Frederiksberg")
		// Institution tasks are one row on the plan, with the institutions on a page of their own.
		c.get(t, "/programmes/mini/municipalities/101").html(t, http.StatusOK, "København", "Indgå databehandleraftale",
			"Udpeg superbrugere på skolen</a> (på 2 institutioner)", "Mine næste frister")
		c.get(t, "/programmes/mini/municipalities/101/tasks/m-inst").html(t, http.StatusOK, "Skole A", "Skole B")
		c.get(t, "/programmes/mini/municipalities/101?type=kritisk").html(t, http.StatusOK, "Indgå databehandleraftale")
		c.get(t, "/programmes/mini/municipalities/101?type=nope").html(t, http.StatusBadRequest, "type")
		c.get(t, "/programmes/mini/municipalities/101/tasks/findes-ikke").html(t, http.StatusNotFound)
		c.get(t, "/programmes/mini/municipalities/147").html(t, http.StatusOK, "Frederiksberg", "Gennemfør parathedsmåling")
		c.get(t, "/programmes/mini/followup?asof=2027-02-01").html(t, http.StatusOK)
		c.get(t, "/programmes/mini/catalogue").html(t, http.StatusOK, "Mini-programmet")
		c.get(t, fmt.Sprintf("/tasks/%d", krit.ID)).html(t, http.StatusOK, "Indgå databehandleraftale", "København")
		c.get(t, "/programmes/findesikke").html(t, http.StatusNotFound)
		c.get(t, "/programmes/mini/municipalities/999").html(t, http.StatusNotFound)
		c.get(t, "/findesikke").html(t, http.StatusNotFound)
	})

	t.Run("status form", func(t *testing.T) {
		csrf := c.csrf(t)
		form := func(status string, version int) []byte {
			return []byte(url.Values{"status": {status}, "version": {fmt.Sprint(version)}, "comment": {"Sat via siden"}, "csrf": {csrf}}.Encode())
		}
		formURL := fmt.Sprintf("/tasks/%d/status", krit.ID)
		sameOrigin := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": c.base, "Sec-Fetch-Site": "same-origin"}
		noOrigin := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
		crossSite := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}

		// A stale version shows the task page again with the reason, and
		// changes nothing.
		r := c.do(t, "POST", formURL, form("fuldfoert", krit.Version-1), sameOrigin)
		r.html(t, http.StatusConflict, "er ændret af en anden")
		// A cross-site form is refused.
		if r := c.do(t, "POST", formURL, form("fuldfoert", krit.Version), crossSite); r.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site form: status %d, want 403", r.StatusCode)
		}
		if d := getTask(t, krit); d.Status != "paabegyndt" || d.Version != krit.Version {
			t.Fatalf("refused forms changed the task: %+v", d)
		}

		r = c.do(t, "POST", formURL, form("fuldfoert", krit.Version), sameOrigin)
		if loc := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || loc != fmt.Sprintf("/tasks/%d?gemt", krit.ID) {
			t.Errorf("form: %d Location %q, want 303 to /tasks/%d?gemt", r.StatusCode, loc, krit.ID)
		}
		d := getTask(t, krit)
		if d.Status != "fuldfoert" || d.Version != krit.Version+1 || d.Colour != "green" || d.StatusBy != testAdminActor {
			t.Errorf("after form: %+v", d.task)
		}
		c.get(t, fmt.Sprintf("/tasks/%d?gemt", krit.ID)).html(t, http.StatusOK, "Status er gemt", "Sat via siden")

		// Without Origin (an older browser or a script) the form works too.
		r = c.do(t, "POST", formURL, form("paabegyndt", d.Version), noOrigin)
		if r.StatusCode != http.StatusSeeOther {
			t.Errorf("form without Origin: status %d, want 303", r.StatusCode)
		}
		// History: the API change, the catalogue change of v2, and the two forms.
		d2 := getTask(t, krit)
		if d2.Status != "paabegyndt" || d2.Version != d.Version+1 || len(d2.History) != 4 ||
			d2.History[1].Kind != "catalogue" || d2.History[3] != (event{Actor: testAdminActor, Kind: "status", From: "fuldfoert", To: "paabegyndt", Comment: "Sat via siden"}) {
			t.Errorf("after form without Origin: %+v", d2)
		}
		if r := c.do(t, "POST", "/tasks/999999/status", form("fuldfoert", 1), noOrigin); r.StatusCode != http.StatusNotFound {
			t.Errorf("form for an unknown task: status %d, want 404", r.StatusCode)
		}
	})
}
