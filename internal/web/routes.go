package web

import "net/http"

// routes registers every route with its access rule (route_table.go).
func (s *Server) routes(rt *router) {
	rt.handle("GET /healthz", rulePublic, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) }))
	rt.handle("GET /api/openapi.json", rulePublic, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openapi)
	}))

	rt.handle("GET /api/v1/programmes", ruleSignedIn, s.api(s.apiProgrammes))
	rt.handle("GET /api/v1/programmes/{key}/overview", ruleNational, s.api(s.apiOverview))
	rt.handle("GET /api/v1/programmes/{key}/followup", ruleNational, s.api(s.apiFollowup))
	rt.handle("GET /api/v1/programmes/{key}/catalogue", ruleSignedIn, s.api(s.apiCatalogue))
	rt.handle("POST /api/v1/programmes/{key}/catalogue", rulePublish, s.api(s.apiPublish))
	rt.handle("POST /api/v1/programmes/{key}/enrolments", ruleEnrol, s.api(s.apiEnrol))
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/tasks", ruleMunicipality, s.api(s.apiPlan))
	// Implementation plans (plan_api.go, plan_export.go).
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/schedule", ruleMunicipality, s.api(s.apiSchedule))
	rt.handle("POST /api/v1/programmes/{key}/municipalities/{code}/own-tasks", rulePlanChange, s.api(s.apiAddOwnTask))
	rt.handle("PUT /api/v1/programmes/{key}/municipalities/{code}/own-tasks/{id}", rulePlanChange, s.api(s.apiUpdateOwnTask))
	rt.handle("DELETE /api/v1/programmes/{key}/municipalities/{code}/own-tasks/{id}", rulePlanChange, s.api(s.apiDeleteOwnTask))
	rt.handle("PUT /api/v1/programmes/{key}/municipalities/{code}/own-tasks/{id}/status", rulePlanChange, s.api(s.apiOwnTaskStatus))
	rt.handle("PUT /api/v1/tasks/{id}/dates", ruleTaskChange, s.api(s.apiMoveTask))
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/baselines", ruleMunicipality, s.api(s.apiBaselines))
	rt.handle("POST /api/v1/programmes/{key}/municipalities/{code}/baselines", rulePlanChange, s.api(s.apiCreateBaseline))
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/baselines/{id}", ruleMunicipality, s.api(s.apiCompareBaseline))
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/conflicts", ruleMunicipality, s.api(s.apiConflicts))
	rt.handle("POST /api/v1/programmes/{key}/municipalities/{code}/conflicts/{id}/resolution", rulePlanChange, s.api(s.apiResolveConflict))
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/plan.xml", ruleMunicipality, s.api(s.apiPlanMSPDI))
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/plan.xlsx", ruleMunicipality, s.api(s.apiPlanXLSX))
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/plan.csv", ruleMunicipality, s.api(s.apiPlanCSV))
	rt.handle("GET /api/v1/programmes/{key}/overview.xlsx", ruleNational, s.api(s.apiOverviewXLSX))
	rt.handle("GET /api/v1/programmes/{key}/overview.csv", ruleNational, s.api(s.apiOverviewCSV))
	rt.handle("GET /api/v1/programmes/{key}/catalogue.xlsx", ruleSignedIn, s.api(s.apiCatalogueXLSX))
	rt.handle("POST /api/v1/programmes/{key}/catalogue.xlsx", rulePublish, s.api(s.apiImportXLSX))
	rt.handle("POST /api/v1/programmes/{key}/municipalities/{code}/calendar-feeds", rulePlanChange, s.api(s.apiCreateFeed))
	rt.handle("DELETE /api/v1/programmes/{key}/municipalities/{code}/calendar-feeds/{id}", rulePlanChange, s.api(s.apiRevokeFeed))
	rt.handle("GET /api/v1/tasks/{id}", ruleTaskView, s.api(s.apiTask))
	rt.handle("PUT /api/v1/tasks/{id}/status", ruleTaskChange, s.api(s.apiSetStatus))
	// Checklist, links and documents of a task (task_extras.go).
	s.taskExtrasRoutes(rt)

	// Wave planning (issue 6; waveplan_api.go).
	rt.handle("GET /api/v1/programmes/{key}/waveplan/setup", ruleNational, s.api(s.apiWaveSetup))
	rt.handle("PUT /api/v1/programmes/{key}/waveplan/setup", ruleEnrol, s.api(s.apiSaveWaveSetup))
	rt.handle("GET /api/v1/programmes/{key}/waveplan/versions", ruleNational, s.api(s.apiWaveVersions))
	rt.handle("POST /api/v1/programmes/{key}/waveplan/versions", ruleEnrol, s.api(s.apiCreateWaveVersion))
	rt.handle("GET /api/v1/programmes/{key}/waveplan/versions/{n}", ruleNational, s.api(s.apiWaveVersion))
	rt.handle("POST /api/v1/programmes/{key}/waveplan/versions/{n}/moves", ruleEnrol, s.api(s.apiWaveMove))
	rt.handle("POST /api/v1/programmes/{key}/waveplan/versions/{n}/locks", ruleEnrol, s.api(s.apiWaveLock))
	rt.handle("POST /api/v1/programmes/{key}/waveplan/versions/{n}/reoptimise", ruleEnrol, s.api(s.apiWaveReoptimise))
	rt.handle("POST /api/v1/programmes/{key}/waveplan/versions/{n}/announcement", ruleEnrol, s.api(s.apiWaveAnnounce))
	rt.handle("GET /api/v1/programmes/{key}/waveplan/versions/{n}/announcement", ruleNational, s.api(s.apiWaveAnnouncements))
	rt.handle("POST /api/v1/programmes/{key}/waveplan/versions/{n}/final", ruleEnrol, s.api(s.apiWaveFinalise))
	rt.handle("GET /api/v1/programmes/{key}/waveplan/versions/{n}/comments", ruleNational, s.api(s.apiWaveComments))
	rt.handle("GET /api/v1/programmes/{key}/waveplan/versions/{n}/effect", ruleNational, s.api(s.apiWaveEffect))
	rt.handle("GET /api/v1/programmes/{key}/waveplan/versions/{n}/municipalities/{code}", ruleMunicipality, s.api(s.apiWaveMunicipality))
	rt.handle("POST /api/v1/programmes/{key}/waveplan/versions/{n}/municipalities/{code}/comments", rulePlanChange, s.api(s.apiWaveComment))
	rt.handle("GET /api/v1/programmes/{key}/waveplan/diff", ruleNational, s.api(s.apiWaveDiff))
	rt.handle("PUT /api/v1/tasks/{id}/delegate", ruleTaskDelegate, s.api(s.apiDelegateToUser))
	rt.handle("GET /api/v1/me", ruleSignedIn, s.api(s.apiMe))
	rt.handle("GET /api/v1/me/tasks", ruleSignedIn, s.api(s.apiMyTasks))
	// Follow-up: e-mail, worklist, contact log, checkpoints, hypercare (followup_api.go, followup_pages.go).
	s.followupRoutes(rt)
	// Forms of a municipality's own plan and the calendar feeds (plan_forms.go).
	s.planFormRoutes(rt)
	// The readiness survey (readiness.go).
	s.readinessRoutes(rt)
	// The risk register (risk.go).
	s.riskRoutes(rt)
	// Jobs: long operations' progress and results (jobs.go).
	s.jobRoutes(rt)
	// Paged lists across municipalities, one task in every municipality (list_api.go).
	s.listRoutes(rt)
	// The benefit register (benefit.go).
	s.benefitRoutes(rt)
	// The steering reports (report.go).
	s.reportRoutes(rt)
	// The implementation model and the municipality's handbook (handbook.go).
	s.handbookRoutes(rt)
	// The people register and training (people.go, training.go).
	s.peopleRoutes(rt)
	// Institutions' own go-lives and pilots (institutions.go).
	s.institutionRoutes(rt)
	// Announcements, network meetings and kommunepraktik (announce.go).
	s.announceRoutes(rt)
	s.networkRoutes(rt)
	s.practiceRoutes(rt)
	s.addOnRoutes(rt)
	// Tasks before enrolment (before_enrolment.go).
	s.beforeEnrolmentRoutes(rt)
	s.unsubscribeRoutes(rt)
	rt.handle("/api/", rulePublic, s.api(func(w http.ResponseWriter, r *http.Request) error {
		return notFoundRoute(r)
	}))

	rt.handle("GET /static/", rulePublic, staticHandler())
	rt.handle("GET /{$}", ruleSignedIn, s.page(s.pageHome))
	// The accessibility statement must be readable without signing in.
	rt.handle("GET /tilgaengelighed", rulePublic, s.page(s.pageAccessibility))
	rt.handle("GET /programmes/{key}", ruleNational, s.page(s.pageOverview))
	rt.handle("GET /programmes/{key}/followup", ruleNational, s.page(s.pageFollowup))
	rt.handle("GET /programmes/{key}/catalogue", ruleSignedIn, s.page(s.pageCatalogue))
	rt.handle("POST /programmes/{key}/catalogue/preview", rulePublish, s.page(s.formCataloguePreview))
	rt.handle("POST /programmes/{key}/catalogue/publish", rulePublish, s.page(s.formCataloguePublish))
	rt.handle("GET /programmes/{key}/catalogue/tasks/{task}", rulePublish, s.page(s.pageCatalogueTask))
	rt.handle("POST /programmes/{key}/catalogue/tasks/{task}", rulePublish, s.page(s.formCatalogueTask))
	rt.handle("GET /programmes/{key}/catalogue/ny-opgave", rulePublish, s.page(s.pageCatalogueNewTask))
	rt.handle("POST /programmes/{key}/catalogue/ny-opgave", rulePublish, s.page(s.formCatalogueTask))
	rt.handle("GET /programmes/{key}/catalogue/source", rulePublish, s.page(s.pageCatalogueSource))
	rt.handle("GET /programmes/{key}/catalogue.yaml", ruleSignedIn, s.page(s.catalogueYAML))
	rt.handle("GET /programmes/{key}/municipalities/{code}", ruleMunicipality, s.page(s.pagePlan))
	rt.handle("GET /programmes/{key}/municipalities/{code}/tasks/{task}", ruleMunicipality, s.page(s.pagePlanTask))
	rt.handle("GET /programmes/{key}/municipalities/{code}/gantt", ruleMunicipality, s.page(s.pageGantt))
	rt.handle("GET /programmes/{key}/municipalities/{code}/gantt.svg", ruleMunicipality, s.page(s.ganttSVG))
	rt.handle("GET /ical/{token}", rulePublic, s.page(s.icalFeed))
	rt.handle("GET /tasks/{id}", ruleTaskView, s.page(s.pageTask))
	rt.handle("POST /tasks/{id}/status", ruleTaskChange, s.page(s.formSetStatus))

	// Wave planning pages (waveplan_pages.go, waveplan_forms.go).
	rt.handle("GET /programmes/{key}/waveplan", ruleNational, s.page(s.pageWavePlan))
	rt.handle("GET /programmes/{key}/waveplan/setup", ruleNational, s.page(s.pageWaveSetup))
	rt.handle("POST /programmes/{key}/waveplan/setup", ruleEnrol, s.page(s.formWaveSetup))
	rt.handle("POST /programmes/{key}/waveplan/versions", ruleEnrol, s.page(s.formWaveCreate))
	rt.handle("GET /programmes/{key}/waveplan/versions/{n}", ruleNational, s.page(s.pageWaveVersion))
	rt.handle("POST /programmes/{key}/waveplan/versions/{n}/move", ruleEnrol, s.page(s.formWaveMove))
	rt.handle("POST /programmes/{key}/waveplan/versions/{n}/lock", ruleEnrol, s.page(s.formWaveLock))
	rt.handle("POST /programmes/{key}/waveplan/versions/{n}/reoptimise", ruleEnrol, s.page(s.formWaveReoptimise))
	rt.handle("POST /programmes/{key}/waveplan/versions/{n}/announce", ruleEnrol, s.page(s.formWaveAnnounce))
	rt.handle("POST /programmes/{key}/waveplan/versions/{n}/final", ruleEnrol, s.page(s.formWaveFinalise))
	rt.handle("GET /programmes/{key}/waveplan/versions/{n}/municipalities/{code}", ruleMunicipality, s.page(s.pageWaveMunicipality))
	rt.handle("POST /programmes/{key}/waveplan/versions/{n}/municipalities/{code}/comments", rulePlanChange, s.page(s.formWaveComment))
	rt.handle("GET /programmes/{key}/waveplan/diff", ruleNational, s.page(s.pageWaveDiff))
	rt.handle("POST /tasks/{id}/delegate", ruleTaskDelegate, s.page(s.formDelegate))

	// Signing in and out, the user's own account, and administration
	// (auth_pages.go, auth_admin.go).
	rt.handle("GET /login", rulePublic, s.page(s.pageLogin))
	rt.handle("POST /login", rulePublic, s.page(s.formLogin))
	rt.handle("POST /logout", ruleSignedIn, s.page(s.formLogout))
	rt.handle("GET /auth/oidc/start", rulePublic, s.page(s.oidcStart))
	rt.handle("GET /auth/oidc/callback", rulePublic, s.page(s.oidcCallback))
	rt.handle("GET /login/udbyder", rulePublic, s.page(s.pageLoginProvider))
	rt.handle("GET /auth/saml/{idp}/metadata", rulePublic, s.page(s.samlMetadata))
	rt.handle("GET /auth/saml/{idp}/start", rulePublic, s.page(s.samlStart))
	rt.handle("POST /auth/saml/{idp}/acs", rulePublic, s.page(s.samlACS))
	rt.handle("GET /auth/saml/{idp}/slo", rulePublic, s.page(s.samlSLO))
	rt.handle("GET /konto", ruleSignedIn, s.page(s.pageAccount))
	rt.handle("POST /konto/password", ruleSignedIn, s.page(s.formOwnPassword))
	rt.handle("POST /konto/tokens", ruleSignedIn, s.page(s.formCreateOwnToken))
	rt.handle("POST /konto/tokens/{tid}/revoke", ruleSignedIn, s.page(s.formRevokeOwnToken))
	rt.handle("GET /mine", ruleSignedIn, s.page(s.pageMyTasks))
	rt.handle("GET /admin", ruleAdmin, s.page(s.pageAdmin))
	rt.handle("GET /admin/users", ruleAdmin, s.page(s.pageAdminUsers))
	rt.handle("POST /admin/users", ruleAdmin, s.page(s.formAdminCreateUser))
	rt.handle("GET /admin/users/{uid}", ruleAdmin, s.page(s.pageAdminUser))
	rt.handle("POST /admin/users/{uid}", ruleAdmin, s.page(s.formAdminUpdateUser))
	rt.handle("POST /admin/users/{uid}/password", ruleAdmin, s.page(s.formAdminPassword))
	rt.handle("POST /admin/users/{uid}/tokens", ruleAdmin, s.page(s.formAdminCreateToken))
	rt.handle("POST /admin/users/{uid}/tokens/{tid}/revoke", ruleAdmin, s.page(s.formAdminRevokeToken))
	rt.handle("GET /admin/organisations", ruleAdmin, s.page(s.pageAdminOrganisations))
	rt.handle("POST /admin/organisations/login", ruleAdmin, s.page(s.formAdminOrganisationLogin))
	rt.handle("GET /admin/programmes", ruleAdmin, s.page(s.pageAdminProgrammes))
	rt.handle("POST /admin/programmes/{key}", ruleAdmin, s.page(s.formAdminProgramme))
	rt.handle("/", rulePublic, s.page(func(w http.ResponseWriter, r *http.Request) error { return notFoundRoute(r) }))
}
