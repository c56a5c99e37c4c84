package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/waves"
)

// Wave planning (issue 6): the JSON API over the app's wave-plan use cases.

// centralViewer reports whether the signed-in user belongs to the centre
// and so sees its working material (drafts, the whole plan); municipal
// users see their own placement in announced versions.
func centralViewer(r *http.Request) bool {
	id := identityOf(r)
	return id != nil && id.Subject.Role.Central()
}

// canPlan reports whether the signed-in user may change wave plans (the
// rule of the routes that do: access.Enrol); pages show their forms only
// to those who may use them.
func canPlan(r *http.Request) bool {
	id := identityOf(r)
	return id != nil && access.Enrol(id.Subject)
}

func versionNumber(r *http.Request) (int, error) {
	v := r.PathValue("n")
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, &requestError{status: http.StatusNotFound, msg: fmt.Sprintf("version %q findes ikke", v), field: "n"}
	}
	return n, nil
}

// waveSetupJSON is the setup as clients send it: dates as text, so that a
// malformed date is reported with the field it is in. The read-only fields
// of a GET response are accepted and ignored, so a client can send back what
// it read.
type waveSetupJSON struct {
	Programme        json.RawMessage        `json:"programme"`
	ProgrammeName    json.RawMessage        `json:"programme_name"`
	Revision         int                    `json:"revision"`
	Waves            []waveDefJSON          `json:"waves"`
	Blackouts        []waveBlackoutJSON     `json:"blackouts"`
	Groups           []app.WaveGroup        `json:"groups"`
	Municipalities   []app.WaveMunicipality `json:"municipalities"`
	HypercareTeams   int                    `json:"hypercare_teams"`
	TeamCapacity     int                    `json:"team_capacity"`
	RolloutWindow    app.DayWindow          `json:"rollout_window"`
	TrainingParallel int                    `json:"training_parallel"`
	TrainingWindow   app.DayWindow          `json:"training_window"`
	SizeClasses      app.SizeLimits         `json:"size_classes"`
	PilotRule        string                 `json:"pilot_rule"`
	OwnBlackouts     bool                   `json:"own_blackouts"`
	UpdatedAt        json.RawMessage        `json:"updated_at"`
	UpdatedBy        json.RawMessage        `json:"updated_by"`
	Issues           json.RawMessage        `json:"issues"`
}

type waveDefJSON struct {
	Number          int    `json:"number"`
	Kind            string `json:"kind"` // the API's name, checked by setup
	GoLive          string `json:"golive"`
	Capacity        int    `json:"capacity"`
	MaxPopulation   int    `json:"max_population"`
	MaxInstitutions int    `json:"max_institutions"`
}

type waveBlackoutJSON struct {
	Name string `json:"name"`
	From string `json:"from"`
	To   string `json:"to"`
}

// setup converts to the app's setup, reporting every malformed date.
func (in *waveSetupJSON) setup() (app.WaveSetup, app.FieldErrors) {
	var fe app.FieldErrors
	date := func(field, v string) model.Date {
		if v == "" {
			return model.NoDate // the app reports a missing date
		}
		d, err := model.ParseInputDate(v)
		if err != nil {
			fe = append(fe, app.FieldError{Field: field, Message: err.Error()})
		}
		return d
	}
	s := app.WaveSetup{Revision: in.Revision, Groups: in.Groups, Municipalities: in.Municipalities,
		HypercareTeams: in.HypercareTeams, TeamCapacity: in.TeamCapacity, RolloutWindow: in.RolloutWindow,
		TrainingParallel: in.TrainingParallel, TrainingWindow: in.TrainingWindow, SizeClasses: in.SizeClasses,
		PilotRule: in.PilotRule, OwnBlackouts: in.OwnBlackouts}
	for i, w := range in.Waves {
		kind, ok := waves.WaveKindAPI.Parse(w.Kind)
		if !ok {
			fe = append(fe, app.FieldError{Field: fmt.Sprintf("waves[%d].kind", i),
				Message: fmt.Sprintf("bølgetypen skal være %s (er %q)", orList(waves.WaveKindAPI.Names()), w.Kind)})
		}
		s.Waves = append(s.Waves, app.WaveDef{Number: w.Number, Kind: kind, Capacity: w.Capacity,
			MaxPopulation: w.MaxPopulation, MaxInstitutions: w.MaxInstitutions,
			GoLive: date(fmt.Sprintf("waves[%d].golive", i), w.GoLive)})
	}
	for i, b := range in.Blackouts {
		s.Blackouts = append(s.Blackouts, app.WaveBlackout{Name: b.Name,
			From: date(fmt.Sprintf("blackouts[%d].from", i), b.From), To: date(fmt.Sprintf("blackouts[%d].to", i), b.To)})
	}
	return s, fe
}

func (s *Server) apiWaveSetup(w http.ResponseWriter, r *http.Request) error {
	setup, err := s.app.WaveSetup(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, setup)
}

func (s *Server) apiSaveWaveSetup(w http.ResponseWriter, r *http.Request) error {
	var in waveSetupJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	setup, fe := in.setup()
	if len(fe) > 0 {
		return &app.Error{Code: app.CodeInvalid, Message: "bølgeopsætningen er ikke gemt: " + fe[0].Field + ": " + fe[0].Message, Err: fe}
	}
	saved, err := s.app.SaveWaveSetup(r.Context(), identityOf(r), r.PathValue("key"), setup)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, saved)
}

func (s *Server) apiWaveVersions(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.app.WaveVersions(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, vs)
}

// apiCreateWaveVersion optimises a new draft (or copies one, with "from").
// The body may be empty: seed 1.
func (s *Server) apiCreateWaveVersion(w http.ResponseWriter, r *http.Request) error {
	req := app.NewWaveVersion{Seed: 1}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &req); err != nil {
			return err
		}
	}
	v, err := s.app.CreateWaveVersion(r.Context(), identityOf(r), r.PathValue("key"), req)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/programmes/%s/waveplan/versions/%d", v.Programme, v.Number))
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) apiWaveVersion(w http.ResponseWriter, r *http.Request) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	v, err := s.app.WaveVersion(r.Context(), identityOf(r), r.PathValue("key"), n)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiWaveMove(w http.ResponseWriter, r *http.Request) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	var req app.WaveMove
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	ch, err := s.app.MoveWaveMunicipality(r.Context(), identityOf(r), r.PathValue("key"), n, req)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ch)
}

func (s *Server) apiWaveLock(w http.ResponseWriter, r *http.Request) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	var req app.WaveLock
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	ch, err := s.app.LockWaveMunicipalities(r.Context(), identityOf(r), r.PathValue("key"), n, req)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ch)
}

func (s *Server) apiWaveReoptimise(w http.ResponseWriter, r *http.Request) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	req := app.WaveReoptimise{Seed: 1}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &req); err != nil {
			return err
		}
	}
	ch, err := s.app.ReoptimiseWaveVersion(r.Context(), identityOf(r), r.PathValue("key"), n, req)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ch)
}

// transition reads an optional {"revision": n} body.
func transition(w http.ResponseWriter, r *http.Request) (app.WaveTransition, error) {
	var t app.WaveTransition
	if r.ContentLength == 0 {
		return t, nil
	}
	return t, decodeJSON(w, r, &t)
}

func (s *Server) apiWaveAnnounce(w http.ResponseWriter, r *http.Request) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	t, err := transition(w, r)
	if err != nil {
		return err
	}
	res, err := s.app.AnnounceWaveVersion(r.Context(), identityOf(r), r.PathValue("key"), n, t)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

func (s *Server) apiWaveAnnouncements(w http.ResponseWriter, r *http.Request) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	as, err := s.app.WaveAnnouncements(r.Context(), identityOf(r), r.PathValue("key"), n)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, as)
}

func (s *Server) apiWaveFinalise(w http.ResponseWriter, r *http.Request) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	t, err := transition(w, r)
	if err != nil {
		return err
	}
	// Enrolling every municipality is long work: it runs as a job (jobs.go).
	j, err := s.app.StartWaveFinal(r.Context(), identityOf(r), r.PathValue("key"), n, t)
	if err != nil {
		return err
	}
	return s.answerJob(w, r, j, func(res json.RawMessage) error { return writeRaw(w, http.StatusOK, res) })
}

func (s *Server) apiWaveComments(w http.ResponseWriter, r *http.Request) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	cs, err := s.app.WaveComments(r.Context(), identityOf(r), r.PathValue("key"), n, "")
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cs)
}

// apiWaveEffect answers what making version n final would move, before
// "Meld ud" or "Gør endelig" (the version page shows the same).
func (s *Server) apiWaveEffect(w http.ResponseWriter, r *http.Request) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	e, err := s.app.WaveVersionEffect(r.Context(), identityOf(r), r.PathValue("key"), n)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

func (s *Server) apiWaveMunicipality(w http.ResponseWriter, r *http.Request) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	v, err := s.app.WaveMunicipality(r.Context(), identityOf(r), r.PathValue("key"), n, r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiWaveComment(w http.ResponseWriter, r *http.Request) error {
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	var req app.WaveCommentRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	c, err := s.app.AddWaveComment(r.Context(), identityOf(r), r.PathValue("key"), n, r.PathValue("code"), req)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

// diffVersions reads from and to (version numbers) from the query.
func diffVersions(r *http.Request) (from, to int, err error) {
	q := r.URL.Query()
	for _, p := range []struct {
		name string
		dst  *int
	}{{"from", &from}, {"to", &to}} {
		v := q.Get(p.name)
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return 0, 0, badRequest(p.name, fmt.Sprintf("%s=%q: angiv et versionsnummer", p.name, v))
		}
		*p.dst = n
	}
	return from, to, nil
}

func (s *Server) apiWaveDiff(w http.ResponseWriter, r *http.Request) error {
	from, to, err := diffVersions(r)
	if err != nil {
		return err
	}
	d, err := s.app.CompareWaveVersions(r.Context(), identityOf(r), r.PathValue("key"), from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}
