package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// StatusState is the part of a task instance a status change is checked
// against: the transition rule needs type and status, the optimistic check
// the version.
type StatusState struct {
	ID        int64
	Type      model.TaskType
	Status    model.Status
	Withdrawn bool
	Version   int
}

// StatusStates returns the states of the given instances by id. Ids that do
// not exist are absent from the map.
func (t *Tx) StatusStates(ctx context.Context, ids []int64) (map[int64]StatusState, error) {
	out := make(map[int64]StatusState, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		rows, err := t.query(ctx, "SELECT id, type, status, withdrawn, version FROM task_instances WHERE id IN (?"+
			strings.Repeat(", ?", n-1)+")", args...)
		if err != nil {
			return nil, fmt.Errorf("store: read task states: %w", err)
		}
		for rows.Next() {
			var s StatusState
			if err := rows.Scan(&s.ID, &s.Type, &s.Status, &s.Withdrawn, &s.Version); err != nil {
				rows.Close()
				return nil, err
			}
			out[s.ID] = s
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

// StatusSet is one instance's new status in SetStatuses.
type StatusSet struct {
	ID              int64
	ExpectedVersion int
	Status          model.Status
	Comment         string
}

// SetStatuses is SetStatus for many instances by one actor: each instance
// gets its status and comment if it is still at its expected version, and
// its version is bumped. Changes with the same status, comment and expected
// version are written by one statement per 500 instances. If any instance is
// not at its expected version (or does not exist), it returns ErrConflict
// and the caller must roll the transaction back. An instance must appear at
// most once.
func (t *Tx) SetStatuses(ctx context.Context, changes []StatusSet, actor string) error {
	type group struct {
		status  model.Status
		comment string
		version int
	}
	var order []group
	ids := map[group][]int64{}
	for _, c := range changes {
		g := group{c.Status, c.Comment, c.ExpectedVersion}
		if _, ok := ids[g]; !ok {
			order = append(order, g)
		}
		ids[g] = append(ids[g], c.ID)
	}
	at := ts(t.now)
	for _, g := range order {
		rest := ids[g]
		for len(rest) > 0 {
			n := min(len(rest), 500)
			args := make([]any, 0, n+5)
			args = append(args, g.status, at, actor, g.comment, g.version)
			for _, id := range rest[:n] {
				args = append(args, id)
			}
			res, err := t.exec(ctx, `UPDATE task_instances SET status = ?, status_at = ?, status_by = ?, status_comment = ?,
				version = version + 1 WHERE version = ? AND id IN (?`+strings.Repeat(", ?", n-1)+")", args...)
			if err != nil {
				return fmt.Errorf("store: set status of %d tasks: %w", n, err)
			}
			if got, err := res.RowsAffected(); err != nil {
				return err
			} else if got != int64(n) {
				return fmt.Errorf("%d of %d tasks are not at version %d: %w", int64(n)-got, n, g.version, ErrConflict)
			}
			rest = rest[n:]
		}
	}
	return nil
}
