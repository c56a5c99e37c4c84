package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/paging"
)

// InstanceRow is a live task instance with its plan's municipality, wave
// and go-live: one line of a list across municipalities.
type InstanceRow struct {
	model.TaskInstance
	Municipality     string
	MunicipalityName string
	Wave             int
	GoLive           model.Date
}

// InstanceKey is the sort key of an instance in ListInstances' order (end
// date, then id): the key its cursors carry.
func InstanceKey(end model.Date, id int64) string { return paging.Key(end, id) }

// ListInstances pages a programme's live (not withdrawn) task instances
// across all its plans, filtered by q, in order of end date and id, keyset-
// paged after q.After. Colours are those of model.TaskColour as of asof with
// the yellow window up to warnUntil, expressed as conditions on type,
// status and end date so that the database filters and counts them. The
// Info carries the number of matching instances on all pages.
func (t *Tx) ListInstances(ctx context.Context, programmeID int64, q paging.Query, asof, warnUntil model.Date) ([]InstanceRow, paging.Info, error) {
	where, args, err := instanceWhere(programmeID, q, asof, warnUntil)
	if err != nil {
		return nil, paging.Info{}, err
	}
	// Counting and choosing the page join only what the filters need;
	// the page's rows are then read with everything by id.
	from := " FROM task_instances i"
	if len(q.Phases) > 0 || len(q.Themes) > 0 {
		from += " JOIN catalogue_tasks c ON c.id = i.catalogue_task_id"
	}
	info := paging.Info{Limit: q.Limit}
	if err := t.queryRow(ctx, "SELECT COUNT(*)"+from+where, args...).Scan(&info.Total); err != nil {
		return nil, info, fmt.Errorf("store: count task instances: %w", err)
	}
	sel := "SELECT i.id" + from + where
	if q.After != "" {
		parts := paging.SplitKey(q.After)
		var end model.Date
		var id int64
		if len(parts) == 2 {
			end, err = model.ParseDate(parts[0])
			id, _ = strconv.ParseInt(parts[1], 10, 64)
		}
		if len(parts) != 2 || err != nil || id <= 0 {
			return nil, info, &paging.Error{Param: paging.ParamCursor, Status: 400, Msg: "cursor: ukendt markør; brug next_cursor fra forrige side"}
		}
		sel += " AND (i.end_date > ? OR (i.end_date = ? AND i.id > ?))"
		args = append(args, end, end, id)
	}
	if len(q.Tasks) > 0 || q.Wave > 0 || len(q.Municipalities) > 0 || redOrYellowOnly(q.Colours) {
		// A few tasks or municipalities, or only red or yellow tasks (open
		// ones, overdue or nearly), select few instances: found through
		// their indexes (the type-status-end index for the colours) and
		// sorted, rather than by walking the end-date index and filtering,
		// which the planner may otherwise choose to save the sort. The
		// expression sorts like the column.
		sel += " ORDER BY i.end_date || '', i.id"
	} else {
		sel += " ORDER BY i.end_date, i.id"
	}
	if q.Limit > 0 {
		sel += " LIMIT " + strconv.Itoa(q.Limit+1)
	}
	ids, err := t.int64s(ctx, sel, args...)
	if err != nil {
		return nil, info, fmt.Errorf("store: list task instances: %w", err)
	}
	more := q.Limit > 0 && len(ids) > q.Limit
	if more {
		ids = ids[:q.Limit]
	}
	out := make([]InstanceRow, 0, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		idArgs := make([]any, n)
		for i, id := range ids[:n] {
			idArgs[i] = id
		}
		rows, err := t.query(ctx, `SELECT m.code, m.name, p.wave, p.golive,
			i.id, i.plan_id, COALESCE(i.institution_id, 0), COALESCE(o.name, ''),
			c.key, c.title, c.description, c.theme, c.main_task, c.phase, i.type, c.level, c.responsible, c.executor,
			c.milestone, c.start_offset, c.end_offset, c.unit,
			i.planned_start, i.planned_end, i.start_date, i.end_date, i.date_override, i.override_reason,
			i.status, i.status_at, i.status_by, i.status_comment, i.withdrawn, i.version, p.enrolled_on
			FROM task_instances i
			JOIN catalogue_tasks c ON c.id = i.catalogue_task_id
			JOIN plans p ON p.id = i.plan_id
			JOIN organisations m ON m.id = p.organisation_id
			LEFT JOIN organisations o ON o.id = i.institution_id
			WHERE i.id IN (?`+strings.Repeat(", ?", n-1)+`) ORDER BY i.end_date, i.id`, idArgs...)
		if err != nil {
			return nil, info, fmt.Errorf("store: list task instances: %w", err)
		}
		for rows.Next() {
			var r InstanceRow
			x, err := scanInstance(prefixScanner{rows, []any{&r.Municipality, &r.MunicipalityName, &r.Wave, &r.GoLive}})
			if err != nil {
				rows.Close()
				return nil, info, err
			}
			r.TaskInstance = x
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, info, err
		}
		ids = ids[n:]
	}
	if more && len(out) > 0 {
		last := out[len(out)-1]
		info.NextCursor = q.Cursor(InstanceKey(last.End, last.ID))
	}
	return out, info, nil
}

// int64s runs a query of one integer column.
func (t *Tx) int64s(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// prefixScanner scans leading columns into its own destinations first.
type prefixScanner struct {
	sc     interface{ Scan(...any) error }
	prefix []any
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.sc.Scan(append(append([]any{}, p.prefix...), dest...)...)
}

// instanceWhere is the WHERE clause of ListInstances for q's filters.
func instanceWhere(programmeID int64, q paging.Query, asof, warnUntil model.Date) (string, []any, error) {
	var b strings.Builder
	var args []any
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		b.WriteString(" AND " + col + " IN (?" + strings.Repeat(", ?", len(vals)-1) + ")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	// The programme is the scope unless tasks or plans (wave,
	// municipality) narrow it: those are subqueries within the programme,
	// so that the planner finds their instances through the catalogue-task
	// or plan index instead of walking all of the programme's instances.
	switch {
	case len(q.Tasks) > 0:
		b.WriteString(" WHERE i.catalogue_task_id IN (SELECT id FROM catalogue_tasks WHERE programme_id = ?")
		args = append(args, programmeID)
		in("key", q.Tasks)
		b.WriteString(")")
		if q.Wave > 0 || len(q.Municipalities) > 0 {
			b.WriteString(" AND i.plan_id IN (SELECT p.id FROM plans p JOIN organisations m ON m.id = p.organisation_id WHERE p.programme_id = ?")
			args = append(args, programmeID)
			if q.Wave > 0 {
				b.WriteString(" AND p.wave = ?")
				args = append(args, q.Wave)
			}
			in("m.code", q.Municipalities)
			b.WriteString(")")
		}
	case q.Wave > 0 || len(q.Municipalities) > 0:
		b.WriteString(" WHERE i.plan_id IN (SELECT p.id FROM plans p JOIN organisations m ON m.id = p.organisation_id WHERE p.programme_id = ?")
		args = append(args, programmeID)
		if q.Wave > 0 {
			b.WriteString(" AND p.wave = ?")
			args = append(args, q.Wave)
		}
		in("m.code", q.Municipalities)
		b.WriteString(")")
	default:
		b.WriteString(" WHERE i.programme_id = ?")
		args = append(args, programmeID)
	}
	b.WriteString(" AND NOT i.withdrawn")
	in("c.phase", q.Phases)
	in("c.theme", q.Themes)
	types := make([]string, len(q.Types))
	for i, ty := range q.Types {
		types[i] = string(ty)
	}
	in("i.type", types)
	in("i.status", q.Statuses)
	if q.From != model.NoDate {
		b.WriteString(" AND i.end_date >= ?")
		args = append(args, q.From)
	}
	if q.To != model.NoDate {
		b.WriteString(" AND i.end_date <= ?")
		args = append(args, q.To)
	}
	if len(q.Colours) > 0 {
		// model.TaskColour as conditions; "none" is none of the others.
		const mandatory = "i.type IN ('obligatorisk', 'kritisk')"
		green := "(" + mandatory + " AND i.status = 'fuldfoert')"
		// Statuses as lists, not "<> 'fuldfoert'", so that the index on
		// (programme, type, status, end date) serves them as ranges.
		// Not before the plan's enrolment (model.PlanTaskColour).
		const enrolled = " AND i.end_date >= (SELECT pe.enrolled_on FROM plans pe WHERE pe.id = i.plan_id)"
		red := "(" + mandatory + " AND i.status IN ('ikke_paabegyndt', 'paabegyndt', 'ikke_relevant') AND i.end_date < ?" + enrolled + ")"
		yellow := "(" + mandatory + " AND i.status IN ('ikke_paabegyndt', 'ikke_relevant') AND i.end_date >= ? AND i.end_date <= ?" + enrolled + ")"
		var ors []string
		for _, c := range q.Colours {
			switch c {
			case model.Green:
				ors = append(ors, green)
			case model.Red:
				ors = append(ors, red)
				args = append(args, asof)
			case model.Yellow:
				ors = append(ors, yellow)
				args = append(args, asof, warnUntil)
			case model.None:
				ors = append(ors, "NOT ("+green+" OR "+red+" OR "+yellow+")")
				args = append(args, asof, asof, warnUntil)
			default:
				return "", nil, &paging.Error{Param: paging.ParamColour, Status: 422, Msg: fmt.Sprintf("colour=%q: brug green, yellow, red eller none", c)}
			}
		}
		b.WriteString(" AND (" + strings.Join(ors, " OR ") + ")")
	}
	return b.String(), args, nil
}

// InstanceColours counts the instances ListInstances would list for q (on
// all pages) by colour as of asof.
func (t *Tx) InstanceColours(ctx context.Context, programmeID int64, q paging.Query, asof, warnUntil model.Date) (model.Counts, error) {
	where, args, err := instanceWhere(programmeID, q, asof, warnUntil)
	if err != nil {
		return model.Counts{}, err
	}
	const mandatory = "i.type IN ('obligatorisk', 'kritisk')"
	sel := `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN ` + mandatory + ` AND i.status = 'fuldfoert' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN ` + mandatory + ` AND i.status <> 'fuldfoert' AND i.end_date < ? AND i.end_date >= p.enrolled_on THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN ` + mandatory + ` AND i.status IN ('ikke_paabegyndt', 'ikke_relevant') AND i.end_date >= ? AND i.end_date <= ? AND i.end_date >= p.enrolled_on THEN 1 ELSE 0 END), 0)
		FROM task_instances i
		JOIN catalogue_tasks c ON c.id = i.catalogue_task_id
		JOIN plans p ON p.id = i.plan_id
		JOIN organisations m ON m.id = p.organisation_id` + where
	var c model.Counts
	var total int
	if err := t.queryRow(ctx, sel, append([]any{asof, asof, warnUntil}, args...)...).Scan(&total, &c.Green, &c.Red, &c.Yellow); err != nil {
		return c, fmt.Errorf("store: count task instances by colour: %w", err)
	}
	c.None = total - c.Green - c.Red - c.Yellow
	return c, nil
}

func redOrYellowOnly(cs []model.Colour) bool {
	for _, c := range cs {
		if c != model.Red && c != model.Yellow {
			return false
		}
	}
	return len(cs) > 0
}
