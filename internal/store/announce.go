package store

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/internal/announce"
)

// The announcements' tables (migration 0017): the announcements with their
// audience and who has read which.

const announcementSelect = `SELECT a.id, a.programme_id, p.key, p.name, a.wave, a.roles, a.title, a.body, a.created_at, a.created_by
	FROM announcements a JOIN programmes p ON p.id = a.programme_id`

func scanAnnouncement(sc interface{ Scan(...any) error }) (announce.Announcement, error) {
	var x announce.Announcement
	var roles string
	err := sc.Scan(&x.ID, &x.ProgrammeID, &x.Programme, &x.ProgrammeName, &x.Wave, &roles, &x.Title, &x.Body,
		timestamp{&x.CreatedAt}, &x.CreatedBy)
	x.Roles = announce.SplitRoles(roles)
	return x, err
}

// InsertAnnouncement stores x; its ID and CreatedAt are set.
func (t *Tx) InsertAnnouncement(ctx context.Context, x *announce.Announcement) error {
	x.CreatedAt = t.now
	err := t.queryRow(ctx, `INSERT INTO announcements (programme_id, wave, roles, title, body, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, x.ProgrammeID, x.Wave, announce.JoinRoles(x.Roles), x.Title, x.Body,
		ts(t.now), x.CreatedBy).Scan(&x.ID)
	if err != nil {
		return fmt.Errorf("store: insert announcement: %w", err)
	}
	return nil
}

// Announcements lists announcements newest first: of one programme (0:
// of all), and with wave > 0 only those to that wave or to every wave.
func (t *Tx) Announcements(ctx context.Context, programmeID int64, wave int) ([]announce.Announcement, error) {
	q, args := announcementSelect+" WHERE 1 = 1", []any{}
	if programmeID != 0 {
		q, args = q+" AND a.programme_id = ?", append(args, programmeID)
	}
	if wave > 0 {
		q, args = q+" AND (a.wave = 0 OR a.wave = ?)", append(args, wave)
	}
	rows, err := t.query(ctx, q+" ORDER BY a.created_at DESC, a.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("store: announcements: %w", err)
	}
	defer rows.Close()
	out := []announce.Announcement{}
	for rows.Next() {
		x, err := scanAnnouncement(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Announcement returns one announcement, or ErrNotFound.
func (t *Tx) Announcement(ctx context.Context, id int64) (announce.Announcement, error) {
	x, err := scanAnnouncement(t.queryRow(ctx, announcementSelect+" WHERE a.id = ?", id))
	return x, notFound(err, "announcement")
}

// AnnouncementsRead returns the ids of the announcements the user has
// marked read.
func (t *Tx) AnnouncementsRead(ctx context.Context, userID int64) (map[int64]bool, error) {
	rows, err := t.query(ctx, "SELECT announcement_id FROM announcement_reads WHERE user_id = ?", userID)
	if err != nil {
		return nil, fmt.Errorf("store: announcements read: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// MarkAnnouncementRead records that the user has read the announcement;
// marking it again changes nothing.
func (t *Tx) MarkAnnouncementRead(ctx context.Context, id, userID int64) error {
	_, err := t.exec(ctx, `INSERT INTO announcement_reads (announcement_id, user_id, read_at) VALUES (?, ?, ?)
		ON CONFLICT (announcement_id, user_id) DO NOTHING`, id, userID, ts(t.now))
	if err != nil {
		return fmt.Errorf("store: mark announcement %d read: %w", id, err)
	}
	return nil
}

// AnnouncementReadCounts counts, per announcement, the users who have
// marked it read.
func (t *Tx) AnnouncementReadCounts(ctx context.Context) (map[int64]int, error) {
	rows, err := t.query(ctx, "SELECT announcement_id, COUNT(*) FROM announcement_reads GROUP BY announcement_id")
	if err != nil {
		return nil, fmt.Errorf("store: announcement read counts: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// MunicipalityPlans lists a municipality's plans in every programme.
func (t *Tx) MunicipalityPlans(ctx context.Context, municipalityID int64) ([]Plan, error) {
	rows, err := t.query(ctx, planSelect+" WHERE p.organisation_id = ? ORDER BY p.programme_id", municipalityID)
	if err != nil {
		return nil, fmt.Errorf("store: plans of municipality %d: %w", municipalityID, err)
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
