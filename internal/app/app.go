package app

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// App is udrul's use cases: one service per part of the domain
// (services.go), all sharing one core. The services are embedded, so a
// caller writes app.Plan(…) without naming the service, and a reader finds
// Plan in PlanService.
type App struct {
	*core
	*CatalogueService
	*PlanService
	*TaskService
	*FollowUpService
	*HypercareService
	*WavePlanService
	*ReadinessService
	*RiskService
	*BenefitService
	*ReportService
	*PeopleService
	*TrainingService
	*AnnouncementService
	*AddOnService
	*UserService
	*NotifyService
	*HomeService
}

// core is what every service shares — the database, the calendar, the
// implementation model, the log, the clock and the mail settings — with
// the helpers every use case needs: transactions, the clock, programme,
// municipality and plan look-ups (app.go) and the policy checks
// (policy.go).
type core struct {
	db    *store.DB
	cal   *calendar.Calendar
	model *model.ImplementationModel
	log   *slog.Logger
	now   func() time.Time

	notifyCfg NotifyConfig // e-mail settings (notify.go)
	jobs      *jobRegistry // the jobs this process runs (jobs.go)
	colours   colourCache  // the overview's per-plan colour counts (overview_cache.go)
	keys      sync.Map     // signing keys by name, once read (unsubscribe.go)
}

// New returns an App. now is the clock; tests pass a fixed one.
func New(db *store.DB, im *model.ImplementationModel, log *slog.Logger, now func() time.Time) *App {
	if now == nil {
		now = time.Now
	}
	return newServices(&core{db: db, cal: calendar.Danish(), model: im, log: log, now: now, jobs: newJobRegistry()})
}

// Model returns the implementation model.
func (a *core) Model() *model.ImplementationModel { return a.model }

// Calendar returns the working-day calendar.
func (a *core) Calendar() *calendar.Calendar { return a.cal }

// Now is the App's clock: the moment use cases and pages count from. The
// server runs on the wall clock; tests fix it.
func (a *core) Now() time.Time { return a.now() }

// Today is the current date in Danish time.
func (a *core) Today() model.Date {
	return model.DanishDate(a.now())
}

func (a *core) write(ctx context.Context, fn func(*store.Tx) error) error {
	return a.db.InTx(ctx, a.now(), fn)
}

func (a *core) read(ctx context.Context, fn func(*store.Tx) error) error {
	return a.db.ReadTx(ctx, fn)
}

func (a *core) programme(ctx context.Context, tx *store.Tx, key string) (catalogue.Programme, error) {
	p, err := tx.ProgrammeByKey(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return p, notFound("programmet %q findes ikke", key)
	}
	return p, err
}

func (a *core) municipality(ctx context.Context, tx *store.Tx, code string) (model.Organisation, error) {
	o, err := tx.OrganisationByCode(ctx, model.OrgMunicipality, code)
	if errors.Is(err, store.ErrNotFound) {
		return o, notFound("kommunen med kode %q findes ikke", code)
	}
	return o, err
}

// programmePlans reads a programme and every municipality's plan in it:
// the one start of the views of a whole programme as of a date (overview,
// follow-up, worklist, exports, hypercare, national readiness).
func (a *core) programmePlans(ctx context.Context, tx *store.Tx, key string) (catalogue.Programme, []store.Plan, error) {
	prog, err := a.programme(ctx, tx, key)
	if err != nil {
		return prog, nil, err
	}
	plans, err := tx.Plans(ctx, prog.ID)
	return prog, plans, err
}

// Programmes lists all programmes.
func (a *core) Programmes(ctx context.Context) ([]catalogue.Programme, error) {
	var out []catalogue.Programme
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.Programmes(ctx)
		return err
	})
	return out, err
}

// LoadOrganisations stores reference organisations (municipalities first,
// then institutions whose ParentID is resolved from parentCode).
func (a *core) LoadOrganisations(ctx context.Context, municipalities []model.Organisation, institutions []Institution) error {
	return a.write(ctx, func(tx *store.Tx) error {
		ids := map[string]int64{}
		for i := range municipalities {
			if err := tx.UpsertOrganisation(ctx, &municipalities[i]); err != nil {
				return err
			}
			ids[municipalities[i].Code] = municipalities[i].ID
		}
		for _, in := range institutions {
			parent, ok := ids[in.Municipality]
			if !ok {
				return invalid("institution %s: ukendt kommune %q", in.Org.Code, in.Municipality)
			}
			o := in.Org
			o.Kind, o.ParentID = model.OrgInstitution, parent
			if err := tx.UpsertOrganisation(ctx, &o); err != nil {
				return err
			}
		}
		return nil
	})
}

// Institution is an institution with its municipality's code.
type Institution struct {
	Municipality string
	Org          model.Organisation
}
