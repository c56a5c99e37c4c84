package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

// The implementation model and the municipality's handbook in the
// authorization matrix (authz_test.go), with who may from the role table
// (authz_table_test.go, docs/access.md): a municipality's handbook – page,
// PDF and API – is read by the municipality's own users and the centre,
// never by another municipality; the model's page by everyone signed in.
func handbookMatrixCases(t *testing.T) []matrixCase {
	own, other := may(t, "Read a municipality's implementation handbook and the versions sent")
	path := func(format string) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, isOwn bool) mReq { return get(fmt.Sprintf(format, muni(u, isOwn))) }
	}
	return []matrixCase{
		{pattern: "GET /programmes/{key}/model", own: everyone, req: func(*matrix, *mUser, bool) mReq { return get("/programmes/mini/model") }},
		{pattern: "GET /programmes/{key}/municipalities/{code}/haandbog", own: own, other: other,
			req: path("/programmes/mini/municipalities/%s/haandbog")},
		{pattern: "GET /programmes/{key}/municipalities/{code}/haandbog.pdf", own: own, other: other,
			req: path("/programmes/mini/municipalities/%s/haandbog.pdf")},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/handbook", own: own, other: other,
			req: path("/api/v1/programmes/mini/municipalities/%s/handbook")},
	}
}

// handbookJobMatrixCases: every municipality's handbook as one job is made
// and fetched by the roles of the table's row (its job is seen by them and
// its creator only, access.ViewJob). Starting one is tried on a programme
// that does not exist – the rule lets the allowed through to the
// handler's 404 – so that the fixture job's PDFs are not replaced by a
// newer job's.
func handbookJobMatrixCases(t *testing.T) []matrixCase {
	makers, _ := may(t, "Make every municipality's handbook of a programme as one job and fetch its PDFs")
	onJob := func(format string) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq { return get(fmt.Sprintf(format, matrixHandbookJob(t, m))) }
	}
	return []matrixCase{
		{pattern: "POST /programmes/{key}/haandboeger", own: makers, ok: []int{404},
			req: func(*matrix, *mUser, bool) mReq { return formReq("/programmes/findesikke/haandboeger", url.Values{}) }},
		{pattern: "POST /api/v1/programmes/{key}/handbooks", own: makers, ok: []int{404},
			req: func(*matrix, *mUser, bool) mReq {
				return mReq{method: "POST", path: "/api/v1/programmes/findesikke/handbooks"}
			}},
		{pattern: "GET /jobs/{id}/haandboeger.zip", own: makers, req: onJob("/jobs/%d/haandboeger.zip")},
		{pattern: "GET /jobs/{id}/haandboeger/{code}", own: makers, req: onJob("/jobs/%d/haandboeger/101")},
		{pattern: "GET /api/v1/jobs/{id}/handbooks.zip", own: makers, req: onJob("/api/v1/jobs/%d/handbooks.zip")},
	}
}

var handbookJobFixtures = map[*matrix]int64{}

// matrixHandbookJob returns a finished handbook job of programme mini
// that the administrator started (made on first use: the API waits for
// the quick job and names it in Content-Location).
func matrixHandbookJob(t *testing.T, m *matrix) int64 {
	t.Helper()
	if id, ok := handbookJobFixtures[m]; ok {
		return id
	}
	r := m.admin.c.do(t, "POST", "/api/v1/programmes/mini/handbooks", nil, nil)
	r.decode(t, http.StatusOK, &map[string]any{})
	loc := regexp.MustCompile(`^/api/v1/jobs/(\d+)$`).FindStringSubmatch(r.Header.Get("Content-Location"))
	if loc == nil {
		t.Fatalf("handbook job: Content-Location %q", r.Header.Get("Content-Location"))
	}
	var id int64
	fmt.Sscan(loc[1], &id)
	handbookJobFixtures[m] = id
	return id
}
