package app

import (
	"context"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/readiness"
	"github.com/udrul/udrul/internal/store"
)

// The services: each holds the use cases of one part of the domain, in the
// files named, and embeds the core they all share. A service that uses
// another's use cases embeds that service too (the fields below say which),
// so that a use case's body reads a.X in whichever service X lives.

// CatalogueService publishes the task catalogue and edits it (publish.go,
// publish_effect.go, catalogue_edit.go, catalogue_search.go).
type CatalogueService struct {
	*core
	catalogueNeeds
}

// PlanService enrols municipalities and keeps their plans: the plan and its
// colours, baselines, conflicts with the standard, local dates and own
// tasks, the schedule, exports and calendar feeds (enrol.go, views.go,
// plan_*.go).
type PlanService struct {
	*core
	planNeeds
}

// TaskService changes task instances: status (one or many), checklists,
// links, documents and delegation (status.go, bulk.go, task_extras.go,
// delegation.go).
type TaskService struct {
	*core
}

// FollowUpService is the centre's follow-up: the national overview, the
// follow-up list and worklist with owners and snoozes, the contact log and
// checkpoints (overview.go, followup_*.go, contact.go, checkpoint.go).
type FollowUpService struct {
	*core
	followUpNeeds
}

// HypercareService is the time after go-live: teams, their rollouts,
// incidents and lessons (hypercare.go).
type HypercareService struct {
	*core
}

// WavePlanService plans the waves: setup, versions, what-if changes,
// announcement, hearing and the final plan (waveplan_*.go).
type WavePlanService struct {
	*core
	wavePlanNeeds
}

// ReadinessService is the readiness survey (readiness.go).
type ReadinessService struct {
	*core
}

// RiskService is the risk register (risk.go).
type RiskService struct {
	*core
}

// BenefitService is the benefit register (benefit.go).
type BenefitService struct {
	*core
}

// ReportService is the steering reports: status report, programme report
// and the cross-programme views, with the monthly snapshots (report.go).
type ReportService struct {
	*core
	reportNeeds
}

// AnnouncementService is the centre's announcements to the
// municipalities (announce.go).
type AnnouncementService struct {
	*core
}

// AddOnService is add-on purchases (addon.go).
type AddOnService struct {
	*core
}

// UserService is users, sign-in, sessions and API tokens, and the
// organisations (users.go, orgs.go).
type UserService struct {
	*core
	userNeeds
}

// NotifyService is e-mail: settings, digests and the outbox (notify*.go).
type NotifyService struct {
	*core
}

// HomeService is a signed-in user's front page (home.go).
type HomeService struct {
	*core
	homeNeeds
}

// newServices builds the services on c and wires the ones that use each
// other.
func newServices(c *core) *App {
	a := &App{core: c,
		CatalogueService: &CatalogueService{core: c}, PlanService: &PlanService{core: c}, TaskService: &TaskService{core: c},
		FollowUpService: &FollowUpService{core: c}, HypercareService: &HypercareService{core: c}, WavePlanService: &WavePlanService{core: c},
		ReadinessService: &ReadinessService{core: c}, RiskService: &RiskService{core: c}, BenefitService: &BenefitService{core: c}, ReportService: &ReportService{core: c}, AddOnService: &AddOnService{core: c}, UserService: &UserService{core: c},
		NotifyService: &NotifyService{core: c}, HomeService: &HomeService{core: c},
	}
	a.PeopleService, a.TrainingService = &PeopleService{core: c}, &TrainingService{core: c}
	a.AnnouncementService = &AnnouncementService{core: c}
	a.FollowUpService.followUpNeeds = a
	a.HomeService.homeNeeds = a
	a.UserService.userNeeds = a
	a.PlanService.planNeeds = a
	a.WavePlanService.wavePlanNeeds = a
	a.CatalogueService.catalogueNeeds = a
	a.ReportService.reportNeeds = a
	return a
}

// followUpNeeds are the other services' use cases FollowUpService calls.
type followUpNeeds interface {
	HypercareWindow(golive model.Date) (from, to model.Date)
	Users(ctx context.Context) ([]model.User, error)
	assignedTeams(ctx context.Context, tx *store.Tx) (map[int64]int64, map[int64]string, error)
	nationalReadiness(ctx context.Context, tx *store.Tx, prog catalogue.Programme, plans []store.Plan, asof model.Date) (readiness.National, error)
}

// homeNeeds are the other services' use cases HomeService calls.
type homeNeeds interface {
	MyTasks(ctx context.Context, userID int64, asof model.Date) ([]TaskView, error)
	Plan(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*PlanView, error)
	WaveMunicipality(ctx context.Context, by *Identity, programmeKey string, n int, code string) (*WaveMunicipalityView, error)
	WaveVersions(ctx context.Context, by *Identity, programmeKey string) ([]WaveVersionSummary, error)
	PeopleRegister(ctx context.Context, by *Identity, programmeKey, code string) (*PeopleRegisterView, error)
}

// userNeeds are the other services' use cases UserService calls.
type userNeeds interface {
	instancesFor(plan store.Plan, ct *store.CatalogueTask, milestones map[string]model.Date, insts []model.Organisation) ([]store.NewInstance, error)
}

// planNeeds are the other services' use cases PlanService calls.
type planNeeds interface {
	Overview(ctx context.Context, by *Identity, programmeKey string, asof model.Date) (*Overview, error)
	Publish(ctx context.Context, by *Identity, sourceName string, data []byte, expectKey string) (*PublishResult, error)
	Task(ctx context.Context, by *Identity, id int64, asof model.Date) (TaskView, []model.StatusEvent, error)
}

// wavePlanNeeds are the other services' use cases WavePlanService calls.
type wavePlanNeeds interface {
	enrolInTx(ctx context.Context, tx *store.Tx, prog catalogue.Programme, es []Enrolment, actor string) ([]EnrolResult, error)
}

// catalogueNeeds are the other services' use cases CatalogueService calls:
// a publication reaches the enrolled plans and queues its mails.
type catalogueNeeds interface {
	newInstances(ctx context.Context, tx *store.Tx, prog *model.Programme, plan store.Plan, ct *store.CatalogueTask, milestones map[string]model.Date) ([]store.NewInstance, error)
	queuePublication(ctx context.Context, tx *store.Tx, prog catalogue.Programme, v *catalogue.Version) error
}

// reportNeeds are the other services' use cases ReportService calls.
type reportNeeds interface {
	Plan(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*PlanView, error)
	ContactLog(ctx context.Context, by *Identity, programmeKey, code string) (*ContactLog, error)
	RiskRegister(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*RiskRegisterView, error)
	Readiness(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*ReadinessView, error)
}
