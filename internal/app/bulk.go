package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// StatusUpdate is one change of a BulkSetStatus call: the instance id and
// the same request SetStatus takes.
type StatusUpdate struct {
	ID int64 `json:"id"`
	StatusChange
}

// MaxBulkStatus bounds one BulkSetStatus call, so that one request cannot
// hold the write lock for long.
const MaxBulkStatus = 50000

// BulkSetStatus applies many status changes by one actor in one transaction,
// with exactly the rules of SetStatus (version, comment length, withdrawn
// tasks, allowed transitions) and one history entry per change. It is all or
// nothing: the first refused change is returned as the error and nothing is
// written. Each instance may appear once per call. It returns the number of
// changes written. The caller must be allowed to change every task
// (access.ChangeTask).
func (a *TaskService) BulkSetStatus(ctx context.Context, by *Identity, updates []StatusUpdate) (int, error) {
	sets, err := statusSets(updates)
	if err != nil || len(sets) == 0 {
		return 0, err
	}
	ids := make([]int64, len(sets))
	for i, u := range sets {
		ids[i] = u.ID
	}
	err = a.write(ctx, func(tx *store.Tx) error {
		if err := checkChangeTasks(ctx, tx, by, ids); err != nil {
			return err
		}
		return setStatuses(ctx, tx, sets, actorOf(by))
	})
	if err != nil {
		return 0, err
	}
	return len(updates), nil
}

// statusSets checks what can be checked without the database: versions,
// comment lengths, the number of updates and repeated instances.
func statusSets(updates []StatusUpdate) ([]store.StatusSet, error) {
	if len(updates) > MaxBulkStatus {
		return nil, invalid("for mange ændringer på én gang (%d; højst %d)", len(updates), MaxBulkStatus)
	}
	sets := make([]store.StatusSet, len(updates))
	seen := make(map[int64]bool, len(updates))
	for i, u := range updates {
		if u.Version <= 0 {
			return nil, invalid("opgave %d: version mangler: send den version af opgaven, du har set", u.ID)
		}
		comment := strings.TrimSpace(u.Comment)
		if utf8.RuneCountInString(comment) > MaxCommentLength {
			return nil, invalid("opgave %d: kommentaren er for lang (højst %d tegn)", u.ID, MaxCommentLength)
		}
		if seen[u.ID] {
			return nil, invalid("opgave %d står flere gange i samme ændring", u.ID)
		}
		seen[u.ID] = true
		sets[i] = store.StatusSet{ID: u.ID, ExpectedVersion: u.Version, Status: u.Status, Comment: comment}
	}
	return sets, nil
}

// setStatuses writes checked status changes in tx: each instance must
// exist, not be withdrawn, still have the version the caller saw and allow
// the transition; one history entry per change.
func setStatuses(ctx context.Context, tx *store.Tx, sets []store.StatusSet, actor string) error {
	ids := make([]int64, len(sets))
	for i, u := range sets {
		ids[i] = u.ID
	}
	states, err := tx.StatusStates(ctx, ids)
	if err != nil {
		return err
	}
	events := make([]model.StatusEvent, len(sets))
	for i, u := range sets {
		x, ok := states[u.ID]
		if !ok {
			return notFound("opgave %d findes ikke", u.ID)
		}
		if x.Withdrawn {
			return invalid("opgave %d er trukket tilbage fra kataloget og kan ikke ændres", u.ID)
		}
		if x.Version != u.ExpectedVersion {
			return &Error{Code: CodeConflict, Message: fmt.Sprintf(
				"opgave %d er ændret af en anden siden du hentede den (version %d, du sendte %d); hent den igen", u.ID, x.Version, u.ExpectedVersion)}
		}
		if err := model.CheckTransition(x.Type, x.Status, u.Status); err != nil {
			return invalid("opgave %d: %v", u.ID, err)
		}
		events[i] = model.StatusEvent{InstanceID: u.ID, Actor: actor, Kind: model.EventStatus, From: x.Status, To: u.Status, Comment: u.Comment}
	}
	if err := tx.SetStatuses(ctx, sets, actor); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return &Error{Code: CodeConflict, Message: "opgaver er ændret af en anden i samme øjeblik; hent dem igen", Err: err}
		}
		return err
	}
	return tx.AppendEvents(ctx, events)
}
