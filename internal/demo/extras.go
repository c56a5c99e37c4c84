package demo

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// extrasMunicipalities are the municipalities whose task pages the demo
// fills in: ticked checklists, a few attached documents and a link.
var extrasMunicipalities = []string{"101", "751", "147"}

// demoDocument is a small generated document attached in the demo.
type demoDocument struct {
	programme, municipality, task string
	institution                   bool // the first institution's instance
	name                          string
	content                       func(m string) string
}

var demoDocuments = []demoDocument{
	{"ksd", "101", "ksd-ps-04", false, "Referat af styregruppemøde.txt", func(m string) string {
		return "Referat af første styregruppemøde om KSD, " + m + "\n\n" +
			"Deltagere: projektejer, KSD-projektleder, leder af Ydelsescentret, it-chef.\n\n" +
			"1. Kommissoriet blev godkendt.\n" +
			"2. Tidsplanen frem mod go-live blev gennemgået.\n" +
			"3. Risici: ressourcer til sagsoprydning i KMD Dagpenge. Projektlederen følger op.\n"
	}},
	{"ksd", "101", "ksd-ud-01", false, "superbrugere.csv", func(m string) string {
		return "navn;afdeling;e-mail;uddannelse tilmeldt\n" +
			"Superbruger 1;Ydelsescentret;superbruger1@example.org;ja\n" +
			"Superbruger 2;Ydelsescentret;superbruger2@example.org;ja\n" +
			"Superbruger 3;Jobcentret;superbruger3@example.org;nej\n"
	}},
	{"ksd", "751", "ksd-ps-08", false, "Noter til databehandleraftalen.txt", func(m string) string {
		return "Databehandleraftale for KSD – " + m + "\n\n" +
			"- Udkastet er gennemgået af juridisk kontor.\n" +
			"- Spørgsmål om underdatabehandlere er sendt til KOMBIT.\n"
	}},
	{"samarbejdsplatformen", "101", "sp-ud-03", true, "superbrugere-skole.csv", func(m string) string {
		return "navn;rolle;træneruddannelse\n" +
			"Lærer 1;superbruger;gennemført\n" +
			"Pædagog 1;superbruger;tilmeldt\n"
	}},
}

// loadExtras ticks the checklists of the extras municipalities' tasks
// (every item of a completed task, the first of a started one) and
// attaches the demo documents and a link.
func loadExtras(ctx context.Context, a *app.App, today model.Date) error {
	for _, key := range []string{"ksd", "samarbejdsplatformen"} {
		for _, code := range extrasMunicipalities {
			p, err := a.Plan(ctx, nil, key, code, today)
			if err != nil {
				return err
			}
			by := app.System("Projektleder, " + p.Municipality.Name) // the demo acts as the plan's project lead
			for _, t := range p.Tasks {
				if t.Status != model.Completed && t.Status != model.Started {
					continue
				}
				x, err := a.TaskExtras(ctx, nil, t.ID)
				if err != nil {
					return err
				}
				want := map[string]bool{}
				for i, e := range x.Checklist {
					if t.Status == model.Completed || i == 0 {
						want[e.Key] = true
					}
				}
				if len(want) == 0 {
					continue
				}
				if _, err := a.SetChecklist(ctx, by, t.ID, want, t.Version); err != nil {
					return fmt.Errorf("checklist of %s in %s: %w", t.Key, code, err)
				}
			}
			for _, d := range demoDocuments {
				if d.programme != key || d.municipality != code {
					continue
				}
				id, err := demoTask(p, d.task, d.institution)
				if err != nil {
					return err
				}
				if _, err := a.AddDocument(ctx, by, id, d.name, []byte(d.content(p.Municipality.Name))); err != nil {
					return fmt.Errorf("document %s: %w", d.name, err)
				}
			}
			if key == "ksd" && code == "101" {
				id, err := demoTask(p, "ksd-ps-06", false)
				if err != nil {
					return err
				}
				if _, err := a.AddTaskLink(ctx, by, id, app.NewTaskLink{Title: "Københavns Kommune", URL: "https://www.kk.dk/"}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// demoTask finds a task of a plan: the municipality's instance, or the
// first institution's.
func demoTask(p *app.PlanView, key string, institution bool) (int64, error) {
	for _, t := range p.Tasks {
		if t.Key == key && (t.InstitutionName != "") == institution {
			return t.ID, nil
		}
	}
	return 0, fmt.Errorf("demo: plan %s has no task %s", p.Municipality.Code, key)
}
