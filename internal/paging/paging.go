// Package paging is the one way the JSON API pages and filters its lists:
// a page size with a maximum, a stable opaque cursor (keyset: "the items
// after this sort key", never an offset, so rows added or removed before
// the cursor do not shift the next page), the total count, and the filters
// wave, municipality, phase, theme, task, type, status, colour and a date
// range. It is pure: parsing query parameters, matching items, cutting a
// sorted list after a key. Lists read in SQL use the same Query and the
// same cursor (store.InstanceQuery); lists computed in memory use Page.
package paging

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// Query parameter names.
const (
	ParamLimit        = "limit"
	ParamCursor       = "cursor"
	ParamWave         = "wave"
	ParamMunicipality = "municipality"
	ParamPhase        = "phase"
	ParamTheme        = "theme"
	ParamTask         = "task"
	ParamType         = "type"
	ParamStatus       = "status"
	ParamColour       = "colour"
	ParamFrom         = "from"
	ParamTo           = "to"
)

// StatusOpen is the status filter value for "not completed and not
// irrelevant": not started or started.
const StatusOpen = "open"

// Default page sizes.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Spec describes one list: which filters it has, its allowed status
// values, and whether it is an existing endpoint that returns the whole
// list when no limit is given (compatible with clients written before
// paging; a limit still has the maximum).
type Spec struct {
	Name     string   // names the list in its cursors: a cursor of another list is refused
	Filters  []string // the filter parameters the list accepts
	Statuses []string // allowed status values; nil: the task statuses and "open"
	Phases   []string // allowed phase keys; nil: any
	Compat   bool     // no limit: the whole list (the list existed before paging)
	// Context are other query parameters that change the list (asof, …):
	// they are part of the cursor's fingerprint like the filters.
	Context []string
}

// Query is a parsed page request.
type Query struct {
	Limit int    // items per page; 0: all (Compat lists without a limit)
	After string // the sort key of the last item of the previous page; "": first page

	Wave           int
	Municipalities []string
	Phases         []string
	Themes         []string
	Tasks          []string
	Types          []model.TaskType
	Statuses       []string // task statuses, StatusOpen expanded
	Colours        []model.Colour
	From, To       model.Date // inclusive; NoDate: open

	fingerprint string
}

// Paged reports whether the request asked for a page (a limit or a cursor).
func (q Query) Paged() bool { return q.Limit > 0 }

// Error is a refused parameter. Status is 400 for a value that cannot be
// read and 422 for one that can but is not allowed.
type Error struct {
	Param  string
	Status int
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

func bad(param, format string, args ...any) error {
	return &Error{Param: param, Status: http.StatusBadRequest, Msg: fmt.Sprintf(format, args...)}
}

func unprocessable(param, format string, args ...any) error {
	return &Error{Param: param, Status: http.StatusUnprocessableEntity, Msg: fmt.Sprintf(format, args...)}
}

var taskStatuses = []string{string(model.NotStarted), string(model.Started), string(model.Completed), string(model.NotRelevant)}

// TaskStatuses are the status values of task lists (StatusOpen included).
func TaskStatuses() []string { return append(slices.Clone(taskStatuses), StatusOpen) }

// list splits comma-separated and repeated values, without blanks.
func list(v url.Values, name string) []string {
	var out []string
	for _, s := range v[name] {
		for _, x := range strings.Split(s, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

// Parse reads a page request for the list spec describes. Parameters the
// list does not have are ignored (as the API always has), except that a
// known filter parameter the list lacks is refused: asking a list for a
// filter it cannot apply must not silently return everything.
func Parse(v url.Values, spec Spec) (Query, error) {
	var q Query
	has := func(p string) bool { return slices.Contains(spec.Filters, p) }
	for _, p := range []string{ParamWave, ParamMunicipality, ParamPhase, ParamTheme, ParamTask, ParamType, ParamStatus, ParamColour, ParamFrom, ParamTo} {
		if v.Get(p) != "" && !has(p) {
			return q, unprocessable(p, "%s: listen kan ikke filtreres på %s", p, p)
		}
	}
	// Limit.
	switch s := v.Get(ParamLimit); {
	case s != "":
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return q, bad(ParamLimit, "limit=%q: angiv et helt tal fra 1 til %d", s, MaxLimit)
		}
		if n > MaxLimit {
			return q, unprocessable(ParamLimit, "limit=%d: højst %d pr. side", n, MaxLimit)
		}
		q.Limit = n
	case !spec.Compat || v.Get(ParamCursor) != "":
		q.Limit = DefaultLimit
	}
	// Filters.
	if s := v.Get(ParamWave); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return q, bad(ParamWave, "wave=%q: angiv bølgens nummer", s)
		}
		q.Wave = n
	}
	q.Municipalities = list(v, ParamMunicipality)
	q.Themes = list(v, ParamTheme)
	q.Tasks = list(v, ParamTask)
	q.Phases = list(v, ParamPhase)
	if spec.Phases != nil {
		for _, p := range q.Phases {
			if !slices.Contains(spec.Phases, p) {
				return q, unprocessable(ParamPhase, "phase=%q: brug en af %s", p, strings.Join(spec.Phases, ", "))
			}
		}
	}
	for _, t := range list(v, ParamType) {
		switch tt := model.TaskType(t); tt {
		case model.Optional, model.Mandatory, model.Critical:
			q.Types = append(q.Types, tt)
		default:
			return q, unprocessable(ParamType, "type=%q: brug valgfri, obligatorisk eller kritisk", t)
		}
	}
	statuses := spec.Statuses
	if statuses == nil {
		statuses = TaskStatuses()
	}
	for _, s := range list(v, ParamStatus) {
		if !slices.Contains(statuses, s) {
			return q, unprocessable(ParamStatus, "status=%q: brug en af %s", s, strings.Join(statuses, ", "))
		}
		if s == StatusOpen && spec.Statuses == nil {
			q.Statuses = append(q.Statuses, string(model.NotStarted), string(model.Started))
		} else {
			q.Statuses = append(q.Statuses, s)
		}
	}
	slices.Sort(q.Statuses)
	q.Statuses = slices.Compact(q.Statuses)
	for _, c := range list(v, ParamColour) {
		switch cc := model.Colour(c); cc {
		case model.Green, model.Yellow, model.Red, model.None:
			q.Colours = append(q.Colours, cc)
		default:
			return q, unprocessable(ParamColour, "colour=%q: brug green, yellow, red eller none", c)
		}
	}
	var err error
	if q.From, err = date(v, ParamFrom); err != nil {
		return q, err
	}
	if q.To, err = date(v, ParamTo); err != nil {
		return q, err
	}
	if q.From != model.NoDate && q.To != model.NoDate && q.To < q.From {
		return q, unprocessable(ParamTo, "to=%s ligger før from=%s", q.To, q.From)
	}
	// The fingerprint: the list and everything that selects its items.
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", spec.Name)
	for _, p := range append(slices.Clone(spec.Filters), spec.Context...) {
		fmt.Fprintf(h, "%s=%s\x00", p, strings.Join(v[p], ","))
	}
	q.fingerprint = hex.EncodeToString(h.Sum(nil)[:6])
	if s := v.Get(ParamCursor); s != "" {
		key, err := decodeCursor(s, q.fingerprint)
		if err != nil {
			return q, err
		}
		q.After = key
	}
	return q, nil
}

func date(v url.Values, name string) (model.Date, error) {
	s := v.Get(name)
	if s == "" {
		return model.NoDate, nil
	}
	d, err := model.ParseInputDate(s)
	if err != nil {
		return 0, bad(name, "%s: %s", name, err)
	}
	return d, nil
}

type cursor struct {
	F string `json:"f"` // fingerprint of the list and its filters
	K string `json:"k"` // sort key of the last item shown
}

// Cursor is the opaque cursor that continues q's list after key.
func (q Query) Cursor(key string) string {
	b, _ := json.Marshal(cursor{F: q.fingerprint, K: key})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, fingerprint string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err != nil || json.Unmarshal(b, &c) != nil || c.K == "" {
		return "", bad(ParamCursor, "cursor: ukendt markør; brug next_cursor fra forrige side")
	}
	if c.F != fingerprint {
		return "", unprocessable(ParamCursor, "cursor: markøren hører til en anden liste eller andre filtre; start forfra uden cursor")
	}
	return c.K, nil
}

// Info is a page's place in its list: the JSON API's page envelope.
type Info struct {
	Total      int    `json:"total"`                 // items matching the filters, on all pages
	Limit      int    `json:"limit"`                 // page size; 0: the whole list
	NextCursor string `json:"next_cursor,omitempty"` // absent on the last page
}

// Fields are the filterable properties of an item; zero values are
// "not applicable" for the list and never match a filter on them.
type Fields struct {
	Wave         int
	Municipality string
	Phase        string
	Theme        string
	Task         string
	Type         model.TaskType
	Status       string
	Colour       model.Colour
	Date         model.Date
}

// Match reports whether an item with fields f passes q's filters.
func (q Query) Match(f Fields) bool {
	in := func(xs []string, x string) bool { return len(xs) == 0 || slices.Contains(xs, x) }
	return (q.Wave == 0 || f.Wave == q.Wave) &&
		in(q.Municipalities, f.Municipality) && in(q.Phases, f.Phase) && in(q.Themes, f.Theme) && in(q.Tasks, f.Task) &&
		(len(q.Types) == 0 || slices.Contains(q.Types, f.Type)) &&
		in(q.Statuses, f.Status) &&
		(len(q.Colours) == 0 || slices.Contains(q.Colours, f.Colour)) &&
		(q.From == model.NoDate || (f.Date != model.NoDate && f.Date >= q.From)) &&
		(q.To == model.NoDate || (f.Date != model.NoDate && f.Date <= q.To))
}

// Page filters items, orders them by key (which must be unique and whose
// byte order is the list's order; see Key) and returns the page after
// q.After with its Info. items is not changed. The whole list of a Compat
// list (no limit, no cursor) keeps the items' own order.
func Page[T any](items []T, q Query, fields func(T) Fields, key func(T) string) ([]T, Info) {
	type kv struct {
		k string
		x T
	}
	all := make([]kv, 0, len(items))
	for _, x := range items {
		if q.Match(fields(x)) {
			all = append(all, kv{key(x), x})
		}
	}
	info := Info{Total: len(all), Limit: q.Limit}
	if q.Limit == 0 && q.After == "" {
		// The whole list (a Compat list without a limit): in its own order,
		// as before paging.
		out := make([]T, len(all))
		for i, e := range all {
			out[i] = e.x
		}
		return out, info
	}
	slices.SortStableFunc(all, func(a, b kv) int { return strings.Compare(a.k, b.k) })
	start := 0
	if q.After != "" {
		start, _ = slices.BinarySearchFunc(all, q.After, func(e kv, k string) int {
			if e.k <= k {
				return -1
			}
			return 1
		})
	}
	end := len(all)
	if q.Limit > 0 && start+q.Limit < end {
		end = start + q.Limit
		info.NextCursor = q.Cursor(all[end-1].k)
	}
	out := make([]T, 0, max(end-start, 0))
	for _, e := range all[min(start, end):end] {
		out = append(out, e.x)
	}
	return out, info
}

// Key builds a sort key whose byte order is the order of its parts: text
// as is (it must not contain "\x1f"), dates as ISO text, numbers
// zero-padded to 20 digits (non-negative).
func Key(parts ...any) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('\x1f')
		}
		switch x := p.(type) {
		case string:
			b.WriteString(x)
		case model.Date:
			b.WriteString(x.String())
		case int:
			fmt.Fprintf(&b, "%020d", x)
		case int64:
			fmt.Fprintf(&b, "%020d", x)
		default:
			panic(fmt.Sprintf("paging.Key: %T", p))
		}
	}
	return b.String()
}

// Desc turns n (≥ 0) into a key part that sorts in descending order of n.
func Desc(n int64) int64 { return math.MaxInt64 - n }

// SplitKey returns the parts of a key made by Key, as text.
func SplitKey(k string) []string { return strings.Split(k, "\x1f") }
