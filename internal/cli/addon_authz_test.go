package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// The add-on routes (tilkøb) in the authorization matrix (authz_test.go),
// with who may from the role table (authz_table_test.go, docs/access.md):
// the catalogue is read by everyone and changed by KOMBIT; a municipality's
// agreement is read by whoever sees its plan and changed by the plan's
// owners; every municipality's orders are listed for the central roles.
// The matrix plans go live 2027-03-01, so the deadline (2026-12-01) may
// have passed: an order is then refused with 422 (or, from the centre
// without a reason, asks for one) – the matrix tests who gets past the
// access rule.

type addOnFixture struct {
	addOn  int64
	orders map[string]int64 // municipality code → a live order
}

var addOnFixtures = map[*matrix]*addOnFixture{}

func addOnBody() map[string]any {
	return map[string]any{"category": "uddannelse", "kind": "Kursus", "content": "KSD systemanvendelse", "target_group": "Superbruger",
		"form": "Tilstedeværelse", "extent": "3 dage", "tasks": []map[string]any{{"title": "Gennemfør superbrugerkursus", "start": -30, "end": -20}}}
}

// addOns makes an add-on and, per municipality, a training lead and a live
// order of it (the admin's, with a reason if the deadline has passed).
func (m *matrix) addOns(t *testing.T) *addOnFixture {
	t.Helper()
	if f, ok := addOnFixtures[m]; ok {
		return f
	}
	f := &addOnFixture{orders: map[string]int64{}}
	var x struct {
		ID int64 `json:"id"`
	}
	m.admin.c.sendJSON(t, "POST", "/api/v1/programmes/mini/addons", addOnBody(), nil).decode(t, http.StatusCreated, &x)
	f.addOn = x.ID
	for _, code := range []string{"101", "147"} {
		base := "/api/v1/programmes/mini/municipalities/" + code + "/addons"
		var g struct {
			Version int `json:"version"`
		}
		m.admin.c.getJSON(t, base, &struct{}{})
		m.admin.c.sendJSON(t, "PUT", base+"/agreement", map[string]any{"training_lead": "Uddannelsesansvarlig", "version": 0}, nil).decode(t, http.StatusOK, &g)
		var o struct {
			ID int64 `json:"id"`
		}
		m.admin.c.sendJSON(t, "POST", base+"/orders", map[string]any{"addon_id": f.addOn, "exception_reason": "Matrix"}, nil).decode(t, http.StatusCreated, &o)
		f.orders[code] = o.ID
	}
	addOnFixtures[m] = f
	return f
}

func addOnMatrixCases(t *testing.T) []matrixCase {
	readCat := mayAnywhere(t, "Read a programme's add-on catalogue")
	manage := mayAnywhere(t, "Change a programme's add-on catalogue")
	readOwn, readOther := may(t, "Read a municipality's add-on agreement and orders")
	changeOwn, changeOther := may(t, "Name the training lead, order and cancel add-ons")
	orders := mayAnywhere(t, "See every municipality's add-on orders")
	fixed := func(r mReq) func(m *matrix, u *mUser, own bool) mReq {
		return func(*matrix, *mUser, bool) mReq { return r }
	}
	api := func(u *mUser, own bool) string {
		return "/api/v1/programmes/mini/municipalities/" + muni(u, own) + "/addons"
	}
	page := func(u *mUser, own bool) string {
		return "/programmes/mini/municipalities/" + muni(u, own) + "/tilkoeb"
	}
	update := func(m *matrix) map[string]any {
		b := addOnBody()
		delete(b, "tasks")
		b["version"] = 1
		return b
	}
	task := map[string]any{"title": "Evaluér kurset", "start": 5, "end": 10}
	return []matrixCase{
		{pattern: "GET /api/v1/programmes/{key}/addons", own: readCat, req: fixed(get("/api/v1/programmes/mini/addons"))},
		{pattern: "POST /api/v1/programmes/{key}/addons", own: manage, ok: []int{201},
			req: fixed(jsonReq("POST", "/api/v1/programmes/mini/addons", addOnBody()))},
		// The first allowed caller changes version 1; the others find it changed.
		{pattern: "PUT /api/v1/programmes/{key}/addons/{id}", own: manage, ok: []int{200, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", fmt.Sprintf("/api/v1/programmes/mini/addons/%d", m.addOns(t).addOn), update(m))
			}},
		{pattern: "POST /api/v1/programmes/{key}/addons/{id}/tasks", own: manage, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("/api/v1/programmes/mini/addons/%d/tasks", m.addOns(t).addOn), task)
			}},
		{pattern: "GET /api/v1/programmes/{key}/addon-orders", own: orders, req: fixed(get("/api/v1/programmes/mini/addon-orders"))},
		{pattern: "GET /api/v1/programmes/{key}/addon-orders.xlsx", own: orders, req: fixed(get("/api/v1/programmes/mini/addon-orders.xlsx"))},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/addons", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { m.addOns(t); return get(api(u, own)) }},
		{pattern: "PUT /api/v1/programmes/{key}/municipalities/{code}/addons/agreement", own: changeOwn, other: changeOther, ok: []int{200, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.addOns(t)
				return jsonReq("PUT", api(u, own)+"/agreement", map[string]any{"training_lead": "Matrix", "version": 1})
			}},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/addons/orders", own: changeOwn, other: changeOther, ok: []int{201, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", api(u, own)+"/orders", map[string]any{"addon_id": m.addOns(t).addOn})
			}},
		// The first allowed caller cancels the order; for the others it is cancelled already.
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/addons/orders/{id}/cancel", own: changeOwn, other: changeOther, ok: []int{204, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("%s/orders/%d/cancel", api(u, own), m.addOns(t).orders[muni(u, own)]), map[string]any{"version": 1})
			}},
		{pattern: "GET /programmes/{key}/tilkoeb", own: readCat, req: fixed(get("/programmes/mini/tilkoeb"))},
		{pattern: "POST /programmes/{key}/tilkoeb", own: manage, ok: []int{303},
			req: fixed(formReq("/programmes/mini/tilkoeb", url.Values{"category": {"forandringsledelse"}, "kind": {"Workshop"},
				"content": {"Intro forandringsledelse"}, "target_group": {"Ledere"}, "form": {"Kommune"}, "extent": {"Aftales"}}))},
		{pattern: "POST /programmes/{key}/tilkoeb/{id}", own: manage, ok: []int{303, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/programmes/mini/tilkoeb/%d", m.addOns(t).addOn), url.Values{"category": {"uddannelse"},
					"kind": {"Kursus"}, "content": {"KSD"}, "target_group": {"Superbruger"}, "form": {"Online"}, "extent": {"1 dag"}, "version": {"2"}})
			}},
		{pattern: "POST /programmes/{key}/tilkoeb/opgaver", own: manage, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq("/programmes/mini/tilkoeb/opgaver", url.Values{"addon_id": {fmt.Sprint(m.addOns(t).addOn)}, "title": {"Opfølgning"},
					"start": {"10"}, "end": {"12"}})
			}},
		{pattern: "GET /programmes/{key}/tilkoeb/bestillinger", own: orders, req: fixed(get("/programmes/mini/tilkoeb/bestillinger"))},
		{pattern: "GET /programmes/{key}/municipalities/{code}/tilkoeb", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { m.addOns(t); return get(page(u, own)) }},
		{pattern: "POST /programmes/{key}/municipalities/{code}/tilkoeb/aftale", own: changeOwn, other: changeOther, ok: []int{303, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.addOns(t)
				return formReq(page(u, own)+"/aftale", url.Values{"training_lead": {"Matrix"}, "version": {"2"}})
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/tilkoeb/bestil", own: changeOwn, other: changeOther, ok: []int{303, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(page(u, own)+"/bestil", url.Values{"addon_id": {fmt.Sprint(m.addOns(t).addOn)}})
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/tilkoeb/{id}/afbestil", own: changeOwn, other: changeOther, ok: []int{303, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("%s/%d/afbestil", page(u, own), m.addOns(t).orders[muni(u, own)]), url.Values{"version": {"1"}})
			}},
	}
}
