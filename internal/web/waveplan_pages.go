package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/dknum"
	"github.com/udrul/udrul/internal/model"
)

// Wave planning pages: the plan's index (setup summary, versions, new
// draft), a version (waves, map, table, what-if, hearing, process) and the
// diff of two versions. Forms post and redirect back (post/redirect/get),
// showing a refusal at once and carrying a confirmation's code (outcome.go).

func wavePlanURL(key string) string { return "/programmes/" + url.PathEscape(key) + "/waveplan" }

func waveVersionURL(key string, n int) string {
	return fmt.Sprintf("%s/versions/%d", wavePlanURL(key), n)
}

type versionRow struct {
	app.WaveVersionSummary
	Created, Balance, Wishes, Hard string
}

func (s *Server) pageWavePlan(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	setup, err := s.app.WaveSetup(r.Context(), identityOf(r), key)
	if err != nil {
		return err
	}
	vs, err := s.app.WaveVersions(r.Context(), identityOf(r), key)
	if err != nil {
		return err
	}
	rows := make([]versionRow, len(vs))
	for i, v := range vs {
		rows[i] = versionRow{WaveVersionSummary: v, Created: v.CreatedAt.In(model.Copenhagen()).Format("02.01.2006 15:04"),
			Balance: dknum.Decimal(v.Score.CountBalance+v.Score.PopulationBalance, 4), Wishes: dknum.Decimal(v.Score.Wishes, 0), Hard: dknum.Decimal(v.Score.Hard, 0)}
	}
	trained, fixed, wishes := 0, 0, 0
	for _, m := range setup.Municipalities {
		if m.PurchasedTraining {
			trained++
		}
		if m.FixedWave != 0 {
			fixed++
		}
		if len(m.Preferred)+len(m.Excluded) > 0 {
			wishes++
		}
	}
	var waves []waveRow
	for i, wv := range setup.Waves {
		c := "ingen grænse"
		if wv.Capacity > 0 {
			c = strconv.Itoa(wv.Capacity)
		}
		waves = append(waves, waveRow{Number: wv.Number, Colour: waveColour(i), Kind: wv.Kind.Label(), GoLive: wv.GoLive.Danish(), Capacity: c})
	}
	return s.render(w, http.StatusOK, "waveplan.html", map[string]any{
		"Title": "Bølgeplan – " + setup.ProgrammeName, "Key": key, "Setup": setup, "Waves": waves, "Versions": rows,
		"Fixed": fixed, "Wishes": wishes, "Trained": trained, "LastNumber": lastNumber(vs), "CanEdit": canPlan(r),
		"Error": refusedMessage(r), "Notice": notice(r)})
}

func (s *Server) pageWaveVersion(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	v, err := s.app.WaveVersion(r.Context(), identityOf(r), key, n)
	if err != nil {
		return err
	}
	svg, legend, err := waveMap(v)
	if err != nil {
		return err
	}
	localTimes(v)
	data := map[string]any{
		"SizeSmall": dknum.Int(v.SizeClasses.MediumFrom), "SizeLarge": dknum.Int(v.SizeClasses.LargeFrom),
		"Title": fmt.Sprintf("Bølgeplan version %d – %s", n, v.ProgrammeName), "Key": key, "V": v, "Map": svg, "Legend": legend,
		"Waves": waveRows(v), "Criteria": criterionRows(v), "Municipalities": muniRows(v), "CanEdit": canPlan(r),
		"Error": refusedMessage(r), "Notice": notice(r),
	}
	// The latest what-if step, so that a move shows its effect after the redirect.
	if k := len(v.Steps); k > 0 && v.Steps[k-1].Change != nil && v.Steps[k-1].Kind != "optimise" && v.Steps[k-1].Kind != "copy" {
		data["Last"] = changeViewOf(v.Steps[k-1].Change)
		data["LastStep"] = v.Steps[k-1]
	}
	// A preview: ?flyt=code&til=wave shows what moving would do, saving nothing.
	if code, to := r.URL.Query().Get("flyt"), r.URL.Query().Get("til"); code != "" && to != "" {
		wave, _ := strconv.Atoi(to)
		data["PreviewCode"], data["PreviewWave"] = code, wave
		ch, err := s.app.MoveWaveMunicipality(r.Context(), identityOf(r), key, n, app.WaveMove{Code: code, Wave: wave, Preview: true})
		if err != nil {
			if c := app.ErrorCode(err); c == app.CodeInternal {
				return err
			}
			data["PreviewError"] = app.ErrorMessage(err)
		} else {
			data["Preview"] = changeViewOf(ch)
			for _, p := range v.Municipalities {
				if p.Code == code {
					data["PreviewName"] = p.Name
				}
			}
		}
	}
	// A re-plan preview: ?genberegn=seed&flytninger=max shows who would move
	// and why, saving nothing.
	if seed := r.URL.Query().Get("genberegn"); seed != "" && v.State == model.WaveDraft {
		sd, _ := strconv.ParseUint(seed, 10, 64)
		maxMoves, _ := strconv.Atoi(r.URL.Query().Get("flytninger"))
		data["ReplanSeed"], data["ReplanMax"] = sd, maxMoves
		ch, err := s.app.ReoptimiseWaveVersion(r.Context(), identityOf(r), key, n, app.WaveReoptimise{Seed: sd, MaxMoves: maxMoves, Preview: true})
		if err != nil {
			if c := app.ErrorCode(err); c == app.CodeInternal {
				return err
			}
			data["ReplanError"] = app.ErrorMessage(err)
		} else {
			data["Replan"] = changeViewOf(ch)
		}
	}
	if v.AnnouncedAt != nil {
		as, err := s.app.WaveAnnouncements(r.Context(), identityOf(r), key, n)
		if err != nil {
			return err
		}
		changed, mails, sent := 0, 0, 0
		var unreached []string
		for _, a := range as {
			if a.PreviousWave != 0 && a.PreviousWave != a.Wave {
				changed++
			}
			mails, sent = mails+a.Recipients, sent+a.Sent
			if a.Recipients == 0 {
				unreached = append(unreached, a.Name)
			}
		}
		data["Announced"], data["AnnouncedChanged"] = len(as), changed
		data["Mails"], data["MailsSent"] = mails, sent
		data["UnreachedCount"], data["Unreached"] = len(unreached), strings.Join(unreached, ", ")
	}
	if canPlan(r) && (v.State == model.WaveDraft || v.State == model.WaveHearing) {
		e, err := s.app.WaveVersionEffect(r.Context(), identityOf(r), key, n)
		if err != nil {
			return err
		}
		data["Effect"] = effectViewOf(e, v.WaveNames)
	}
	vs, err := s.app.WaveVersions(r.Context(), identityOf(r), key)
	if err != nil {
		return err
	}
	data["Versions"] = vs
	return s.render(w, http.StatusOK, "waveplan_version.html", data)
}

func lastNumber(vs []app.WaveVersionSummary) int {
	if len(vs) == 0 {
		return 0
	}
	return vs[len(vs)-1].Number
}

type diffRow struct {
	app.WaveDiffMove
	From, To, FromGoLive, ToGoLive string
}

func (s *Server) pageWaveDiff(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	from, to, err := diffVersions(r)
	if err != nil {
		return err
	}
	d, err := s.app.CompareWaveVersions(r.Context(), identityOf(r), key, from, to)
	if err != nil {
		return err
	}
	ws, err := pageWaveNames(w)
	if err != nil {
		return err
	}
	wave := func(n int) string {
		if n == 0 {
			return "ikke med"
		}
		return ws.Short(n)
	}
	date := func(n int, d func() string) string {
		if n == 0 {
			return "–"
		}
		return d()
	}
	rows := make([]diffRow, len(d.Moved))
	for i, m := range d.Moved {
		rows[i] = diffRow{WaveDiffMove: m, From: wave(m.FromWave), To: wave(m.ToWave),
			FromGoLive: date(m.FromWave, m.FromGoLive.Danish), ToGoLive: date(m.ToWave, m.ToGoLive.Danish)}
	}
	ch := &app.WaveChange{Criteria: d.Criteria}
	vs, err := s.app.WaveVersions(r.Context(), identityOf(r), key)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "waveplan_diff.html", map[string]any{
		"Title": fmt.Sprintf("Bølgeplan: version %d mod %d", from, to), "Key": key, "D": d, "Rows": rows,
		"Change": changeViewOf(ch), "Versions": vs})
}

// parseForm reads a form body of limited size.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxJSONBody)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &requestError{status: http.StatusRequestEntityTooLarge, msg: "formularen er for stor"}
		}
		return badRequest("", "formularen kunne ikke læses")
	}
	return nil
}

// redirectResult finishes a wave plan form as back does; unknown
// programmes or versions become error pages rather than the page shown
// again.
func (s *Server) redirectResult(w http.ResponseWriter, r *http.Request, target string, err error, o ok) error {
	if app.ErrorCode(err) == app.CodeNotFound {
		return err
	}
	return s.back(w, r, target, err, o)
}

func formInt(r *http.Request, name string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(r.PostForm.Get(name)))
	return n
}

func (s *Server) formWaveCreate(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	if err := parseForm(w, r); err != nil {
		return err
	}
	req := app.NewWaveVersion{Seed: 1, From: formInt(r, "from"), Keep: r.PostForm.Get("keep") == "1"}
	if v := strings.TrimSpace(r.PostForm.Get("seed")); v != "" {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return s.redirectResult(w, r, wavePlanURL(key), &app.Error{Code: app.CodeInvalid, Message: fmt.Sprintf("startværdien %q er ikke et helt tal", v)}, ok{})
		}
		req.Seed = seed
	}
	v, err := s.app.CreateWaveVersion(r.Context(), identityOf(r), key, req)
	if err != nil {
		back := wavePlanURL(key)
		if req.From > 0 {
			back = waveVersionURL(key, req.From)
		}
		return s.redirectResult(w, r, back, err, ok{})
	}
	notice := okMsg("udkast", v.Number, int(req.Seed))
	if req.From > 0 {
		notice = okMsg("udkast-kopi", v.Number, req.From)
	}
	return s.redirectResult(w, r, waveVersionURL(key, v.Number), nil, notice)
}

func (s *Server) formWaveMove(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	req := app.WaveMove{Code: r.PostForm.Get("code"), Wave: formInt(r, "wave"), Revision: formInt(r, "revision")}
	ch, err := s.app.MoveWaveMunicipality(r.Context(), identityOf(r), key, n, req)
	var notice ok
	if err == nil {
		notice = okMsg("kommuner-flyttet", len(ch.Moved))
	}
	return s.redirectResult(w, r, waveVersionURL(key, n)+"#seneste", err, notice)
}

func (s *Server) formWaveLock(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	req := app.WaveLock{Codes: r.PostForm["code"], Locked: r.PostForm.Get("locked") == "true", Revision: formInt(r, "revision")}
	_, err = s.app.LockWaveMunicipalities(r.Context(), identityOf(r), key, n, req)
	notice := okMsg("laast")
	if !req.Locked {
		notice = okMsg("laast-op")
	}
	return s.redirectResult(w, r, waveVersionURL(key, n)+"#kommuner", err, notice)
}

func (s *Server) formWaveReoptimise(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	seed, perr := strconv.ParseUint(strings.TrimSpace(r.PostForm.Get("seed")), 10, 64)
	if perr != nil {
		return s.redirectResult(w, r, waveVersionURL(key, n), &app.Error{Code: app.CodeInvalid, Message: "startværdien skal være et helt tal"}, ok{})
	}
	ch, err := s.app.ReoptimiseWaveVersion(r.Context(), identityOf(r), key, n, app.WaveReoptimise{Seed: seed, Revision: formInt(r, "revision"),
		MaxMoves: formInt(r, "max_moves")})
	var notice ok
	if err == nil {
		notice = okMsg("genberegnet", len(ch.Moved))
	}
	return s.redirectResult(w, r, waveVersionURL(key, n)+"#seneste", err, notice)
}

func (s *Server) formWaveAnnounce(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if r.PostForm.Get("bekraeft") != "1" {
		return s.redirectResult(w, r, waveVersionURL(key, n)+"#proces", &app.Error{Code: app.CodeInvalid, Field: "bekraeft",
			Message: "bekræft, at du har set, hvad udmeldingen betyder for kommunerne, før du melder ud"}, ok{})
	}
	res, err := s.app.AnnounceWaveVersion(r.Context(), identityOf(r), key, n, app.WaveTransition{Revision: formInt(r, "revision")})
	var notice ok
	if err == nil {
		notice = okMsg("meldt-ud", n, res.Notified, res.Mails, len(res.Unreached))
	}
	return s.redirectResult(w, r, waveVersionURL(key, n), err, notice)
}

func (s *Server) formWaveFinalise(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if r.PostForm.Get("bekraeft") != "1" {
		return s.redirectResult(w, r, waveVersionURL(key, n)+"#proces", &app.Error{Code: app.CodeInvalid, Field: "bekraeft",
			Message: "bekræft, at du har set, hvilke kommuner der flytter, før planen gøres endelig"}, ok{})
	}
	// Enrolling every municipality is long work: a job, whose page shows
	// its progress and result (jobs.go).
	j, err := s.app.StartWaveFinal(r.Context(), identityOf(r), key, n, app.WaveTransition{Revision: formInt(r, "revision"),
		ConfirmLive: r.PostForm.Get("bekraeft-i-drift") == "1"})
	if err != nil {
		return s.redirectResult(w, r, waveVersionURL(key, n)+"#proces", err, ok{})
	}
	return s.toJobPage(w, r, j)
}

func (s *Server) pageWaveMunicipality(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	v, err := s.app.WaveMunicipality(r.Context(), identityOf(r), key, n, r.PathValue("code"))
	if err != nil {
		return err
	}
	localCommentTimes(v.Comments)
	canComment := false
	if id := identityOf(r); id != nil {
		mid, ok, err := s.app.MunicipalityID(r.Context(), v.Placement.Code)
		if err != nil {
			return err
		}
		canComment = ok && access.ChangePlan(id.Subject, mid)
	}
	return s.render(w, http.StatusOK, "waveplan_municipality.html", map[string]any{
		"CanComment": canComment,
		"Title":      fmt.Sprintf("%s i bølgeplanen, version %d", v.Placement.Name, n), "Key": key, "M": v,
		"Population": dknum.Int(v.Placement.Population), "WavePopulation": dknum.Int(v.Wave.Population), "Size": sizeLabel(v.Placement.Size),
		"Kind": v.Wave.Kind.Label(), "Central": centralViewer(r),
		"Error": refusedMessage(r), "Notice": notice(r)})
}

func (s *Server) formWaveComment(w http.ResponseWriter, r *http.Request) error {
	key, code := r.PathValue("key"), r.PathValue("code")
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	_, err = s.app.AddWaveComment(r.Context(), identityOf(r), key, n, code, app.WaveCommentRequest{Body: r.PostForm.Get("body")})
	return s.redirectResult(w, r, waveVersionURL(key, n)+"/municipalities/"+url.PathEscape(code), err, okMsg("boelge-kommentar"))
}
