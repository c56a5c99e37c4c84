package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// The benefit register's routes in the authorization matrix
// (authz_test.go), with who may from the role table (authz_table_test.go,
// docs/access.md): a municipality's register is read by its own users and
// the centre's follow-up staff (administrators, coordinators, the
// supplier) – never by another municipality, and not by observers, who see
// the national counts only; it is changed by the plan's owners; the
// deadline for post-measurements is extended by KOMBIT's coordinators and
// administrators. The matrix plan's go-live is 2027-03-01, so a
// measurement is refused by the model's window (422) until six months
// after it – the matrix tests who gets past the access rule.

var benefitFixtures = map[*matrix]map[string]int64{}

func benefitBody(version int) map[string]any {
	b := map[string]any{"title": "Matrixgevinst", "type": "kvalitet", "goal": "Mål", "change": "Forandring", "owner": "Ejer",
		"accountable": "Ansvarlig", "smart": "SMART", "indicator": "Indikator", "unit": "stk", "direction": "hoejere",
		"baseline_value": 1, "baseline_date": "2026-10-01", "target_value": 2, "target_date": "2027-12-01"}
	if version > 0 {
		b["version"] = version
	}
	return b
}

func benefitFormBody(version string) url.Values {
	f := url.Values{"title": {"Matrixgevinst"}, "type": {"kvalitet"}, "goal": {"Mål"}, "change": {"Forandring"}, "owner": {"Ejer"},
		"accountable": {"Ansvarlig"}, "smart": {"SMART"}, "indicator": {"Indikator"}, "unit": {"stk"}, "direction": {"hoejere"},
		"baseline_value": {"1"}, "baseline_date": {"2026-10-01"}, "target_value": {"2"}, "target_date": {"2027-12-01"}}
	if version != "" {
		f.Set("version", version)
	}
	return f
}

// benefits returns, per municipality code, a benefit the cases read and change.
func (m *matrix) benefits(t *testing.T) map[string]int64 {
	t.Helper()
	if f, ok := benefitFixtures[m]; ok {
		return f
	}
	f := map[string]int64{}
	var x struct {
		Key int64 `json:"key"`
	}
	for _, code := range []string{"101", "147"} {
		m.admin.c.sendJSON(t, "POST", "/api/v1/programmes/mini/municipalities/"+code+"/benefits", benefitBody(0), nil).decode(t, http.StatusCreated, &x)
		f[code] = x.Key
	}
	benefitFixtures[m] = f
	return f
}

func benefitMatrixCases(t *testing.T) []matrixCase {
	readOwn, readOther := may(t, "Read a municipality's benefit register")
	changeOwn, changeOther := may(t, "Change a municipality's benefit register")
	extendOwn, extendOther := may(t, "Extend the deadline for post-measurements")
	national := mayAnywhere(t, "See the national roll-up of benefits")
	api := func(u *mUser, own bool) string {
		return "/api/v1/programmes/mini/municipalities/" + muni(u, own) + "/benefits"
	}
	page := func(u *mUser, own bool) string {
		return "/programmes/mini/municipalities/" + muni(u, own) + "/gevinster"
	}
	one := func(m *matrix, base string, u *mUser, own bool) string {
		return fmt.Sprintf("%s/%d", base, m.benefits(t)[muni(u, own)])
	}
	measurement := map[string]any{"value": 3, "date": "2027-09-15"}
	return []matrixCase{
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/benefits", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { m.benefits(t); return get(api(u, own)) }},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/benefits.xlsx", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { m.benefits(t); return get(api(u, own) + ".xlsx") }},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/benefits", own: changeOwn, other: changeOther, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq { return jsonReq("POST", api(u, own), benefitBody(0)) }},
		// The first allowed caller sets version 0; the others find it changed.
		{pattern: "PUT /api/v1/programmes/{key}/municipalities/{code}/benefits/vision", own: changeOwn, other: changeOther, ok: []int{200, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", api(u, own)+"/vision", map[string]any{"vision": "Matrixvision", "version": 0})
			}},
		{pattern: "PUT /api/v1/programmes/{key}/municipalities/{code}/benefits/deadline", own: extendOwn, other: extendOther,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", api(u, own)+"/deadline", map[string]any{"until": "2028-05-01", "reason": "Matrix"})
			}},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/benefits/{id}", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { return get(one(m, api(u, own), u, own)) }},
		{pattern: "PUT /api/v1/programmes/{key}/municipalities/{code}/benefits/{id}", own: changeOwn, other: changeOther, ok: []int{200, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", one(m, api(u, own), u, own), benefitBody(1))
			}},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/benefits/{id}/measurements", own: changeOwn, other: changeOther, ok: []int{201, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", one(m, api(u, own), u, own)+"/measurements", measurement)
			}},
		{pattern: "GET /api/v1/programmes/{key}/benefits", own: national, req: func(*matrix, *mUser, bool) mReq { return get("/api/v1/programmes/mini/benefits") }},
		{pattern: "GET /programmes/{key}/municipalities/{code}/gevinster", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { m.benefits(t); return get(page(u, own)) }},
		{pattern: "POST /programmes/{key}/municipalities/{code}/gevinster", own: changeOwn, other: changeOther, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq { return formReq(page(u, own), benefitFormBody("")) }},
		{pattern: "POST /programmes/{key}/municipalities/{code}/gevinster/vision", own: changeOwn, other: changeOther, ok: []int{303, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(page(u, own)+"/vision", url.Values{"vision": {"Matrixvision"}, "version": {"1"}})
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/gevinster/frist", own: extendOwn, other: extendOther, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(page(u, own)+"/frist", url.Values{"until": {"2028-05-02"}, "reason": {"Matrix"}})
			}},
		{pattern: "GET /programmes/{key}/municipalities/{code}/gevinster/{id}", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { return get(one(m, page(u, own), u, own)) }},
		{pattern: "POST /programmes/{key}/municipalities/{code}/gevinster/{id}", own: changeOwn, other: changeOther, ok: []int{303, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(one(m, page(u, own), u, own), benefitFormBody("2"))
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/gevinster/{id}/maalinger", own: changeOwn, other: changeOther, ok: []int{303, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(one(m, page(u, own), u, own)+"/maalinger", url.Values{"value": {"3"}, "date": {"2027-09-15"}})
			}},
		{pattern: "GET /programmes/{key}/gevinster", own: national, req: func(*matrix, *mUser, bool) mReq { return get("/programmes/mini/gevinster") }},
	}
}
