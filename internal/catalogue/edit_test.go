package catalogue_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
)

// An edit form's change, written into the file and read back, changes that
// task only, keeps what the form does not show, and a bad value comes back
// from Parse as an error on the task's field.
func TestSetTask(t *testing.T) {
	im := implModel(t)
	src, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src = []byte(strings.Replace(string(src), "    title: Udpeg projektleder\n", "    title: Udpeg projektleder # fra seed 003\n", 1))
	before, err := catalogue.Parse(fileName, src, im)
	if err != nil {
		t.Fatal(err)
	}
	taskOf := func(c *model.Catalogue, key string) *model.CatalogueTask {
		for i := range c.Tasks {
			if c.Tasks[i].Key == key {
				return &c.Tasks[i]
			}
		}
		return nil
	}

	cases := []struct {
		name    string
		edit    func(e *catalogue.TaskEdit)
		key     string
		want    func(t *model.CatalogueTask)
		problem string // the field Parse must name; "" for a valid result
	}{
		{name: "title and timing", key: "demo-01",
			edit: func(e *catalogue.TaskEdit) { e.Title = "Udpeg en projektleder"; e.Start, e.End = "-130", "-110" },
			want: func(t *model.CatalogueTask) {
				t.Title = "Udpeg en projektleder"
				t.Timing.Start, t.Timing.End = -130, -110
			}},
		{name: "multi-line description from a browser", key: "demo-01",
			edit: func(e *catalogue.TaskEdit) { e.Description = "Første linje.\r\n\r\n- punkt\r\n" },
			want: func(t *model.CatalogueTask) { t.Description = "Første linje.\n\n- punkt" }},
		{name: "optional fields emptied are left out", key: "demo-02",
			edit: func(e *catalogue.TaskEdit) { e.Level, e.Milestone, e.Unit, e.Description = "", "", "", "" },
			want: func(t *model.CatalogueTask) {
				t.Level, t.Timing.Milestone, t.Timing.Unit, t.Description = model.LevelMunicipality, model.GoLive, model.WorkingDays, ""
			}},
		{name: "dependencies in compact form", key: "d3",
			edit: func(e *catalogue.TaskEdit) { e.DependsOn = []string{"demo-01", " ", "demo-02:SS+2"} },
			want: func(t *model.CatalogueTask) {
				t.DependsOn = []model.Dependency{{Task: "demo-01", Type: "FS"}, {Task: "demo-02", Type: "SS", Lag: 2}}
			}},
		{name: "a phase that looks like a number stays text", key: "d3",
			edit: func(e *catalogue.TaskEdit) { e.Phase = "2.3" },
			want: func(t *model.CatalogueTask) { t.Phase = "2.3" }},
		{name: "checklist and links", key: "d3",
			edit: func(e *catalogue.TaskEdit) {
				e.Checklist = []string{"Evalueringen er holdt", "", " [rapport] Rapporten er sendt: til KOMBIT "}
				e.Links = []string{"KOMBIT | https://www.kombit.dk/", "https://www.kl.dk/", "Med | lodret streg | https://kombit.dk/"}
			},
			want: func(t *model.CatalogueTask) {
				t.Checklist = []model.ChecklistItem{{Key: model.ChecklistKey("Evalueringen er holdt"), Text: "Evalueringen er holdt"},
					{Key: "rapport", Text: "Rapporten er sendt: til KOMBIT"}}
				t.Links = []model.Link{{Title: "KOMBIT", URL: "https://www.kombit.dk/"}, {Title: "https://www.kl.dk/", URL: "https://www.kl.dk/"},
					{Title: "Med | lodret streg", URL: "https://kombit.dk/"}}
			}},
		{name: "a bad link", key: "d3", edit: func(e *catalogue.TaskEdit) { e.Links = []string{"KOMBIT | www.kombit.dk"} }, problem: "tasks[2].links[0].url"},
		{name: "a bad checklist key", key: "d3", edit: func(e *catalogue.TaskEdit) { e.Checklist = []string{"[Æ] Punkt"} }, problem: "tasks[2].checklist[0].key"},
		{name: "not a number", key: "demo-01", edit: func(e *catalogue.TaskEdit) { e.Start = "tre uger før" }, problem: "tasks[0].start"},
		{name: "end before start", key: "demo-02", edit: func(e *catalogue.TaskEdit) { e.Start, e.End = "5", "1" }, problem: "tasks[1].end"},
		{name: "empty title", key: "d3", edit: func(e *catalogue.TaskEdit) { e.Title = "  " }, problem: "tasks[2].title"},
		{name: "unknown dependency", key: "d3", edit: func(e *catalogue.TaskEdit) { e.DependsOn = []string{"findes-ikke"} }, problem: "tasks[2].depends_on[0]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := catalogue.EditOf(*taskOf(before, tc.key))
			tc.edit(&e)
			out, idx, err := catalogue.SetTask(src, e)
			if err != nil {
				t.Fatal(err)
			}
			after, err := catalogue.Parse(fileName, out, im)
			if tc.problem != "" {
				inv, ok := err.(*catalogue.Invalid)
				if !ok || len(inv.Problems) == 0 || !strings.HasPrefix(inv.Problems[0].Field, tc.problem) {
					t.Fatalf("want a problem on %s, got %v", tc.problem, err)
				}
				if idx != indexOf(before, tc.key) {
					t.Errorf("SetTask says the task is at %d, Parse at %d", idx, indexOf(before, tc.key))
				}
				return
			}
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			want := *taskOf(before, tc.key)
			tc.want(&want)
			if got := taskOf(after, tc.key); !reflect.DeepEqual(*got, want) {
				t.Errorf("task\n got %+v\nwant %+v", *got, want)
			}
			for _, o := range before.Tasks {
				if o.Key != tc.key && !reflect.DeepEqual(*taskOf(after, o.Key), o) {
					t.Errorf("task %s changed too", o.Key)
				}
			}
			if !reflect.DeepEqual(after.Programme, before.Programme) {
				t.Error("the programme changed")
			}
			if !strings.Contains(string(out), "# fra seed 003") {
				t.Errorf("comment lost:\n%s", out)
			}
		})
	}
}

func indexOf(c *model.Catalogue, key string) int {
	for i, t := range c.Tasks {
		if t.Key == key {
			return i
		}
	}
	return -1
}

func TestSetTaskAddsAndRemoveTaskWithdraws(t *testing.T) {
	im := implModel(t)
	src, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e := catalogue.TaskEdit{Key: "demo-04", Title: "Afhold opstartsmøde", Theme: "projektstyring", MainTask: "3", Phase: "2.1",
		Type: "obligatorisk", Responsible: "Kommunen", Executor: "Projektleder", Start: "-90", End: "-85", DependsOn: []string{"demo-01"}}
	out, idx, err := catalogue.SetTask(src, e)
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalogue.Parse(fileName, out, im)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if idx != 3 || len(c.Tasks) != 4 || c.Tasks[3].Title != "Afhold opstartsmøde" || c.Tasks[3].Timing.Start != -90 || c.Tasks[3].Level != model.LevelMunicipality {
		t.Errorf("added task at %d: %+v", idx, c.Tasks[len(c.Tasks)-1])
	}
	if !reflect.DeepEqual(catalogue.EditOf(c.Tasks[3]).DependsOn, []string{"demo-01"}) {
		t.Errorf("dependencies %v", c.Tasks[3].DependsOn)
	}

	out, err = catalogue.RemoveTask(out, "demo-02")
	if err != nil {
		t.Fatal(err)
	}
	c, err = catalogue.Parse(fileName, out, im)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Tasks) != 3 || indexOf(c, "demo-02") >= 0 {
		t.Errorf("tasks after removal: %d", len(c.Tasks))
	}
	if _, err := catalogue.RemoveTask(out, "demo-02"); err == nil {
		t.Error("removing a task that is not there succeeded")
	}
	if _, _, err := catalogue.SetTask([]byte("format: 1\n"), e); err != catalogue.ErrNoTasks {
		t.Errorf("a file without tasks: %v", err)
	}
	if _, _, err := catalogue.SetTask([]byte("tasks: [\n"), e); err == nil {
		t.Error("broken YAML accepted")
	}
}

func TestCompactDependency(t *testing.T) {
	for _, tc := range []struct {
		d    model.Dependency
		want string
	}{
		{model.Dependency{Task: "a", Type: "FS"}, "a"},
		{model.Dependency{Task: "a"}, "a"},
		{model.Dependency{Task: "a", Type: "SS"}, "a:SS"},
		{model.Dependency{Task: "a-b", Type: "FS", Lag: -1}, "a-b:FS-1"},
		{model.Dependency{Task: "a", Type: "FF", Lag: 3}, "a:FF+3"},
	} {
		if got := catalogue.CompactDependency(tc.d); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.d, got, tc.want)
		}
	}
}

// EditOf shows a checklist and links as the form's lines, and SetTask
// writes them back unchanged: keys survive, derived keys stay derived.
func TestEditOfChecklistRoundTrip(t *testing.T) {
	task := model.CatalogueTask{Key: "d3",
		Checklist: []model.ChecklistItem{{Key: model.ChecklistKey("Et punkt"), Text: "Et punkt"}, {Key: "eget", Text: "Med egen nøgle"}},
		Links:     []model.Link{{Title: "KOMBIT", URL: "https://www.kombit.dk/"}}}
	e := catalogue.EditOf(task)
	if strings.Join(e.Checklist, "|") != "Et punkt|[eget] Med egen nøgle" || strings.Join(e.Links, "|") != "KOMBIT | https://www.kombit.dk/" {
		t.Errorf("EditOf: checklist %q, links %q", e.Checklist, e.Links)
	}
}
