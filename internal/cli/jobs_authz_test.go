package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// The jobs' routes in the authorization matrix (authz_test.go): a job is
// seen by its creator and by the roles that may do its operation – for a
// publication the administrators and coordinators – and by nobody else,
// not even national readers (its input is a catalogue file). Only those
// who may do the operation call off a waiting job. Republishing an earlier
// catalogue version is publishing.

var jobFixtures = map[*matrix]int64{}

// matrixJob returns a publication job the administrator started (made on
// first use): Prefer: respond-async answers 202 with the job at once.
func matrixJob(t *testing.T, m *matrix) int64 {
	t.Helper()
	if id, ok := jobFixtures[m]; ok {
		return id
	}
	var j struct {
		ID int64 `json:"id"`
	}
	h := yamlHeader()
	h["Prefer"] = "respond-async"
	m.admin.c.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), h).decode(t, http.StatusAccepted, &j)
	jobFixtures[m] = j.ID
	return j.ID
}

func jobMatrixCases(t *testing.T) []matrixCase {
	onJob := func(method, format string) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq {
			p := fmt.Sprintf(format, matrixJob(t, m))
			if method == "GET" {
				return get(p)
			}
			return formReq(p, url.Values{})
		}
	}
	// The role table (authz_table_test.go, docs/access.md): a job is not a
	// municipality's, so the table's any is every job.
	seeJob, _ := may(t, "Follow and call off a publication's job (besides its creator)")
	return []matrixCase{
		{pattern: "GET /api/v1/jobs/{id}", own: seeJob, req: onJob("GET", "/api/v1/jobs/%d")},
		{pattern: "GET /jobs/{id}", own: seeJob, req: onJob("GET", "/jobs/%d")},
		// The job has run (or runs): calling it off is refused by the handler.
		{pattern: "POST /jobs/{id}/cancel", own: seeJob, ok: []int{303, 409}, req: onJob("POST", "/jobs/%d/cancel")},
		// based_on 0 is stale: the handler answers 409 with a fresh preview.
		{pattern: "POST /api/v1/programmes/{key}/catalogue/versions/{n}/republish", own: writers, ok: []int{409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return mReq{method: "POST", path: "/api/v1/programmes/mini/catalogue/versions/1/republish?based_on=0"}
			}},
		{pattern: "POST /programmes/{key}/catalogue/versions/{n}/preview", own: writers,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq("/programmes/mini/catalogue/versions/1/preview", url.Values{})
			}},
	}
}
