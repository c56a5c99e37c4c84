package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// The wave-plan routes in the authorization matrix (authz_test.go): the
// centre (administrators, coordinators, the supplier, observers) sees the
// plan; administrators and coordinators change it; a municipality's users
// see their own placement in announced versions; its project lead answers
// the hearing.

// waveMatrix holds the wave-plan targets of one matrix run.
type waveMatrix struct {
	draft   int // a draft the what-if cases act on
	hearing int // the version in hearing, renewed when superseded
}

var waveTargets = map[*matrix]*waveMatrix{}

const waveBase = "/api/v1/programmes/mini/waveplan"

// setupWaveMatrix saves a setup for the three seeded municipalities that
// keeps København and Frederiksberg where the matrix enrolled them (wave 1,
// 1 March 2027), so that making a version final changes nothing the other
// cases rely on, and makes a draft and a version in hearing.
func setupWaveMatrix(t *testing.T, m *matrix) {
	t.Helper()
	ac := m.admin.c
	setup := map[string]any{"revision": 0,
		"waves": []map[string]any{
			{"number": 1, "kind": "regular", "golive": "2027-03-01"},
			{"number": 2, "kind": "regular", "golive": "2027-04-05"},
		},
		"municipalities":  []map[string]any{{"code": "101", "fixed_wave": 1}, {"code": "147", "fixed_wave": 1}},
		"hypercare_teams": 2, "training_parallel": 5, "rollout_window": map[string]int{"before": 28, "after": 14},
		"training_window": map[string]int{"before": 21, "after": -1}}
	var s waveSetup
	ac.sendJSON(t, "PUT", waveBase+"/setup", setup, nil).decode(t, http.StatusOK, &s)
	w := &waveMatrix{}
	waveTargets[m] = w
	w.draft = m.newWaveDraft(t)
	w.hearing = m.newWaveHearing(t)
}

func (m *matrix) newWaveDraft(t *testing.T) int {
	t.Helper()
	var v waveVersion
	m.admin.c.do(t, "POST", waveBase+"/versions", nil, nil).decode(t, http.StatusCreated, &v)
	return v.Number
}

func (m *matrix) newWaveHearing(t *testing.T) int {
	t.Helper()
	n := m.newWaveDraft(t)
	var a map[string]any
	m.admin.c.do(t, "POST", fmt.Sprintf("%s/versions/%d/announcement", waveBase, n), nil, nil).decode(t, http.StatusOK, &a)
	return n
}

// waveHearing returns a version in hearing, announcing a new one if the
// last was superseded or made final by another case.
func (m *matrix) waveHearing(t *testing.T) int {
	t.Helper()
	w := waveTargets[m]
	var v waveVersion
	m.admin.c.getJSON(t, fmt.Sprintf("%s/versions/%d", waveBase, w.hearing), &v)
	if v.State != "hearing" {
		w.hearing = m.newWaveHearing(t)
	}
	return w.hearing
}

func waveMatrixCases(t *testing.T) []matrixCase {
	fixed := func(r mReq) func(m *matrix, u *mUser, own bool) mReq {
		return func(*matrix, *mUser, bool) mReq { return r }
	}
	draft := func(f func(n int) mReq) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq { return f(waveTargets[m].draft) }
	}
	getVersion := func(format string) func(m *matrix, u *mUser, own bool) mReq {
		return draft(func(n int) mReq { return get(fmt.Sprintf(format, n)) })
	}
	hearing := func(format string) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq { return get(fmt.Sprintf(format, m.waveHearing(t))) }
	}
	placement := func(format string) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq {
			return get(fmt.Sprintf(format, m.waveHearing(t), muni(u, own)))
		}
	}
	// Announcing and making final need a fresh version each time.
	fresh := func(post func(n int) mReq) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq { return post(m.newWaveDraft(t)) }
	}
	freshHearing := func(post func(n int) mReq) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq { return post(m.newWaveHearing(t)) }
	}
	setupRevision := func(m *matrix) string {
		var s waveSetup
		m.admin.c.getJSON(t, waveBase+"/setup", &s)
		return strconv.Itoa(s.Revision)
	}
	muniOwnOther := []string{"admin", "koordinator", "leverandør", "observatør"}

	return []matrixCase{
		{pattern: "GET /api/v1/programmes/{key}/waveplan/setup", own: central, req: fixed(get(waveBase + "/setup"))},
		{pattern: "PUT /api/v1/programmes/{key}/waveplan/setup", own: writers,
			req: func(m *matrix, u *mUser, own bool) mReq {
				var s map[string]any
				m.admin.c.getJSON(t, waveBase+"/setup", &s)
				return jsonReq("PUT", waveBase+"/setup", s)
			}},
		{pattern: "GET /api/v1/programmes/{key}/waveplan/versions", own: central, req: fixed(get(waveBase + "/versions"))},
		{pattern: "POST /api/v1/programmes/{key}/waveplan/versions", own: writers, ok: []int{201}, req: fixed(jsonReq("POST", waveBase+"/versions", map[string]any{"seed": 2}))},
		{pattern: "GET /api/v1/programmes/{key}/waveplan/versions/{n}", own: central, req: getVersion(waveBase + "/versions/%d")},
		{pattern: "POST /api/v1/programmes/{key}/waveplan/versions/{n}/moves", own: writers,
			req: draft(func(n int) mReq {
				return jsonReq("POST", fmt.Sprintf("%s/versions/%d/moves", waveBase, n), map[string]any{"code": "151", "wave": 2})
			})},
		{pattern: "POST /api/v1/programmes/{key}/waveplan/versions/{n}/locks", own: writers,
			req: draft(func(n int) mReq {
				return jsonReq("POST", fmt.Sprintf("%s/versions/%d/locks", waveBase, n), map[string]any{"codes": []string{"151"}, "locked": true})
			})},
		{pattern: "POST /api/v1/programmes/{key}/waveplan/versions/{n}/reoptimise", own: writers,
			req: draft(func(n int) mReq {
				return jsonReq("POST", fmt.Sprintf("%s/versions/%d/reoptimise", waveBase, n), map[string]any{"seed": 1})
			})},
		{pattern: "POST /api/v1/programmes/{key}/waveplan/versions/{n}/announcement", own: writers,
			req: fresh(func(n int) mReq {
				return jsonReq("POST", fmt.Sprintf("%s/versions/%d/announcement", waveBase, n), map[string]any{})
			})},
		{pattern: "GET /api/v1/programmes/{key}/waveplan/versions/{n}/announcement", own: central, req: hearing(waveBase + "/versions/%d/announcement")},
		{pattern: "POST /api/v1/programmes/{key}/waveplan/versions/{n}/final", own: writers,
			req: freshHearing(func(n int) mReq {
				return jsonReq("POST", fmt.Sprintf("%s/versions/%d/final", waveBase, n), map[string]any{})
			})},
		{pattern: "GET /api/v1/programmes/{key}/waveplan/versions/{n}/comments", own: central, req: hearing(waveBase + "/versions/%d/comments")},
		{pattern: "GET /api/v1/programmes/{key}/waveplan/versions/{n}/effect", own: central, req: hearing(waveBase + "/versions/%d/effect")},
		{pattern: "GET /api/v1/programmes/{key}/waveplan/versions/{n}/municipalities/{code}", own: ownMuni, other: muniOwnOther,
			req: placement(waveBase + "/versions/%d/municipalities/%s")},
		{pattern: "POST /api/v1/programmes/{key}/waveplan/versions/{n}/municipalities/{code}/comments", own: planOwners, other: writers, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("%s/versions/%d/municipalities/%s/comments", waveBase, m.waveHearing(t), muni(u, own)),
					map[string]any{"body": "Høringssvar"})
			}},
		{pattern: "GET /api/v1/programmes/{key}/waveplan/diff", own: central, req: fixed(get(waveBase + "/diff?from=1&to=2"))},

		{pattern: "GET /programmes/{key}/waveplan", own: central, req: fixed(get("/programmes/mini/waveplan"))},
		{pattern: "GET /programmes/{key}/waveplan/setup", own: central, req: fixed(get("/programmes/mini/waveplan/setup"))},
		{pattern: "POST /programmes/{key}/waveplan/setup", own: writers, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq("/programmes/mini/waveplan/setup", url.Values{"section": {"groups"}, "revision": {setupRevision(m)}, "groups": {""}})
			}},
		{pattern: "POST /programmes/{key}/waveplan/versions", own: writers, ok: []int{303}, req: fixed(formReq("/programmes/mini/waveplan/versions", url.Values{"seed": {"3"}}))},
		{pattern: "GET /programmes/{key}/waveplan/versions/{n}", own: central, req: getVersion("/programmes/mini/waveplan/versions/%d")},
		{pattern: "POST /programmes/{key}/waveplan/versions/{n}/move", own: writers, ok: []int{303, 422}, // 422: the page again with the reason
			req: draft(func(n int) mReq {
				return formReq(fmt.Sprintf("/programmes/mini/waveplan/versions/%d/move", n), url.Values{"code": {"151"}, "wave": {"1"}})
			})},
		{pattern: "POST /programmes/{key}/waveplan/versions/{n}/lock", own: writers, ok: []int{303},
			req: draft(func(n int) mReq {
				return formReq(fmt.Sprintf("/programmes/mini/waveplan/versions/%d/lock", n), url.Values{"code": {"151"}, "locked": {"false"}})
			})},
		{pattern: "POST /programmes/{key}/waveplan/versions/{n}/reoptimise", own: writers, ok: []int{303},
			req: draft(func(n int) mReq {
				return formReq(fmt.Sprintf("/programmes/mini/waveplan/versions/%d/reoptimise", n), url.Values{"seed": {"4"}})
			})},
		{pattern: "POST /programmes/{key}/waveplan/versions/{n}/announce", own: writers, ok: []int{303},
			req: fresh(func(n int) mReq {
				return formReq(fmt.Sprintf("/programmes/mini/waveplan/versions/%d/announce", n), url.Values{"bekraeft": {"1"}})
			})},
		{pattern: "POST /programmes/{key}/waveplan/versions/{n}/final", own: writers, ok: []int{303},
			req: freshHearing(func(n int) mReq {
				return formReq(fmt.Sprintf("/programmes/mini/waveplan/versions/%d/final", n), url.Values{"bekraeft": {"1"}})
			})},
		{pattern: "GET /programmes/{key}/waveplan/versions/{n}/municipalities/{code}", own: ownMuni, other: muniOwnOther,
			req: placement("/programmes/mini/waveplan/versions/%d/municipalities/%s")},
		{pattern: "POST /programmes/{key}/waveplan/versions/{n}/municipalities/{code}/comments", own: planOwners, other: writers, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/programmes/mini/waveplan/versions/%d/municipalities/%s/comments", m.waveHearing(t), muni(u, own)),
					url.Values{"body": {"Høringssvar"}})
			}},
		{pattern: "GET /programmes/{key}/waveplan/diff", own: central, req: fixed(get("/programmes/mini/waveplan/diff?from=1&to=2"))},
	}
}
