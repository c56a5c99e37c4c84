package store

import (
	"context"
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/announce"
)

// Kommunepraktik's tables (migration 0017): pairings and the meetings the
// paired municipalities agree on.

// PairingRow is a stored pairing with its meetings.
type PairingRow struct {
	ID                           int64
	ProgrammeID                  int64
	Programme, ProgrammeName     string
	ExperiencedID, NewcomerID    int64
	Experienced, ExperiencedName string // code, name
	Newcomer, NewcomerName       string
	Meetings                     []announce.PracticeMeeting
	CreatedAt                    time.Time
	CreatedBy                    string
}

// InsertPairing stores a pairing; its ID is set. The same pair twice is a
// unique violation.
func (t *Tx) InsertPairing(ctx context.Context, p *PairingRow) error {
	p.CreatedAt = t.now
	return t.queryRow(ctx, `INSERT INTO practice_pairings (programme_id, experienced_id, newcomer_id, created_at, created_by)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, p.ProgrammeID, p.ExperiencedID, p.NewcomerID, ts(t.now), p.CreatedBy).Scan(&p.ID)
}

// Pairings lists a programme's pairings (0: every programme's), of one
// municipality (0: of all) on either side, in the order they were made.
func (t *Tx) Pairings(ctx context.Context, programmeID, municipalityID int64) ([]PairingRow, error) {
	q := `SELECT x.id, x.programme_id, p.key, p.name, x.experienced_id, e.code, e.name, x.newcomer_id, n.code, n.name, x.created_at, x.created_by
		FROM practice_pairings x JOIN programmes p ON p.id = x.programme_id
		JOIN organisations e ON e.id = x.experienced_id JOIN organisations n ON n.id = x.newcomer_id WHERE 1 = 1`
	var args []any
	if programmeID != 0 {
		q, args = q+" AND x.programme_id = ?", append(args, programmeID)
	}
	if municipalityID != 0 {
		q, args = q+" AND (x.experienced_id = ? OR x.newcomer_id = ?)", append(args, municipalityID, municipalityID)
	}
	rows, err := t.query(ctx, q+" ORDER BY x.id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: pairings: %w", err)
	}
	out := []PairingRow{}
	for rows.Next() {
		var p PairingRow
		if err := rows.Scan(&p.ID, &p.ProgrammeID, &p.Programme, &p.ProgrammeName, &p.ExperiencedID, &p.Experienced, &p.ExperiencedName,
			&p.NewcomerID, &p.Newcomer, &p.NewcomerName, timestamp{&p.CreatedAt}, &p.CreatedBy); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Meetings, err = t.practiceMeetings(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *Tx) practiceMeetings(ctx context.Context, pairingID int64) ([]announce.PracticeMeeting, error) {
	rows, err := t.query(ctx, "SELECT id, day, note, created_at, created_by FROM practice_meetings WHERE pairing_id = ? ORDER BY day, id", pairingID)
	if err != nil {
		return nil, fmt.Errorf("store: practice meetings: %w", err)
	}
	defer rows.Close()
	out := []announce.PracticeMeeting{}
	for rows.Next() {
		var m announce.PracticeMeeting
		if err := rows.Scan(&m.ID, &m.Day, &m.Note, timestamp{&m.CreatedAt}, &m.CreatedBy); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Pairing returns one pairing, or ErrNotFound.
func (t *Tx) Pairing(ctx context.Context, id int64) (PairingRow, error) {
	ps, err := t.Pairings(ctx, 0, 0)
	if err != nil {
		return PairingRow{}, err
	}
	for _, p := range ps {
		if p.ID == id {
			return p, nil
		}
	}
	return PairingRow{}, fmt.Errorf("pairing %d: %w", id, ErrNotFound)
}

// InsertPracticeMeeting records an agreed meeting of a pairing.
func (t *Tx) InsertPracticeMeeting(ctx context.Context, pairingID int64, m *announce.PracticeMeeting) error {
	m.CreatedAt = t.now
	return t.queryRow(ctx, `INSERT INTO practice_meetings (pairing_id, day, note, created_at, created_by) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		pairingID, m.Day, m.Note, ts(t.now), m.CreatedBy).Scan(&m.ID)
}
