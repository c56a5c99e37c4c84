package cli_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/udrul/udrul/internal/store/storetest"
)

// The API contract (internal/web/openapi.json, written by hand) is checked
// against what the real server answers: every response the endpoint tests
// receive from a documented path is validated against the schema its
// operation declares for that status and content type. A field the server
// sends that the document does not declare (the main schemas forbid
// additional properties), a null where an array is declared, a content type
// or status the operation does not list, all fail the test that made the
// request.

var contract struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// openapiContract loads and validates the document once per test binary.
func openapiContract(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	contract.once.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromFile("../web/openapi.json")
		if err != nil {
			contract.err = err
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			contract.err = err
			return
		}
		contract.doc = doc
		contract.router, contract.err = gorillamux.NewRouter(doc)
	})
	if contract.err != nil {
		t.Fatalf("openapi.json: %v", contract.err)
	}
	return contract.doc, contract.router
}

func init() {
	// Spreadsheets and MS Project XML are documents, not JSON: the check is
	// that the content type is the declared one.
	for _, ct := range []string{
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/xml",
		"application/atom+xml",
	} {
		if openapi3filter.RegisteredBodyDecoder(ct) == nil {
			openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
		}
	}
}

// contractOptions make every mismatch count, an undeclared status too.
var contractOptions = &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}

// schemaDump is the schema and value kin-openapi prints after each mismatch:
// the place and the reason say enough, and the body is printed once.
var schemaDump = regexp.MustCompile(`(?s)\nSchema:\n.*?\nValue:\n.*?(\n \| |$)`)

// checkContract fails the test if resp does not match the document.
func checkContract(t *testing.T, resp *http.Response, body []byte) {
	t.Helper()
	doc, router := openapiContract(t)
	if err := contractError(doc, router, resp, body); err != nil {
		t.Errorf("%s %s: %v\nbody: %.800s", resp.Request.Method, resp.Request.URL.RequestURI(), err, body)
	}
}

// contractError validates one response of the server against the document.
// Responses to paths the document does not describe (pages, static files)
// are not its business; a problem answer to an undocumented /api/ path (the
// JSON 404) must still be a Problem.
func contractError(doc *openapi3.T, router routers.Router, resp *http.Response, body []byte) error {
	req := resp.Request
	if req == nil || (!strings.HasPrefix(req.URL.Path, "/api/") && req.URL.Path != "/healthz") {
		return nil
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		if !errors.Is(err, routers.ErrPathNotFound) && !errors.Is(err, routers.ErrMethodNotAllowed) {
			return fmt.Errorf("contract: %w", err)
		}
		if resp.StatusCode < 400 {
			return fmt.Errorf("answered %d, but the path or method is not in openapi.json", resp.StatusCode)
		}
		return problemError(doc, resp, body)
	}
	key := passedKey(req.Method, route, resp, body)
	if _, ok := contractPassed.Load(key); ok {
		return nil
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  resp.StatusCode,
		Header:  resp.Header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: contractOptions,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return fmt.Errorf("the response does not match openapi.json (%s %s, status %d):\n%s", strings.ToLower(req.Method), route.Path, resp.StatusCode,
			schemaDump.ReplaceAllString(err.Error(), "$1"))
	}
	contractPassed.Store(key, true)
	return nil
}

// contractPassed remembers the answers that matched. The tests receive
// many equal answers (the authorization matrix alone some thousand
// refusals), and kin-openapi compiles the schema anew for every one it
// validates, which was a quarter of this package's processor time
// (docs/performance.md). Validation depends only on what passedKey covers,
// so an equal answer would pass again.
var contractPassed sync.Map

// passedKey is everything openapi3filter.ValidateResponse reads: the
// method (HEAD is not validated), the operation, the status, the content
// type and the headers the response declares, and the body.
func passedKey(method string, route *routers.Route, resp *http.Response, body []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%q\x00", method, route.Method, route.Path, resp.StatusCode, resp.Header.Values("Content-Type"))
	if r := route.Operation.Responses.Status(resp.StatusCode); r != nil && r.Value != nil {
		for _, name := range slices.Sorted(maps.Keys(r.Value.Headers)) {
			fmt.Fprintf(h, "%s\x00%q\x00", name, resp.Header.Values(name))
		}
	} else {
		// The default answer or an undeclared status: every header counts.
		for _, name := range slices.Sorted(maps.Keys(resp.Header)) {
			fmt.Fprintf(h, "%s\x00%q\x00", name, resp.Header.Values(name))
		}
	}
	h.Write(body)
	return string(h.Sum(nil))
}

// problemError validates a problem answer against the Problem schema.
func problemError(doc *openapi3.T, resp *http.Response, body []byte) error {
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		return fmt.Errorf("status %d with Content-Type %q, want application/problem+json", resp.StatusCode, ct)
	}
	s := doc.Components.Schemas["Problem"]
	if s == nil {
		return errors.New("openapi.json has no Problem schema")
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("problem is not JSON: %w", err)
	}
	if err := s.Value.VisitJSON(v, openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse()); err != nil {
		return fmt.Errorf("the problem does not match openapi.json's Problem: %w", err)
	}
	return nil
}

// TestContractCheck shows that the check fails on the mismatches it exists
// for, and passes a conforming answer; without it a check that never fails
// would look like a contract kept.
func TestContractCheck(t *testing.T) {
	doc, router := openapiContract(t)
	answer := func(method, path string, status int, ct, body string) error {
		req, _ := http.NewRequest(method, "http://127.0.0.1:1"+path, nil)
		resp := &http.Response{Request: req, StatusCode: status, Header: http.Header{"Content-Type": {ct}}}
		return contractError(doc, router, resp, []byte(body))
	}
	problem := `{"type":"about:blank","title":"Not Found","status":404,"detail":"findes ikke"}`
	for _, c := range []struct {
		name, method, path string
		status             int
		ct, body           string
		ok                 bool
	}{
		{"conforming health", "GET", "/healthz", 200, "text/plain; charset=utf-8", "ok\n", true},
		{"conforming problem", "GET", "/api/v1/tasks/1", 404, "application/problem+json", problem, true},
		{"problem on an unknown path", "GET", "/api/v1/nothing", 404, "application/problem+json", problem, true},
		{"undeclared status", "GET", "/api/v1/tasks/1", 418, "application/problem+json", problem, false},
		{"undeclared content type", "GET", "/api/v1/tasks/1", 404, "text/plain", "findes ikke", false},
		{"problem without detail", "GET", "/api/v1/tasks/1", 404, "application/problem+json", `{"type":"about:blank","title":"Not Found","status":404}`, false},
		{"undeclared field", "GET", "/api/v1/tasks/1", 404, "application/problem+json", problem[:len(problem)-1] + `,"why":"x"}`, false},
		{"null for an array", "GET", "/api/v1/programmes", 200, "application/json", `null`, false},
		{"success on an unknown path", "GET", "/api/v1/nothing", 200, "application/json", `{}`, false},
	} {
		err := answer(c.method, c.path, c.status, c.ct, c.body)
		if c.ok && err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if !c.ok && err == nil {
			t.Errorf("%s: passed the check", c.name)
		}
	}
}

// TestContractWithShippedCatalogues publishes the catalogues udrul ships
// (data/catalogues) through the API and reads what they produce, so the
// contract is checked against real content too: checkpoints, dependencies,
// checklists and links that the small test catalogues do not have.
func TestContractWithShippedCatalogues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		c := newClient(t, startServer(t, dbURL))
		c.token = testAdminToken
		for _, key := range []string{"ksd", "samarbejdsplatformen"} {
			base := "/api/v1/programmes/" + key
			r := c.do(t, "POST", base+"/catalogue", readFile(t, "../../data/catalogues/"+key+".yaml"), yamlHeader())
			if r.StatusCode != http.StatusCreated && r.StatusCode != http.StatusOK {
				t.Fatalf("publishing %s: %d %s", key, r.StatusCode, r.body)
			}
			c.get(t, base+"/catalogue").decode(t, http.StatusOK, &map[string]any{})
			if r := c.sendJSON(t, "POST", base+"/enrolments", []map[string]any{{"code": "101", "golive": "2028-03-01", "wave": 1}}, nil); r.StatusCode/100 != 2 {
				t.Fatalf("enrolling 101 in %s: %d %s", key, r.StatusCode, r.body)
			}
			c.get(t, base+"/municipalities/101/tasks?asof=2027-06-01").decode(t, http.StatusOK, &map[string]any{})
			c.get(t, base+"/municipalities/101/schedule?asof=2027-06-01").decode(t, http.StatusOK, &map[string]any{})
			c.get(t, base+"/overview?asof=2027-06-01").decode(t, http.StatusOK, &map[string]any{})
			c.get(t, base+"/followup?asof=2027-06-01").decode(t, http.StatusOK, &map[string]any{})
		}

		// The successful answers of the plan's own writes, which the other
		// endpoint tests reach through forms or only refuse.
		plan := "/api/v1/programmes/ksd/municipalities/101"
		var own struct {
			ID      int64 `json:"id"`
			Version int   `json:"version"`
		}
		in := map[string]any{"title": "Egen milepæl", "phase": "2.1", "type": "valgfri", "milestone": false, "start": "2027-09-06", "end": "2027-09-10"}
		c.sendJSON(t, "POST", plan+"/own-tasks", in, nil).decode(t, http.StatusCreated, &own)
		in["version"], in["title"] = own.Version, "Egen opgave"
		c.sendJSON(t, "PUT", fmt.Sprintf("%s/own-tasks/%d", plan, own.ID), in, nil).decode(t, http.StatusOK, &own)
		c.sendJSON(t, "PUT", fmt.Sprintf("%s/own-tasks/%d/status", plan, own.ID), map[string]any{"status": "paabegyndt", "version": own.Version}, nil).decode(t, http.StatusOK, &own)
		if r := c.do(t, "DELETE", fmt.Sprintf("%s/own-tasks/%d?version=%d", plan, own.ID, own.Version), nil, nil); r.StatusCode != http.StatusNoContent {
			t.Errorf("deleting the own task: %d %s", r.StatusCode, r.body)
		}
		var p struct {
			Tasks []struct {
				ID          int64  `json:"id"`
				Version     int    `json:"version"`
				Start       string `json:"start"`
				End         string `json:"end"`
				Institution string `json:"institution"`
			} `json:"tasks"`
		}
		c.getJSON(t, plan+"/tasks?asof=2027-06-01", &p)
		if len(p.Tasks) == 0 {
			t.Fatal("the plan has no tasks")
		}
		task := p.Tasks[0]
		move := func(d string) string {
			v, err := time.Parse(time.DateOnly, d)
			if err != nil {
				t.Fatal(err)
			}
			return v.AddDate(0, 0, 7).Format(time.DateOnly) // a week later: a working day again
		}
		c.sendJSON(t, "PUT", fmt.Sprintf("/api/v1/tasks/%d/dates", task.ID),
			map[string]any{"start": move(task.Start), "end": move(task.End), "reason": "Leverandøren er forsinket", "version": task.Version}, nil).decode(t, http.StatusOK, &map[string]any{})

		// A hypercare team's member, added and removed.
		var team, member struct {
			ID int64 `json:"id"`
		}
		c.sendJSON(t, "POST", "/api/v1/hypercare/teams", map[string]any{"name": "Kontraktteam"}, nil).decode(t, http.StatusCreated, &team)
		c.sendJSON(t, "POST", fmt.Sprintf("/api/v1/hypercare/teams/%d/members", team.ID), map[string]any{"name": "Hanne Hypercare"}, nil).decode(t, http.StatusCreated, &member)
		if r := c.do(t, "DELETE", fmt.Sprintf("/api/v1/hypercare/teams/%d/members/%d", team.ID, member.ID), nil, nil); r.StatusCode != http.StatusNoContent {
			t.Errorf("removing the member: %d %s", r.StatusCode, r.body)
		}
	})
}
