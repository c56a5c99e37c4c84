package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/udrul/udrul/internal/app"
)

// worklistPageSize is the number of task rows the follow-up page shows at
// a time: a national worklist can hold thousands of tasks, and the page
// must stay small enough for a phone (at most 200 KB).
const worklistPageSize = 50

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

// pageNumber reads ?side, the worklist page asked for (1 without it).
func pageNumber(r *http.Request) (int, error) {
	v := r.URL.Query().Get("side")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, badRequest("side", fmt.Sprintf("side=%q er ikke et sidetal", v))
	}
	return n, nil
}

// pageOfWorklist is page n of a worklist of total tasks, of which tasks
// are that page's rows; a page past the end is refused naming the
// parameter, so a stale link says what went wrong.
func pageOfWorklist(r *http.Request, n int, tasks []app.WorklistTask, total int) (worklistPage, error) {
	p := worklistPage{Page: n, Total: total, Tasks: tasks}
	p.Pages = max(1, (total+worklistPageSize-1)/worklistPageSize)
	if n > p.Pages {
		return p, badRequest("side", fmt.Sprintf("side %d findes ikke; listen har %d sider", n, p.Pages))
	}
	from := (p.Page - 1) * worklistPageSize
	p.First, p.Last = from+1, from+len(tasks)
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

// actionOf finds the item ?handling names on the worklist (a task the
// worklist found on any page, app.WorklistOptions.Find); an item that is
// not (or no longer) on it is refused naming the parameter.
func actionOf(r *http.Request, w *app.Worklist) (*worklistAction, error) {
	item := r.URL.Query().Get("handling")
	if item == "" {
		return nil, nil
	}
	if t := w.Found; t != nil && t.Item == item {
		return &worklistAction{Follow: t.Follow, What: t.Title + " – " + t.MunicipalityName}, nil
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
