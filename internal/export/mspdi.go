package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
)

// MSPDINamespace is the namespace MS Project writes and reads MSPDI files in.
const MSPDINamespace = "http://schemas.microsoft.com/project"

// MSPDI link types (PredecessorLink/Type) and formats.
var linkType = map[string]int{"FF": 0, "FS": 1, "SF": 2, "SS": 3}

const (
	durationDays   = 7    // DurationFormat / LagFormat: days
	minutesPerDay  = 480  // an 8-hour working day
	lagUnitsPerDay = 4800 // LinkLag is in tenths of a minute
)

// MSPDI writes a plan as Microsoft Project XML (the Project 2007 MSPDI
// schema, mspdi_pj12.xsd): the Danish working-day calendar with its
// holidays, phases as summary tasks (2 Forberedelse above 2.1–2.3), the
// plan's tasks and milestones under their phase with start, finish,
// duration in working days and "start no earlier than" their planned start,
// their dependencies (FS/SS/FF with lag in days), and the programme's
// milestones. Element order follows the schema's sequences.
func MSPDI(p Plan, cal *calendar.Calendar) ([]byte, error) {
	w := &xw{}
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	w.open(`Project xmlns="` + MSPDINamespace + `"`)
	from, to := p.GoLive, p.GoLive
	for _, t := range p.Tasks {
		from, to = min(from, t.Start), max(to, t.End)
	}
	for _, m := range p.Milestones {
		from, to = min(from, m.Date), max(to, m.Date)
	}
	name := fmt.Sprintf("%s – %s", p.ProgrammeName, p.MunicipalityName)
	w.el("SaveVersion", "12")
	w.el("Name", clip(name, 255))
	w.el("Title", clip("Implementeringsplan: "+name, 512))
	w.el("Company", clip(p.MunicipalityName, 512))
	w.el("Author", "udrul")
	w.el("CreationDate", dateTime(p.Created))
	w.el("ScheduleFromStart", "1")
	w.el("StartDate", day(from, 8))
	w.el("FinishDate", day(to, 16))
	w.el("CurrencyCode", "DKK")
	w.el("CalendarUID", "1")
	w.el("DefaultStartTime", "08:00:00")
	w.el("DefaultFinishTime", "16:00:00")
	w.el("MinutesPerDay", strconv.Itoa(minutesPerDay))
	w.el("MinutesPerWeek", strconv.Itoa(5*minutesPerDay))
	w.el("DaysPerMonth", "20")
	w.el("DurationFormat", strconv.Itoa(durationDays))
	w.el("HonorConstraints", "1")
	w.el("WeekStartDay", "1")
	w.el("StatusDate", day(p.Asof, 16))

	calendarXML(w, cal, from, to)

	// UIDs: 1… in output order; phases and milestones get theirs too.
	w.open("Tasks")
	uid := map[string]int{}
	next := 1
	type node struct {
		key, name, number string
		level             int
		task              *Task
		children          []*node
	}
	var roots []*node
	phaseNode := map[string]*node{}
	for _, ph := range p.Phases {
		n := &node{key: "fase-" + ph.Key, name: "Fase " + ph.Key + " " + ph.Name}
		phaseNode[ph.Key] = n
		if parent := phaseNode[ph.Parent]; parent != nil {
			parent.children = append(parent.children, n)
		} else {
			roots = append(roots, n)
		}
	}
	for i := range p.Tasks {
		t := &p.Tasks[i]
		n := &node{key: t.Key, name: t.Title, task: t}
		if parent := phaseNode[t.Phase]; parent != nil {
			parent.children = append(parent.children, n)
		} else {
			roots = append(roots, n)
		}
	}
	for _, m := range p.Milestones {
		mt := &Task{Key: "milepael-" + m.Key, Title: m.Name, Start: m.Date, End: m.Date, Milestone: true, Type: model.Mandatory,
			Status: model.NotStarted, Notes: "Programmets milepæl"}
		roots = append(roots, &node{key: mt.Key, name: mt.Title, task: mt})
	}
	// Drop empty phases; number the rest as an outline (1, 1.1, 1.1.1 …).
	var prune func([]*node) []*node
	prune = func(ns []*node) []*node {
		var out []*node
		for _, n := range ns {
			if n.task == nil {
				n.children = prune(n.children)
				if len(n.children) == 0 {
					continue
				}
			}
			out = append(out, n)
		}
		return out
	}
	roots = prune(roots)
	var order []*node
	var number func([]*node, string, int)
	number = func(ns []*node, prefix string, level int) {
		for i, n := range ns {
			n.number, n.level = prefix+strconv.Itoa(i+1), level
			uid[n.key] = next
			next++
			order = append(order, n)
			number(n.children, n.number+".", level+1)
		}
	}
	number(roots, "", 1)
	// Every task's place in working time: a task from the start of its first
	// working day to the end of its last, a milestone at the end of its day
	// (as MS Project and the schedule package place them), so that a
	// recalculation in MS Project leaves every date where udrul put it.
	type span struct {
		start, finish string
		dur           int // working days; 0 for a milestone
		actual        int // working days done (MS Project's ActualDuration)
		actualStart   string
		actualFinish  string
	}
	var measure func(*node) span
	spans := map[*node]span{}
	// leafDays sums the working days of the tasks under n, and those done.
	var leafDays func(*node) (int, int)
	leafDays = func(n *node) (int, int) {
		if n.task != nil {
			return spans[n].dur, spans[n].actual
		}
		total, actual := 0, 0
		for _, c := range n.children {
			t, a := leafDays(c)
			total, actual = total+t, actual+a
		}
		return total, actual
	}
	measure = func(n *node) span {
		if t := n.task; t != nil {
			var sp span
			if t.Milestone {
				e := cal.OnOrBefore(t.End)
				sp = span{start: day(e, 16), finish: day(e, 16)}
			} else {
				s, e := onOrAfter(cal, t.Start), cal.OnOrBefore(t.End)
				e = max(e, s)
				sp = span{start: day(s, 8), finish: day(e, 16), dur: workingDays(cal, s, e)}
			}
			switch {
			case done(t.Status):
				sp.actual, sp.actualStart, sp.actualFinish = sp.dur, sp.start, sp.finish
			case t.Status == model.Started:
				// udrul knows that work began, not how much is done: the
				// planned start stands for the actual start, 0 % complete.
				sp.actualStart = sp.start
			}
			spans[n] = sp
			return sp
		}
		// A phase spans its tasks; its progress is MS Project's roll-up: the
		// share of its tasks' working days that is done.
		var sp span
		total, actual, allDone := 0, 0, true
		var lo, hi model.Date
		for i, c := range n.children {
			cs := measure(c)
			leafTotal, leafActual := leafDays(c)
			total, actual = total+leafTotal, actual+leafActual
			if i == 0 || cs.start < sp.start {
				sp.start = cs.start
			}
			if i == 0 || cs.finish > sp.finish {
				sp.finish = cs.finish
			}
			if cs.actualStart != "" && (sp.actualStart == "" || cs.actualStart < sp.actualStart) {
				sp.actualStart = cs.actualStart
			}
			if cs.actualFinish == "" {
				allDone = false
			} else if cs.actualFinish > sp.actualFinish {
				sp.actualFinish = cs.actualFinish
			}
			s, e := dateOf(cs.start), dateOf(cs.finish)
			if i == 0 || s < lo {
				lo = s
			}
			if i == 0 || e > hi {
				hi = e
			}
		}
		if !allDone {
			sp.actualFinish = ""
		}
		sp.dur = workingDays(cal, lo, hi)
		if total > 0 {
			sp.actual = sp.dur * actual / total
			if actual == total {
				sp.actual = sp.dur
			}
		}
		spans[n] = sp
		return sp
	}
	for _, r := range roots {
		measure(r)
	}
	created := dateTime(p.Created)
	for id, n := range order {
		w.open("Task")
		w.el("UID", strconv.Itoa(uid[n.key]))
		w.el("ID", strconv.Itoa(id+1))
		w.el("Name", clip(n.name, 255))
		w.el("Type", "1") // fixed duration
		w.el("IsNull", "0")
		w.el("CreateDate", created)
		t := n.task
		if t != nil && t.Executor != "" {
			w.el("Contact", clip(t.Executor, 255))
		}
		w.el("WBS", n.number)
		w.el("OutlineNumber", n.number)
		w.el("OutlineLevel", strconv.Itoa(n.level))
		w.el("Priority", "500")
		sp := spans[n]
		milestone := t != nil && t.Milestone
		w.el("Start", sp.start)
		w.el("Finish", sp.finish)
		w.el("Duration", hours(sp.dur))
		w.el("DurationFormat", strconv.Itoa(durationDays))
		w.el("Estimated", "0")
		w.el("Milestone", bit(milestone))
		w.el("Summary", bit(t == nil))
		w.el("Critical", bit(t != nil && t.Critical))
		// Progress, consistent with itself: PercentComplete is
		// ActualDuration / Duration, RemainingDuration the rest.
		pc := 0
		switch {
		case sp.dur > 0:
			pc = 100 * sp.actual / sp.dur
		case sp.actualFinish != "":
			pc = 100 // a milestone that is reached
		}
		w.el("PercentComplete", strconv.Itoa(pc))
		if sp.actualStart != "" {
			w.el("ActualStart", sp.actualStart)
		}
		if sp.actualFinish != "" {
			w.el("ActualFinish", sp.actualFinish)
		}
		w.el("ActualDuration", hours(sp.actual))
		w.el("RemainingDuration", hours(sp.dur-sp.actual))
		if t != nil {
			w.el("ConstraintType", "4") // start no earlier than: the plan's dates are commitments
			w.el("ConstraintDate", sp.start)
			if t.DueByGoLive && p.GoLive != model.NoDate {
				w.el("Deadline", day(goLiveDeadline(cal, t, p.GoLive), 16))
			}
			w.el("Notes", notes(t))
			for _, d := range t.DependsOn {
				pu, ok := uid[d.Task]
				if !ok {
					continue
				}
				kind, ok := linkType[d.Type]
				if !ok {
					kind = linkType["FS"]
				}
				w.open("PredecessorLink")
				w.el("PredecessorUID", strconv.Itoa(pu))
				w.el("Type", strconv.Itoa(kind))
				w.el("LinkLag", strconv.Itoa(d.Lag*lagUnitsPerDay))
				w.el("LagFormat", strconv.Itoa(durationDays))
				w.close("PredecessorLink")
			}
		}
		w.close("Task")
	}
	w.close("Tasks")
	w.close("Project")
	return w.b.Bytes(), nil
}

// calendarXML writes the standard calendar: Monday–Friday 08–16, weekends
// off, and every Danish public holiday in the plan's years as an exception.
func calendarXML(w *xw, cal *calendar.Calendar, from, to model.Date) {
	w.open("Calendars")
	w.open("Calendar")
	w.el("UID", "1")
	w.el("Name", "Danske arbejdsdage")
	w.el("IsBaseCalendar", "1")
	w.el("BaseCalendarUID", "-1")
	w.open("WeekDays")
	for dt := 1; dt <= 7; dt++ { // 1 = Sunday … 7 = Saturday
		w.open("WeekDay")
		w.el("DayType", strconv.Itoa(dt))
		working := dt >= 2 && dt <= 6
		w.el("DayWorking", bit(working))
		if working {
			w.open("WorkingTimes")
			w.open("WorkingTime")
			w.el("FromTime", "08:00:00")
			w.el("ToTime", "16:00:00")
			w.close("WorkingTime")
			w.close("WorkingTimes")
		}
		w.close("WeekDay")
	}
	first := model.NewDate(from.Year(), time.January, 1)
	last := model.NewDate(to.Year(), time.December, 31)
	for d := first; d <= last; d++ {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		if _, ok := cal.Holiday(d); ok {
			w.open("WeekDay")
			w.el("DayType", "0") // an exception
			w.el("DayWorking", "0")
			w.open("TimePeriod")
			w.el("FromDate", day(d, 0))
			w.el("ToDate", d.String()+"T23:59:00")
			w.close("TimePeriod")
			w.close("WeekDay")
		}
	}
	w.close("WeekDays")
	w.close("Calendar")
	w.close("Calendars")
}

func notes(t *Task) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ID: %s\nType: %s\nStatus: %s", t.Key, t.Type.Label(), t.Status.Label())
	if t.Responsible != "" {
		fmt.Fprintf(&b, "\nAnsvarlig: %s", t.Responsible)
	}
	if t.Assignee != "" {
		fmt.Fprintf(&b, "\nTildelt: %s", t.Assignee)
	}
	if t.Moved {
		fmt.Fprintf(&b, "\nFlyttet lokalt: %s", t.MoveReason)
	}
	if t.Own {
		b.WriteString("\nKommunens egen opgave")
	}
	if t.Notes != "" {
		b.WriteString("\n\n" + t.Notes)
	}
	return b.String()
}

// goLiveDeadline is the day by whose end a task due by go-live must be
// finished: the last working day before go-live, or the go-live day itself
// for work planned on it (the schedule package's rule).
func goLiveDeadline(cal *calendar.Calendar, t *Task, goLive model.Date) model.Date {
	if t.End == goLive {
		return cal.OnOrBefore(goLive)
	}
	return cal.OnOrBefore(goLive - 1)
}

// done says the task needs no more work: completed, or "ikke relevant"
// (which the schedule treats as done, and MS Project then never marks
// critical).
func done(s model.Status) bool { return s == model.Completed || s == model.NotRelevant }

func onOrAfter(cal *calendar.Calendar, d model.Date) model.Date {
	for !cal.IsWorkingDay(d) {
		d++
	}
	return d
}

func dateOf(stamp string) model.Date {
	d, err := model.ParseDate(stamp[:10])
	if err != nil {
		panic(err) // written above by day()
	}
	return d
}

func hours(days int) string { return fmt.Sprintf("PT%dH0M0S", days*minutesPerDay/60) }

func workingDays(cal *calendar.Calendar, start, end model.Date) int {
	n := 0
	for d := start; d <= end; d++ {
		if cal.IsWorkingDay(d) {
			n++
		}
	}
	return max(n, 1)
}

func day(d model.Date, hour int) string { return fmt.Sprintf("%sT%02d:00:00", d, hour) }

func dateTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") }

func bit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// clip shortens s to at most n characters (the schema's maxLength).
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// xw writes indented XML with escaped text.
type xw struct {
	b     bytes.Buffer
	depth int
}

func (w *xw) indent() { w.b.WriteString(strings.Repeat("  ", w.depth)) }

func (w *xw) open(tag string) {
	w.indent()
	w.b.WriteString("<" + tag + ">\n")
	w.depth++
}

func (w *xw) close(tag string) {
	w.depth--
	w.indent()
	w.b.WriteString("</" + tag + ">\n")
}

func (w *xw) el(tag, text string) {
	w.indent()
	w.b.WriteString("<" + tag + ">")
	xml.EscapeText(&w.b, []byte(text))
	w.b.WriteString("</" + tag + ">\n")
}
