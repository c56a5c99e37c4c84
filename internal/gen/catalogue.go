package gen

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/model"
)

// ProgrammeKey is the key of the generated programme unless Options says
// otherwise.
const ProgrammeKey = "gen"

// phaseSpec places the tasks of one leaf phase. Offsets are working days
// from go-live (calendar days for the calendar-day tasks of phase 4), chosen
// inside the implementation model's phase windows with a margin for
// weekends and holidays, so that a task's start and end fall in its phase
// for every go-live date (TestCataloguePhasesMatchDates checks this).
type phaseSpec struct {
	key       string
	weight    int // share of the catalogue, per mille
	lo, hi    int // start and end lie in [lo, hi]
	maxLength int // end - start is 1..maxLength
	milestone string
}

var phaseSpecs = []phaseSpec{
	{key: "0", weight: 40, lo: -480, hi: -330, maxLength: 40},
	{key: "1", weight: 60, lo: -305, hi: -262, maxLength: 30},
	{key: "2.1", weight: 300, lo: -240, hi: -70, maxLength: 40},
	{key: "2.2", weight: 280, lo: -58, hi: -12, maxLength: 20},
	// Relative to the idriftsaettelse milestone (5 working days before
	// go-live): 7 to 1 working days before go-live.
	{key: "2.3", weight: 80, lo: -2, hi: 4, maxLength: 3, milestone: "idriftsaettelse"},
	{key: "3", weight: 160, lo: 0, hi: 58, maxLength: 20},
	{key: "4", weight: 80, lo: 68, hi: 250, maxLength: 60},
}

// Phase 4 tasks counted in calendar days (one in three) lie in this window.
const calLo, calHi, calMaxLength = 100, 360, 90

// mainTaskPhases lists, for main tasks 1–16, the phases the implementation
// model (data/implementation-model.yaml) places them in, and the theme a
// generated task of that main task gets. TestMainTaskTable checks it
// against the model.
var mainTasks = []struct {
	phases []string
	theme  string
	titles []string
	role   string
}{
	1:  {[]string{"2.1", "2.2", "2.3", "3", "4"}, "drift-og-support", []string{"Etabler supportmodel", "Aftal driftsansvar", "Følg op på driftsstabilitet"}, "Driftsansvarlig"},
	2:  {[]string{"0", "1", "2.1", "2.2", "3", "4"}, "projektstyring", []string{"Gennemgå kontrakten", "Afklar leverandøraftaler", "Opsig den gamle kontrakt"}, "Kontraktansvarlig"},
	3:  {[]string{"1", "2.1", "2.2", "2.3", "3", "4"}, "projektstyring", []string{"Udarbejd projektplan", "Opdater risikolog", "Hold styregruppemøde"}, "Projektleder"},
	4:  {[]string{"0", "1", "2.1", "4"}, "projektstyring", []string{"Beslut tilslutning", "Forankr strategien i ledelsen"}, "Topledelse"},
	5:  {[]string{"0", "1", "2.1", "2.2", "2.3", "3", "4"}, "forandringsledelse", []string{"Udarbejd kommunikationsplan", "Informer medarbejderne", "Kommuniker go-live"}, "Kommunikationsansvarlig"},
	6:  {[]string{"1", "2.1", "2.2", "3", "4"}, "gevinstrealisering", []string{"Beskriv gevinsterne", "Mål baseline", "Følg op på gevinsterne"}, "Gevinstansvarlig"},
	7:  {[]string{"2.1", "2.2"}, "ud-og-indfasning", []string{"Ryd op i sagerne", "Klargør sager til konvertering"}, "Fagleder"},
	8:  {[]string{"2.1", "2.2", "2.3", "3", "4"}, "uddannelse", []string{"Planlæg uddannelsen", "Uddan superbrugere", "Gennemfør slutbrugeruddannelse"}, "Superbruger"},
	9:  {[]string{"2.1", "2.2", "3", "4"}, "forandringsledelse", []string{"Beskriv nye arbejdsgange", "Tilpas organiseringen"}, "Fagleder"},
	10: {[]string{"2.2", "2.3", "3"}, "ud-og-indfasning", []string{"Bemand go-live-beredskabet", "Gennemfør go-live"}, "Projektleder"},
	11: {[]string{"1", "2.1", "2.2", "4"}, "konfigurering", []string{"Klargør it-miljøet", "Tildel brugerrettigheder"}, "It-ansvarlig"},
	12: {[]string{"2.1", "2.2", "2.3"}, "konfigurering", []string{"Konfigurer løsningen", "Opsæt stamdata"}, "Systemansvarlig"},
	13: {[]string{"2.1", "2.2", "2.3"}, "konfigurering", []string{"Tilslut snitflader", "Test integrationerne"}, "It-ansvarlig"},
	14: {[]string{"2.1", "2.2", "2.3", "3"}, "ud-og-indfasning", []string{"Konverter data", "Valider migrerede data"}, "Systemansvarlig"},
	15: {[]string{"2.2", "2.3"}, "konfigurering", []string{"Gennemfør test", "Godkend prøverne"}, "Testansvarlig"},
	16: {[]string{"2.3"}, "ud-og-indfasning", []string{"Gennemfør cut-over", "Bekræft idriftsættelsen"}, "Teknisk ansvarlig"},
}

// Main tasks institutions take part in; institution-level tasks use these
// where the phase allows.
var institutionMainTasks = []int{1, 5, 6, 8, 9, 10, 15}

// task is a generated catalogue task before it is written out.
type task struct {
	key, title, description, theme, phase string
	mainTask                              int
	typ                                   model.TaskType
	level                                 model.Level
	responsible, executor, milestone      string
	start, end                            int
	unit                                  model.Unit
}

// Catalogue returns a valid catalogue file (docs/catalogue-format.md) for the
// programme ProgrammeKey with tasks tasks, institutionTasks of them at
// institution level. Tasks are spread over the phases of the implementation
// model in phase order, with main task, theme and offsets consistent with
// their phase; about 15 % are critical, 55 % mandatory and 30 % optional.
// The same arguments always give the same bytes. Everything in it is
// synthetic and says so.
func Catalogue(tasks, institutionTasks int, seed int64) []byte {
	return render(ProgrammeKey, generate(tasks, institutionTasks, seed), seed)
}

// ChangedCatalogue returns the catalogue of Catalogue with one change: the
// end offset of one municipality-level mandatory task (in phase 2.1 or 2.2
// when there is one) moved one working day earlier, which stays inside its
// phase. Publishing it after Catalogue changes that task in every plan.
// changedKey is the task's key.
func ChangedCatalogue(tasks, institutionTasks int, seed int64) (data []byte, changedKey string) {
	ts := generate(tasks, institutionTasks, seed)
	i := changeTarget(ts)
	ts[i].end--
	return render(ProgrammeKey, ts, seed), ts[i].key
}

func catalogueFor(key string, tasks, institutionTasks int, seed int64) []byte {
	return render(key, generate(tasks, institutionTasks, seed), seed)
}

func changeTarget(ts []task) int {
	best, bestScore := 0, -1
	for i, t := range ts {
		score := 0
		if t.level == model.LevelMunicipality {
			score += 4
		}
		if t.typ.IsMandatory() {
			score += 2
		}
		if t.phase == "2.1" || t.phase == "2.2" {
			score++
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

func generate(n, institutionTasks int, seed int64) []task {
	n = max(n, 1)
	institutionTasks = min(max(institutionTasks, 0), n)
	r := newRNG(seed, 1)
	total := 0
	for _, p := range phaseSpecs {
		total += p.weight
	}
	ts := make([]task, n)
	for i := range ts {
		// The phase is fixed by position, so the catalogue reads in phase order.
		at, cum := (2*i+1)*total/(2*n), 0
		spec := phaseSpecs[len(phaseSpecs)-1]
		for _, p := range phaseSpecs {
			if cum += p.weight; at < cum {
				spec = p
				break
			}
		}
		t := task{key: fmt.Sprintf("gen-%03d", i+1), phase: spec.key, unit: model.WorkingDays, milestone: model.GoLive}
		if spec.milestone != "" {
			t.milestone = spec.milestone
		}
		lo, hi, length := spec.lo, spec.hi, spec.maxLength
		if spec.key == "4" && r.intn(3) == 0 {
			t.unit, lo, hi, length = model.CalendarDays, calLo, calHi, calMaxLength
		}
		t.start = r.between(lo, hi-1)
		t.end = r.between(t.start+1, min(hi, t.start+length))
		switch x := r.intn(100); {
		case x < 15:
			t.typ = model.Critical
		case x < 70:
			t.typ = model.Mandatory
		default:
			t.typ = model.Optional
		}
		ts[i] = t
	}
	// Institution-level tasks: preferably in the phases institutions take
	// part in (2.1 and later), chosen at random.
	var late, early []int
	for i, t := range ts {
		if t.phase == "0" || t.phase == "1" {
			early = append(early, i)
		} else {
			late = append(late, i)
		}
	}
	shuffle(r, late)
	shuffle(r, early)
	for _, i := range append(late, early...)[:institutionTasks] {
		ts[i].level = model.LevelInstitution
	}
	for i := range ts {
		t := &ts[i]
		if t.level == "" {
			t.level = model.LevelMunicipality
		}
		t.mainTask = pickMainTask(r, t.phase, t.level == model.LevelInstitution)
		mt := mainTasks[t.mainTask]
		t.theme = mt.theme
		what := mt.titles[r.intn(len(mt.titles))]
		t.responsible, t.executor = "Kommunen", mt.role
		where := ""
		if t.level == model.LevelInstitution {
			t.responsible, t.executor, where = "Institutionen", "Tovholder på institutionen", " på institutionen"
		} else if t.mainTask >= 11 && t.mainTask <= 16 && r.intn(3) == 0 {
			t.responsible = "Leverandøren"
		}
		t.title = fmt.Sprintf("%s%s (genereret opgave %d)", what, where, i+1)
		t.description = fmt.Sprintf("Syntetisk opgave genereret af udrul til ydelsesmålinger: %s%s i fase %s. "+
			"Ikke en rigtig opgave.", lowerFirst(what), where, t.phase)
	}
	return ts
}

func pickMainTask(r *rng, phase string, institution bool) int {
	var fits, inst []int
	for n := 1; n < len(mainTasks); n++ {
		if slices.Contains(mainTasks[n].phases, phase) {
			fits = append(fits, n)
			if slices.Contains(institutionMainTasks, n) {
				inst = append(inst, n)
			}
		}
	}
	if institution && len(inst) > 0 {
		fits = inst
	}
	return fits[r.intn(len(fits))]
}

func shuffle(r *rng, xs []int) {
	for i := len(xs) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		xs[i], xs[j] = xs[j], xs[i]
	}
}

func render(key string, ts []task, seed int64) []byte {
	inst := 0
	for _, t := range ts {
		if t.level == model.LevelInstitution {
			inst++
		}
	}
	var b strings.Builder
	b.Grow(256 + 420*len(ts))
	fmt.Fprintf(&b, "# GENERERET KATALOG – syntetiske testdata fra udrul (internal/gen), ikke et rigtigt katalog.\n")
	fmt.Fprintf(&b, "# %d opgaver, heraf %d på institutionsniveau; seed %d.\n", len(ts), inst, seed)
	fmt.Fprintf(&b, "format: 1\nprogramme:\n  key: %s\n", key)
	fmt.Fprintf(&b, "  name: %s\n", quote(fmt.Sprintf("Genereret testprogram (seed %d)", seed)))
	b.WriteString("  description: |\n    Syntetisk program genereret af udrul til ydelsesmålinger og test.\n" +
		"    Kommuner, institutioner og opgaver er opdigtede.\n")
	b.WriteString("  warning_days: 3\n  milestones:\n    - key: idriftsaettelse\n      name: Idriftsættelse\n" +
		"      offset: -5\n      unit: arbejdsdage\ntasks:\n")
	for _, t := range ts {
		fmt.Fprintf(&b, "  - key: %s\n    title: %s\n    description: %s\n", t.key, quote(t.title), quote(t.description))
		fmt.Fprintf(&b, "    theme: %s\n    main_task: %d\n    phase: %s\n    type: %s\n    level: %s\n",
			t.theme, t.mainTask, quote(t.phase), t.typ, t.level)
		fmt.Fprintf(&b, "    responsible: %s\n    executor: %s\n", quote(t.responsible), quote(t.executor))
		fmt.Fprintf(&b, "    milestone: %s\n    start: %d\n    end: %d\n    unit: %s\n", t.milestone, t.start, t.end, t.unit)
	}
	return []byte(b.String())
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// quote writes a YAML double-quoted scalar. Generated text has no control
// characters, so only backslash and quote need escaping.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// GrownCatalogue returns the catalogue of Catalogue(tasks, 0, seed) with
// added more municipality-level tasks (keys gen-add-0001, …) drawn like the
// others from the next seed. Publishing it after Catalogue adds added tasks
// to every plan: the large publication of the performance targets.
func GrownCatalogue(tasks, added int, seed int64) []byte {
	ts := generate(tasks, 0, seed)
	extra := generate(added, 0, seed+1)
	for i := range extra {
		extra[i].key = fmt.Sprintf("gen-add-%04d", i+1)
	}
	return render(ProgrammeKey, append(ts, extra...), seed)
}
