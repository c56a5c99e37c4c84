package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// PlanTotal is a plan's live and green instance counts and the version of
// its instances' colour-relevant fields (type, status, end date,
// withdrawal), all kept by triggers (plan_totals).
type PlanTotal struct {
	PlanID       int64
	Total, Green int
	Version      int64
}

// PlanTotals returns the totals of every plan of a programme.
func (t *Tx) PlanTotals(ctx context.Context, programmeID int64) ([]PlanTotal, error) {
	rows, err := t.query(ctx, `SELECT t.plan_id, t.total, t.green, t.version FROM plan_totals t JOIN plans p ON p.id = t.plan_id
		WHERE p.programme_id = ?`, programmeID)
	if err != nil {
		return nil, fmt.Errorf("store: plan totals: %w", err)
	}
	defer rows.Close()
	var out []PlanTotal
	for rows.Next() {
		var x PlanTotal
		if err := rows.Scan(&x.PlanID, &x.Total, &x.Green, &x.Version); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// PlanColourRow is a plan's totals with its red and yellow counts.
type PlanColourRow struct {
	PlanTotal
	Red, Yellow int
}

// PlanColours reads, in one statement (one snapshot on PostgreSQL too), the
// totals of the given plans (nil: every plan of the programme) with their
// red instances – open mandatory ones whose end date is before asof – and
// yellow ones – not started (or irrelevant) mandatory ones ending from asof
// to warnUntil – as model.TaskColour colours them: ranges of end dates
// over the open mandatory buckets of plan_counts, for a few plans through
// its key, for the whole programme through the partial index
// plan_counts_open.
func (t *Tx) PlanColours(ctx context.Context, programmeID int64, planIDs []int64, asof, warnUntil model.Date) ([]PlanColourRow, error) {
	scope, scopeArgs := "", []any{}
	if planIDs != nil {
		if len(planIDs) == 0 {
			return nil, nil
		}
		scope = " AND c.plan_id IN (?" + strings.Repeat(", ?", len(planIDs)-1) + ")"
		for _, id := range planIDs {
			scopeArgs = append(scopeArgs, id)
		}
	} else {
		scope = " AND c.plan_id IN (SELECT id FROM plans WHERE programme_id = ?)"
		scopeArgs = append(scopeArgs, programmeID)
	}
	// The first two conditions are the partial index's; the lower bound
	// makes the red end dates a range on both sides so that it is used.
	// A task that ended before the plan's enrolment is neither red nor
	// yellow (model.PlanTaskColour): end dates from enrolled_on on.
	const open = `FROM plan_counts c JOIN plans pe ON pe.id = c.plan_id
		WHERE c.type IN ('obligatorisk', 'kritisk') AND c.status <> 'fuldfoert' AND c.end_date >= pe.enrolled_on`
	q := `SELECT t.plan_id, t.total, t.green, t.version, COALESCE(r.n, 0), COALESCE(y.n, 0)
		FROM plan_totals t JOIN plans p ON p.id = t.plan_id
		LEFT JOIN (SELECT c.plan_id, SUM(c.n) AS n ` + open + ` AND c.status IN ('ikke_paabegyndt', 'paabegyndt', 'ikke_relevant')
			AND c.end_date >= ? AND c.end_date < ?` + scope + ` GROUP BY c.plan_id) r ON r.plan_id = t.plan_id
		LEFT JOIN (SELECT c.plan_id, SUM(c.n) AS n ` + open + ` AND c.status IN ('ikke_paabegyndt', 'ikke_relevant')
			AND c.end_date >= ? AND c.end_date <= ?` + scope + ` GROUP BY c.plan_id) y ON y.plan_id = t.plan_id
		WHERE p.programme_id = ?`
	args := append([]any{model.Date(1), asof}, scopeArgs...)
	args = append(append(args, asof, warnUntil), scopeArgs...)
	args = append(args, programmeID)
	if planIDs != nil {
		q += " AND t.plan_id IN (?" + strings.Repeat(", ?", len(planIDs)-1) + ")"
		args = append(args, scopeArgs...)
	}
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: plan colours: %w", err)
	}
	defer rows.Close()
	var out []PlanColourRow
	for rows.Next() {
		var x PlanColourRow
		if err := rows.Scan(&x.PlanID, &x.Total, &x.Green, &x.Version, &x.Red, &x.Yellow); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
