package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// HandbookVersion is one version of a municipality's implementation
// handbook that udrul mailed to the plan's project leads (docs/handbook.md).
type HandbookVersion struct {
	ID         int64
	PlanID     int64
	Version    int
	GoLive     model.Date
	Content    string   // the plan as sent, JSON
	Digest     string   // of Content
	Changes    []string // since the previous version, as the mail listed them
	Recipients int      // mails queued
	CreatedAt  time.Time
}

// HandbookVersions lists a plan's handbook versions, oldest first.
func (t *Tx) HandbookVersions(ctx context.Context, planID int64) ([]HandbookVersion, error) {
	rows, err := t.query(ctx, `SELECT id, plan_id, version, golive, content, digest, changes, recipients, created_at
		FROM handbook_versions WHERE plan_id = ? ORDER BY version`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HandbookVersion
	for rows.Next() {
		var v HandbookVersion
		var changes string
		if err := rows.Scan(&v.ID, &v.PlanID, &v.Version, &v.GoLive, &v.Content, &v.Digest, &changes, &v.Recipients,
			timestamp{&v.CreatedAt}); err != nil {
			return nil, err
		}
		if changes != "" {
			v.Changes = strings.Split(changes, "\n")
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// AddHandbookVersion records a version sent. The version number is unique
// per plan, so a second server making the same version fails with a unique
// violation (IsUniqueViolation) and its transaction rolls back.
func (t *Tx) AddHandbookVersion(ctx context.Context, v *HandbookVersion) error {
	v.CreatedAt = t.now
	err := t.queryRow(ctx, `INSERT INTO handbook_versions (plan_id, version, golive, content, digest, changes, recipients, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		v.PlanID, v.Version, v.GoLive, v.Content, v.Digest, strings.Join(v.Changes, "\n"), v.Recipients, ts(t.now)).Scan(&v.ID)
	if err != nil {
		return fmt.Errorf("store: handbook version %d of plan %d: %w", v.Version, v.PlanID, err)
	}
	return nil
}

// PlansGoingLive lists every programme's plans with go-live in [from, to],
// ordered by go-live and id.
func (t *Tx) PlansGoingLive(ctx context.Context, from, to model.Date) ([]Plan, error) {
	rows, err := t.query(ctx, planSelect+" WHERE p.golive >= ? AND p.golive <= ? ORDER BY p.golive, p.id", from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
