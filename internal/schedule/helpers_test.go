package schedule

import (
	"testing"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
)

var danish = calendar.Danish()

func d(s string) model.Date {
	v, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// task is a mandatory, not started task from start to end (inclusive).
func task(key, start, end string) Task {
	return Task{Key: key, Start: d(start), End: d(end), Type: model.Mandatory, Status: model.NotStarted}
}

// milestone is a zero-duration task on the given date.
func milestone(key, on string) Task {
	t := task(key, on, on)
	t.Milestone = true
	return t
}

func typed(t Task, tt model.TaskType) Task { t.Type = tt; return t }

func status(t Task, s model.Status) Task { t.Status = s; return t }

func fs(from, to string, lag int) Dependency { return Dependency{From: from, To: to, Lag: lag} }

func dep(from, to string, k Kind, lag int) Dependency {
	return Dependency{From: from, To: to, Kind: k, Lag: lag}
}

func mustCompile(tb testing.TB, p Plan) *Network {
	tb.Helper()
	n, err := Compile(danish, p)
	if err != nil {
		tb.Fatalf("Compile: %v", err)
	}
	return n
}

func floats(res *CriticalPathResult) map[string]TaskFloat {
	m := map[string]TaskFloat{}
	for _, t := range res.Tasks {
		m[t.Key] = t
	}
	return m
}

func forecasts(res *ForecastResult) map[string]TaskForecast {
	m := map[string]TaskForecast{}
	for _, t := range res.Tasks {
		m[t.Key] = t
	}
	return m
}
