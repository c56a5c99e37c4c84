package gen

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/waves"
)

func implModel(t testing.TB) *model.ImplementationModel {
	t.Helper()
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	return im
}

func TestCatalogueIsValidAndDeterministic(t *testing.T) {
	im := implModel(t)
	for _, tc := range []struct{ tasks, inst int }{{150, 100}, {150, 0}, {7, 7}, {1, 0}, {300, 20}} {
		b := Catalogue(tc.tasks, tc.inst, 42)
		if !bytes.Equal(b, Catalogue(tc.tasks, tc.inst, 42)) {
			t.Fatalf("%d/%d: two calls gave different files", tc.tasks, tc.inst)
		}
		cat, err := catalogue.Parse("gen.yaml", b, im)
		if err != nil {
			t.Fatalf("%d/%d: %v", tc.tasks, tc.inst, err)
		}
		if cat.Programme.Key != ProgrammeKey || len(cat.Tasks) != tc.tasks {
			t.Fatalf("%d/%d: programme %q with %d tasks", tc.tasks, tc.inst, cat.Programme.Key, len(cat.Tasks))
		}
		inst := 0
		for _, x := range cat.Tasks {
			if x.Level == model.LevelInstitution {
				inst++
			}
			if !strings.Contains(x.Title, "genereret") {
				t.Errorf("task %s title %q does not say it is generated", x.Key, x.Title)
			}
		}
		if inst != tc.inst {
			t.Errorf("%d/%d: %d institution-level tasks", tc.tasks, tc.inst, inst)
		}
	}
	if bytes.Equal(Catalogue(150, 100, 1), Catalogue(150, 100, 2)) {
		t.Error("different seeds gave the same catalogue")
	}
}

func TestCatalogueCoversTheModel(t *testing.T) {
	cat, err := catalogue.Parse("gen.yaml", Catalogue(150, 100, 1), implModel(t))
	if err != nil {
		t.Fatal(err)
	}
	phases, themes, types := map[string]int{}, map[string]int{}, map[model.TaskType]int{}
	for i, x := range cat.Tasks {
		phases[x.Phase]++
		themes[x.Theme]++
		types[x.Type]++
		if i > 0 && phaseIndex(x.Phase) < phaseIndex(cat.Tasks[i-1].Phase) {
			t.Errorf("task %s (phase %s) after a task of phase %s", x.Key, x.Phase, cat.Tasks[i-1].Phase)
		}
	}
	if len(phases) != 7 || len(themes) != 7 || len(types) != 3 {
		t.Errorf("phases %v, themes %v, types %v: want all 7, 7 and 3", phases, themes, types)
	}
}

func phaseIndex(k string) int {
	return slices.IndexFunc(phaseSpecs, func(p phaseSpec) bool { return p.key == k })
}

// A task's dates lie in its phase's window for go-lives all through the
// years, including around Easter and Christmas: the ends of each phase's
// offset range do, so every offset between them does too, and every
// generated task lies within its phase's range.
func TestCataloguePhasesMatchDates(t *testing.T) {
	im := implModel(t)
	cal := calendar.Danish()
	prog := &model.Programme{Milestones: []model.Milestone{{Key: "idriftsaettelse", Offset: -5, Unit: model.WorkingDays}}}
	type window struct {
		phase, milestone string
		lo, hi           int
		unit             model.Unit
	}
	var windows []window
	for _, p := range phaseSpecs {
		windows = append(windows, window{p.key, p.milestone, p.lo, p.hi, model.WorkingDays})
	}
	windows = append(windows, window{"4", "", calLo, calHi, model.CalendarDays})
	for g := model.NewDate(2026, time.January, 1); g < model.NewDate(2031, time.January, 1); g++ {
		if !cal.IsWorkingDay(g) {
			continue
		}
		ms := cal.Milestones(prog, g)
		for _, w := range windows {
			x := &model.CatalogueTask{Key: "k", Timing: model.Timing{Milestone: w.milestone, Start: w.lo, End: w.hi, Unit: w.unit}}
			start, end, err := cal.TaskDates(x, ms)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range []model.Date{start, end} {
				if ph, _ := im.PhaseAt(g, d); ph.Key != w.phase {
					t.Fatalf("go-live %s: offsets %d..%d %s of phase %s reach %s in phase %s", g, w.lo, w.hi, w.unit, w.phase, d, ph.Key)
				}
			}
		}
	}
	cat, err := catalogue.Parse("gen.yaml", Catalogue(600, 100, 7), im)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range cat.Tasks {
		w := windows[phaseIndex(x.Phase)]
		if x.Timing.Unit == model.CalendarDays {
			w = windows[len(windows)-1]
		}
		tm, milestone := x.Timing, w.milestone
		if milestone == "" {
			milestone = model.GoLive
		}
		if tm.Milestone != milestone || tm.Start < w.lo || tm.End > w.hi || tm.End <= tm.Start {
			t.Errorf("task %s of phase %s: timing %+v outside %+v", x.Key, x.Phase, tm, w)
		}
	}
}

func TestMainTaskTable(t *testing.T) {
	im := implModel(t)
	if len(im.MainTasks) != len(mainTasks)-1 {
		t.Fatalf("model has %d main tasks, table %d", len(im.MainTasks), len(mainTasks)-1)
	}
	for _, mt := range im.MainTasks {
		if !slices.Equal(mt.Phases, mainTasks[mt.Number].phases) {
			t.Errorf("main task %d: model phases %v, table %v", mt.Number, mt.Phases, mainTasks[mt.Number].phases)
		}
		if _, ok := im.Theme(mainTasks[mt.Number].theme); !ok {
			t.Errorf("main task %d: unknown theme %q", mt.Number, mainTasks[mt.Number].theme)
		}
	}
}

func TestChangedCatalogue(t *testing.T) {
	im := implModel(t)
	v1, _ := catalogue.Parse("v1.yaml", Catalogue(150, 100, 3), im)
	b, key := ChangedCatalogue(150, 100, 3)
	v2, err := catalogue.Parse("v2.yaml", b, im)
	if err != nil {
		t.Fatal(err)
	}
	changes := catalogue.Diff(v1.Tasks, nil, v2.Tasks)
	if len(changes) != 1 || changes[0].Key != key || !slices.Equal(changes[0].Fields, []string{"end"}) {
		t.Fatalf("changes = %+v, want only the end of %s", changes, key)
	}
	i := slices.IndexFunc(v2.Tasks, func(x model.CatalogueTask) bool { return x.Key == key })
	if x := v2.Tasks[i]; x.Level != model.LevelMunicipality || !x.Type.IsMandatory() {
		t.Errorf("changed task %+v is not a mandatory municipality task", x)
	}
}

func TestMunicipalitiesAndEnrolments(t *testing.T) {
	munis, insts := Municipalities(98, 3)
	if len(munis) != 98 || len(insts) != 294 {
		t.Fatalf("%d municipalities, %d institutions", len(munis), len(insts))
	}
	seen := map[string]bool{}
	for _, m := range munis {
		if seen[m.Code] || !strings.HasPrefix(m.Code, "G") || !strings.HasPrefix(m.Name, "Genereret") {
			t.Errorf("municipality %+v", m)
		}
		seen[m.Code] = true
	}
	for _, in := range insts {
		if seen[in.Org.Code] || !seen[in.Municipality] || !strings.HasPrefix(in.Org.Name, "Genereret") {
			t.Errorf("institution %+v", in)
		}
		seen[in.Org.Code] = true
	}
	codes := make([]string, len(munis))
	for i, m := range munis {
		codes[i] = m.Code
	}
	o := DefaultOptions()
	es := Enrolments(codes, o)
	if !slices.Equal(es, Enrolments(codes, o)) {
		t.Fatal("enrolments differ between calls")
	}
	cal := calendar.Danish()
	perWave := map[int]int{}
	for _, e := range es {
		if !cal.IsWorkingDay(e.GoLive) {
			t.Errorf("%s goes live on %s, not a working day", e.Code, e.GoLive)
		}
		start := WaveStarts(o)[e.Wave-1]
		for _, p := range waves.StandardBlackouts(2026, 2030) {
			if p.Contains(e.GoLive) {
				t.Errorf("%s goes live %s, in %s", e.Code, e.GoLive, p.Name)
			}
		}
		if e.GoLive < start || e.GoLive > cal.AddWorkingDays(start, 4) {
			t.Errorf("%s in wave %d goes live %s, outside the wave's first week from %s", e.Code, e.Wave, e.GoLive, start)
		}
		perWave[e.Wave]++
	}
	if len(perWave) != 8 {
		t.Fatalf("waves %v", perWave)
	}
	for w, n := range perWave {
		if n < 12 || n > 13 {
			t.Errorf("wave %d has %d municipalities, want 12–13", w, n)
		}
	}
}

func TestDefaultOptionsMakeOneMillion(t *testing.T) {
	if n := DefaultOptions().Instances(); n < 1_000_000 || n > 1_010_000 {
		t.Errorf("default options make %d instances", n)
	}
}
