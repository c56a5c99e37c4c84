package store

import (
	"context"
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// InsertHypercareTeam creates a team; a taken name is ErrDuplicate.
func (t *Tx) InsertHypercareTeam(ctx context.Context, team *model.HypercareTeam) error {
	team.CreatedAt = t.now
	err := t.queryRow(ctx, `INSERT INTO hypercare_teams (name, description, created_at, created_by) VALUES (?, ?, ?, ?) RETURNING id`,
		team.Name, team.Description, ts(t.now), team.CreatedBy).Scan(&team.ID)
	if IsUniqueViolation(err) {
		return fmt.Errorf("hypercare team %q: %w", team.Name, ErrDuplicate)
	}
	return err
}

// HypercareTeams lists the teams with their members, by name.
func (t *Tx) HypercareTeams(ctx context.Context) ([]model.HypercareTeam, error) {
	rows, err := t.query(ctx, "SELECT id, name, description, created_at, created_by FROM hypercare_teams ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.HypercareTeam{}
	index := map[int64]int{}
	for rows.Next() {
		var x model.HypercareTeam
		if err := rows.Scan(&x.ID, &x.Name, &x.Description, timestamp{&x.CreatedAt}, &x.CreatedBy); err != nil {
			return nil, err
		}
		x.Members = []model.HypercareMember{}
		index[x.ID] = len(out)
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	mrows, err := t.query(ctx, "SELECT id, team_id, name, email, role FROM hypercare_members ORDER BY team_id, name")
	if err != nil {
		return nil, err
	}
	defer mrows.Close()
	for mrows.Next() {
		var m model.HypercareMember
		var team int64
		if err := mrows.Scan(&m.ID, &team, &m.Name, &m.Email, &m.Role); err != nil {
			return nil, err
		}
		if i, ok := index[team]; ok {
			out[i].Members = append(out[i].Members, m)
		}
	}
	return out, mrows.Err()
}

// LockHypercareTeam takes the team's row lock on PostgreSQL, so that two
// assignments to one team are checked one after the other (SQLite
// serialises writers anyway). ErrNotFound if there is no such team.
func (t *Tx) LockHypercareTeam(ctx context.Context, id int64) error {
	q := "SELECT id FROM hypercare_teams WHERE id = ?"
	if t.postgres {
		q += " FOR UPDATE"
	}
	var got int64
	return notFound(t.queryRow(ctx, q, id).Scan(&got), fmt.Sprintf("hypercare team %d", id))
}

// AddHypercareMember adds a person to a team; a name already on the team is ErrDuplicate.
func (t *Tx) AddHypercareMember(ctx context.Context, teamID int64, m *model.HypercareMember) error {
	err := t.queryRow(ctx, "INSERT INTO hypercare_members (team_id, name, email, role) VALUES (?, ?, ?, ?) RETURNING id",
		teamID, m.Name, m.Email, m.Role).Scan(&m.ID)
	if IsUniqueViolation(err) {
		return fmt.Errorf("member %q: %w", m.Name, ErrDuplicate)
	}
	return err
}

// RemoveHypercareMember removes a member from a team; ErrNotFound if it is not on it.
func (t *Tx) RemoveHypercareMember(ctx context.Context, teamID, memberID int64) error {
	res, err := t.exec(ctx, "DELETE FROM hypercare_members WHERE id = ? AND team_id = ?", memberID, teamID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("member %d of team %d: %w", memberID, teamID, ErrNotFound)
	}
	return nil
}

// HypercareAssignment is a plan watched by a team.
type HypercareAssignment struct {
	PlanID     int64
	TeamID     int64
	AssignedAt time.Time
	AssignedBy string
}

// HypercareAssignments lists every assignment.
func (t *Tx) HypercareAssignments(ctx context.Context) ([]HypercareAssignment, error) {
	rows, err := t.query(ctx, "SELECT plan_id, team_id, assigned_at, assigned_by FROM hypercare_assignments ORDER BY team_id, plan_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HypercareAssignment
	for rows.Next() {
		var a HypercareAssignment
		if err := rows.Scan(&a.PlanID, &a.TeamID, timestamp{&a.AssignedAt}, &a.AssignedBy); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AssignHypercare makes team watch a plan (replacing another team).
func (t *Tx) AssignHypercare(ctx context.Context, planID, teamID int64, actor string) error {
	_, err := t.exec(ctx, `INSERT INTO hypercare_assignments (plan_id, team_id, assigned_at, assigned_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (plan_id) DO UPDATE SET team_id = excluded.team_id, assigned_at = excluded.assigned_at, assigned_by = excluded.assigned_by`,
		planID, teamID, ts(t.now), actor)
	return err
}

// UnassignHypercare ends a plan's assignment; ErrNotFound if it had none.
func (t *Tx) UnassignHypercare(ctx context.Context, planID int64) error {
	res, err := t.exec(ctx, "DELETE FROM hypercare_assignments WHERE plan_id = ?", planID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("hypercare assignment of plan %d: %w", planID, ErrNotFound)
	}
	return nil
}

const incidentColumns = `id, plan_id, COALESCE(team_id, 0), opened_at, category, severity, status, title, description, resolution,
	resolved_at, created_at, created_by, updated_at, updated_by, version`

func scanIncident(sc interface{ Scan(...any) error }) (model.Incident, error) {
	var x model.Incident
	err := sc.Scan(&x.ID, &x.PlanID, &x.TeamID, timestamp{&x.OpenedAt}, &x.Category, &x.Severity, &x.Status, &x.Title, &x.Description,
		&x.Resolution, timestamp{&x.ResolvedAt}, timestamp{&x.CreatedAt}, &x.CreatedBy, timestamp{&x.UpdatedAt}, &x.UpdatedBy, &x.Version)
	return x, err
}

// InsertIncident logs an incident and sets its id and version.
func (t *Tx) InsertIncident(ctx context.Context, x *model.Incident) error {
	var team any
	if x.TeamID != 0 {
		team = x.TeamID
	}
	x.CreatedAt, x.UpdatedAt, x.UpdatedBy, x.Version = t.now, t.now, x.CreatedBy, 1
	err := t.queryRow(ctx, `INSERT INTO hypercare_incidents (plan_id, team_id, opened_at, category, severity, status, title, description,
		resolution, resolved_at, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		x.PlanID, team, ts(x.OpenedAt), x.Category, x.Severity, x.Status, x.Title, x.Description, x.Resolution, optTime(x.ResolvedAt),
		ts(t.now), x.CreatedBy, ts(t.now), x.CreatedBy).Scan(&x.ID)
	if err != nil {
		return fmt.Errorf("store: insert incident: %w", err)
	}
	return nil
}

// UpdateIncident writes x if the incident is still at x.Version (ErrConflict
// otherwise) and bumps the version.
func (t *Tx) UpdateIncident(ctx context.Context, x *model.Incident, actor string) error {
	res, err := t.exec(ctx, `UPDATE hypercare_incidents SET category = ?, severity = ?, status = ?, title = ?, description = ?, resolution = ?,
		resolved_at = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ? AND version = ?`,
		x.Category, x.Severity, x.Status, x.Title, x.Description, x.Resolution, optTime(x.ResolvedAt), ts(t.now), actor, x.ID, x.Version)
	if err != nil {
		return fmt.Errorf("store: update incident %d: %w", x.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("incident %d is not at version %d: %w", x.ID, x.Version, ErrConflict)
	}
	x.Version++
	x.UpdatedAt, x.UpdatedBy = t.now, actor
	return nil
}

// IncidentByID returns an incident, or ErrNotFound.
func (t *Tx) IncidentByID(ctx context.Context, id int64) (model.Incident, error) {
	x, err := scanIncident(t.queryRow(ctx, "SELECT "+incidentColumns+" FROM hypercare_incidents WHERE id = ?", id))
	return x, notFound(err, fmt.Sprintf("incident %d", id))
}

// Incidents lists the incidents of the given plans (all when none), newest first.
func (t *Tx) Incidents(ctx context.Context, planIDs ...int64) ([]model.Incident, error) {
	where, args := "", []any{}
	if len(planIDs) > 0 {
		where, args = " WHERE plan_id IN ("+inList(len(planIDs))+")", int64Args(planIDs)
	}
	rows, err := t.query(ctx, "SELECT "+incidentColumns+" FROM hypercare_incidents"+where+" ORDER BY opened_at DESC, id DESC", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.Incident{}
	for rows.Next() {
		x, err := scanIncident(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// SaveLesson sets the lessons learned of a programme's wave.
func (t *Tx) SaveLesson(ctx context.Context, programmeID int64, wave int, text, actor string) error {
	_, err := t.exec(ctx, `INSERT INTO hypercare_lessons (programme_id, wave, text, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (programme_id, wave) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		programmeID, wave, text, ts(t.now), actor)
	return err
}

// Lessons returns a programme's lessons learned by wave.
func (t *Tx) Lessons(ctx context.Context, programmeID int64) (map[int]model.Lesson, error) {
	rows, err := t.query(ctx, "SELECT wave, text, updated_at, updated_by FROM hypercare_lessons WHERE programme_id = ?", programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]model.Lesson{}
	for rows.Next() {
		var l model.Lesson
		if err := rows.Scan(&l.Wave, &l.Text, timestamp{&l.UpdatedAt}, &l.UpdatedBy); err != nil {
			return nil, err
		}
		out[l.Wave] = l
	}
	return out, rows.Err()
}
