package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/waves"
)

// WaveSetup is a programme's stored wave-planning constraints (migration
// 0005). Municipalities are named by code; the store resolves codes to
// organisations, so an unknown code is an error.
type WaveSetup struct {
	ProgrammeID      int64
	Revision         int // 0 before the first save; each save adds 1
	HypercareTeams   int
	TeamCapacity     int
	RolloutBefore    int
	RolloutAfter     int
	TrainingParallel int
	TrainingBefore   int
	TrainingAfter    int
	MediumFrom       int
	LargeFrom        int
	PilotRule        string // '' refuse, 'join', 'leave' (waves.PilotRule)
	OwnBlackouts     bool   // only the setup's blackouts apply (migration 0014)
	UpdatedAt        time.Time
	UpdatedBy        string
	Waves            []WaveRow
	Blackouts        []BlackoutRow
	Groups           []GroupRow
	Municipalities   []WaveMunicipalityRow
}

// WaveRow is one wave of a setup.
type WaveRow struct {
	Number   int
	Kind     waves.WaveKind
	GoLive   model.Date
	Capacity int
	// MaxPopulation and MaxInstitutions cap the wave; 0: unlimited.
	MaxPopulation, MaxInstitutions int
}

// BlackoutRow is a period in which no wave may go live.
type BlackoutRow struct {
	Name     string
	From, To model.Date
}

// GroupRow is a collaboration whose members share a wave.
type GroupRow struct {
	Name    string
	Members []string // municipality codes
}

// WaveMunicipalityRow holds one municipality's settings.
type WaveMunicipalityRow struct {
	Code              string
	FixedWave         int // 0: not fixed
	Preferred         []int
	Excluded          []int
	PurchasedTraining bool
	Note              string
}

// WaveSetup returns a programme's setup, or ErrNotFound if none was saved.
func (t *Tx) WaveSetup(ctx context.Context, programmeID int64) (WaveSetup, error) {
	s := WaveSetup{ProgrammeID: programmeID}
	err := t.queryRow(ctx, `SELECT revision, hypercare_teams, team_capacity, rollout_before, rollout_after, training_parallel,
		training_before, training_after, medium_from, large_from, pilot_rule, own_blackouts, updated_at, updated_by FROM waveplan_setups WHERE programme_id = ?`, programmeID).
		Scan(&s.Revision, &s.HypercareTeams, &s.TeamCapacity, &s.RolloutBefore, &s.RolloutAfter, &s.TrainingParallel,
			&s.TrainingBefore, &s.TrainingAfter, &s.MediumFrom, &s.LargeFrom, &s.PilotRule, &s.OwnBlackouts, timestamp{&s.UpdatedAt}, &s.UpdatedBy)
	if err != nil {
		return s, notFound(err, "wave setup")
	}
	if err := t.waveRows(ctx, &s); err != nil {
		return s, err
	}
	if err := t.blackoutRows(ctx, &s); err != nil {
		return s, err
	}
	if err := t.groupRows(ctx, &s); err != nil {
		return s, err
	}
	return s, t.waveMunicipalityRows(ctx, &s)
}

func (t *Tx) waveRows(ctx context.Context, s *WaveSetup) error {
	rows, err := t.query(ctx, "SELECT number, kind, golive, capacity, max_population, max_institutions FROM waveplan_waves WHERE programme_id = ? ORDER BY number", s.ProgrammeID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var w WaveRow
		if err := rows.Scan(&w.Number, &w.Kind, &w.GoLive, &w.Capacity, &w.MaxPopulation, &w.MaxInstitutions); err != nil {
			return err
		}
		s.Waves = append(s.Waves, w)
	}
	return rows.Err()
}

func (t *Tx) blackoutRows(ctx context.Context, s *WaveSetup) error {
	rows, err := t.query(ctx, "SELECT name, from_date, to_date FROM waveplan_blackouts WHERE programme_id = ? ORDER BY position", s.ProgrammeID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var b BlackoutRow
		if err := rows.Scan(&b.Name, &b.From, &b.To); err != nil {
			return err
		}
		s.Blackouts = append(s.Blackouts, b)
	}
	return rows.Err()
}

func (t *Tx) groupRows(ctx context.Context, s *WaveSetup) error {
	rows, err := t.query(ctx, `SELECT g.position, g.name, COALESCE(o.code, '') FROM waveplan_groups g
		LEFT JOIN waveplan_group_members m ON m.programme_id = g.programme_id AND m.position = g.position
		LEFT JOIN organisations o ON o.id = m.organisation_id
		WHERE g.programme_id = ? ORDER BY g.position, LENGTH(o.code), o.code`, s.ProgrammeID)
	if err != nil {
		return err
	}
	defer rows.Close()
	last := -1
	for rows.Next() {
		var pos int
		var name, code string
		if err := rows.Scan(&pos, &name, &code); err != nil {
			return err
		}
		if pos != last {
			s.Groups = append(s.Groups, GroupRow{Name: name})
			last = pos
		}
		if code != "" {
			g := &s.Groups[len(s.Groups)-1]
			g.Members = append(g.Members, code)
		}
	}
	return rows.Err()
}

func (t *Tx) waveMunicipalityRows(ctx context.Context, s *WaveSetup) error {
	rows, err := t.query(ctx, `SELECT o.code, w.fixed_wave, w.preferred, w.excluded, w.purchased_training, w.note
		FROM waveplan_municipalities w JOIN organisations o ON o.id = w.organisation_id
		WHERE w.programme_id = ? ORDER BY LENGTH(o.code), o.code`, s.ProgrammeID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m WaveMunicipalityRow
		var pref, excl string
		if err := rows.Scan(&m.Code, &m.FixedWave, &pref, &excl, &m.PurchasedTraining, &m.Note); err != nil {
			return err
		}
		if m.Preferred, err = parseInts(pref); err != nil {
			return fmt.Errorf("store: wave wishes of %s: %w", m.Code, err)
		}
		if m.Excluded, err = parseInts(excl); err != nil {
			return fmt.Errorf("store: wave wishes of %s: %w", m.Code, err)
		}
		s.Municipalities = append(s.Municipalities, m)
	}
	return rows.Err()
}

// SaveWaveSetup replaces a programme's setup if its stored revision is still
// expected (0: no setup saved yet) and sets s.Revision to the new revision.
// It returns ErrConflict if someone saved in between.
func (t *Tx) SaveWaveSetup(ctx context.Context, s *WaveSetup, expected int) error {
	var n int64
	if expected == 0 {
		res, err := t.exec(ctx, `INSERT INTO waveplan_setups (programme_id, revision, hypercare_teams, team_capacity, rollout_before,
			rollout_after, training_parallel, training_before, training_after, medium_from, large_from, pilot_rule, own_blackouts, updated_at, updated_by)
			VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (programme_id) DO NOTHING`,
			s.ProgrammeID, s.HypercareTeams, s.TeamCapacity, s.RolloutBefore, s.RolloutAfter, s.TrainingParallel,
			s.TrainingBefore, s.TrainingAfter, s.MediumFrom, s.LargeFrom, s.PilotRule, s.OwnBlackouts, ts(t.now), s.UpdatedBy)
		if err != nil {
			return fmt.Errorf("store: insert wave setup: %w", err)
		}
		n, _ = res.RowsAffected()
	} else {
		res, err := t.exec(ctx, `UPDATE waveplan_setups SET revision = revision + 1, hypercare_teams = ?, team_capacity = ?,
			rollout_before = ?, rollout_after = ?, training_parallel = ?, training_before = ?, training_after = ?,
			medium_from = ?, large_from = ?, pilot_rule = ?, own_blackouts = ?, updated_at = ?, updated_by = ? WHERE programme_id = ? AND revision = ?`,
			s.HypercareTeams, s.TeamCapacity, s.RolloutBefore, s.RolloutAfter, s.TrainingParallel, s.TrainingBefore,
			s.TrainingAfter, s.MediumFrom, s.LargeFrom, s.PilotRule, s.OwnBlackouts, ts(t.now), s.UpdatedBy, s.ProgrammeID, expected)
		if err != nil {
			return fmt.Errorf("store: update wave setup: %w", err)
		}
		n, _ = res.RowsAffected()
	}
	if n != 1 {
		return fmt.Errorf("store: wave setup revision %d is not the stored one: %w", expected, ErrConflict)
	}
	s.Revision, s.UpdatedAt = expected+1, t.now
	for _, q := range []string{
		"DELETE FROM waveplan_waves WHERE programme_id = ?",
		"DELETE FROM waveplan_blackouts WHERE programme_id = ?",
		"DELETE FROM waveplan_group_members WHERE programme_id = ?",
		"DELETE FROM waveplan_groups WHERE programme_id = ?",
		"DELETE FROM waveplan_municipalities WHERE programme_id = ?",
	} {
		if _, err := t.exec(ctx, q, s.ProgrammeID); err != nil {
			return fmt.Errorf("store: clear wave setup: %w", err)
		}
	}
	for _, w := range s.Waves {
		if _, err := t.exec(ctx, "INSERT INTO waveplan_waves (programme_id, number, kind, golive, capacity, max_population, max_institutions) VALUES (?, ?, ?, ?, ?, ?, ?)",
			s.ProgrammeID, w.Number, w.Kind, w.GoLive, w.Capacity, w.MaxPopulation, w.MaxInstitutions); err != nil {
			return fmt.Errorf("store: save wave %d: %w", w.Number, err)
		}
	}
	for i, b := range s.Blackouts {
		if _, err := t.exec(ctx, "INSERT INTO waveplan_blackouts (programme_id, position, name, from_date, to_date) VALUES (?, ?, ?, ?, ?)",
			s.ProgrammeID, i, b.Name, b.From, b.To); err != nil {
			return fmt.Errorf("store: save blackout %q: %w", b.Name, err)
		}
	}
	for i, g := range s.Groups {
		if _, err := t.exec(ctx, "INSERT INTO waveplan_groups (programme_id, position, name) VALUES (?, ?, ?)", s.ProgrammeID, i, g.Name); err != nil {
			return fmt.Errorf("store: save group %q: %w", g.Name, err)
		}
		for _, code := range g.Members {
			if _, err := t.exec(ctx, `INSERT INTO waveplan_group_members (programme_id, position, organisation_id)
				VALUES (?, ?, (SELECT id FROM organisations WHERE kind = ? AND code = ?))`,
				s.ProgrammeID, i, model.OrgMunicipality, code); err != nil {
				return fmt.Errorf("store: save member %s of group %q: %w", code, g.Name, err)
			}
		}
	}
	for _, m := range s.Municipalities {
		if _, err := t.exec(ctx, `INSERT INTO waveplan_municipalities (programme_id, organisation_id, fixed_wave, preferred, excluded,
			purchased_training, note) VALUES (?, (SELECT id FROM organisations WHERE kind = ? AND code = ?), ?, ?, ?, ?, ?)`,
			s.ProgrammeID, model.OrgMunicipality, m.Code, m.FixedWave, joinInts(m.Preferred), joinInts(m.Excluded),
			m.PurchasedTraining, m.Note); err != nil {
			return fmt.Errorf("store: save wave settings of %s: %w", m.Code, err)
		}
	}
	return nil
}

// NextWaveVersion hands out the next version number of a programme's wave
// plan. It locks the setup row, so concurrent callers get distinct numbers;
// it returns ErrNotFound if the programme has no setup.
func (t *Tx) NextWaveVersion(ctx context.Context, programmeID int64) (int, error) {
	var n int
	err := t.queryRow(ctx, "UPDATE waveplan_setups SET versions = versions + 1 WHERE programme_id = ? RETURNING versions", programmeID).Scan(&n)
	return n, notFound(err, "wave setup")
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ",")
}

func parseInts(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	out := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}
