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
	mux.Handle("PUT /api/v1/tasks/{id}/delegate", s.api(s.apiDelegateToUser))
	mux.Handle("GET /api/v1/me", s.api(s.apiMe))
	mux.Handle("GET /api/v1/me/tasks", s.api(s.apiMyTasks))
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
	mux.Handle("POST /tasks/{id}/delegate", s.page(s.formDelegate))

	// Signing in and out, the user's own account, and administration
	// (auth_pages.go, auth_admin.go). Every route's access rule is in
	// auth_guard.go's routeRules.
	mux.Handle("GET /login", s.page(s.pageLogin))
	mux.Handle("POST /login", s.page(s.formLogin))
	mux.Handle("POST /logout", s.page(s.formLogout))
	mux.Handle("GET /auth/oidc/start", s.page(s.oidcStart))
	mux.Handle("GET /auth/oidc/callback", s.page(s.oidcCallback))
	mux.Handle("GET /konto", s.page(s.pageAccount))
	mux.Handle("POST /konto/password", s.page(s.formOwnPassword))
	mux.Handle("POST /konto/tokens", s.page(s.formCreateOwnToken))
	mux.Handle("POST /konto/tokens/{tid}/revoke", s.page(s.formRevokeOwnToken))
	mux.Handle("GET /mine", s.page(s.pageMyTasks))
	mux.Handle("GET /admin", s.page(s.pageAdmin))
	mux.Handle("GET /admin/users", s.page(s.pageAdminUsers))
	mux.Handle("POST /admin/users", s.page(s.formAdminCreateUser))
	mux.Handle("GET /admin/users/{uid}", s.page(s.pageAdminUser))
	mux.Handle("POST /admin/users/{uid}", s.page(s.formAdminUpdateUser))
	mux.Handle("POST /admin/users/{uid}/password", s.page(s.formAdminPassword))
	mux.Handle("POST /admin/users/{uid}/tokens", s.page(s.formAdminCreateToken))
	mux.Handle("POST /admin/users/{uid}/tokens/{tid}/revoke", s.page(s.formAdminRevokeToken))
	mux.Handle("GET /admin/organisations", s.page(s.pageAdminOrganisations))
	mux.Handle("GET /admin/programmes", s.page(s.pageAdminProgrammes))
	mux.Handle("POST /admin/programmes/{key}", s.page(s.formAdminProgramme))
	mux.Handle("/", s.page(func(w http.ResponseWriter, r *http.Request) error { return notFoundRoute(r) }))
}
