package store

import (
	"context"
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/announce"
	"github.com/udrul/udrul/internal/model"
)

// The network meetings' tables (migration 0017): meetings, their places
// and the municipalities' registrations.

// MeetingRow is a stored network meeting with its places.
type MeetingRow struct {
	ID             int64
	ProgrammeID    int64
	Programme      string // key
	ProgrammeName  string
	Title          string
	Day            model.Date
	Starts, Ends   string
	OrganizerName  string
	OrganizerEmail string
	InvitedAt      time.Time // zero until the invitations went out
	Places         []announce.Place
	CreatedAt      time.Time
	CreatedBy      string
}

// RegistrationRow is a municipality's live registration for a meeting.
type RegistrationRow struct {
	ID, MeetingID, PlaceID, MunicipalityID int64
	Municipality, MunicipalityName         string
	LeadID, OwnerID                        int64
	LeadName, LeadEmail                    string
	OwnerName, OwnerEmail                  string
	RegisteredAt                           time.Time
	RegisteredBy                           string
}

const meetingSelect = `SELECT m.id, m.programme_id, p.key, p.name, m.title, m.day, m.starts, m.ends, m.organizer_name,
	m.organizer_email, m.invited_at, m.created_at, m.created_by
	FROM network_meetings m JOIN programmes p ON p.id = m.programme_id`

func scanMeeting(sc interface{ Scan(...any) error }) (MeetingRow, error) {
	var m MeetingRow
	err := sc.Scan(&m.ID, &m.ProgrammeID, &m.Programme, &m.ProgrammeName, &m.Title, &m.Day, &m.Starts, &m.Ends,
		&m.OrganizerName, &m.OrganizerEmail, timestamp{&m.InvitedAt}, timestamp{&m.CreatedAt}, &m.CreatedBy)
	return m, err
}

// InsertMeeting stores a meeting and its places; the ids are set.
func (t *Tx) InsertMeeting(ctx context.Context, m *MeetingRow) error {
	m.CreatedAt = t.now
	err := t.queryRow(ctx, `INSERT INTO network_meetings (programme_id, title, day, starts, ends, organizer_name, organizer_email,
		created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.ProgrammeID, m.Title, m.Day, m.Starts, m.Ends,
		m.OrganizerName, m.OrganizerEmail, ts(t.now), m.CreatedBy).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("store: insert network meeting: %w", err)
	}
	for i := range m.Places {
		p := &m.Places[i]
		if err := t.queryRow(ctx, `INSERT INTO network_places (meeting_id, name, address, capacity) VALUES (?, ?, ?, ?) RETURNING id`,
			m.ID, p.Name, p.Address, p.Capacity).Scan(&p.ID); err != nil {
			return fmt.Errorf("store: insert network place: %w", err)
		}
	}
	return nil
}

func (t *Tx) meetings(ctx context.Context, where string, args ...any) ([]MeetingRow, error) {
	rows, err := t.query(ctx, meetingSelect+" "+where+" ORDER BY m.day, m.id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: network meetings: %w", err)
	}
	out := []MeetingRow{}
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Places, err = t.places(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *Tx) places(ctx context.Context, meetingID int64) ([]announce.Place, error) {
	rows, err := t.query(ctx, "SELECT id, name, address, capacity FROM network_places WHERE meeting_id = ? ORDER BY id", meetingID)
	if err != nil {
		return nil, fmt.Errorf("store: network places: %w", err)
	}
	defer rows.Close()
	out := []announce.Place{}
	for rows.Next() {
		var p announce.Place
		if err := rows.Scan(&p.ID, &p.Name, &p.Address, &p.Capacity); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Meetings lists the meetings of a programme (0: of all) from day on,
// soonest first.
func (t *Tx) Meetings(ctx context.Context, programmeID int64, from model.Date) ([]MeetingRow, error) {
	if programmeID == 0 {
		return t.meetings(ctx, "WHERE m.day >= ?", from)
	}
	return t.meetings(ctx, "WHERE m.programme_id = ? AND m.day >= ?", programmeID, from)
}

// Meeting returns one meeting, or ErrNotFound.
func (t *Tx) Meeting(ctx context.Context, id int64) (MeetingRow, error) {
	ms, err := t.meetings(ctx, "WHERE m.id = ?", id)
	if err != nil {
		return MeetingRow{}, err
	}
	if len(ms) == 0 {
		return MeetingRow{}, fmt.Errorf("network meeting %d: %w", id, ErrNotFound)
	}
	return ms[0], nil
}

// MeetingsToInvite lists the meetings whose invitations have not gone out
// and whose day is after today and no later than until.
func (t *Tx) MeetingsToInvite(ctx context.Context, today, until model.Date) ([]MeetingRow, error) {
	return t.meetings(ctx, "WHERE m.invited_at IS NULL AND m.day > ? AND m.day <= ?", today, until)
}

// MarkInvited records that a meeting's invitations went out.
func (t *Tx) MarkInvited(ctx context.Context, meetingID int64) error {
	_, err := t.exec(ctx, "UPDATE network_meetings SET invited_at = ? WHERE id = ? AND invited_at IS NULL", ts(t.now), meetingID)
	return err
}

// LockPlace bumps a place's version: registrations and cancellations at
// one place wait for each other from here to the end of the transaction.
func (t *Tx) LockPlace(ctx context.Context, placeID int64) error {
	_, err := t.exec(ctx, "UPDATE network_places SET version = version + 1 WHERE id = ?", placeID)
	return err
}

// Registrations lists a meeting's live registrations in the order they
// came.
func (t *Tx) Registrations(ctx context.Context, meetingID int64) ([]RegistrationRow, error) {
	rows, err := t.query(ctx, `SELECT r.id, r.meeting_id, r.place_id, r.municipality_id, o.code, o.name, r.lead_id, r.owner_id,
		l.name, l.email, w.name, w.email, r.registered_at, r.registered_by
		FROM network_registrations r JOIN organisations o ON o.id = r.municipality_id
		JOIN users l ON l.id = r.lead_id JOIN users w ON w.id = r.owner_id
		WHERE r.meeting_id = ? AND r.cancelled_at IS NULL ORDER BY r.id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("store: network registrations: %w", err)
	}
	defer rows.Close()
	out := []RegistrationRow{}
	for rows.Next() {
		var r RegistrationRow
		if err := rows.Scan(&r.ID, &r.MeetingID, &r.PlaceID, &r.MunicipalityID, &r.Municipality, &r.MunicipalityName, &r.LeadID,
			&r.OwnerID, &r.LeadName, &r.LeadEmail, &r.OwnerName, &r.OwnerEmail, timestamp{&r.RegisteredAt}, &r.RegisteredBy); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// InsertRegistration stores a registration; its ID is set. A municipality
// already registered for the meeting is a unique violation.
func (t *Tx) InsertRegistration(ctx context.Context, r *RegistrationRow) error {
	r.RegisteredAt = t.now
	return t.queryRow(ctx, `INSERT INTO network_registrations (meeting_id, place_id, municipality_id, lead_id, owner_id,
		registered_at, registered_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, r.MeetingID, r.PlaceID, r.MunicipalityID,
		r.LeadID, r.OwnerID, ts(t.now), r.RegisteredBy).Scan(&r.ID)
}

// CancelRegistration cancels a live registration.
func (t *Tx) CancelRegistration(ctx context.Context, id int64, by string) error {
	res, err := t.exec(ctx, "UPDATE network_registrations SET cancelled_at = ?, cancelled_by = ? WHERE id = ? AND cancelled_at IS NULL",
		ts(t.now), by, id)
	if err != nil {
		return fmt.Errorf("store: cancel registration %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("registration %d: %w", id, ErrNotFound)
	}
	return nil
}
