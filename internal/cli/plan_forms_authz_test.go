package cli_test

import (
	"fmt"
	"net/url"
	"testing"
)

// planFormMatrixCases are the authorization-matrix entries of the plan's
// HTML forms (internal/web/plan_forms.go): the same rules as the plan API's
// routes for the same use cases. Allowed writes are probed with input the
// handler refuses (or with something harmless), so the answer shows that
// access let them through without changing the plan.
func planFormMatrixCases(t *testing.T) []matrixCase {
	muniOwnOther := []string{"admin", "koordinator", "leverandør", "observatør"}
	feedsOwn, feedsOther := may(t, "Create and stop a municipality's calendar feeds")
	page := func(format string) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq {
			return get(fmt.Sprintf("/programmes/mini/municipalities/%s"+format, muni(u, own)))
		}
	}
	ownTask := func(suffix string, f url.Values) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq {
			c := muni(u, own)
			path := fmt.Sprintf("/programmes/mini/municipalities/%s/own-tasks/%d%s", c, m.ownTask[c], suffix)
			if f == nil {
				return get(path)
			}
			return formReq(path, f)
		}
	}
	form := func(format string, f url.Values) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq {
			return formReq(fmt.Sprintf("/programmes/mini/municipalities/%s"+format, muni(u, own)), f)
		}
	}
	return []matrixCase{
		// Reading the plan's own pages: whoever sees the plan.
		{pattern: "GET /programmes/{key}/municipalities/{code}/own-tasks", own: ownMuni, other: muniOwnOther, req: page("/own-tasks")},
		{pattern: "GET /programmes/{key}/municipalities/{code}/own-tasks/{id}", own: ownMuni, other: muniOwnOther, req: ownTask("", nil)},
		{pattern: "GET /programmes/{key}/municipalities/{code}/baselines", own: ownMuni, other: muniOwnOther, req: page("/baselines")},
		{pattern: "GET /programmes/{key}/municipalities/{code}/baselines/{id}", own: ownMuni, other: muniOwnOther,
			req: func(m *matrix, u *mUser, own bool) mReq {
				c := muni(u, own)
				return get(fmt.Sprintf("/programmes/mini/municipalities/%s/baselines/%d", c, m.baseline[c]))
			}},
		{pattern: "GET /programmes/{key}/municipalities/{code}/conflicts", own: ownMuni, other: muniOwnOther, req: page("/conflicts")},
		{pattern: "GET /tasks/{id}/dates", own: ownMuni, other: muniOwnOther,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return get(fmt.Sprintf("/tasks/%d/dates", m.krit[muni(u, own)]))
			}},

		// Changing the plan: the project lead's (and the centre's writers').
		{pattern: "POST /programmes/{key}/municipalities/{code}/own-tasks", own: planOwners, other: writers, ok: []int{422},
			req: form("/own-tasks", url.Values{"title": {""}})},
		{pattern: "POST /programmes/{key}/municipalities/{code}/own-tasks/{id}", own: planOwners, other: writers, ok: []int{409, 422},
			req: ownTask("", url.Values{"title": {""}, "version": {"1"}})},
		{pattern: "POST /programmes/{key}/municipalities/{code}/own-tasks/{id}/status", own: planOwners, other: writers, ok: []int{422},
			req: ownTask("/status", url.Values{"status": {"sludder"}, "version": {"1"}})},
		{pattern: "POST /programmes/{key}/municipalities/{code}/own-tasks/{id}/delete", own: planOwners, other: writers, ok: []int{409},
			req: ownTask("/delete", url.Values{"version": {"999"}})},
		{pattern: "POST /programmes/{key}/municipalities/{code}/baselines", own: planOwners, other: writers, ok: []int{422},
			req: form("/baselines", url.Values{"name": {""}})},
		// No conflict exists in these plans: allowed users get 404.
		{pattern: "POST /programmes/{key}/municipalities/{code}/conflicts/{id}", own: planOwners, other: writers, ok: []int{404},
			req: form("/conflicts/999999", url.Values{"choice": {"keep_local"}, "version": {"1"}})},
		// Moving a task's dates: who may change the task (as PUT /api/v1/tasks/{id}/dates).
		{pattern: "POST /tasks/{id}/dates", own: planOwners, other: writers, ok: []int{422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/tasks/%d/dates", m.krit[muni(u, own)]), url.Values{"action": {"move"}, "version": {"999"}})
			}},

		// The plan's calendar feeds: whoever may change the plan (as the API).
		{pattern: "POST /programmes/{key}/municipalities/{code}/calendar-feeds", own: feedsOwn, other: feedsOther, req: form("/calendar-feeds", url.Values{})},
		{pattern: "POST /programmes/{key}/municipalities/{code}/calendar-feeds/{id}/revoke", own: feedsOwn, other: feedsOther, ok: []int{303, 404}, // 404 once revoked
			req: func(m *matrix, u *mUser, own bool) mReq {
				c := muni(u, own)
				return formReq(fmt.Sprintf("/programmes/mini/municipalities/%s/calendar-feeds/%d/revoke", c, m.feed[c]), url.Values{})
			}},

		// Everyone's own calendar feed.
		{pattern: "POST /konto/kalender", own: everyone, req: func(*matrix, *mUser, bool) mReq { return formReq("/konto/kalender", url.Values{}) }},
		{pattern: "POST /konto/kalender/{fid}/revoke", own: everyone, ok: []int{404}, // another user's or no feed
			req: func(*matrix, *mUser, bool) mReq { return formReq("/konto/kalender/999999/revoke", url.Values{}) }},
	}
}
