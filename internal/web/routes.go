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
	// Implementation plans (plan_api.go, plan_export.go).
	mux.Handle("GET /api/v1/programmes/{key}/municipalities/{code}/schedule", s.api(s.apiSchedule))
	mux.Handle("POST /api/v1/programmes/{key}/municipalities/{code}/own-tasks", s.api(s.apiAddOwnTask))
	mux.Handle("PUT /api/v1/own-tasks/{id}", s.api(s.apiUpdateOwnTask))
	mux.Handle("DELETE /api/v1/own-tasks/{id}", s.api(s.apiDeleteOwnTask))
	mux.Handle("PUT /api/v1/own-tasks/{id}/status", s.api(s.apiOwnTaskStatus))
	mux.Handle("PUT /api/v1/tasks/{id}/dates", s.api(s.apiMoveTask))
	mux.Handle("GET /api/v1/programmes/{key}/municipalities/{code}/baselines", s.api(s.apiBaselines))
	mux.Handle("POST /api/v1/programmes/{key}/municipalities/{code}/baselines", s.api(s.apiCreateBaseline))
	mux.Handle("GET /api/v1/programmes/{key}/municipalities/{code}/baselines/{id}", s.api(s.apiCompareBaseline))
	mux.Handle("GET /api/v1/programmes/{key}/municipalities/{code}/conflicts", s.api(s.apiConflicts))
	mux.Handle("POST /api/v1/conflicts/{id}/resolution", s.api(s.apiResolveConflict))
	mux.Handle("GET /api/v1/programmes/{key}/municipalities/{code}/plan.xml", s.api(s.apiPlanMSPDI))
	mux.Handle("GET /api/v1/programmes/{key}/municipalities/{code}/plan.xlsx", s.api(s.apiPlanXLSX))
	mux.Handle("GET /api/v1/programmes/{key}/municipalities/{code}/plan.csv", s.api(s.apiPlanCSV))
	mux.Handle("GET /api/v1/programmes/{key}/overview.xlsx", s.api(s.apiOverviewXLSX))
	mux.Handle("GET /api/v1/programmes/{key}/overview.csv", s.api(s.apiOverviewCSV))
	mux.Handle("POST /api/v1/programmes/{key}/catalogue.xlsx", s.api(s.apiImportXLSX))
	mux.Handle("POST /api/v1/calendar-feeds", s.api(s.apiCreateFeed))
	mux.Handle("DELETE /api/v1/calendar-feeds/{id}", s.api(s.apiRevokeFeed))
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
	mux.Handle("GET /programmes/{key}/municipalities/{code}/gantt", s.page(s.pageGantt))
	mux.Handle("GET /programmes/{key}/municipalities/{code}/gantt.svg", s.page(s.ganttSVG))
	mux.Handle("GET /ical/{token}", s.page(s.icalFeed))
	mux.Handle("GET /tasks/{id}", s.page(s.pageTask))
	mux.Handle("POST /tasks/{id}/status", s.page(s.formSetStatus))
	mux.Handle("/", s.page(func(w http.ResponseWriter, r *http.Request) error { return notFoundRoute(r) }))
}
