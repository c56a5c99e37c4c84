package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// Training's routes in the authorization matrix (authz_test.go), with who
// may from the role table (authz_table_test.go, docs/access.md): the
// courses and runs are read by everyone signed in; courses, runs,
// attendance, results and evaluations are managed by KOMBIT's
// administrators and coordinators and the supplier; a municipality's
// training is read like its people register and its people are signed up
// by the plan's owners; the pass rates and evaluations are the centre's.

type trainingFixture struct{ course, run, person int64 }

var trainingFixtures = map[*matrix]trainingFixture{}

// training returns a course with a shared run, on which the person of
// København's register (m.people) is signed up.
func (m *matrix) training(t *testing.T) trainingFixture {
	t.Helper()
	if f, ok := trainingFixtures[m]; ok {
		return f
	}
	var f trainingFixture
	var x struct {
		Key int64 `json:"key"`
	}
	ac := m.admin.c
	ac.sendJSON(t, "POST", "/api/v1/programmes/mini/training/courses", map[string]any{"title": "Matrixkursus"}, nil).decode(t, http.StatusCreated, &x)
	f.course = x.Key
	ac.sendJSON(t, "POST", fmt.Sprintf("/api/v1/programmes/mini/training/courses/%d/runs", f.course),
		map[string]any{"type": "e_learning", "starts_on": "2027-01-11", "capacity": 100}, nil).decode(t, http.StatusCreated, &x)
	f.run = x.Key
	f.person = m.people(t)["101"].key
	ac.sendJSON(t, "POST", "/api/v1/programmes/mini/municipalities/101/training/participants",
		map[string]any{"run": f.run, "person": f.person}, nil).decode(t, http.StatusCreated, &map[string]any{})
	trainingFixtures[m] = f
	return f
}

func trainingMatrixCases(t *testing.T) []matrixCase {
	readOwn, readOther := may(t, "Read a municipality's people register")
	changeOwn, changeOther := may(t, "Change a municipality's people register")
	manage := mayAnywhere(t, "Manage courses, course runs, attendance, results and evaluations")
	national := mayAnywhere(t, "See the national pass rates and course evaluations")
	const api = "/api/v1/programmes/mini/training"
	const page = "/programmes/mini/uddannelse"
	run := func(m *matrix, base string) string { return fmt.Sprintf("%s/%d", base, m.training(t).run) }
	// fresh is a new run of the fixture's course, so that every caller
	// edits or cancels a run on version 1 that nobody else touched.
	fresh := func(m *matrix) int64 {
		var x struct {
			Key int64 `json:"key"`
		}
		m.admin.c.sendJSON(t, "POST", fmt.Sprintf("%s/courses/%d/runs", api, m.training(t).course),
			map[string]any{"type": "e_learning", "starts_on": "2027-02-01", "capacity": 10}, nil).decode(t, http.StatusCreated, &x)
		return x.Key
	}
	signUp := func(m *matrix, u *mUser, own bool) map[string]any {
		return map[string]any{"run": m.training(t).run, "person": m.people(t)[muni(u, own)].key}
	}
	return []matrixCase{
		{pattern: "GET /api/v1/programmes/{key}/training", own: everyone, req: func(m *matrix, _ *mUser, _ bool) mReq { m.training(t); return get(api) }},
		{pattern: "POST /api/v1/programmes/{key}/training/courses", own: manage, ok: []int{201},
			req: func(*matrix, *mUser, bool) mReq {
				return jsonReq("POST", api+"/courses", map[string]any{"title": "Nyt kursus"})
			}},
		{pattern: "POST /api/v1/programmes/{key}/training/courses/{id}/runs", own: manage, ok: []int{201},
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return jsonReq("POST", fmt.Sprintf("%s/courses/%d/runs", api, m.training(t).course),
					map[string]any{"type": "klasseundervisning", "starts_on": "2027-01-12", "place": "Rådhuset", "capacity": 10})
			}},
		{pattern: "GET /api/v1/programmes/{key}/training/runs/{id}", own: manage, req: func(m *matrix, _ *mUser, _ bool) mReq { return get(run(m, api+"/runs")) }},
		{pattern: "PUT /api/v1/programmes/{key}/training/runs/{id}", own: manage, ok: []int{200},
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return jsonReq("PUT", fmt.Sprintf("%s/runs/%d", api, fresh(m)), map[string]any{"type": "e_learning", "starts_on": "2027-02-02", "capacity": 12, "version": 1})
			}},
		{pattern: "POST /api/v1/programmes/{key}/training/runs/{id}/cancel", own: manage, ok: []int{200},
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return jsonReq("POST", fmt.Sprintf("%s/runs/%d/cancel", api, fresh(m)), map[string]any{"reason": "Aflyst i matricen", "version": 1})
			}},
		// The first allowed caller records on version 1; the others find it changed.
		{pattern: "PUT /api/v1/programmes/{key}/training/runs/{id}/participants/{person}", own: manage, ok: []int{200, 409},
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return jsonReq("PUT", fmt.Sprintf("%s/participants/%d", run(m, api+"/runs"), m.training(t).person), map[string]any{"attended": true, "score": 85, "version": 1})
			}},
		{pattern: "POST /api/v1/programmes/{key}/training/runs/{id}/evaluations", own: manage, ok: []int{204},
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return jsonReq("POST", run(m, api+"/runs")+"/evaluations", map[string]any{"satisfaction": 4, "benefit": 5})
			}},
		{pattern: "GET /api/v1/programmes/{key}/training/national", own: national, req: func(*matrix, *mUser, bool) mReq { return get(api + "/national") }},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/training", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.training(t)
				return get("/api/v1/programmes/mini/municipalities/" + muni(u, own) + "/training")
			}},
		// The person is signed up by the fixture (101) or the first allowed caller (147).
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/training/participants", own: changeOwn, other: changeOther, ok: []int{201, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", "/api/v1/programmes/mini/municipalities/"+muni(u, own)+"/training/participants", signUp(m, u, own))
			}},
		// The person is signed up again and taken off by each allowed caller
		// (409 once the run has started: the matrix runs on today's date).
		{pattern: "DELETE /api/v1/programmes/{key}/municipalities/{code}/training/participants/{run}/{person}", own: changeOwn, other: changeOther, ok: []int{204, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				b := signUp(m, u, own)
				m.admin.c.sendJSON(t, "POST", "/api/v1/programmes/mini/municipalities/"+muni(u, own)+"/training/participants", b, nil)
				return mReq{method: "DELETE", path: fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/training/participants/%d/%d", muni(u, own), b["run"], b["person"])}
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/uddannelse/afmeld", own: changeOwn, other: changeOther, ok: []int{303, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				b := signUp(m, u, own)
				m.admin.c.sendJSON(t, "POST", "/api/v1/programmes/mini/municipalities/"+muni(u, own)+"/training/participants", b, nil)
				return formReq("/programmes/mini/municipalities/"+muni(u, own)+"/uddannelse/afmeld", url.Values{"run": {fmt.Sprint(b["run"])}, "person": {fmt.Sprint(b["person"])}})
			}},
		{pattern: "GET /programmes/{key}/uddannelse", own: everyone, req: func(m *matrix, _ *mUser, _ bool) mReq { m.training(t); return get(page) }},
		{pattern: "POST /programmes/{key}/uddannelse/kurser", own: manage, ok: []int{303},
			req: func(*matrix, *mUser, bool) mReq { return formReq(page+"/kurser", url.Values{"title": {"Formkursus"}}) }},
		{pattern: "POST /programmes/{key}/uddannelse/kursusgange", own: manage, ok: []int{303},
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return formReq(page+"/kursusgange", url.Values{"course": {fmt.Sprint(m.training(t).course)}, "type": {"e_learning"},
					"starts_on": {"2027-01-13"}, "capacity": {"15"}})
			}},
		{pattern: "GET /programmes/{key}/uddannelse/kursusgange/{id}", own: manage, req: func(m *matrix, _ *mUser, _ bool) mReq { return get(run(m, page+"/kursusgange")) }},
		{pattern: "POST /programmes/{key}/uddannelse/kursusgange/{id}", own: manage, ok: []int{303},
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return formReq(fmt.Sprintf("%s/kursusgange/%d", page, fresh(m)), url.Values{"type": {"e_learning"}, "starts_on": {"2027-02-03"},
					"capacity": {"11"}, "version": {"1"}})
			}},
		{pattern: "POST /programmes/{key}/uddannelse/kursusgange/{id}/aflys", own: manage, ok: []int{303},
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return formReq(fmt.Sprintf("%s/kursusgange/%d/aflys", page, fresh(m)), url.Values{"reason": {"Aflyst i matricen"}, "version": {"1"}})
			}},
		{pattern: "POST /programmes/{key}/uddannelse/kursusgange/{id}/resultater", own: manage, ok: []int{303, 409},
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return formReq(run(m, page+"/kursusgange")+"/resultater", url.Values{"person": {fmt.Sprintf("%d:2", m.training(t).person)}, "attended": {"ja"}, "score": {"90"}})
			}},
		{pattern: "POST /programmes/{key}/uddannelse/kursusgange/{id}/evalueringer", own: manage, ok: []int{303},
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return formReq(run(m, page+"/kursusgange")+"/evalueringer", url.Values{"satisfaction": {"3"}, "benefit": {"4"}})
			}},
		{pattern: "GET /programmes/{key}/uddannelse/national", own: national, req: func(*matrix, *mUser, bool) mReq { return get(page + "/national") }},
		{pattern: "GET /programmes/{key}/municipalities/{code}/uddannelse", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.training(t)
				return get("/programmes/mini/municipalities/" + muni(u, own) + "/uddannelse")
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/uddannelse", own: changeOwn, other: changeOther, ok: []int{303, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				b := signUp(m, u, own)
				return formReq("/programmes/mini/municipalities/"+muni(u, own)+"/uddannelse", url.Values{"run": {fmt.Sprint(b["run"])}, "person": {fmt.Sprint(b["person"])}})
			}},
	}
}
