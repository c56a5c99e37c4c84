package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// The risk register's routes in the authorization matrix (authz_test.go):
// a municipality's register is read by its own users and the centre's
// follow-up staff (administrators, coordinators, the supplier) – never by
// another municipality, and not by observers, who see aggregates only;
// it is changed by the plan's owners; every register of a programme is
// listed, and the central and hypercare registers changed, by the
// follow-up staff.

var riskCentralWriters = []string{"admin", "koordinator", "leverandør"}

// riskTargets are, per municipality code, a risk the cases change, and a
// central risk.
type riskTargets struct {
	muni      map[string]int64
	central   int64
	hypercare int64
}

var riskFixtures = map[*matrix]*riskTargets{}

func riskBody(version int) map[string]any {
	b := map[string]any{"description": "Matrixrisiko", "category": "teknisk", "probability": 2, "consequence": 3,
		"reaction_type": "reducere", "owner": "Projektlederen"}
	if version > 0 {
		b["version"] = version
	}
	return b
}

func (m *matrix) risks(t *testing.T) *riskTargets {
	t.Helper()
	if f, ok := riskFixtures[m]; ok {
		return f
	}
	f := &riskTargets{muni: map[string]int64{}}
	ac := m.admin.c
	var x struct {
		Key int64 `json:"key"`
	}
	for _, code := range []string{"101", "147"} {
		ac.sendJSON(t, "POST", "/api/v1/programmes/mini/municipalities/"+code+"/risks", riskBody(0), nil).decode(t, http.StatusCreated, &x)
		f.muni[code] = x.Key
	}
	c := riskBody(0)
	c["level"] = "central"
	ac.sendJSON(t, "POST", "/api/v1/programmes/mini/risks", c, nil).decode(t, http.StatusCreated, &x)
	f.central = x.Key
	c = riskBody(0)
	c["level"], c["wave"] = "hypercare", 1
	ac.sendJSON(t, "POST", "/api/v1/programmes/mini/risks", c, nil).decode(t, http.StatusCreated, &x)
	f.hypercare = x.Key
	riskFixtures[m] = f
	return f
}

func riskMatrixCases(t *testing.T) []matrixCase {
	// The role table (authz_table_test.go, docs/access.md) says who.
	riskReaders, riskOtherReaders := may(t, "Read a municipality's risk register and its risks' history")
	planOwners, writers := may(t, "Add, change and close risks in a municipality's register")
	centralRegisters := mayAnywhere(t, "Read and change the central and hypercare risk registers")
	riskFigures := mayAnywhere(t, "Read a programme's risks in figures only")
	api := func(u *mUser, own bool) string {
		return "/api/v1/programmes/mini/municipalities/" + muni(u, own) + "/risks"
	}
	page := func(u *mUser, own bool) string { return "/programmes/mini/municipalities/" + muni(u, own) + "/risici" }
	central := func(c map[string]any) map[string]any { c["level"] = "central"; return c }
	form := url.Values{"description": {"Matrixrisiko"}, "category": {"teknisk"}, "probability": {"2"}, "consequence": {"3"},
		"reaction_type": {"reducere"}, "proximity": {"snart"}, "status": {"aaben"}, "owner": {"Projektlederen"}}
	withVersion := func(v string) url.Values {
		f := url.Values{}
		for k, x := range form {
			f[k] = x
		}
		f.Set("version", v)
		return f
	}
	return []matrixCase{
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/risks", own: riskReaders, other: riskOtherReaders,
			req: func(m *matrix, u *mUser, own bool) mReq { m.risks(t); return get(api(u, own)) }},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/risks.xlsx", own: riskReaders, other: riskOtherReaders,
			req: func(m *matrix, u *mUser, own bool) mReq { m.risks(t); return get(api(u, own) + ".xlsx") }},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/risks", own: planOwners, other: writers, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq { return jsonReq("POST", api(u, own), riskBody(0)) }},
		// The first allowed caller changes version 1; the others find it changed.
		{pattern: "PUT /api/v1/programmes/{key}/municipalities/{code}/risks/{id}", own: planOwners, other: writers, ok: []int{200, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", fmt.Sprintf("%s/%d", api(u, own), m.risks(t).muni[muni(u, own)]), riskBody(1))
			}},
		{pattern: "GET /api/v1/programmes/{key}/risks", own: riskCentralWriters, req: func(*matrix, *mUser, bool) mReq { return get("/api/v1/programmes/mini/risks") }},
		{pattern: "GET /api/v1/programmes/{key}/risks.xlsx", own: riskCentralWriters, req: func(*matrix, *mUser, bool) mReq { return get("/api/v1/programmes/mini/risks.xlsx") }},
		{pattern: "POST /api/v1/programmes/{key}/risks", own: riskCentralWriters, ok: []int{201},
			req: func(*matrix, *mUser, bool) mReq {
				return jsonReq("POST", "/api/v1/programmes/mini/risks", central(riskBody(0)))
			}},
		{pattern: "PUT /api/v1/programmes/{key}/risks/{id}", own: riskCentralWriters, ok: []int{200, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", fmt.Sprintf("/api/v1/programmes/mini/risks/%d", m.risks(t).central), riskBody(1))
			}},
		{pattern: "GET /programmes/{key}/municipalities/{code}/risici", own: riskReaders, other: riskOtherReaders,
			req: func(m *matrix, u *mUser, own bool) mReq { m.risks(t); return get(page(u, own)) }},
		{pattern: "POST /programmes/{key}/municipalities/{code}/risici", own: planOwners, other: writers, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq { return formReq(page(u, own), form) }},
		{pattern: "POST /programmes/{key}/municipalities/{code}/risici/{id}", own: planOwners, other: writers, ok: []int{303, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("%s/%d", page(u, own), m.risks(t).muni[muni(u, own)]), withVersion("2"))
			}},
		{pattern: "GET /programmes/{key}/risici", own: riskCentralWriters, req: func(*matrix, *mUser, bool) mReq { return get("/programmes/mini/risici") }},
		// The central and hypercare registers' pages.
		{pattern: "GET /programmes/{key}/risici/central", own: centralRegisters,
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return get(fmt.Sprintf("/programmes/mini/risici/central?rediger=%d", m.risks(t).central))
			}},
		{pattern: "POST /programmes/{key}/risici/central", own: centralRegisters, ok: []int{303},
			req: func(*matrix, *mUser, bool) mReq { return formReq("/programmes/mini/risici/central", form) }},
		{pattern: "POST /programmes/{key}/risici/central/{id}", own: centralRegisters, ok: []int{303, 409},
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return formReq(fmt.Sprintf("/programmes/mini/risici/central/%d", m.risks(t).central), withVersion("2"))
			}},
		{pattern: "GET /programmes/{key}/risici/hypercare/{wave}", own: centralRegisters,
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return get(fmt.Sprintf("/programmes/mini/risici/hypercare/1?historik=%d", m.risks(t).hypercare))
			}},
		{pattern: "POST /programmes/{key}/risici/hypercare/{wave}", own: centralRegisters, ok: []int{303},
			req: func(*matrix, *mUser, bool) mReq { return formReq("/programmes/mini/risici/hypercare/1", form) }},
		{pattern: "POST /programmes/{key}/risici/hypercare/{wave}/{id}", own: centralRegisters, ok: []int{303, 409},
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return formReq(fmt.Sprintf("/programmes/mini/risici/hypercare/1/%d", m.risks(t).hypercare), withVersion("1"))
			}},
		// A risk's history: for the register's readers.
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/risks/{id}/history", own: riskReaders, other: riskOtherReaders,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return get(fmt.Sprintf("%s/%d/history", api(u, own), m.risks(t).muni[muni(u, own)]))
			}},
		{pattern: "GET /api/v1/programmes/{key}/risks/{id}/history", own: centralRegisters,
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				return get(fmt.Sprintf("/api/v1/programmes/mini/risks/%d/history", m.risks(t).hypercare))
			}},
		// Figures only: observers too.
		{pattern: "GET /api/v1/programmes/{key}/risks/summary", own: riskFigures,
			req: func(m *matrix, _ *mUser, _ bool) mReq {
				m.risks(t)
				return get("/api/v1/programmes/mini/risks/summary")
			}},
		{pattern: "GET /programmes/{key}/risikotal", own: riskFigures,
			req: func(m *matrix, _ *mUser, _ bool) mReq { m.risks(t); return get("/programmes/mini/risikotal") }},
	}
}
