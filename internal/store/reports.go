package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// The steering reports (docs/reports.md): monthly snapshots of the plans,
// the go-lives first announced and the supplier's tasks.

// Snapshot is a plan's state kept for one month ("YYYY-MM").
type Snapshot struct {
	PlanID  int64
	Month   string
	GoLive  model.Date
	Colour  model.Colour
	Counts  model.Counts
	TakenAt time.Time
}

// TakeSnapshots keeps each snapshot unless its plan has one for the month
// already; it returns how many it kept. Taking the same month twice, in
// one server or several at once, keeps the first.
func (t *Tx) TakeSnapshots(ctx context.Context, ss []Snapshot) (int, error) {
	n := 0
	for _, s := range ss {
		res, err := t.exec(ctx, `INSERT INTO report_snapshots (plan_id, month, golive, colour, green, yellow, red, no_signal, taken_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (plan_id, month) DO NOTHING`,
			s.PlanID, s.Month, s.GoLive, string(s.Colour), s.Counts.Green, s.Counts.Yellow, s.Counts.Red, s.Counts.None, ts(t.now))
		if err != nil {
			return n, fmt.Errorf("store: snapshot of plan %d for %s: %w", s.PlanID, s.Month, err)
		}
		if k, err := res.RowsAffected(); err == nil {
			n += int(k)
		}
	}
	return n, nil
}

// SnapshotCount is how many of a programme's plans have a snapshot for month.
func (t *Tx) SnapshotCount(ctx context.Context, programmeID int64, month string) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM report_snapshots s JOIN plans p ON p.id = s.plan_id
		WHERE p.programme_id = ? AND s.month = ?`, programmeID, month).Scan(&n)
	return n, err
}

const snapshotSelect = `SELECT s.plan_id, s.month, s.golive, s.colour, s.green, s.yellow, s.red, s.no_signal, s.taken_at FROM report_snapshots s `

func scanSnapshots(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
}) ([]Snapshot, error) {
	var out []Snapshot
	for rows.Next() {
		var s Snapshot
		var colour string
		if err := rows.Scan(&s.PlanID, &s.Month, &s.GoLive, &colour, &s.Counts.Green, &s.Counts.Yellow, &s.Counts.Red, &s.Counts.None,
			timestamp{&s.TakenAt}); err != nil {
			return nil, err
		}
		s.Colour = model.Colour(colour)
		out = append(out, s)
	}
	return out, rows.Err()
}

// Snapshots lists a plan's snapshots, oldest month first.
func (t *Tx) Snapshots(ctx context.Context, planID int64) ([]Snapshot, error) {
	rows, err := t.query(ctx, snapshotSelect+"WHERE s.plan_id = ? ORDER BY s.month", planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanSnapshots(rows)
}

// FirstSnapshots returns, per plan of a programme, its oldest snapshot.
func (t *Tx) FirstSnapshots(ctx context.Context, programmeID int64) (map[int64]Snapshot, error) {
	rows, err := t.query(ctx, snapshotSelect+`JOIN plans p ON p.id = s.plan_id
		WHERE p.programme_id = ? AND s.month = (SELECT MIN(f.month) FROM report_snapshots f WHERE f.plan_id = s.plan_id)`, programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ss, err := scanSnapshots(rows)
	out := make(map[int64]Snapshot, len(ss))
	for _, s := range ss {
		out[s.PlanID] = s
	}
	return out, err
}

// FirstAnnouncedGoLives returns, per municipality (organisation id), the
// go-live of the first wave-plan version announced to it in a programme.
func (t *Tx) FirstAnnouncedGoLives(ctx context.Context, programmeID int64) (map[int64]model.Date, error) {
	rows, err := t.query(ctx, `SELECT a.organisation_id, a.golive FROM waveplan_announcements a
		JOIN waveplan_versions v ON v.id = a.version_id
		WHERE v.programme_id = ? ORDER BY v.number DESC`, programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]model.Date{}
	for rows.Next() {
		var id int64
		var d model.Date
		if err := rows.Scan(&id, &d); err != nil {
			return nil, err
		}
		out[id] = d // the last row, the lowest version, wins
	}
	return out, rows.Err()
}

// SupplierInstance is a live task instance a supplier is responsible for.
type SupplierInstance struct {
	PlanID   int64
	End      model.Date
	Status   model.Status
	StatusAt time.Time
}

// SupplierInstances lists a programme's live instances of catalogue tasks
// whose responsible actor is one of responsibles (compared in lower case).
func (t *Tx) SupplierInstances(ctx context.Context, programmeID int64, responsibles []string) ([]SupplierInstance, error) {
	if len(responsibles) == 0 {
		return nil, nil
	}
	args := []any{programmeID}
	for _, r := range responsibles {
		args = append(args, strings.ToLower(strings.TrimSpace(r)))
	}
	rows, err := t.query(ctx, `SELECT i.plan_id, i.end_date, i.status, i.status_at FROM task_instances i
		JOIN catalogue_tasks c ON c.id = i.catalogue_task_id
		WHERE i.programme_id = ? AND i.withdrawn = FALSE AND LOWER(TRIM(c.responsible)) IN (`+inList(len(responsibles))+`)
		ORDER BY i.plan_id, i.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SupplierInstance
	for rows.Next() {
		var x SupplierInstance
		if err := rows.Scan(&x.PlanID, &x.End, &x.Status, timestamp{&x.StatusAt}); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
