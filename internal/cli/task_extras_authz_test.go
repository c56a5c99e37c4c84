package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// The task extras in the authorization matrix (authz_test.go): whoever may
// see a task may download its documents; whoever may change its status
// may tick its checklist, attach and delete documents and add and remove
// links – on a municipality task the municipality's project lead and the
// centre's writers, on a school task also that school's tovholder (not
// another school's); observers, the supplier (not responsible here) and
// members (not delegated these tasks) may not.

var (
	extrasMuniOwn     = []string{"admin", "koordinator", "projektleder", "anden kommune"}
	extrasSchoolOwn   = []string{"admin", "koordinator", "projektleder", "tovholder"}
	extrasSchoolOther = []string{"admin", "koordinator", "projektleder"}
)

// extrasTarget picks the task a case acts on: the municipality's m-krit,
// or Skole A's (own) or Skole B's (other) m-inst.
type extrasTarget func(m *matrix, u *mUser, own bool) int64

func muniTask(m *matrix, u *mUser, own bool) int64 { return m.krit[muni(u, own)] }

func schoolTaskOf(m *matrix, u *mUser, own bool) int64 {
	if own {
		return m.schoolTask[0]
	}
	return m.schoolTask[1]
}

// firstItem returns the key of a task's first checklist item, whether it
// is ticked, and the task's version, read by the admin.
func (m *matrix) firstItem(t *testing.T, id int64) (string, bool, int) {
	t.Helper()
	var x extras
	m.admin.c.getJSON(t, fmt.Sprintf("/api/v1/tasks/%d", id), &x)
	if len(x.Checklist) == 0 {
		t.Fatalf("task %d has no checklist", id)
	}
	return x.Checklist[0].Key, x.Checklist[0].Done, x.Version
}

// newDocument attaches a fresh document to task id as the admin.
func (m *matrix) newDocument(t *testing.T, id int64) int64 {
	t.Helper()
	body, ct := multipartBody("", "matrix.txt", []byte("matrix\n"))
	var d struct {
		ID int64 `json:"id"`
	}
	m.admin.c.do(t, "POST", fmt.Sprintf("/api/v1/tasks/%d/documents", id), body, map[string]string{"Content-Type": ct}).decode(t, http.StatusCreated, &d)
	return d.ID
}

// newLink adds a fresh link to task id as the admin.
func (m *matrix) newLink(t *testing.T, id int64) int64 {
	t.Helper()
	var l struct {
		ID int64 `json:"id"`
	}
	m.admin.c.sendJSON(t, "POST", fmt.Sprintf("/api/v1/tasks/%d/links", id), map[string]any{"title": "Matrix", "url": "https://www.kombit.dk/"}, nil).
		decode(t, http.StatusCreated, &l)
	return l.ID
}

// uploadReq is the task page's upload form (multipart, with the user's
// CSRF token) or, under /api/, the API upload (the token authenticates).
func uploadReq(m *matrix, u *mUser, path string) mReq {
	csrf := ""
	if u != nil && len(path) > 0 && path[:5] != "/api/" {
		csrf = u.csrf
	}
	body, ct := multipartBody(csrf, "matrix.txt", []byte("matrix\n"))
	h := map[string]string{"Content-Type": ct}
	if path[:5] != "/api/" {
		h["Origin"], h["Sec-Fetch-Site"] = m.admin.c.base, "same-origin"
	}
	return mReq{method: "POST", path: path, body: body, header: h}
}

func extrasMatrixCases(t *testing.T) []matrixCase {
	var cases []matrixCase
	for _, target := range []struct {
		name string
		pick extrasTarget
	}{
		{"municipality task", muniTask},
		{"school task (own school / other school)", schoolTaskOf},
	} {
		own, other := extrasMuniOwn, writers
		if target.name != "municipality task" {
			own, other = extrasSchoolOwn, extrasSchoolOther
		}
		pick := target.pick
		cases = append(cases,
			matrixCase{pattern: "PUT /api/v1/tasks/{id}/checklist/{item}", name: target.name, own: own, other: other,
				req: func(m *matrix, u *mUser, own bool) mReq {
					id := pick(m, u, own)
					key, done, v := m.firstItem(t, id)
					return jsonReq("PUT", fmt.Sprintf("/api/v1/tasks/%d/checklist/%s", id, url.PathEscape(key)), map[string]any{"done": !done, "version": v})
				}},
			matrixCase{pattern: "POST /tasks/{id}/checklist", name: target.name, own: own, other: other, ok: []int{303},
				req: func(m *matrix, u *mUser, own bool) mReq {
					id := pick(m, u, own)
					key, done, v := m.firstItem(t, id)
					f := url.Values{"item": {key}, "version": {strconv.Itoa(v)}}
					if !done {
						f.Set("done", key)
					}
					return formReq(fmt.Sprintf("/tasks/%d/checklist", id), f)
				}},
			matrixCase{pattern: "POST /api/v1/tasks/{id}/documents", name: target.name, own: own, other: other, ok: []int{201},
				req: func(m *matrix, u *mUser, own bool) mReq {
					return uploadReq(m, u, fmt.Sprintf("/api/v1/tasks/%d/documents", pick(m, u, own)))
				}},
			matrixCase{pattern: "POST /tasks/{id}/documents", name: target.name, own: own, other: other, ok: []int{303},
				req: func(m *matrix, u *mUser, own bool) mReq {
					return uploadReq(m, u, fmt.Sprintf("/tasks/%d/documents", pick(m, u, own)))
				}},
		)
	}
	own, other := extrasMuniOwn, writers
	cases = append(cases,
		matrixCase{pattern: "GET /api/v1/tasks/{id}/documents/{doc}", own: ownMuni, other: muniOwnOtherView,
			req: func(m *matrix, u *mUser, own bool) mReq {
				id := muniTask(m, u, own)
				return get(fmt.Sprintf("/api/v1/tasks/%d/documents/%d", id, m.newDocument(t, id)))
			}},
		matrixCase{pattern: "GET /tasks/{id}/documents/{doc}", name: "school task: any user of the municipality may read it",
			own: ownMuni, other: muniOwnOtherView,
			req: func(m *matrix, u *mUser, own bool) mReq {
				id := m.schoolTask[0]
				if !own || u != nil && u.key == "anden kommune" {
					id = m.krit[muni(u, own)]
				}
				return get(fmt.Sprintf("/tasks/%d/documents/%d", id, m.newDocument(t, id)))
			}},
		matrixCase{pattern: "DELETE /api/v1/tasks/{id}/documents/{doc}", own: own, other: other, ok: []int{204},
			req: func(m *matrix, u *mUser, own bool) mReq {
				id := muniTask(m, u, own)
				return mReq{method: "DELETE", path: fmt.Sprintf("/api/v1/tasks/%d/documents/%d", id, m.newDocument(t, id))}
			}},
		matrixCase{pattern: "POST /tasks/{id}/documents/{doc}/delete", name: "school task (own school / other school)",
			own: extrasSchoolOwn, other: extrasSchoolOther, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				id := schoolTaskOf(m, u, own)
				return formReq(fmt.Sprintf("/tasks/%d/documents/%d/delete", id, m.newDocument(t, id)), url.Values{})
			}},
		matrixCase{pattern: "POST /api/v1/tasks/{id}/links", own: own, other: other, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("/api/v1/tasks/%d/links", muniTask(m, u, own)), map[string]any{"title": "Matrix", "url": "https://kombit.dk/"})
			}},
		matrixCase{pattern: "POST /tasks/{id}/links", name: "school task (own school / other school)",
			own: extrasSchoolOwn, other: extrasSchoolOther, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/tasks/%d/links", schoolTaskOf(m, u, own)), url.Values{"title": {"Matrix"}, "url": {"https://kombit.dk/"}})
			}},
		matrixCase{pattern: "DELETE /api/v1/tasks/{id}/links/{link}", own: own, other: other, ok: []int{204},
			req: func(m *matrix, u *mUser, own bool) mReq {
				id := muniTask(m, u, own)
				return mReq{method: "DELETE", path: fmt.Sprintf("/api/v1/tasks/%d/links/%d", id, m.newLink(t, id))}
			}},
		matrixCase{pattern: "POST /tasks/{id}/links/{link}/delete", own: own, other: other, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				id := muniTask(m, u, own)
				return formReq(fmt.Sprintf("/tasks/%d/links/%d/delete", id, m.newLink(t, id)), url.Values{})
			}},
	)
	return cases
}

// muniOwnOtherView: who may see another municipality's tasks.
var muniOwnOtherView = []string{"admin", "koordinator", "leverandør", "observatør"}
