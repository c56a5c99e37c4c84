package demo

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/training"
)

// Training in the demo (Samarbejdsplatformen, seed 001 §2.2): three
// courses. Every municipality of pilots 1–2 and wave 1 has a run of the
// administrator course and of the super-user course at the start of its
// training window (the span of its plan's training tasks), the pilots'
// super-user runs being their purchased end-user training; one pilot's
// run lies a week after its window, so the flag shows. The administrators
// and super-users of the register are signed up; where the run has taken
// place, most attended and took the final test with a score drawn from a
// hash (some below 80 %), and the run has 3 to 11 anonymous evaluations
// (so some stay hidden under the threshold of 5).

func loadTraining(ctx context.Context, a *app.App, today model.Date) error {
	const prog = "samarbejdsplatformen"
	sys := app.System("demo")
	courses := map[string]int64{}
	for _, c := range []app.CourseInput{
		{Title: "Administratoruddannelse", Description: "Leverandørens uddannelse af kommunens administratorer: brugere, grupper, rettigheder og integrationer."},
		{Title: "Superbrugeruddannelse", Description: "Train-the-trainer: superbrugerne lærer løsningen og at uddanne deres kolleger."},
		{Title: "E-læring: basismodul", Description: "Selvstudie for alle medarbejdere: opslag, beskeder, kalender og profil."},
	} {
		x, err := a.CreateCourse(ctx, sys, prog, c)
		if err != nil {
			return err
		}
		courses[c.Title] = x.Key
	}
	munis, err := data.Municipalities()
	if err != nil {
		return err
	}
	pilots, trained := 0, 0
	for _, m := range munis {
		v, err := a.MunicipalityTraining(ctx, sys, prog, m.Code)
		if err != nil {
			return err
		}
		if len(v.Trainees) == 0 {
			continue // not in pilots 1–2 or wave 1: nothing registered yet
		}
		pilot := v.GoLive < today.AddDays(-60)
		start := v.Window.From
		if start == 0 {
			start = v.GoLive.AddDays(-60)
		}
		for start.Weekday() == 0 || start.Weekday() == 6 {
			start = start.AddDays(1)
		}
		if pilot {
			pilots++
		}
		trained++
		admin := app.RunInput{Run: training.Run{Type: training.Classroom, Start: start, End: start.AddDays(1), Place: "KMD, Ballerup",
			Capacity: 12, Trainer: "KMD"}, Municipality: m.Code}
		superStart := start.AddDays(7)
		if trained == 2 && v.Window.Until != 0 {
			superStart = v.Window.Until.AddDays(7) // after the window: flagged
		}
		super := app.RunInput{Run: training.Run{Type: training.TrainTheTrainer, Start: superStart, End: superStart.AddDays(2),
			Place: m.Name + " Rådhus", Capacity: len(v.Trainees) + 10, Trainer: "KMD"}, Municipality: m.Code, Purchased: pilot}
		ar, err := a.CreateRun(ctx, sys, prog, courses["Administratoruddannelse"], admin)
		if err != nil {
			return fmt.Errorf("%s: administrator run: %w", m.Name, err)
		}
		sr, err := a.CreateRun(ctx, sys, prog, courses["Superbrugeruddannelse"], super)
		if super.Purchased && app.ErrorCode(err) == app.CodeInvalid {
			// The supplier already trains five municipalities then: the
			// municipality trains its super-users itself.
			super.Purchased, super.Trainer = false, m.Name+" Kommune"
			sr, err = a.CreateRun(ctx, sys, prog, courses["Superbrugeruddannelse"], super)
		}
		if err != nil {
			return fmt.Errorf("%s: super-user run: %w", m.Name, err)
		}
		reg, err := a.PeopleRegister(ctx, sys, prog, m.Code)
		if err != nil {
			return err
		}
		for _, p := range reg.People {
			run := int64(0)
			for _, r := range p.Roles {
				switch r.Role {
				case model.RoleAdministrator:
					run = ar.Key
				case model.RoleSuperUser, model.RoleAdminSuperUser:
					if run == 0 {
						run = sr.Key
					}
				}
			}
			if run == 0 {
				continue
			}
			if _, err := a.RegisterParticipant(ctx, sys, prog, m.Code, app.SignUp{Run: run, Person: p.Key}); err != nil {
				return fmt.Errorf("%s: sign up %s: %w", m.Name, p.Name, err)
			}
			held := ar.End
			if run == sr.Key {
				held = sr.End
			}
			if held >= today {
				continue
			}
			h := roll(m.Code, p.Name, fmt.Sprint(p.Key))
			attended := h%10 != 0
			in := app.ResultInput{Attended: &attended, Version: 1}
			if attended {
				score := float64(60 + (h*7)%41) // 60–100 %
				in.Score = &score
			}
			if _, err := a.RecordResult(ctx, sys, prog, run, p.Key, in); err != nil {
				return fmt.Errorf("%s: result of %s: %w", m.Name, p.Name, err)
			}
		}
		for _, r := range []app.RunView{ar, sr} {
			if r.End >= today {
				continue
			}
			n := 3 + roll(m.Code, "eval", fmt.Sprint(r.Key))%9
			for i := range n {
				h := roll(m.Code, fmt.Sprint(r.Key), fmt.Sprint(i))
				if err := a.AddEvaluation(ctx, sys, prog, r.Key, app.EvaluationInput{Satisfaction: 2 + h%4, Benefit: 2 + (h/4)%4}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
