package schedule

import (
	"testing"

	"github.com/udrul/udrul/internal/calendar"
)

// The benchmarks time what a request does: compile the plan from its tasks
// and dependencies, then analyse it. The calendar is built once per process
// in the application, so it is built outside the timer here too.

func BenchmarkCriticalPath2000(b *testing.B) {
	cal := calendar.Danish()
	p := GeneratePlan(2000, 1)
	for b.Loop() {
		if _, err := CriticalPath(cal, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkForecast2000(b *testing.B) {
	cal := calendar.Danish()
	p := GeneratePlan(2000, 1)
	asof := cal.AddWorkingDays(p.GoLive, genStatusOffset)
	for b.Loop() {
		if _, err := Forecast(cal, p, asof); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBoth2000 is the budgeted case: one compile, both analyses.
func BenchmarkBoth2000(b *testing.B) {
	cal := calendar.Danish()
	p := GeneratePlan(2000, 1)
	asof := cal.AddWorkingDays(p.GoLive, genStatusOffset)
	for b.Loop() {
		n, err := Compile(cal, p)
		if err != nil {
			b.Fatal(err)
		}
		n.CriticalPath()
		n.Forecast(asof)
	}
}

// BenchmarkCompile2000 is the share of the above spent before any pass:
// resolving keys, ordering tasks, building the day table.
func BenchmarkCompile2000(b *testing.B) {
	cal := calendar.Danish()
	p := GeneratePlan(2000, 1)
	for b.Loop() {
		if _, err := Compile(cal, p); err != nil {
			b.Fatal(err)
		}
	}
}
