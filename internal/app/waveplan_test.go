package app_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/waves"
)

// The wave-plan use cases on both databases: the setup with its field
// errors and infeasibilities, a seeded optimisation into a draft, what-if
// steps, the hearing, and making a plan final, which enrols every
// municipality in one transaction and keeps locally moved dates.

// newWaveApp returns an App with Denmark's 98 municipalities and the mini
// catalogue published as programme "mini".
func newWaveApp(t *testing.T, url string) *app.App {
	t.Helper()
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Open(t, url)
	a := app.New(db, im, slog.New(slog.NewTextHandler(io.Discard, nil)), func() time.Time {
		return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	})
	munis, err := data.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	orgs := make([]model.Organisation, len(munis))
	for i, m := range munis {
		orgs[i] = m.Organisation
	}
	if err := a.LoadOrganisations(context.Background(), orgs, nil); err != nil {
		t.Fatal(err)
	}
	publish(t, a, "testdata/mini-v1.yaml")
	return a
}

// codeOf returns a municipality's code by name.
func codeOf(t *testing.T, a *app.App, name string) string {
	t.Helper()
	cs, err := a.WaveCandidates(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name == name {
			return c.Code
		}
	}
	t.Fatalf("no municipality %q", name)
	return ""
}

// ksdSetup is the KSD shape (seed 003 §5.5): pilots in waves 1–2, five
// regular waves, a catch-up wave, the standard blackouts, one
// collaboration, a wish and purchased training for a dozen municipalities.
func ksdSetup(t *testing.T, a *app.App) app.WaveSetup {
	s := app.DefaultWaveSetup("mini")
	s.Waves = []app.WaveDef{
		{Number: 1, Kind: waves.Pilot, GoLive: date("2027-03-01")},
		{Number: 2, Kind: waves.Pilot, GoLive: date("2027-03-30")},
		{Number: 3, Kind: waves.Regular, GoLive: date("2027-04-26")},
		{Number: 4, Kind: waves.Regular, GoLive: date("2027-05-31")},
		{Number: 5, Kind: waves.Regular, GoLive: date("2027-06-21")},
		{Number: 6, Kind: waves.Regular, GoLive: date("2027-08-23")},
		{Number: 7, Kind: waves.Regular, GoLive: date("2027-09-27")},
		{Number: 8, Kind: waves.Catchup, GoLive: date("2027-11-01")},
	}
	s.Blackouts = app.StandardBlackouts(2027, 2027)
	for name, w := range map[string]int{"Vallensbæk": 1, "Ishøj": 1, "Vejen": 1, "Assens": 2, "Helsingør": 2, "Randers": 2, "Aarhus": 2} {
		s.Municipalities = append(s.Municipalities, app.WaveMunicipality{Code: codeOf(t, a, name), FixedWave: w})
	}
	s.Groups = []app.WaveGroup{{Name: "Jobcenter Vestsjælland", Members: []string{codeOf(t, a, "Kalundborg"), codeOf(t, a, "Holbæk")}}}
	s.Municipalities = append(s.Municipalities, app.WaveMunicipality{Code: codeOf(t, a, "Odense"), Preferred: []int{4}, Excluded: []int{5}})
	for _, name := range []string{"Aalborg", "Esbjerg", "Kolding", "Horsens", "Vejle", "Silkeborg", "Herning", "Roskilde", "Næstved", "Slagelse", "Viborg", "Holstebro"} {
		s.Municipalities = append(s.Municipalities, app.WaveMunicipality{Code: codeOf(t, a, name), PurchasedTraining: true})
	}
	return s
}

func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var fe app.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("error %v has no field errors", err)
	}
	var out []string
	for _, e := range fe {
		out = append(out, e.Field)
	}
	return out
}

func TestWaveSetup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newWaveApp(t, url)

		s, err := a.WaveSetup(ctx, nil, "mini")
		if err != nil {
			t.Fatal(err)
		}
		if s.Revision != 0 || s.HypercareTeams != 2 || s.TrainingParallel != 5 || s.ProgrammeName == "" {
			t.Errorf("default setup %+v", s)
		}
		if _, err := a.CreateWaveVersion(ctx, app.System("k"), "mini", app.NewWaveVersion{Seed: 1}); app.ErrorCode(err) != app.CodeInvalid {
			t.Errorf("optimising without a setup: %v, want invalid", err)
		}
		if _, err := a.WaveSetup(ctx, nil, "nope"); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("unknown programme: %v", err)
		}

		// Every malformed field is named at once, indexed as sent.
		bad := ksdSetup(t, a)
		bad.Waves = append(bad.Waves,
			app.WaveDef{Number: 0, Kind: waves.Regular, GoLive: date("2027-10-04")},
			app.WaveDef{Number: 3, Kind: "bogus", GoLive: date("2027-12-25"), Capacity: -1})
		bad.Blackouts = append(bad.Blackouts, app.WaveBlackout{Name: "", From: date("2027-10-10"), To: date("2027-10-01")})
		bad.Groups = append(bad.Groups, app.WaveGroup{Name: "Alene", Members: []string{"999"}})
		bad.Municipalities = append(bad.Municipalities, app.WaveMunicipality{Code: codeOf(t, a, "Læsø"), FixedWave: 42, Preferred: []int{3, 3}})
		bad.HypercareTeams = 0
		bad.SizeClasses = app.SizeLimits{MediumFrom: 50000, LargeFrom: 40000}
		_, err = a.SaveWaveSetup(ctx, app.System("k"), "mini", bad)
		if app.ErrorCode(err) != app.CodeInvalid {
			t.Fatalf("bad setup: %v, want invalid", err)
		}
		nm, nb := len(bad.Municipalities)-1, len(bad.Blackouts)-1
		want := []string{"waves[8].number", "waves[9].number", "waves[9].kind", "waves[9].golive", "waves[9].capacity",
			fmt.Sprintf("blackouts[%d].name", nb), fmt.Sprintf("blackouts[%d].to", nb), "groups[1].members", "groups[1].members[0]",
			fmt.Sprintf("municipalities[%d].fixed_wave", nm), fmt.Sprintf("municipalities[%d].preferred[1]", nm),
			"hypercare_teams", "size_classes.large_from"}
		if got := fieldsOf(t, err); !slices.Equal(got, want) {
			t.Errorf("field errors\n got %v\nwant %v", got, want)
		}
		if !strings.Contains(app.ErrorMessage(err), "waves[8].number") {
			t.Errorf("message %q does not name the first field", app.ErrorMessage(err))
		}

		good := ksdSetup(t, a)
		saved, err := a.SaveWaveSetup(ctx, app.System("Koordinator"), "mini", good)
		if err != nil {
			t.Fatal(err)
		}
		if saved.Revision != 1 || len(saved.Waves) != 8 || len(saved.Municipalities) != 20 || len(saved.Groups) != 1 || len(saved.Issues) != 0 {
			t.Fatalf("saved setup: revision %d, %d waves, %d municipalities, %d groups, issues %v",
				saved.Revision, len(saved.Waves), len(saved.Municipalities), len(saved.Groups), saved.Issues)
		}
		if _, err := a.SaveWaveSetup(ctx, app.System("Another"), "mini", good); app.ErrorCode(err) != app.CodeConflict {
			t.Errorf("saving revision 0 again: %v, want conflict", err)
		}

		// Contradicting constraints are saved, reported with the
		// constraints named, and refuse optimisation.
		clash := *saved
		clash.Waves = slices.Clone(saved.Waves)
		clash.Waves[0].GoLive = date("2027-01-04") // in "Jul og vinter 2026/2027"
		clash.Waves[2].Capacity = 1
		clash.Municipalities = append(clash.Municipalities[:0:0], saved.Municipalities...)
		clash.Municipalities = append(clash.Municipalities,
			app.WaveMunicipality{Code: codeOf(t, a, "Kalundborg"), FixedWave: 3})
		s2, err := a.SaveWaveSetup(ctx, app.System("Koordinator"), "mini", clash)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string][]string{}
		for _, is := range s2.Issues {
			kinds[is.Kind] = is.Constraints
		}
		if c := kinds["fixed-in-blackout"]; len(c) < 2 || !strings.Contains(strings.Join(c, "|"), "perioden Jul og vinter 2026/2027") {
			t.Errorf("fixed-in-blackout names %v; issues %+v", c, s2.Issues)
		}
		if c := kinds["fixed-over-capacity"]; len(c) == 0 || !strings.Contains(strings.Join(c, "|"), "bølge 3") {
			t.Errorf("fixed-over-capacity names %v; issues %+v", c, s2.Issues)
		}
		_, err = a.CreateWaveVersion(ctx, app.System("k"), "mini", app.NewWaveVersion{Seed: 1})
		var in app.Infeasible
		if app.ErrorCode(err) != app.CodeInvalid || !errors.As(err, &in) || len(in) != len(s2.Issues) {
			t.Errorf("optimising an infeasible setup: %v (%d issues), want invalid with the %d issues", err, len(in), len(s2.Issues))
		}
		vs, _ := a.WaveVersions(ctx, nil, "mini")
		if len(vs) != 0 {
			t.Errorf("an infeasible optimisation stored %d versions", len(vs))
		}
	})
}

func TestWavePlanProcess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newWaveApp(t, url)
		if _, err := a.SaveWaveSetup(ctx, app.System("Koordinator"), "mini", ksdSetup(t, a)); err != nil {
			t.Fatal(err)
		}

		// A seeded optimisation is a draft that keeps every hard rule and is
		// reproducible.
		v1, err := a.CreateWaveVersion(ctx, app.System("Koordinator"), "mini", app.NewWaveVersion{Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if v1.Number != 1 || v1.State != model.WaveDraft || v1.Score.Hard != 0 || len(v1.Municipalities) != 98 || len(v1.Waves) != 8 {
			t.Fatalf("version 1: number %d, state %s, hard %v, %d municipalities, %d waves", v1.Number, v1.State, v1.Score.Hard, len(v1.Municipalities), len(v1.Waves))
		}
		wave := map[string]int{}
		for _, p := range v1.Municipalities {
			wave[p.Code] = p.Wave
		}
		if wave[codeOf(t, a, "Aarhus")] != 2 || wave[codeOf(t, a, "Vejen")] != 1 {
			t.Errorf("pilots not in their waves: Aarhus %d, Vejen %d", wave[codeOf(t, a, "Aarhus")], wave[codeOf(t, a, "Vejen")])
		}
		if wave[codeOf(t, a, "Kalundborg")] != wave[codeOf(t, a, "Holbæk")] {
			t.Error("the collaboration is split")
		}
		if w := wave[codeOf(t, a, "Odense")]; w == 5 {
			t.Error("Odense is in the wave it excluded")
		}
		for _, w := range v1.Waves {
			if w.Number == 8 && w.Count != 0 {
				t.Errorf("catch-up wave holds %d municipalities", w.Count)
			}
			if w.Kind == waves.Regular && (w.Count < 18 || w.Count > 19 || w.Small == 0 || w.Large == 0 || len(w.Regions) < 3) {
				t.Errorf("regular wave %+v is not balanced and mixed", w)
			}
		}
		if len(v1.Criteria) != 5 || len(v1.Steps) != 1 || v1.Steps[0].Kind != "optimise" {
			t.Errorf("criteria %d, steps %+v", len(v1.Criteria), v1.Steps)
		}
		v2, err := a.CreateWaveVersion(ctx, app.System("Koordinator"), "mini", app.NewWaveVersion{Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if d, err := a.CompareWaveVersions(ctx, nil, "mini", 1, 2); err != nil || len(d.Moved) != 0 || d.Unchanged != 98 {
			t.Fatalf("same seed, same setup: diff %+v, %v", d, err)
		}

		// What-if on version 2: a preview saves nothing, a move is saved
		// and logged with every criterion's change.
		free := ""
		for _, p := range v2.Municipalities {
			if !p.Fixed && p.Group == "" && p.Wave == 3 && len(p.Preferred)+len(p.Excluded) == 0 {
				free = p.Code
				break
			}
		}
		pre, err := a.MoveWaveMunicipality(ctx, app.System("k"), "mini", 2, app.WaveMove{Code: free, Wave: 4, Preview: true})
		if err != nil {
			t.Fatal(err)
		}
		if !pre.Preview || len(pre.Moved) != 1 || pre.Moved[0].From != 3 || pre.Moved[0].To != 4 || len(pre.Criteria) != 7 || pre.Delta.CountBalance <= 0 {
			t.Errorf("preview %+v", pre)
		}
		if again, _ := a.WaveVersion(ctx, nil, "mini", 2); again.Revision != v2.Revision {
			t.Error("a preview changed the version")
		}
		ch, err := a.MoveWaveMunicipality(ctx, app.System("Koordinator"), "mini", 2, app.WaveMove{Code: free, Wave: 4, Revision: v2.Revision})
		if err != nil {
			t.Fatal(err)
		}
		if ch.Preview || ch.Revision != v2.Revision+1 || ch.After != pre.After {
			t.Errorf("move %+v, preview %+v", ch, pre)
		}
		if _, err := a.MoveWaveMunicipality(ctx, app.System("k"), "mini", 2, app.WaveMove{Code: free, Wave: 5, Revision: v2.Revision}); app.ErrorCode(err) != app.CodeConflict {
			t.Errorf("move with a stale revision: %v, want conflict", err)
		}
		if _, err := a.MoveWaveMunicipality(ctx, app.System("k"), "mini", 2, app.WaveMove{Code: codeOf(t, a, "Aarhus"), Wave: 3}); app.ErrorCode(err) != app.CodeInvalid {
			t.Errorf("moving a fixed pilot: %v, want invalid", err)
		}
		if _, err := a.MoveWaveMunicipality(ctx, app.System("k"), "mini", 2, app.WaveMove{Code: free, Wave: 42}); !slices.Equal(fieldsOf(t, err), []string{"wave"}) {
			t.Errorf("moving to an unknown wave: %v", err)
		}
		// Moving one collaboration member moves both.
		to := 6
		if wave[codeOf(t, a, "Kalundborg")] == 6 {
			to = 7
		}
		ch, err = a.MoveWaveMunicipality(ctx, app.System("k"), "mini", 2, app.WaveMove{Code: codeOf(t, a, "Kalundborg"), Wave: to})
		if err != nil {
			t.Fatal(err)
		}
		if len(ch.Moved) != 2 {
			t.Errorf("moving one member of a collaboration moved %+v, want both", ch.Moved)
		}
		// Lock the moved municipality; re-optimising leaves it in wave 4.
		if _, err := a.LockWaveMunicipalities(ctx, app.System("k"), "mini", 2, app.WaveLock{Codes: []string{free}, Locked: true}); err != nil {
			t.Fatal(err)
		}
		ch, err = a.ReoptimiseWaveVersion(ctx, app.System("Koordinator"), "mini", 2, app.WaveReoptimise{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ch.Moved {
			if m.Code == free {
				t.Errorf("re-optimising moved the locked %s", free)
			}
		}
		if ch.After.Hard != 0 {
			t.Errorf("re-optimised plan breaks hard constraints: %v", ch.Violations)
		}
		v2, err = a.WaveVersion(ctx, nil, "mini", 2)
		if err != nil {
			t.Fatal(err)
		}
		kinds := []string{}
		for _, s := range v2.Steps {
			kinds = append(kinds, s.Kind)
		}
		if !slices.Equal(kinds, []string{"optimise", "move", "move", "lock", "reoptimise"}) {
			t.Errorf("log kinds %v", kinds)
		}
		d, err := a.CompareWaveVersions(ctx, nil, "mini", 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range d.Moved {
			if m.Code == free {
				found = m.FromWave == 3 && m.ToWave == 4 && m.FromGoLive == date("2027-04-26") && m.ToGoLive == date("2027-05-31")
			}
		}
		if !found || d.Unchanged+len(d.Moved) != 98 {
			t.Errorf("diff 1→2 does not show %s moving 3→4: %+v", free, d.Moved)
		}

		// The hearing.
		if _, err := a.AddWaveComment(ctx, app.System("PL"), "mini", 2, free, app.WaveCommentRequest{Body: "Vi kan ikke i maj."}); app.ErrorCode(err) != app.CodeConflict {
			t.Errorf("comment on a draft: %v, want conflict", err)
		}
		if _, err := a.AnnounceWaveVersion(ctx, app.System("k"), "mini", 2, app.WaveTransition{Revision: 1}); app.ErrorCode(err) != app.CodeConflict {
			t.Errorf("announce with a stale revision: %v, want conflict", err)
		}
		ann, err := a.AnnounceWaveVersion(ctx, app.System("Koordinator"), "mini", 1, app.WaveTransition{})
		if err != nil {
			t.Fatal(err)
		}
		if ann.Notified != 98 || ann.Changed != 0 || ann.State != model.WaveHearing || ann.Mails != 0 || len(ann.Unreached) != 98 {
			t.Errorf("announce 1: %+v", ann)
		}
		if _, err := a.MoveWaveMunicipality(ctx, app.System("k"), "mini", 1, app.WaveMove{Code: free, Wave: 5}); app.ErrorCode(err) != app.CodeConflict {
			t.Errorf("moving in a version in hearing: %v, want conflict", err)
		}
		c, err := a.AddWaveComment(ctx, app.System("Projektleder"), "mini", 1, free, app.WaveCommentRequest{Body: "  Vi foretrækker bølge 4.  "})
		if err != nil {
			t.Fatal(err)
		}
		if c.Body != "Vi foretrækker bølge 4." || c.Municipality != free {
			t.Errorf("comment %+v", c)
		}
		if _, err := a.AddWaveComment(ctx, app.System("PL"), "mini", 1, free, app.WaveCommentRequest{Body: " "}); !slices.Equal(fieldsOf(t, err), []string{"body"}) {
			t.Errorf("empty comment: %v", err)
		}
		if _, err := a.AddWaveComment(ctx, app.System("PL"), "mini", 1, "999", app.WaveCommentRequest{Body: "x"}); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("comment from an unknown municipality: %v", err)
		}
		// The municipality's own people see its placement in announced
		// versions; its project lead comments; nobody else's do.
		pl := signIn(t, a, "pl@kommune.dk", "Projektleder", access.ProjectLead, free)
		member := signIn(t, a, "m@kommune.dk", "Medarbejder", access.Member, free)
		other := signIn(t, a, "pl@aarhus.dk", "Anden projektleder", access.ProjectLead, codeOf(t, a, "Aarhus"))
		mv, err := a.WaveMunicipality(ctx, member, "mini", 1, free)
		if err != nil || len(mv.Comments) != 1 || mv.Placement.Wave != 3 || mv.Announcement == nil || mv.Wave.Number != 3 {
			t.Errorf("municipality view %+v, %v", mv, err)
		}
		if _, err := a.WaveMunicipality(ctx, member, "mini", 2, free); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("a municipality sees a draft: %v", err)
		}
		if _, err := a.WaveMunicipality(ctx, nil, "mini", 2, free); err != nil {
			t.Errorf("the centre does not see its draft: %v", err)
		}
		if _, err := a.WaveMunicipality(ctx, other, "mini", 1, free); app.ErrorCode(err) != app.CodeForbidden {
			t.Errorf("another municipality sees the placement: %v", err)
		}
		if _, err := a.AddWaveComment(ctx, member, "mini", 1, free, app.WaveCommentRequest{Body: "x"}); app.ErrorCode(err) != app.CodeForbidden {
			t.Errorf("a member comments: %v", err)
		}
		if _, err := a.AddWaveComment(ctx, other, "mini", 1, free, app.WaveCommentRequest{Body: "x"}); app.ErrorCode(err) != app.CodeForbidden {
			t.Errorf("another municipality comments: %v", err)
		}
		if c, err := a.AddWaveComment(ctx, pl, "mini", 1, free, app.WaveCommentRequest{Body: "Bølge 3 passer os."}); err != nil || c.Author != pl.Actor() {
			t.Errorf("the project lead's comment: %+v, %v", c, err)
		}
		// The whole plan and its changes are the centre's.
		if _, err := a.WaveVersions(ctx, pl, "mini"); app.ErrorCode(err) != app.CodeForbidden {
			t.Errorf("a project lead lists the versions: %v", err)
		}
		if _, err := a.WaveVersion(ctx, pl, "mini", 1); app.ErrorCode(err) != app.CodeForbidden {
			t.Errorf("a project lead reads the whole version: %v", err)
		}
		if _, err := a.MoveWaveMunicipality(ctx, pl, "mini", 2, app.WaveMove{Code: free, Wave: 4, Preview: true}); app.ErrorCode(err) != app.CodeForbidden {
			t.Errorf("a project lead moves a municipality: %v", err)
		}

		// Announcing version 2 supersedes 1 in hearing and says who moved.
		ann, err = a.AnnounceWaveVersion(ctx, app.System("Koordinator"), "mini", 2, app.WaveTransition{Revision: v2.Revision})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ann.Superseded, []int{1}) || ann.Changed != len(d.Moved) {
			t.Errorf("announce 2: superseded %v, changed %d, want [1] and %d", ann.Superseded, ann.Changed, len(d.Moved))
		}
		if _, err := a.FinaliseWaveVersion(ctx, app.System("k"), "mini", 1, app.WaveTransition{}); app.ErrorCode(err) != app.CodeConflict {
			t.Errorf("finalising a superseded version: %v, want conflict", err)
		}

		// Final: every municipality is enrolled with its wave's go-live.
		fin, err := a.FinaliseWaveVersion(ctx, app.System("Koordinator"), "mini", 2, app.WaveTransition{})
		if err != nil {
			t.Fatal(err)
		}
		if fin.Created != 98 || fin.Moved != 0 || len(fin.Enrolments) != 98 {
			t.Errorf("final: created %d, moved %d", fin.Created, fin.Moved)
		}
		p, err := a.Plan(ctx, nil, "mini", free, date("2027-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		if p.Wave != 4 || p.GoLive != date("2027-05-31") {
			t.Errorf("%s enrolled in wave %d on %s, want 4 on 2027-05-31", free, p.Wave, p.GoLive)
		}
		if _, err := a.FinaliseWaveVersion(ctx, app.System("k"), "mini", 2, app.WaveTransition{}); app.ErrorCode(err) != app.CodeConflict {
			t.Errorf("finalising twice: %v, want conflict", err)
		}
		vs, err := a.WaveVersions(ctx, nil, "mini")
		if err != nil {
			t.Fatal(err)
		}
		states := []model.WaveState{}
		for _, v := range vs {
			states = append(states, v.State)
		}
		if !slices.Equal(states, []model.WaveState{model.WaveSuperseded, model.WaveFinal}) {
			t.Errorf("states %v", states)
		}
	})
}

// A later final plan moves go-live through Enrol's rules: task dates follow
// the new go-live, except dates the municipality moved itself.
func TestWaveFinalKeepsLocalDates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newWaveApp(t, url)
		if _, err := a.SaveWaveSetup(ctx, app.System("k"), "mini", ksdSetup(t, a)); err != nil {
			t.Fatal(err)
		}
		v, err := a.CreateWaveVersion(ctx, app.System("k"), "mini", app.NewWaveVersion{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range []func() error{
			func() error {
				_, err := a.AnnounceWaveVersion(ctx, app.System("k"), "mini", v.Number, app.WaveTransition{})
				return err
			},
			func() error {
				_, err := a.FinaliseWaveVersion(ctx, app.System("k"), "mini", v.Number, app.WaveTransition{})
				return err
			},
		} {
			if err := step(); err != nil {
				t.Fatal(err)
			}
		}
		var code string
		for _, p := range v.Municipalities {
			if !p.Fixed && p.Group == "" && p.Wave == 3 && len(p.Excluded) == 0 {
				code = p.Code
				break
			}
		}
		before, err := a.Plan(ctx, nil, "mini", code, date("2027-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		local, other := before.Tasks[0], before.Tasks[1]
		moved, err := a.MoveTask(ctx, nil, local.ID, app.MoveInput{Start: local.Start.AddDays(-7), End: local.End.AddDays(-7),
			Reason: "Vi har lagt den tidligere", Version: local.Version})
		if err != nil {
			t.Fatal(err)
		}

		// Version 2: the municipality moves from wave 3 to wave 6.
		v2, err := a.CreateWaveVersion(ctx, app.System("k"), "mini", app.NewWaveVersion{From: v.Number})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.MoveWaveMunicipality(ctx, app.System("k"), "mini", v2.Number, app.WaveMove{Code: code, Wave: 6}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.AnnounceWaveVersion(ctx, app.System("k"), "mini", v2.Number, app.WaveTransition{}); err != nil {
			t.Fatal(err)
		}
		fin, err := a.FinaliseWaveVersion(ctx, app.System("k"), "mini", v2.Number, app.WaveTransition{})
		if err != nil {
			t.Fatal(err)
		}
		if fin.Created != 0 || fin.Moved != 1 || fin.Unchanged != 97 || !slices.Equal(fin.Superseded, []int{v.Number}) {
			t.Errorf("second final: created %d, moved %d, unchanged %d, superseded %v", fin.Created, fin.Moved, fin.Unchanged, fin.Superseded)
		}
		after, err := a.Plan(ctx, nil, "mini", code, date("2027-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		if after.Wave != 6 || after.GoLive != date("2027-08-23") {
			t.Errorf("plan now wave %d, go-live %s", after.Wave, after.GoLive)
		}
		if got := taskByID(t, after, local.ID); got.Start != moved.Start || got.End != moved.End {
			t.Errorf("locally moved task now %s–%s, want kept at %s–%s", got.Start, got.End, moved.Start, moved.End)
		}
		if got := taskByID(t, after, other.ID); got.End == other.End {
			t.Errorf("task %s kept its date %s although go-live moved", other.Key, other.End)
		}
	})
}

func taskByID(t *testing.T, p *app.PlanView, id int64) app.TaskView {
	t.Helper()
	for _, x := range p.Tasks {
		if x.ID == id {
			return x
		}
	}
	t.Fatalf("task %d not in plan", id)
	return app.TaskView{}
}

// allowAnyGoLive saves a wave setup for a programme that names its own
// blackout periods (none), so any working day may be a go-live.
func allowAnyGoLive(t *testing.T, a *app.App, key string) {
	t.Helper()
	s := app.DefaultWaveSetup(key)
	s.OwnBlackouts = true
	if _, err := a.SaveWaveSetup(context.Background(), app.System("test"), key, s); err != nil {
		t.Fatal(err)
	}
}
