package store

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/internal/model"
)

// PlanColours counts every plan's live instances of a programme by colour
// as of asof (yellow up to warnUntil), exactly as colouring each instance
// with model.TaskColour, without reading every bucket: the live and green
// counts are kept per plan by triggers (plan_totals), red is the open
// mandatory buckets whose end date is before asof and yellow the not
// started (or irrelevant) mandatory ones ending from asof to warnUntil –
// two ranges of end dates in the partial index plan_counts_open, which
// holds only open mandatory buckets. The rest have no colour.
func (t *Tx) PlanColours(ctx context.Context, programmeID int64, asof, warnUntil model.Date) (map[int64]model.Counts, error) {
	out := map[int64]model.Counts{}
	rows, err := t.query(ctx, `SELECT t.plan_id, t.total, t.green FROM plan_totals t JOIN plans p ON p.id = t.plan_id
		WHERE p.programme_id = ?`, programmeID)
	if err != nil {
		return nil, fmt.Errorf("store: plan totals: %w", err)
	}
	for rows.Next() {
		var id int64
		var total, green int
		if err := rows.Scan(&id, &total, &green); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] = model.Counts{Green: green, None: total - green}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	const open = `FROM plan_counts c WHERE c.type IN ('obligatorisk', 'kritisk') AND c.status <> 'fuldfoert'`
	add := func(q string, args []any, red bool) error {
		rows, err := t.query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("store: plan colour ranges: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			c, ok := out[id]
			if !ok {
				continue // a plan of another programme
			}
			if red {
				c.Red += n
			} else {
				c.Yellow += n
			}
			c.None -= n
			out[id] = c
		}
		return rows.Err()
	}
	if err := add(`SELECT c.plan_id, SUM(c.n) `+open+` AND c.end_date < ? GROUP BY c.plan_id`, []any{asof}, true); err != nil {
		return nil, err
	}
	if warnUntil >= asof {
		if err := add(`SELECT c.plan_id, SUM(c.n) `+open+` AND c.status IN ('ikke_paabegyndt', 'ikke_relevant')
			AND c.end_date >= ? AND c.end_date <= ? GROUP BY c.plan_id`, []any{asof, warnUntil}, false); err != nil {
			return nil, err
		}
	}
	return out, nil
}
