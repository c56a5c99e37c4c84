package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/auth"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/readiness"
	"github.com/udrul/udrul/internal/store"
)

// The readiness survey (parathedsundersøgelse): rules in package readiness,
// storage in store/readiness.go, who may do what in access (ViewReadiness,
// ManageReadiness, ViewReadinessNational); docs/readiness.md.

// Limits on what one request may make.
const (
	MaxReadinessGroups   = 30
	MaxPersonalLinks     = 500   // personal links made at once
	MaxOpenLinkLimit     = 10000 // answers one open link may take
	maxReadinessGroupLen = 100
)

// ReadinessTokenPrefix begins every respondent token, so that one found in
// a log or a mail is recognisable.
const ReadinessTokenPrefix = "udrul_svar_"

// ReadinessGroupResult is a group's figures in a round.
type ReadinessGroupResult struct {
	GroupID int64            `json:"group_id"`
	Group   string           `json:"group"`
	Result  readiness.Result `json:"result"`
}

// ReadinessTaskRef is the plan's task for a round.
type ReadinessTaskRef struct {
	ID     int64        `json:"id"`
	Status model.Status `json:"status"`
}

// ReadinessRoundView is one round of a municipality's survey.
type ReadinessRoundView struct {
	Kind    readiness.Kind   `json:"round"`
	Label   string           `json:"label"`
	Window  readiness.Window `json:"window"`
	Created bool             `json:"created"`
	Closed  bool             `json:"closed"`
	// Open is whether the round takes answers as of the view's date.
	Open bool `json:"open"`
	// Answers is the number of answers in the round, all groups together:
	// the project lead needs it to know whether the round can be closed
	// with enough answers. Per group, counts below the threshold are hidden.
	Answers int  `json:"answers"`
	Run     bool `json:"run"` // closed with at least the threshold's answers
	// Results (per group, and all groups together) are given only once the
	// round is closed; until then every result is hidden.
	Due bool `json:"due"` // the window has passed
	// Task is the plan's task for the round (the catalogue's readiness_round).
	Task   *ReadinessTaskRef      `json:"task,omitempty"`
	Groups []ReadinessGroupResult `json:"groups"`
	Total  readiness.Result       `json:"total"` // all groups together
}

// ReadinessGroupComparison is a group's change from the baseline to each
// status round.
type ReadinessGroupComparison struct {
	Group       string                 `json:"group"`
	Comparisons []readiness.Comparison `json:"comparisons"`
}

// ReadinessView is a municipality's survey.
type ReadinessView struct {
	Programme        string                     `json:"programme"`
	ProgrammeName    string                     `json:"programme_name"`
	Municipality     string                     `json:"municipality"`
	MunicipalityName string                     `json:"municipality_name"`
	GoLive           model.Date                 `json:"golive"`
	Asof             model.Date                 `json:"asof"`
	Threshold        int                        `json:"threshold"`
	CanManage        bool                       `json:"can_manage"`
	Groups           []readiness.UserGroup      `json:"groups"`
	Rounds           []ReadinessRoundView       `json:"rounds"`
	Comparisons      []ReadinessGroupComparison `json:"comparisons"`
	// Links and History only for those who manage the survey.
	Links   []readiness.Link  `json:"links,omitempty"`
	History []readiness.Event `json:"history,omitempty"`
}

// Round returns the view's round of kind k.
func (v *ReadinessView) Round(k readiness.Kind) *ReadinessRoundView {
	for i := range v.Rounds {
		if v.Rounds[i].Kind == k {
			return &v.Rounds[i]
		}
	}
	return nil
}

var readinessRules = registerRules{view: municipalityRule{access.ViewReadiness, access.RefuseReadiness}, change: municipalityRule{access.ManageReadiness, access.RefuseManageReadiness}}

func (a *ReadinessService) readinessPlan(ctx context.Context, tx *store.Tx, by *Identity, programmeKey, code string, manage bool) (catalogue.Programme, store.Plan, error) {
	return a.programmePlan(ctx, tx, by, programmeKey, code, readinessRules.of(manage)...)
}

// Readiness returns a municipality's survey as of asof: its groups, its
// rounds with dates and results per group (figures hidden below the
// threshold), and the comparison of the baseline with the status rounds.
// Links and history are given only to those who manage the survey.
func (a *ReadinessService) Readiness(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*ReadinessView, error) {
	var v *ReadinessView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.readinessPlan(ctx, tx, by, programmeKey, code, false)
		if err != nil {
			return err
		}
		v = &ReadinessView{Programme: prog.Key, ProgrammeName: prog.Name, Municipality: plan.Municipality.Code,
			MunicipalityName: plan.Municipality.Name, GoLive: plan.GoLive, Asof: asof, Comparisons: []ReadinessGroupComparison{}}
		v.CanManage = by == nil || access.ManageReadiness(by.Subject, plan.Municipality.ID)
		if v.Threshold, err = tx.ReadinessThreshold(ctx, plan.ID); err != nil {
			return err
		}
		if v.Groups, err = tx.ReadinessGroups(ctx, plan.ID); err != nil {
			return err
		}
		rounds, err := tx.ReadinessRounds(ctx, plan.ID)
		if err != nil {
			return err
		}
		tallies, err := tx.ReadinessTallies(ctx, plan.ID)
		if err != nil {
			return err
		}
		byKind := map[readiness.Kind]readiness.SurveyRound{}
		for _, r := range rounds {
			byKind[r.Kind] = r
		}
		for _, k := range readiness.Kinds {
			rv := ReadinessRoundView{Kind: k, Label: k.Label(), Window: readiness.RoundWindow(a.cal, k, plan.GoLive),
				Groups: []ReadinessGroupResult{}, Total: readiness.Result{Hidden: true}}
			rv.Due = rv.Window.Closes < asof
			if task, err := tx.ReadinessTaskOf(ctx, plan.ID, k); err == nil {
				rv.Task = &ReadinessTaskRef{ID: task.ID, Status: task.Status}
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			if r, ok := byKind[k]; ok {
				rv.Created, rv.Closed = true, r.Closed()
				rv.Open = !rv.Closed && rv.Window.Contains(asof)
				var total readiness.Tally
				groupTallies := make([]readiness.Tally, len(v.Groups))
				for i, g := range v.Groups {
					if x := tallies[r.ID][g.ID]; x != nil {
						groupTallies[i] = *x
					}
					total.Merge(groupTallies[i])
				}
				rv.Answers = total.N()
				rv.Run = readiness.Run(readiness.RoundState{Exists: true, Closed: rv.Closed, Answers: rv.Answers}, v.Threshold)
				// Figures only once the round is closed: while answers come
				// in, a figure that moves just after one personal link was
				// used would tell that person's answer.
				results, totalResult := readiness.SummariseGroups(groupTallies, v.Threshold)
				for i, g := range v.Groups {
					res := results[i]
					if !rv.Closed {
						res = readiness.Result{Hidden: true}
					}
					rv.Groups = append(rv.Groups, ReadinessGroupResult{GroupID: g.ID, Group: g.Name, Result: res})
				}
				if rv.Closed {
					rv.Total = totalResult
				}
			}
			v.Rounds = append(v.Rounds, rv)
		}
		base := v.Round(readiness.Baseline)
		for i, g := range v.Groups {
			gc := ReadinessGroupComparison{Group: g.Name}
			for _, k := range readiness.Kinds[1:] {
				st := v.Round(k)
				if !base.Created || !st.Created {
					continue
				}
				gc.Comparisons = append(gc.Comparisons, readiness.Compare(readiness.Baseline, k, base.Groups[i].Result, st.Groups[i].Result))
			}
			if len(gc.Comparisons) > 0 {
				v.Comparisons = append(v.Comparisons, gc)
			}
		}
		if v.CanManage {
			if v.Links, err = tx.ReadinessLinks(ctx, plan.ID); err != nil {
				return err
			}
			if v.History, err = tx.ReadinessEvents(ctx, plan.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return v, err
}

func (a *ReadinessService) readinessWrite(ctx context.Context, by *Identity, programmeKey, code string,
	fn func(tx *store.Tx, plan store.Plan) error) error {
	return a.write(ctx, func(tx *store.Tx) error {
		_, plan, err := a.readinessPlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		return fn(tx, plan)
	})
}

// SetReadinessThreshold sets the anonymity threshold of a municipality's
// survey: at least readiness.MinThreshold.
func (a *ReadinessService) SetReadinessThreshold(ctx context.Context, by *Identity, programmeKey, code string, n int) error {
	if err := readiness.ValidateThreshold(n); err != nil {
		return readinessFieldError(err)
	}
	return a.readinessWrite(ctx, by, programmeKey, code, func(tx *store.Tx, plan store.Plan) error {
		if err := tx.SetReadinessThreshold(ctx, plan.ID, n, actorOf(by)); err != nil {
			return err
		}
		return tx.AppendReadinessEvent(ctx, plan.ID, actorOf(by), fmt.Sprintf("Anonymitetsgrænsen er sat til %d svar", n))
	})
}

func readinessFieldError(err error) error {
	var fe *readiness.FieldError
	if errors.As(err, &fe) {
		return invalidField(fe.Field, "%s", fe.Message)
	}
	return err
}

// AddReadinessGroup adds a user group (e.g. leder, primær sagsbehandler).
func (a *ReadinessService) AddReadinessGroup(ctx context.Context, by *Identity, programmeKey, code, name string) (readiness.UserGroup, error) {
	g := readiness.UserGroup{CreatedBy: actorOf(by)}
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return g, invalidField("name", "brugergruppens navn mangler")
	}
	if utf8.RuneCountInString(name) > maxReadinessGroupLen {
		return g, invalidField("name", "brugergruppens navn er for langt (højst %d tegn)", maxReadinessGroupLen)
	}
	g.Name = name
	err := a.readinessWrite(ctx, by, programmeKey, code, func(tx *store.Tx, plan store.Plan) error {
		gs, err := tx.ReadinessGroups(ctx, plan.ID)
		if err != nil {
			return err
		}
		if len(gs) >= MaxReadinessGroups {
			return invalidField("name", "højst %d brugergrupper", MaxReadinessGroups)
		}
		if err := tx.InsertReadinessGroup(ctx, plan.ID, &g); errors.Is(err, store.ErrConflict) {
			return invalidField("name", "brugergruppen %q findes allerede", name)
		} else if err != nil {
			return err
		}
		return tx.AppendReadinessEvent(ctx, plan.ID, actorOf(by), fmt.Sprintf("Brugergruppen %q er oprettet", name))
	})
	return g, err
}

func parseKind(field, s string) (readiness.Kind, error) {
	k := readiness.Kind(s)
	if !k.Valid() {
		return k, invalidField(field, "ukendt runde %q: brug baseline, status-1 eller status-6", s)
	}
	return k, nil
}

// CreateReadinessRound starts a round of the survey; its dates follow from
// go-live.
func (a *ReadinessService) CreateReadinessRound(ctx context.Context, by *Identity, programmeKey, code, kind string) (readiness.SurveyRound, error) {
	var r readiness.SurveyRound
	k, err := parseKind("round", kind)
	if err != nil {
		return r, err
	}
	err = a.readinessWrite(ctx, by, programmeKey, code, func(tx *store.Tx, plan store.Plan) error {
		r = readiness.SurveyRound{PlanID: plan.ID, Kind: k, CreatedBy: actorOf(by)}
		if err := tx.InsertReadinessRound(ctx, &r); errors.Is(err, store.ErrConflict) {
			return &Error{Code: CodeConflict, Field: "round", Message: fmt.Sprintf("runden %s findes allerede", k.Label())}
		} else if err != nil {
			return err
		}
		return tx.AppendReadinessEvent(ctx, plan.ID, actorOf(by), fmt.Sprintf("Runden %s er oprettet", k.Label()))
	})
	return r, err
}

func (a *ReadinessService) roundOf(ctx context.Context, tx *store.Tx, planID int64, k readiness.Kind) (readiness.SurveyRound, error) {
	rounds, err := tx.ReadinessRounds(ctx, planID)
	if err != nil {
		return readiness.SurveyRound{}, err
	}
	for _, r := range rounds {
		if r.Kind == k {
			return r, nil
		}
	}
	return readiness.SurveyRound{}, notFound("runden %s er ikke oprettet", k.Label())
}

// ReadinessLinkInput asks for respondent links for a round and a group:
// Count personal links (one answer each), or one open link taking up to
// Limit answers.
type ReadinessLinkInput struct {
	Round   string             `json:"round"`
	GroupID int64              `json:"group_id"`
	Kind    readiness.LinkKind `json:"kind"`  // personlig or aaben
	Count   int                `json:"count"` // personal links: how many
	Limit   int                `json:"limit"` // open link: how many answers
}

// NewReadinessLink is a link just made, with its token: shown once.
type NewReadinessLink struct {
	readiness.Link
	Token string `json:"token"`
}

// CreateReadinessLinks makes respondent links. The tokens are returned
// once; only their hashes are kept.
func (a *ReadinessService) CreateReadinessLinks(ctx context.Context, by *Identity, programmeKey, code string, in ReadinessLinkInput) ([]NewReadinessLink, error) {
	k, err := parseKind("round", in.Round)
	if err != nil {
		return nil, err
	}
	n, limit := 1, 1
	switch in.Kind {
	case readiness.LinkPersonal:
		if in.Count < 1 || in.Count > MaxPersonalLinks {
			return nil, invalidField("count", "antal personlige links skal være mellem 1 og %d", MaxPersonalLinks)
		}
		n = in.Count
	case readiness.LinkOpen:
		if in.Limit < 1 || in.Limit > MaxOpenLinkLimit {
			return nil, invalidField("limit", "et åbent link skal have en grænse på mellem 1 og %d svar", MaxOpenLinkLimit)
		}
		limit = in.Limit
	default:
		return nil, invalidField("kind", "ukendt slags link %q: brug personlig eller aaben", in.Kind)
	}
	var out []NewReadinessLink
	err = a.readinessWrite(ctx, by, programmeKey, code, func(tx *store.Tx, plan store.Plan) error {
		r, err := a.roundOf(ctx, tx, plan.ID, k)
		if err != nil {
			return err
		}
		if r.Closed() {
			return &Error{Code: CodeConflict, Field: "round", Message: fmt.Sprintf("runden %s er lukket; der kan ikke laves flere links", k.Label())}
		}
		groups, err := tx.ReadinessGroups(ctx, plan.ID)
		if err != nil {
			return err
		}
		var group *readiness.UserGroup
		for i := range groups {
			if groups[i].ID == in.GroupID {
				group = &groups[i]
			}
		}
		if group == nil {
			return invalidField("group_id", "brugergruppe %d findes ikke i kommunens undersøgelse", in.GroupID)
		}
		for range n {
			token, err := auth.NewToken(ReadinessTokenPrefix)
			if err != nil {
				return err
			}
			l := readiness.Link{RoundID: r.ID, Round: k, GroupID: group.ID, Group: group.Name, Kind: in.Kind, Limit: limit, CreatedBy: actorOf(by)}
			if err := tx.InsertReadinessLink(ctx, &l, auth.HashToken(token)); err != nil {
				return err
			}
			out = append(out, NewReadinessLink{Link: l, Token: token})
		}
		what := fmt.Sprintf("%d personlige links", n)
		if in.Kind == readiness.LinkOpen {
			what = fmt.Sprintf("et åbent link til højst %d svar", limit)
		}
		return tx.AppendReadinessEvent(ctx, plan.ID, actorOf(by), fmt.Sprintf("%s er lavet til %s i runden %s", upperFirst(what), group.Name, k.Label()))
	})
	return out, err
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// RevokeReadinessLink stops a link from taking answers; the answers it gave stay.
func (a *ReadinessService) RevokeReadinessLink(ctx context.Context, by *Identity, programmeKey, code string, id int64) error {
	return a.readinessWrite(ctx, by, programmeKey, code, func(tx *store.Tx, plan store.Plan) error {
		l, err := tx.ReadinessLinkOf(ctx, plan.ID, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("linket %d findes ikke i kommunens undersøgelse", id)
		} else if err != nil {
			return err
		}
		if err := tx.RevokeReadinessLink(ctx, l.ID, actorOf(by)); errors.Is(err, store.ErrConflict) {
			return &Error{Code: CodeConflict, Field: "link", Message: "linket er allerede trukket tilbage"}
		} else if err != nil {
			return err
		}
		return tx.AppendReadinessEvent(ctx, plan.ID, actorOf(by), fmt.Sprintf("Link %d (%s) er trukket tilbage", l.ID, l.Group))
	})
}

// CloseReadinessRound closes a round: it takes no more answers. With at
// least the threshold's answers, the round counts as run and the plan's
// task for it (the catalogue task whose readiness_round names it) is
// completed in the same transaction, through the same status rules as any
// status change.
func (a *ReadinessService) CloseReadinessRound(ctx context.Context, by *Identity, programmeKey, code, kind string) (bool, error) {
	k, err := parseKind("round", kind)
	if err != nil {
		return false, err
	}
	run := false
	err = a.readinessWrite(ctx, by, programmeKey, code, func(tx *store.Tx, plan store.Plan) error {
		r, err := a.roundOf(ctx, tx, plan.ID, k)
		if err != nil {
			return err
		}
		if err := tx.CloseReadinessRound(ctx, r.ID, actorOf(by)); errors.Is(err, store.ErrConflict) {
			return &Error{Code: CodeConflict, Field: "round", Message: fmt.Sprintf("runden %s er allerede lukket", k.Label())}
		} else if err != nil {
			return err
		}
		threshold, err := tx.ReadinessThreshold(ctx, plan.ID)
		if err != nil {
			return err
		}
		tallies, err := tx.ReadinessTallies(ctx, plan.ID)
		if err != nil {
			return err
		}
		answers := 0
		for _, t := range tallies[r.ID] {
			answers += t.N()
		}
		run = readiness.Run(readiness.RoundState{Exists: true, Closed: true, Answers: answers}, threshold)
		msg := fmt.Sprintf("Runden %s er lukket med %d svar", k.Label(), answers)
		if !run {
			msg += fmt.Sprintf(" – færre end anonymitetsgrænsen på %d, så runden tæller ikke som gennemført", threshold)
		}
		if err := tx.AppendReadinessEvent(ctx, plan.ID, actorOf(by), msg); err != nil {
			return err
		}
		if !run {
			return nil
		}
		task, err := tx.ReadinessTaskOf(ctx, plan.ID, k)
		if errors.Is(err, store.ErrNotFound) || (err == nil && task.Status == model.Completed) {
			return nil
		} else if err != nil {
			return err
		}
		set := store.StatusSet{ID: task.ID, ExpectedVersion: task.Version, Status: model.Completed,
			Comment: fmt.Sprintf("Parathedsundersøgelsens runde %s er lukket med %d svar.", k.Label(), answers)}
		return setStatuses(ctx, tx, []store.StatusSet{set}, actorOf(by))
	})
	return run, err
}

// ReadinessForm is what a respondent sees before answering: whose survey,
// which round and group. Nothing about other respondents.
type ReadinessForm struct {
	Municipality string           `json:"municipality_name"`
	Programme    string           `json:"programme_name"`
	Round        readiness.Kind   `json:"round"`
	RoundLabel   string           `json:"round_label"`
	Group        string           `json:"group"`
	Window       readiness.Window `json:"window"`
}

// readinessLink finds the link of a token and checks that it takes an
// answer as of asof: known, not revoked, not used up, its round open.
func (a *ReadinessService) readinessLink(ctx context.Context, tx *store.Tx, token string, asof model.Date) (readiness.Link, readiness.SurveyRound, ReadinessForm, error) {
	var f ReadinessForm
	token = strings.TrimSpace(token)
	if !strings.HasPrefix(token, ReadinessTokenPrefix) {
		return readiness.Link{}, readiness.SurveyRound{}, f, &Error{Code: CodeNotFound, Field: "token",
			Message: "linket findes ikke; tjek, at du har kopieret hele adressen fra mailen"}
	}
	l, r, err := tx.ReadinessLinkByToken(ctx, auth.HashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return l, r, f, &Error{Code: CodeNotFound, Field: "token", Message: "linket findes ikke; tjek, at du har kopieret hele adressen fra mailen"}
	} else if err != nil {
		return l, r, f, err
	}
	plan, err := tx.PlanByID(ctx, r.PlanID)
	if err != nil {
		return l, r, f, err
	}
	progs, err := tx.Programmes(ctx)
	if err != nil {
		return l, r, f, err
	}
	for _, p := range progs {
		if p.ID == plan.ProgrammeID {
			f.Programme = p.Name
		}
	}
	w := readiness.RoundWindow(a.cal, r.Kind, plan.GoLive)
	f = ReadinessForm{Municipality: plan.Municipality.Name, Programme: f.Programme, Round: r.Kind, RoundLabel: r.Kind.Label(), Group: l.Group, Window: w}
	gone := func(msg string) error { return &Error{Code: CodeConflict, Field: "token", Message: msg} }
	switch {
	case l.Revoked():
		return l, r, f, gone("linket er trukket tilbage af kommunen og kan ikke længere bruges")
	case r.Closed():
		return l, r, f, gone("undersøgelsen er lukket, så der kan ikke længere svares")
	case asof < w.Opens:
		return l, r, f, gone(fmt.Sprintf("undersøgelsen åbner først %s", w.Opens.Danish()))
	case asof > w.Closes:
		return l, r, f, gone(fmt.Sprintf("svarperioden sluttede %s", w.Closes.Danish()))
	case l.Used >= l.Limit && l.Kind == readiness.LinkPersonal:
		return l, r, f, gone("linket er allerede brugt; hvert personligt link giver ét svar")
	case l.Used >= l.Limit:
		return l, r, f, gone("linket har nået sit største antal svar")
	}
	return l, r, f, nil
}

// ReadinessFormOf checks a respondent's link and tells what it is for.
func (a *ReadinessService) ReadinessFormOf(ctx context.Context, token string) (ReadinessForm, error) {
	var f ReadinessForm
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		_, _, f, err = a.readinessLink(ctx, tx, token, a.Today())
		return err
	})
	return f, err
}

// AnswerReadiness records a respondent's answer through their link. No
// account is needed: the token is the credential. Nothing about the
// respondent or the link is kept with the answer.
func (a *ReadinessService) AnswerReadiness(ctx context.Context, token string, ans readiness.Answer) (ReadinessForm, error) {
	var f ReadinessForm
	if err := ans.Validate(); err != nil {
		return f, readinessFieldError(err)
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		l, r, form, err := a.readinessLink(ctx, tx, token, a.Today())
		f = form
		if err != nil {
			return err
		}
		if err := tx.InsertReadinessAnswer(ctx, l.ID, r.ID, l.GroupID, ans); errors.Is(err, store.ErrConflict) {
			return &Error{Code: CodeConflict, Field: "token", Message: "linket er allerede brugt; hvert personligt link giver ét svar"}
		} else if err != nil {
			return err
		}
		return nil
	})
	return f, err
}

// NationalReadinessView is the centre's aggregate of a programme.
type NationalReadinessView struct {
	Programme     string     `json:"programme"`
	ProgrammeName string     `json:"programme_name"`
	Asof          model.Date `json:"asof"`
	Threshold     int        `json:"threshold"`
	readiness.National
}

// NationalReadiness aggregates every municipality's run rounds per element,
// round and wave, and lists the rounds that are due and not run.
func (a *ReadinessService) NationalReadiness(ctx context.Context, by *Identity, programmeKey string, asof model.Date) (*NationalReadinessView, error) {
	if err := allow(by, access.ViewReadinessNational, access.RefuseReadinessNational); err != nil {
		return nil, err
	}
	var v *NationalReadinessView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plans, err := a.programmePlans(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		n, err := a.nationalReadiness(ctx, tx, prog, plans, asof)
		if err != nil {
			return err
		}
		v = &NationalReadinessView{Programme: prog.Key, ProgrammeName: prog.Name, Asof: asof, Threshold: readiness.DefaultThreshold, National: n}
		return nil
	})
	return v, err
}

// SeedReadinessAnswers writes answers of a round directly, per group id,
// without links and without the answering window: for the demo data and
// the benchmark's generator, never for respondents. Every answer is
// validated as an answer through a link would be.
func (a *ReadinessService) SeedReadinessAnswers(ctx context.Context, programmeKey, code string, kind readiness.Kind, answers map[int64][]readiness.Answer) error {
	for _, as := range answers {
		for _, x := range as {
			if err := x.Validate(); err != nil {
				return readinessFieldError(err)
			}
		}
	}
	return a.readinessWrite(ctx, nil, programmeKey, code, func(tx *store.Tx, plan store.Plan) error {
		r, err := a.roundOf(ctx, tx, plan.ID, kind)
		if err != nil {
			return err
		}
		groups, err := tx.ReadinessGroups(ctx, plan.ID)
		if err != nil {
			return err
		}
		known := map[int64]bool{}
		for _, g := range groups {
			known[g.ID] = true
		}
		for gid, as := range answers {
			if !known[gid] {
				return invalidField("group_id", "brugergruppe %d findes ikke i kommunens undersøgelse", gid)
			}
			if err := tx.InsertReadinessAnswers(ctx, r.ID, gid, as); err != nil {
				return err
			}
		}
		return nil
	})
}

// nationalReadiness aggregates the surveys of a programme's plans; the
// national view and the follow-up worklist (its rounds due and not run)
// both use it.
func (a *ReadinessService) nationalReadiness(ctx context.Context, tx *store.Tx, prog catalogue.Programme, plans []store.Plan, asof model.Date) (readiness.National, error) {
	rounds, thresholds, err := tx.NationalReadiness(ctx, prog.ID)
	if err != nil {
		return readiness.National{}, err
	}
	ms := make([]readiness.Municipality, len(plans))
	index := make(map[int64]int, len(plans))
	for i, p := range plans {
		th := readiness.DefaultThreshold
		if t, ok := thresholds[p.ID]; ok {
			th = t
		}
		ms[i] = readiness.Municipality{Code: p.Municipality.Code, Name: p.Municipality.Name, Wave: p.Wave, GoLive: p.GoLive,
			Threshold: th, Rounds: map[readiness.Kind]readiness.Round{}}
		index[p.ID] = i
	}
	for _, r := range rounds {
		i, ok := index[r.PlanID]
		if !ok {
			continue
		}
		// Only what the municipality shows counts: a group below its
		// threshold is taken out, or the national figure minus the shown
		// groups would give it away.
		visible := r.Tally
		for gid, n := range r.Groups {
			if n > 0 && n < ms[i].Threshold {
				small, err := tx.ReadinessGroupTally(ctx, r.ID, gid)
				if err != nil {
					return readiness.National{}, err
				}
				visible.Subtract(small)
			}
		}
		ms[i].Rounds[r.Kind] = readiness.Round{State: readiness.RoundState{Exists: true, Closed: r.Closed, Answers: r.Tally.N()}, Tally: visible}
	}
	return readiness.Aggregate(a.cal, ms, asof, readiness.DefaultThreshold), nil
}
