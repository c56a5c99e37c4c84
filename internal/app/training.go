package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/notify"
	"github.com/udrul/udrul/internal/readiness"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/training"
)

// Training: courses and their runs (kursusgange), participants from the
// people register, attendance, the final test and anonymous evaluations.
// Rules in package training, storage in store/training.go, who may do what
// in access (ManageTraining, ViewPeople, ChangePeople); docs/training.md.

// TrainingService is courses, course runs, participants, final tests and
// evaluations (training.go).
type TrainingService struct {
	*core
}

func trainingFieldError(err error) error {
	var fe *training.FieldError
	if errors.As(err, &fe) {
		if fe.Conflict {
			return &Error{Code: CodeConflict, Field: fe.Field, Message: fe.Message}
		}
		return invalidField(fe.Field, "%s", fe.Message)
	}
	return err
}

// RunView is a course run with its flag against the training window.
type RunView struct {
	training.RunEntry
	TypeLabel  string `json:"type_label"`
	StateLabel string `json:"state_label"`
	// Outside names the municipalities whose training window (the span of
	// their plan's training tasks) the run leaves: the run's own
	// municipality, or for a shared run its participants'.
	Outside []string `json:"outside_window"`
}

// CourseView is a course with its runs.
type CourseView struct {
	training.Course
	Runs []RunView `json:"runs"`
}

// TrainingView is a programme's courses and runs.
type TrainingView struct {
	Programme     string       `json:"programme"`
	ProgrammeName string       `json:"programme_name"`
	CanManage     bool         `json:"can_manage"`
	Courses       []CourseView `json:"courses"`
	// Municipalities are the enrolled municipalities a run can be for.
	Municipalities []MunicipalityRef `json:"municipalities"`
}

// MunicipalityRef names a municipality.
type MunicipalityRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// runViews flags every run against the training windows.
func runViews(runs []training.RunEntry, parts []training.Participant, windows map[int64]training.Window) map[int64][]RunView {
	byRun := map[int64]map[int64]string{}
	for _, p := range parts {
		if byRun[p.RunKey] == nil {
			byRun[p.RunKey] = map[int64]string{}
		}
		byRun[p.RunKey][p.MunicipalityID] = p.MunicipalityName
	}
	out := map[int64][]RunView{}
	for _, r := range runs {
		v := RunView{RunEntry: r, TypeLabel: r.Type.Label(), StateLabel: r.State.Label(), Outside: []string{}}
		munis := byRun[r.Key]
		if r.State == training.Cancelled {
			munis = nil // a cancelled run takes nobody's time
		}
		if r.MunicipalityID != 0 && r.State != training.Cancelled {
			munis = map[int64]string{r.MunicipalityID: r.MunicipalityName}
		}
		for id, name := range munis {
			if windows[id].Outside(r.Start, r.End) {
				v.Outside = append(v.Outside, name)
			}
		}
		sort.Strings(v.Outside)
		out[r.CourseKey] = append(out[r.CourseKey], v)
	}
	return out
}

// Training returns a programme's courses with their runs, each run flagged
// where it falls outside a municipality's training window.
func (a *TrainingService) Training(ctx context.Context, by *Identity, programmeKey string) (*TrainingView, error) {
	var v *TrainingView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		cs, err := tx.Courses(ctx, prog.ID)
		if err != nil {
			return err
		}
		runs, err := tx.Runs(ctx, prog.ID)
		if err != nil {
			return err
		}
		parts, err := tx.Participants(ctx, prog.ID, 0)
		if err != nil {
			return err
		}
		windows, err := tx.TrainingWindows(ctx, prog.ID)
		if err != nil {
			return err
		}
		plans, err := tx.Plans(ctx, prog.ID)
		if err != nil {
			return err
		}
		v = &TrainingView{Programme: prog.Key, ProgrammeName: prog.Name, Courses: []CourseView{}, Municipalities: []MunicipalityRef{}}
		v.CanManage = unrestricted(by) || access.ManageTraining(by.Subject)
		rv := runViews(runs, parts, windows)
		for _, c := range cs {
			r := rv[c.Key]
			if r == nil {
				r = []RunView{}
			}
			v.Courses = append(v.Courses, CourseView{Course: c, Runs: r})
		}
		for _, p := range plans {
			v.Municipalities = append(v.Municipalities, MunicipalityRef{Code: p.Municipality.Code, Name: p.Municipality.Name})
		}
		sort.Slice(v.Municipalities, func(i, j int) bool { return v.Municipalities[i].Name < v.Municipalities[j].Name })
		return nil
	})
	return v, err
}

// CourseInput is a new course.
type CourseInput struct {
	Title       string `json:"title"`
	Description string `json:"description"`
}

// CreateCourse adds a course to a programme.
func (a *TrainingService) CreateCourse(ctx context.Context, by *Identity, programmeKey string, in CourseInput) (training.Course, error) {
	var out training.Course
	if err := allow(by, access.ManageTraining, access.RefuseManageTraining); err != nil {
		return out, err
	}
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	switch {
	case in.Title == "":
		return out, invalidField("title", "skriv kursets titel")
	case utf8.RuneCountInString(in.Title) > 200:
		return out, invalidField("title", "titlen må højst være 200 tegn")
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		out = training.Course{Title: in.Title, Description: in.Description}
		return tx.InsertCourse(ctx, prog.ID, &out, actorOf(by))
	})
	return out, err
}

// RunInput is a new course run: for a municipality (its code) or shared,
// and whether it is the municipality's purchased end-user training.
type RunInput struct {
	training.Run
	Municipality string `json:"municipality"`
	Purchased    bool   `json:"purchased"`
}

// CreateRun adds a run to a course. A purchased end-user training run
// must name its municipality and must keep the supplier within
// training.MaxConcurrentPurchasedTraining municipalities at once; a run
// that breaks it is refused naming the municipalities.
func (a *TrainingService) CreateRun(ctx context.Context, by *Identity, programmeKey string, courseKey int64, in RunInput) (RunView, error) {
	var out RunView
	if err := allow(by, access.ManageTraining, access.RefuseManageTraining); err != nil {
		return out, err
	}
	if err := in.Run.Validate(); err != nil {
		return out, trainingFieldError(err)
	}
	in.Municipality = strings.TrimSpace(in.Municipality)
	if in.Purchased && in.Municipality == "" {
		return out, invalidField("municipality", "købt slutbrugeruddannelse er altid en kommunes; vælg kommunen")
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		cs, err := tx.Courses(ctx, prog.ID)
		if err != nil {
			return err
		}
		r := training.RunEntry{Run: in.Run, CourseKey: courseKey, Purchased: in.Purchased}
		for _, c := range cs {
			if c.Key == courseKey {
				r.CourseTitle = c.Title
			}
		}
		if r.CourseTitle == "" {
			return notFound("kurset findes ikke i programmet")
		}
		if in.Municipality != "" {
			plan, err := a.planOf(ctx, tx, programmeKey, in.Municipality)
			if err != nil {
				return invalidField("municipality", "kommunen %s er ikke tilmeldt programmet", in.Municipality)
			}
			r.MunicipalityID, r.Municipality, r.MunicipalityName = plan.Municipality.ID, plan.Municipality.Code, plan.Municipality.Name
		}
		if err := checkSupplier(ctx, tx, prog.ID, r); err != nil {
			return err
		}
		if err := tx.InsertRun(ctx, &r, actorOf(by)); err != nil {
			return err
		}
		windows, err := tx.TrainingWindows(ctx, prog.ID)
		if err != nil {
			return err
		}
		out = runViews([]training.RunEntry{r}, nil, windows)[courseKey][0]
		return nil
	})
	return out, err
}

// checkSupplier refuses run r (new, or with new dates) if it is purchased
// end-user training that would take the supplier over its capacity, counted
// against the other planned purchased runs. The capacity lock is held to
// the end of the transaction, so two writers cannot both take the last
// place.
func checkSupplier(ctx context.Context, tx *store.Tx, programmeID int64, r training.RunEntry) error {
	if !r.Purchased {
		return nil
	}
	if err := tx.LockSupplierCapacity(ctx); err != nil {
		return err
	}
	runs, err := tx.Runs(ctx, programmeID)
	if err != nil {
		return err
	}
	var planned []training.PurchasedTraining
	for _, x := range runs {
		if x.Purchased && x.State != training.Cancelled && x.Key != r.Key {
			planned = append(planned, training.PurchasedTraining{Municipality: x.MunicipalityName, Start: x.Start, End: x.End})
		}
	}
	return trainingFieldError(training.CheckSupplierTrainingCapacity(planned,
		training.PurchasedTraining{Municipality: r.MunicipalityName, Start: r.Start, End: r.End}))
}

// KindCourseRun is the outbox kind of the mails to participants of a moved
// or cancelled course run.
const KindCourseRun = "kursusgang"

// RunUpdate is a run's new type, dates, place, capacity and trainer, with
// the version read. Its municipality and whether it is purchased training
// stay: such a run is cancelled and a new one created.
type RunUpdate struct {
	training.Run
	Version int `json:"version"`
}

// CancelInput cancels a run, with a reason for the participants.
type CancelInput struct {
	Reason  string `json:"reason"`
	Version int    `json:"version"`
}

// UpdateRun changes a course run. Its capacity cannot go below the people
// signed up (422 capacity); purchased end-user training moved to other
// days must still keep the supplier within its capacity (422 starts_on); a
// cancelled run, or new dates once results are recorded, are 409; a stale
// version is 409. The change is written to the run's history, and when the
// run moves (days, place or form) every participant with an e-mail
// address gets a mail, in the same transaction.
func (a *TrainingService) UpdateRun(ctx context.Context, by *Identity, programmeKey string, runKey int64, in RunUpdate) (RunView, error) {
	var out RunView
	if err := allow(by, access.ManageTraining, access.RefuseManageTraining); err != nil {
		return out, err
	}
	if err := in.Run.Validate(); err != nil {
		return out, trainingFieldError(err)
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		r, err := a.runOf(ctx, tx, prog.ID, runKey)
		if err != nil {
			return err
		}
		if r.Version != in.Version {
			return staleRun(r.Version, in.Version)
		}
		parts, err := tx.Participants(ctx, prog.ID, runKey)
		if err != nil {
			return err
		}
		if err := training.CheckEdit(r.State, r.Run, in.Run, len(parts), recorded(parts)); err != nil {
			return trainingFieldError(err)
		}
		before := r.Run
		r.Run = in.Run
		changes := training.Changes(before, r.Run)
		windows, err := tx.TrainingWindows(ctx, prog.ID)
		if err != nil {
			return err
		}
		if len(changes) == 0 { // nothing to write, mail or record
			out = runViews([]training.RunEntry{r}, parts, windows)[r.CourseKey][0]
			return nil
		}
		if r.Start != before.Start || r.End != before.End {
			if err := checkSupplier(ctx, tx, prog.ID, r); err != nil {
				return err
			}
		}
		if err := tx.UpdateRun(ctx, &r, in.Version); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return staleRun(r.Version+1, in.Version)
			}
			return err
		}
		if err := tx.InsertRunEvent(ctx, r.Key, training.RunEvent{Actor: actorOf(by), Kind: "ændret", Comment: strings.Join(changes, "; ")}); err != nil {
			return err
		}
		if training.Moved(before, r.Run) {
			if err := a.mailParticipants(ctx, tx, prog.Name, r, notify.CourseRunChange{Changes: changes}, actorOf(by)); err != nil {
				return err
			}
		}
		out = runViews([]training.RunEntry{r}, parts, windows)[r.CourseKey][0]
		return nil
	})
	return out, err
}

// CancelRun cancels a course run that has not begun and has no results
// (else 409 naming run). The run stays, with its participants and
// history, in state aflyst; every participant with an e-mail address gets
// a mail in the same transaction.
func (a *TrainingService) CancelRun(ctx context.Context, by *Identity, programmeKey string, runKey int64, in CancelInput) (RunView, error) {
	var out RunView
	if err := allow(by, access.ManageTraining, access.RefuseManageTraining); err != nil {
		return out, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if utf8.RuneCountInString(in.Reason) > 500 {
		return out, invalidField("reason", "begrundelsen må højst være 500 tegn")
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		r, err := a.runOf(ctx, tx, prog.ID, runKey)
		if err != nil {
			return err
		}
		if r.Version != in.Version {
			return staleRun(r.Version, in.Version)
		}
		parts, err := tx.Participants(ctx, prog.ID, runKey)
		if err != nil {
			return err
		}
		if err := training.CheckCancel(r.State, r.Start, recorded(parts), a.Today()); err != nil {
			return trainingFieldError(err)
		}
		if err := tx.CancelRun(ctx, r.Key, in.Version, in.Reason); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return staleRun(r.Version+1, in.Version)
			}
			return err
		}
		r.State, r.CancelReason, r.Version = training.Cancelled, in.Reason, r.Version+1
		comment := "kursusgangen er aflyst"
		if in.Reason != "" {
			comment += ": " + in.Reason
		}
		if err := tx.InsertRunEvent(ctx, r.Key, training.RunEvent{Actor: actorOf(by), Kind: "aflyst", Comment: comment}); err != nil {
			return err
		}
		if err := a.mailParticipants(ctx, tx, prog.Name, r, notify.CourseRunChange{Cancelled: true, Reason: in.Reason}, actorOf(by)); err != nil {
			return err
		}
		out = runViews([]training.RunEntry{r}, parts, nil)[r.CourseKey][0]
		return nil
	})
	return out, err
}

func staleRun(now, had int) error {
	return &Error{Code: CodeConflict, Field: "version", Message: fmt.Sprintf(
		"kursusgangen er ændret af en anden i mellemtiden (version %d, du havde %d); hent den igen", now, had)}
}

// recorded says whether any participant has attendance or a score.
func recorded(parts []training.Participant) bool {
	return slices.ContainsFunc(parts, func(p training.Participant) bool { return p.Attended != nil || p.Score != nil })
}

// mailParticipants queues mail to r's participants that have an address;
// the event key holds the run's new version, so each change mails once.
func (a *TrainingService) mailParticipants(ctx context.Context, tx *store.Tx, programmeName string, r training.RunEntry, mail notify.CourseRunChange, actor string) error {
	rs, err := tx.RunRecipients(ctx, r.Key)
	if err != nil {
		return err
	}
	mail.ProgrammeName, mail.Course, mail.Place, mail.Actor = programmeName, r.CourseTitle, r.Place, actor
	mail.When = r.Start.Danish()
	if r.End != r.Start {
		mail.When += "–" + r.End.Danish()
	}
	var msgs []model.OutboxMessage
	for _, p := range rs {
		if p.Email == "" {
			continue
		}
		mail.Name = p.Name
		subject, body := mail.Render()
		msgs = append(msgs, model.OutboxMessage{EventKey: fmt.Sprintf("%s:%d:%d:%d", KindCourseRun, r.Key, r.Version, p.PersonKey),
			Kind: KindCourseRun, ToAddress: p.Email, ToName: p.Name, Subject: subject, Body: body})
	}
	_, err = tx.EnqueueMessages(ctx, msgs)
	return err
}

// RunDetailView is a run with its participants and evaluations.
type RunDetailView struct {
	Programme     string                    `json:"programme"`
	ProgrammeName string                    `json:"programme_name"`
	Run           RunView                   `json:"run"`
	Participants  []ParticipantView         `json:"participants"`
	Evaluation    training.EvaluationResult `json:"evaluation"`
	// History is the run's changes and cancellation, oldest first.
	History []training.RunEvent `json:"history"`
	// Cancellable: it has not begun and nothing is recorded.
	Cancellable bool `json:"cancellable"`
}

// ParticipantView is a participant with whether they passed.
type ParticipantView struct {
	training.Participant
	Passed bool `json:"passed"`
}

// RunDetail returns a run with its participants and its evaluations'
// figures (hidden below the survey's anonymity threshold).
func (a *TrainingService) RunDetail(ctx context.Context, by *Identity, programmeKey string, runKey int64) (*RunDetailView, error) {
	if err := allow(by, access.ManageTraining, access.RefuseManageTraining); err != nil {
		return nil, err
	}
	var v *RunDetailView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		r, err := a.runOf(ctx, tx, prog.ID, runKey)
		if err != nil {
			return err
		}
		parts, err := tx.Participants(ctx, prog.ID, runKey)
		if err != nil {
			return err
		}
		windows, err := tx.TrainingWindows(ctx, prog.ID)
		if err != nil {
			return err
		}
		sums, err := tx.EvaluationSums(ctx, prog.ID)
		if err != nil {
			return err
		}
		v = &RunDetailView{Programme: prog.Key, ProgrammeName: prog.Name, Run: runViews([]training.RunEntry{r}, parts, windows)[r.CourseKey][0],
			Participants: []ParticipantView{}, Evaluation: sums[runKey].Summarise(readiness.DefaultThreshold)}
		for _, p := range parts {
			v.Participants = append(v.Participants, ParticipantView{Participant: p, Passed: p.Score != nil && training.Passed(*p.Score)})
		}
		v.Cancellable = training.CheckCancel(r.State, r.Start, recorded(parts), a.Today()) == nil
		v.History, err = tx.RunEvents(ctx, runKey)
		return err
	})
	return v, err
}

func (a *TrainingService) runOf(ctx context.Context, tx *store.Tx, programmeID, runKey int64) (training.RunEntry, error) {
	r, err := tx.Run(ctx, programmeID, runKey)
	if errors.Is(err, store.ErrNotFound) {
		return r, notFound("kursusgangen findes ikke i programmet")
	}
	return r, err
}

// SignUp is a person of the register to sign up for a run.
type SignUp struct {
	Run    int64 `json:"run"`
	Person int64 `json:"person"`
}

// RegisterParticipant signs a person of the municipality's register up
// for a run: a full run is refused (409 naming run), a run of another
// municipality too.
func (a *TrainingService) RegisterParticipant(ctx context.Context, by *Identity, programmeKey, code string, in SignUp) (ParticipantView, error) {
	var out ParticipantView
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := (&PeopleService{core: a.core}).peoplePlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		p, err := tx.Person(ctx, prog.ID, plan.Municipality.ID, in.Person)
		if errors.Is(err, store.ErrNotFound) {
			return invalidField("person", "personen findes ikke i kommunens rolleregister")
		}
		if err != nil {
			return err
		}
		r, err := tx.Run(ctx, prog.ID, in.Run)
		if errors.Is(err, store.ErrNotFound) {
			return invalidField("run", "kursusgangen findes ikke i programmet")
		}
		if err != nil {
			return err
		}
		if r.State == training.Cancelled {
			return &Error{Code: CodeConflict, Field: "run", Message: "kursusgangen er aflyst; vælg en anden"}
		}
		if r.MunicipalityID != 0 && r.MunicipalityID != plan.Municipality.ID {
			return invalidField("run", "kursusgangen er %s's; vælg en af kommunens egne eller en fælles kursusgang", r.MunicipalityName)
		}
		if err := training.CheckCapacity(r.Participants, r.Capacity); err != nil {
			var fe *training.FieldError
			errors.As(err, &fe)
			return &Error{Code: CodeConflict, Field: fe.Field, Message: fe.Message}
		}
		if err := tx.InsertParticipant(ctx, r.Key, p.Key, actorOf(by)); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return &Error{Code: CodeConflict, Field: "person", Message: fmt.Sprintf("%s er allerede tilmeldt kursusgangen", p.Name)}
			}
			return err
		}
		out = ParticipantView{Participant: training.Participant{RunKey: r.Key, PersonKey: p.Key, Name: p.Name, MunicipalityID: plan.Municipality.ID,
			Municipality: plan.Municipality.Code, MunicipalityName: plan.Municipality.Name, Version: 1}}
		return nil
	})
	return out, err
}

// WithdrawParticipant takes a person of the municipality off a run they
// were signed up for, freeing the seat. Only before the run starts and
// while nothing is recorded for them: attendance and a test score are the
// run's record, kept by whoever runs the course.
func (a *TrainingService) WithdrawParticipant(ctx context.Context, by *Identity, programmeKey, code string, runKey, personKey int64) error {
	return a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := (&PeopleService{core: a.core}).peoplePlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		p, err := tx.Person(ctx, prog.ID, plan.Municipality.ID, personKey)
		if errors.Is(err, store.ErrNotFound) {
			return invalidField("person", "personen findes ikke i kommunens rolleregister")
		}
		if err != nil {
			return err
		}
		r, err := tx.Run(ctx, prog.ID, runKey)
		if errors.Is(err, store.ErrNotFound) {
			return invalidField("run", "kursusgangen findes ikke i programmet")
		}
		if err != nil {
			return err
		}
		parts, err := tx.Participants(ctx, prog.ID, r.Key)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(parts, func(x training.Participant) bool { return x.PersonKey == p.Key })
		if i < 0 {
			return invalidField("person", "%s er ikke tilmeldt kursusgangen", p.Name)
		}
		if !training.CanWithdraw(r.Start, parts[i].Attended, parts[i].Score, a.Today()) {
			return &Error{Code: CodeConflict, Field: "run", Message: fmt.Sprintf(
				"%s kan ikke afmeldes: kursusgangen begyndte %s, eller fremmøde eller testresultat er registreret", p.Name, r.Start.Danish())}
		}
		return tx.DeleteParticipant(ctx, r.Key, p.Key)
	})
}

// ResultInput is a participant's attendance and final-test score (per
// cent; absent: not taken) with the version read.
type ResultInput struct {
	Attended *bool    `json:"attended"`
	Score    *float64 `json:"score"`
	Version  int      `json:"version"`
}

// RecordResult records a participant's attendance and final-test score.
// A score over 100 % is refused naming score; a stale version is 409.
func (a *TrainingService) RecordResult(ctx context.Context, by *Identity, programmeKey string, runKey, personKey int64, in ResultInput) (ParticipantView, error) {
	var out ParticipantView
	if err := allow(by, access.ManageTraining, access.RefuseManageTraining); err != nil {
		return out, err
	}
	if in.Score != nil {
		if err := training.ValidateScore(*in.Score); err != nil {
			return out, trainingFieldError(err)
		}
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		if _, err := a.runOf(ctx, tx, prog.ID, runKey); err != nil {
			return err
		}
		parts, err := tx.Participants(ctx, prog.ID, runKey)
		if err != nil {
			return err
		}
		for _, p := range parts {
			if p.PersonKey != personKey {
				continue
			}
			if p.Version != in.Version {
				return &Error{Code: CodeConflict, Field: "version", Message: fmt.Sprintf(
					"resultatet er ændret af en anden i mellemtiden (version %d, du havde %d); hent det igen", p.Version, in.Version)}
			}
			if err := tx.UpdateParticipant(ctx, runKey, personKey, in.Attended, in.Score, in.Version); err != nil {
				if errors.Is(err, store.ErrConflict) {
					return &Error{Code: CodeConflict, Field: "version", Message: "resultatet er ændret af en anden i samme øjeblik; hent det igen", Err: err}
				}
				return err
			}
			p.Attended, p.Score, p.Version = in.Attended, in.Score, p.Version+1
			out = ParticipantView{Participant: p, Passed: p.Score != nil && training.Passed(*p.Score)}
			return nil
		}
		return notFound("personen er ikke tilmeldt kursusgangen")
	})
	return out, err
}

// EvaluationInput is one anonymous evaluation of a run.
type EvaluationInput struct {
	Satisfaction int `json:"satisfaction"`
	Benefit      int `json:"benefit"`
}

// AddEvaluation records one anonymous evaluation (satisfaction and
// benefit, 1–5) of a run.
func (a *TrainingService) AddEvaluation(ctx context.Context, by *Identity, programmeKey string, runKey int64, in EvaluationInput) error {
	if err := allow(by, access.ManageTraining, access.RefuseManageTraining); err != nil {
		return err
	}
	if err := training.ValidateEvaluation(in.Satisfaction, in.Benefit); err != nil {
		return trainingFieldError(err)
	}
	return a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		if _, err := a.runOf(ctx, tx, prog.ID, runKey); err != nil {
			return err
		}
		return tx.InsertEvaluation(ctx, runKey, in.Satisfaction, in.Benefit)
	})
}

// TraineeView is a person of the register with their training.
type TraineeView struct {
	Key   int64    `json:"key"`
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
	// Runs are the runs they are signed up for, with their results.
	Runs []TraineeRun `json:"runs"`
	// Best is their best final-test score; absent without one.
	Best   *float64 `json:"best,omitempty"`
	Passed bool     `json:"passed"`
}

// TraineeRun is one run of a trainee.
type TraineeRun struct {
	Run      int64      `json:"run"`
	Course   string     `json:"course"`
	Starts   model.Date `json:"starts_on"`
	Attended *bool      `json:"attended"`
	Score    *float64   `json:"score"`
	// Withdrawable: the run has not started and nothing is recorded, so
	// the municipality can still take the person off it.
	Withdrawable bool `json:"withdrawable"`
	// Cancelled: the run was cancelled; the person needs another.
	Cancelled bool `json:"cancelled"`
}

// MunicipalityTrainingView is a municipality's training: who has not
// passed the final test before go-live, and the runs its people can join.
type MunicipalityTrainingView struct {
	Programme        string          `json:"programme"`
	ProgrammeName    string          `json:"programme_name"`
	Municipality     string          `json:"municipality"`
	MunicipalityName string          `json:"municipality_name"`
	GoLive           model.Date      `json:"golive"`
	Window           training.Window `json:"window"`
	CanChange        bool            `json:"can_change"`
	Trainees         []TraineeView   `json:"trainees"`
	NotPassed        int             `json:"not_passed"`
	// Runs are the runs its people can join: its own and shared ones.
	Runs []RunView `json:"runs"`
	// People are the register's people, to sign up.
	People []MunicipalityRef `json:"people"`
}

// trained are the roles the supplier trains (seed 001 §2.2): they must
// pass the final test before go-live.
func trained(r model.PersonRole) bool {
	return r == model.RoleAdministrator || r == model.RoleSuperUser || r == model.RoleAdminSuperUser
}

// MunicipalityTraining returns a municipality's people who are to be
// trained (administrators and super-users, and anyone signed up) with
// their results; those who have not passed come first.
func (a *TrainingService) MunicipalityTraining(ctx context.Context, by *Identity, programmeKey, code string) (*MunicipalityTrainingView, error) {
	var v *MunicipalityTrainingView
	err := a.read(ctx, func(tx *store.Tx) error {
		ps := &PeopleService{core: a.core}
		prog, plan, err := ps.peoplePlan(ctx, tx, by, programmeKey, code, false)
		if err != nil {
			return err
		}
		people, err := tx.People(ctx, prog.ID, plan.Municipality.ID)
		if err != nil {
			return err
		}
		runs, err := tx.Runs(ctx, prog.ID)
		if err != nil {
			return err
		}
		parts, err := tx.Participants(ctx, prog.ID, 0)
		if err != nil {
			return err
		}
		windows, err := tx.TrainingWindows(ctx, prog.ID)
		if err != nil {
			return err
		}
		v = &MunicipalityTrainingView{Programme: prog.Key, ProgrammeName: prog.Name, Municipality: plan.Municipality.Code,
			MunicipalityName: plan.Municipality.Name, GoLive: plan.GoLive, Window: windows[plan.Municipality.ID],
			Trainees: []TraineeView{}, Runs: []RunView{}, People: []MunicipalityRef{}}
		v.CanChange = unrestricted(by) || access.ChangePeople(by.Subject, plan.Municipality.ID)
		course := map[int64]training.RunEntry{}
		for _, r := range runs {
			course[r.Key] = r
		}
		mine := map[int64][]training.Participant{}
		for _, p := range parts {
			if p.MunicipalityID == plan.Municipality.ID {
				mine[p.PersonKey] = append(mine[p.PersonKey], p)
			}
		}
		for _, p := range people {
			v.People = append(v.People, MunicipalityRef{Code: fmt.Sprint(p.Key), Name: p.Name})
			t := TraineeView{Key: p.Key, Name: p.Name, Roles: []string{}, Runs: []TraineeRun{}}
			need := len(mine[p.Key]) > 0
			for _, r := range p.Roles {
				need = need || trained(r.Role)
				label := r.Role.Label()
				if r.InstitutionName != "" {
					label += " på " + r.InstitutionName
				}
				t.Roles = append(t.Roles, label)
			}
			if !need {
				continue
			}
			for _, x := range mine[p.Key] {
				r := course[x.RunKey]
				t.Runs = append(t.Runs, TraineeRun{Run: x.RunKey, Course: r.CourseTitle, Starts: r.Start, Attended: x.Attended, Score: x.Score,
					Withdrawable: r.State != training.Cancelled && training.CanWithdraw(r.Start, x.Attended, x.Score, a.Today()),
					Cancelled:    r.State == training.Cancelled})
				if x.Score != nil && (t.Best == nil || *x.Score > *t.Best) {
					s := *x.Score
					t.Best = &s
				}
			}
			t.Passed = t.Best != nil && training.Passed(*t.Best)
			if !t.Passed {
				v.NotPassed++
			}
			v.Trainees = append(v.Trainees, t)
		}
		sort.SliceStable(v.Trainees, func(i, j int) bool { return !v.Trainees[i].Passed && v.Trainees[j].Passed })
		var open []training.RunEntry
		for _, r := range runs {
			if (r.MunicipalityID == 0 || r.MunicipalityID == plan.Municipality.ID) && r.State != training.Cancelled {
				open = append(open, r)
			}
		}
		for _, rs := range runViews(open, nil, windows) {
			v.Runs = append(v.Runs, rs...)
		}
		sort.Slice(v.Runs, func(i, j int) bool { return v.Runs[i].Start < v.Runs[j].Start })
		return nil
	})
	return v, err
}

// PassRateLine is the final test's pass rate of a municipality or wave.
type PassRateLine struct {
	Municipality     string `json:"municipality,omitempty"`
	MunicipalityName string `json:"municipality_name,omitempty"`
	Wave             int    `json:"wave"`
	Tested           int    `json:"tested"`
	Passed           int    `json:"passed"`
	Percent          int    `json:"percent"`
}

// EvaluationLine is a course's evaluations in a wave (0: runs shared by
// several municipalities), hidden below the anonymity threshold.
type EvaluationLine struct {
	Course     string                    `json:"course"`
	Wave       int                       `json:"wave"`
	Evaluation training.EvaluationResult `json:"evaluation"`
}

// NationalTrainingView is the centre's view of training.
type NationalTrainingView struct {
	Programme      string           `json:"programme"`
	ProgrammeName  string           `json:"programme_name"`
	Threshold      int              `json:"threshold"`
	Municipalities []PassRateLine   `json:"municipalities"`
	Waves          []PassRateLine   `json:"waves"`
	Evaluations    []EvaluationLine `json:"evaluations"`
	// Outside counts the runs outside a municipality's training window.
	Outside int `json:"runs_outside_window"`
}

// NationalTraining returns the final test's pass rates per municipality and
// wave (each participant's best score counts once) and the evaluations per
// course and wave, under the readiness survey's anonymity threshold.
func (a *TrainingService) NationalTraining(ctx context.Context, by *Identity, programmeKey string) (*NationalTrainingView, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	var v *NationalTrainingView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		plans, err := tx.Plans(ctx, prog.ID)
		if err != nil {
			return err
		}
		parts, err := tx.Participants(ctx, prog.ID, 0)
		if err != nil {
			return err
		}
		runs, err := tx.Runs(ctx, prog.ID)
		if err != nil {
			return err
		}
		sums, err := tx.EvaluationSums(ctx, prog.ID)
		if err != nil {
			return err
		}
		windows, err := tx.TrainingWindows(ctx, prog.ID)
		if err != nil {
			return err
		}
		v = &NationalTrainingView{Programme: prog.Key, ProgrammeName: prog.Name, Threshold: readiness.DefaultThreshold,
			Municipalities: []PassRateLine{}, Waves: []PassRateLine{}, Evaluations: []EvaluationLine{}}
		wave := map[int64]int{}
		for _, p := range plans {
			wave[p.Municipality.ID] = p.Wave
		}
		best := map[int64]float64{}
		muniOf := map[int64]training.Participant{}
		for _, p := range parts {
			if p.Score == nil {
				continue
			}
			if b, ok := best[p.PersonKey]; !ok || *p.Score > b {
				best[p.PersonKey] = *p.Score
			}
			muniOf[p.PersonKey] = p
		}
		perMuni, perWave := map[int64]*training.PassRate{}, map[int]*training.PassRate{}
		for person, score := range best {
			m := muniOf[person].MunicipalityID
			if perMuni[m] == nil {
				perMuni[m] = &training.PassRate{}
			}
			perMuni[m].Add(score)
			w := wave[m]
			if perWave[w] == nil {
				perWave[w] = &training.PassRate{}
			}
			perWave[w].Add(score)
		}
		for _, p := range plans {
			r := perMuni[p.Municipality.ID]
			if r == nil {
				continue
			}
			v.Municipalities = append(v.Municipalities, PassRateLine{Municipality: p.Municipality.Code, MunicipalityName: p.Municipality.Name,
				Wave: p.Wave, Tested: r.Tested, Passed: r.Passed, Percent: r.Percent()})
		}
		ws := make([]int, 0, len(perWave))
		for w := range perWave {
			ws = append(ws, w)
		}
		sort.Ints(ws)
		for _, w := range ws {
			r := perWave[w]
			v.Waves = append(v.Waves, PassRateLine{Wave: w, Tested: r.Tested, Passed: r.Passed, Percent: r.Percent()})
		}
		type key struct {
			course string
			wave   int
		}
		ev := map[key]*training.EvaluationSum{}
		var order []key
		for _, r := range runs {
			k := key{r.CourseTitle, wave[r.MunicipalityID]}
			if ev[k] == nil {
				ev[k] = &training.EvaluationSum{}
				order = append(order, k)
			}
			ev[k].Add(sums[r.Key])
		}
		sort.SliceStable(order, func(i, j int) bool {
			if order[i].course != order[j].course {
				return order[i].course < order[j].course
			}
			return order[i].wave < order[j].wave
		})
		for _, k := range order {
			v.Evaluations = append(v.Evaluations, EvaluationLine{Course: k.course, Wave: k.wave, Evaluation: ev[k].Summarise(v.Threshold)})
		}
		for _, rs := range runViews(runs, parts, windows) {
			for _, r := range rs {
				if len(r.Outside) > 0 {
					v.Outside++
				}
			}
		}
		return nil
	})
	return v, err
}
