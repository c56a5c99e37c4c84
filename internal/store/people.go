package store

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/people"
)

// The people register's tables (migration 0020): the people of a
// municipality's project per programme and the roles they hold, in the
// municipality or at one of its institutions.

// People lists the people of a municipality's register (programme), by
// name, with their roles.
func (t *Tx) People(ctx context.Context, programmeID, municipalityID int64) ([]people.Entry, error) {
	rows, err := t.query(ctx, `SELECT id, name, email, phone, version, updated_at, updated_by FROM people
		WHERE programme_id = ? AND municipality_id = ? ORDER BY name, id`, programmeID, municipalityID)
	if err != nil {
		return nil, fmt.Errorf("store: people: %w", err)
	}
	out := []people.Entry{}
	index := map[int64]int{}
	for rows.Next() {
		p := people.Entry{Roles: []people.RoleEntry{}}
		if err := rows.Scan(&p.Key, &p.Name, &p.Email, &p.Phone, &p.Version, timestamp{&p.UpdatedAt}, &p.UpdatedBy); err != nil {
			rows.Close()
			return nil, err
		}
		index[p.Key] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	roles, err := t.personRoles(ctx, "p.programme_id = ? AND p.municipality_id = ?", programmeID, municipalityID)
	if err != nil {
		return nil, err
	}
	for _, r := range roles {
		if i, ok := index[r.PersonKey]; ok {
			out[i].Roles = append(out[i].Roles, r)
		}
	}
	return out, nil
}

func (t *Tx) personRoles(ctx context.Context, where string, args ...any) ([]people.RoleEntry, error) {
	rows, err := t.query(ctx, `SELECT r.id, r.person_id, r.role, r.area, COALESCE(r.institution_id, 0),
			COALESCE(i.code, ''), COALESCE(i.name, ''), COALESCE(i.category, '')
		FROM person_roles r JOIN people p ON p.id = r.person_id LEFT JOIN organisations i ON i.id = r.institution_id
		WHERE `+where+` ORDER BY r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: person roles: %w", err)
	}
	defer rows.Close()
	var out []people.RoleEntry
	for rows.Next() {
		var r people.RoleEntry
		if err := rows.Scan(&r.Key, &r.PersonKey, &r.Role, &r.Area, &r.InstitutionID, &r.Institution, &r.InstitutionName,
			&r.InstitutionCategory); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Person returns a person of the municipality's register, or ErrNotFound.
func (t *Tx) Person(ctx context.Context, programmeID, municipalityID, key int64) (people.Entry, error) {
	p := people.Entry{Roles: []people.RoleEntry{}}
	err := t.queryRow(ctx, `SELECT id, name, email, phone, version, updated_at, updated_by FROM people
		WHERE programme_id = ? AND municipality_id = ? AND id = ?`, programmeID, municipalityID, key).
		Scan(&p.Key, &p.Name, &p.Email, &p.Phone, &p.Version, timestamp{&p.UpdatedAt}, &p.UpdatedBy)
	if err != nil {
		return p, notFound(err, "person")
	}
	roles, err := t.personRoles(ctx, "p.id = ?", key)
	if err != nil {
		return p, err
	}
	p.Roles = append(p.Roles, roles...)
	return p, nil
}

// InsertPerson adds a person to a municipality's register and sets Key,
// Version and the times.
func (t *Tx) InsertPerson(ctx context.Context, programmeID, municipalityID int64, p *people.Entry, by string) error {
	err := t.queryRow(ctx, `INSERT INTO people (programme_id, municipality_id, name, email, phone, version, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id`, programmeID, municipalityID, p.Name, p.Email, p.Phone,
		ts(t.now), by, ts(t.now), by).Scan(&p.Key)
	if err != nil {
		return fmt.Errorf("store: insert person: %w", err)
	}
	p.Version, p.UpdatedAt, p.UpdatedBy = 1, t.now, by
	if p.Roles == nil {
		p.Roles = []people.RoleEntry{}
	}
	return nil
}

// UpdatePerson writes a person's name, e-mail and phone if the version is
// still p.Version (else ErrConflict) and advances it.
func (t *Tx) UpdatePerson(ctx context.Context, p *people.Entry, by string) error {
	res, err := t.exec(ctx, `UPDATE people SET name = ?, email = ?, phone = ?, version = version + 1, updated_at = ?, updated_by = ?
		WHERE id = ? AND version = ?`, p.Name, p.Email, p.Phone, ts(t.now), by, p.Key, p.Version)
	if err != nil {
		return fmt.Errorf("store: update person: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("person %d changed meanwhile: %w", p.Key, ErrConflict)
	}
	p.Version++
	p.UpdatedAt, p.UpdatedBy = t.now, by
	return nil
}

// InsertPersonRole gives person r.PersonKey a role and sets r.Key; the
// person's version advances, so a concurrent edit of the person is seen.
func (t *Tx) InsertPersonRole(ctx context.Context, r *people.RoleEntry, by string) error {
	var inst any
	if r.InstitutionID != 0 {
		inst = r.InstitutionID
	}
	err := t.queryRow(ctx, `INSERT INTO person_roles (person_id, role, institution_id, area, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, r.PersonKey, string(r.Role), inst, string(r.Area), ts(t.now), by).Scan(&r.Key)
	if err != nil {
		return fmt.Errorf("store: insert person role: %w", err)
	}
	_, err = t.exec(ctx, "UPDATE people SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?", ts(t.now), by, r.PersonKey)
	return err
}

// DeletePersonRole takes role key from person personKey; ErrNotFound when
// the person holds no such role.
func (t *Tx) DeletePersonRole(ctx context.Context, personKey, key int64, by string) error {
	res, err := t.exec(ctx, "DELETE FROM person_roles WHERE id = ? AND person_id = ?", key, personKey)
	if err != nil {
		return fmt.Errorf("store: delete person role: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("person role %d: %w", key, ErrNotFound)
	}
	_, err = t.exec(ctx, "UPDATE people SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?", ts(t.now), by, personKey)
	return err
}

// RoleCount is how many roles of a kind are held in a municipality: in
// its project (Category "") or at its institutions of a category.
type RoleCount struct {
	MunicipalityID int64
	InstitutionID  int64
	Category       string
	Role           model.PersonRole
	Area           model.Area
	Count          int
}

// RoleCounts counts the roles held in a programme's registers, of one
// municipality or (0) of all, per municipality, institution, role and area.
func (t *Tx) RoleCounts(ctx context.Context, programmeID, municipalityID int64) ([]RoleCount, error) {
	q := `SELECT p.municipality_id, COALESCE(r.institution_id, 0), COALESCE(i.category, ''), r.role, r.area, COUNT(*)
		FROM person_roles r JOIN people p ON p.id = r.person_id LEFT JOIN organisations i ON i.id = r.institution_id
		WHERE p.programme_id = ?`
	args := []any{programmeID}
	if municipalityID != 0 {
		q, args = q+" AND p.municipality_id = ?", append(args, municipalityID)
	}
	rows, err := t.query(ctx, q+" GROUP BY p.municipality_id, r.institution_id, i.category, r.role, r.area", args...)
	if err != nil {
		return nil, fmt.Errorf("store: role counts: %w", err)
	}
	defer rows.Close()
	var out []RoleCount
	for rows.Next() {
		var c RoleCount
		if err := rows.Scan(&c.MunicipalityID, &c.InstitutionID, &c.Category, &c.Role, &c.Area, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// InstitutionCounts counts every municipality's institutions per category
// (skole, dagtilbud), by municipality id.
func (t *Tx) InstitutionCounts(ctx context.Context) (map[int64]map[string]int, error) {
	rows, err := t.query(ctx, `SELECT parent_id, category, COUNT(*) FROM organisations
		WHERE kind = 'institution' AND parent_id IS NOT NULL GROUP BY parent_id, category`)
	if err != nil {
		return nil, fmt.Errorf("store: institution counts: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[string]int{}
	for rows.Next() {
		var id int64
		var cat string
		var n int
		if err := rows.Scan(&id, &cat, &n); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[string]int{}
		}
		out[id][cat] = n
	}
	return out, rows.Err()
}

// RoleHolders lists the people of a municipality's register holding role,
// in the municipality's project or (institutionID ≠ 0) also at that
// institution: for a task's page.
func (t *Tx) RoleHolders(ctx context.Context, programmeID, municipalityID int64, role model.PersonRole, institutionID int64) ([]people.Entry, error) {
	rows, err := t.query(ctx, `SELECT DISTINCT p.id, p.name, p.email, p.phone, p.version, p.updated_at, p.updated_by
		FROM people p JOIN person_roles r ON r.person_id = p.id
		WHERE p.programme_id = ? AND p.municipality_id = ? AND r.role = ? AND (r.institution_id IS NULL OR r.institution_id = ?)
		ORDER BY p.name, p.id`, programmeID, municipalityID, string(role), institutionID)
	if err != nil {
		return nil, fmt.Errorf("store: role holders: %w", err)
	}
	defer rows.Close()
	out := []people.Entry{}
	for rows.Next() {
		p := people.Entry{Roles: []people.RoleEntry{}}
		if err := rows.Scan(&p.Key, &p.Name, &p.Email, &p.Phone, &p.Version, timestamp{&p.UpdatedAt}, &p.UpdatedBy); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ProgrammeKey returns the key of programme id.
func (t *Tx) ProgrammeKey(ctx context.Context, id int64) (string, error) {
	var key string
	err := t.queryRow(ctx, "SELECT key FROM programmes WHERE id = ?", id).Scan(&key)
	return key, notFound(err, "programme")
}
