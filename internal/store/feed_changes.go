package store

import (
	"context"
	"strings"
	"time"
)

// LastChanges returns, per task instance, the time of the latest entry in
// its history (status, dates, catalogue, delegation, checklist and
// documents all write one): when its calendar event last changed.
// Instances without history are left out.
func (t *Tx) LastChanges(ctx context.Context, ids []int64) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		rows, err := t.query(ctx, `SELECT instance_id, MAX(at) FROM status_events WHERE instance_id IN (?`+
			strings.Repeat(", ?", n-1)+`) GROUP BY instance_id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var at time.Time
			if err := rows.Scan(&id, timestamp{&at}); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = at
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}
