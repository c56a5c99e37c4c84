package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// worklistPageSize is the number of task rows the follow-up page shows at
// a time: a national worklist can hold thousands of tasks, and the page
// must stay small enough for a phone (at most 200 KB).
const worklistPageSize = 50

// worklistSummary counts the worklist's tasks by why they are on it, so
// the page can say at the top how much there is before listing it.
type worklistSummary struct {
	CriticalRed, MandatoryRed, CriticalYellow int
}

func summarise(tasks []app.WorklistTask) worklistSummary {
	var s worklistSummary
	for _, t := range tasks {
		switch {
		case t.Kind == app.ItemCriticalYellow:
			s.CriticalYellow++
		case t.Type == model.Critical:
			s.CriticalRed++
		default:
			s.MandatoryRed++
		}
	}
	return s
}

// worklistPage is one page of the worklist's task rows with the links to
// the others.
type worklistPage struct {
	Tasks        []app.WorklistTask
	Page, Pages  int
	First, Last  int // 1-based positions of the rows shown
	Total        int
	Prev, Next   string // addresses of the neighbouring pages, "" at the ends
	FilterActive bool
}

// pageOfWorklist cuts the page asked for by ?side out of tasks; a page past
// the end is refused naming the parameter, so a stale link says what went wrong.
func pageOfWorklist(r *http.Request, tasks []app.WorklistTask) (worklistPage, error) {
	p := worklistPage{Page: 1, Total: len(tasks)}
	p.Pages = max(1, (len(tasks)+worklistPageSize-1)/worklistPageSize)
	if v := r.URL.Query().Get("side"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, badRequest("side", fmt.Sprintf("side=%q er ikke et sidetal", v))
		}
		if n > p.Pages {
			return p, badRequest("side", fmt.Sprintf("side %d findes ikke; listen har %d sider", n, p.Pages))
		}
		p.Page = n
	}
	from := (p.Page - 1) * worklistPageSize
	to := min(from+worklistPageSize, len(tasks))
	p.Tasks = tasks[from:to]
	p.First, p.Last = from+1, to
	link := func(n int) string {
		q := withoutFeedbackQuery(r.URL)
		q.Set("side", strconv.Itoa(n))
		return (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
	}
	if p.Page > 1 {
		p.Prev = link(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.Next = link(p.Page + 1)
	}
	q := r.URL.Query()
	p.FilterActive = q.Get("wave") != "" || q.Get("municipality") != "" || q.Get("type") != ""
	return p, nil
}

// worklistAction is the item whose owner and snooze forms the page shows,
// chosen by ?handling: one set of forms per page instead of one per row
// keeps a national list small.
type worklistAction struct {
	app.Follow
	What string // the task or municipality, in words
}

// actionOf finds the item ?handling names on the worklist; an item that is
// not (or no longer) on it is refused naming the parameter.
func actionOf(r *http.Request, w *app.Worklist) (*worklistAction, error) {
	item := r.URL.Query().Get("handling")
	if item == "" {
		return nil, nil
	}
	for _, t := range w.Tasks {
		if t.Item == item {
			return &worklistAction{Follow: t.Follow, What: t.Title + " – " + t.MunicipalityName}, nil
		}
	}
	for _, m := range w.Municipalities {
		if m.Item == item {
			return &worklistAction{Follow: m.Follow, What: m.Name}, nil
		}
	}
	return nil, badRequest("handling", fmt.Sprintf("handling=%q: punktet er ikke på listen med den valgte afgrænsning", item))
}

// actionBase is the page's own address ending in "handling=", for the
// rows' links to their forms.
func actionBase(u *url.URL) string {
	raw := withoutFeedbackQuery(u).Encode()
	if raw != "" {
		raw += "&"
	}
	return u.Path + "?" + raw + "handling="
}
