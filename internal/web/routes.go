package web

import "net/http"

func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /api/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openapi)
	})

	mux.Handle("GET /api/v1/programmes", s.api(s.apiProgrammes))
	mux.Handle("GET /api/v1/programmes/{key}/overview", s.api(s.apiOverview))
	mux.Handle("GET /api/v1/programmes/{key}/followup", s.api(s.apiFollowup))
	mux.Handle("GET /api/v1/programmes/{key}/catalogue", s.api(s.apiCatalogue))
	mux.Handle("POST /api/v1/programmes/{key}/catalogue", s.api(s.apiPublish))
	mux.Handle("POST /api/v1/programmes/{key}/enrolments", s.api(s.apiEnrol))
	mux.Handle("GET /api/v1/programmes/{key}/municipalities/{code}/tasks", s.api(s.apiPlan))
	mux.Handle("GET /api/v1/tasks/{id}", s.api(s.apiTask))
	mux.Handle("PUT /api/v1/tasks/{id}/status", s.api(s.apiSetStatus))
	mux.Handle("/api/", s.api(func(w http.ResponseWriter, r *http.Request) error {
		return notFoundRoute(r)
	}))

	mux.Handle("GET /static/", http.FileServerFS(staticFS))
	mux.Handle("GET /{$}", s.page(s.pageHome))
	mux.Handle("GET /programmes/{key}", s.page(s.pageOverview))
	mux.Handle("GET /programmes/{key}/followup", s.page(s.pageFollowup))
	mux.Handle("GET /programmes/{key}/catalogue", s.page(s.pageCatalogue))
	mux.Handle("GET /programmes/{key}/municipalities/{code}", s.page(s.pagePlan))
	mux.Handle("GET /tasks/{id}", s.page(s.pageTask))
	mux.Handle("POST /tasks/{id}/status", s.page(s.formSetStatus))
	mux.Handle("/", s.page(func(w http.ResponseWriter, r *http.Request) error { return notFoundRoute(r) }))
}
