package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
)

const programmeColumns = "id, key, name, description, warning_days, institutions, milestones, waves, current_version"

func scanProgramme(sc interface{ Scan(...any) error }) (catalogue.Programme, error) {
	var p catalogue.Programme
	var ms, ws string
	if err := sc.Scan(&p.ID, &p.Key, &p.Name, &p.Description, &p.WarningDays, &p.Institutions, &ms, &ws, &p.CurrentVersion); err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(ws), &p.Waves); err != nil {
		return p, fmt.Errorf("store: programme %s wave names: %w", p.Key, err)
	}
	if len(p.Waves) == 0 {
		p.Waves = nil
	}
	if err := json.Unmarshal([]byte(ms), &p.Milestones); err != nil {
		return p, fmt.Errorf("store: programme %s milestones: %w", p.Key, err)
	}
	if p.Milestones == nil {
		p.Milestones = []model.Milestone{}
	}
	return p, nil
}

// Programmes lists all programmes by key.
func (t *Tx) Programmes(ctx context.Context) ([]catalogue.Programme, error) {
	rows, err := t.query(ctx, "SELECT "+programmeColumns+" FROM programmes ORDER BY key")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalogue.Programme
	for rows.Next() {
		p, err := scanProgramme(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ProgrammeByKey returns the programme with key, or ErrNotFound.
func (t *Tx) ProgrammeByKey(ctx context.Context, key string) (catalogue.Programme, error) {
	p, err := scanProgramme(t.queryRow(ctx, "SELECT "+programmeColumns+" FROM programmes WHERE key = ?", key))
	return p, notFound(err, "programme "+key)
}

// SaveProgramme inserts p (when p.ID is 0) or updates its settings and version.
func (t *Tx) SaveProgramme(ctx context.Context, p *catalogue.Programme) error {
	ms, err := json.Marshal(p.Milestones)
	if err != nil {
		return err
	}
	ws, err := json.Marshal(p.Waves)
	if err != nil {
		return err
	}
	if p.Waves == nil {
		ws = []byte("[]")
	}
	if p.ID == 0 {
		err = t.queryRow(ctx, `INSERT INTO programmes (key, name, description, warning_days, institutions, milestones, waves, current_version, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.Key, p.Name, p.Description, p.WarningDays, p.Institutions, string(ms), string(ws), p.CurrentVersion, ts(t.now)).Scan(&p.ID)
	} else {
		_, err = t.exec(ctx, `UPDATE programmes SET name = ?, description = ?, warning_days = ?, institutions = ?, milestones = ?, waves = ?, current_version = ?
			WHERE id = ?`, p.Name, p.Description, p.WarningDays, p.Institutions, string(ms), string(ws), p.CurrentVersion, p.ID)
	}
	if err != nil {
		return fmt.Errorf("store: save programme %s: %w", p.Key, err)
	}
	return nil
}

// CatalogueTask is a stored catalogue task with its version bookkeeping.
type CatalogueTask struct {
	ID int64
	model.CatalogueTask
	Position         int
	AddedVersion     int
	ChangedVersion   int
	WithdrawnVersion int // 0 while the task is in the catalogue
}

const catalogueTaskColumns = `id, key, position, title, description, theme, main_task, phase, type, level, responsible, executor,
	milestone, start_offset, end_offset, unit, added_version, changed_version, COALESCE(withdrawn_version, 0), checkpoint,
	checklist, links, readiness_round`

// CatalogueTasks lists a programme's tasks, withdrawn ones included, in
// catalogue order. The task templates of add-ons (AddOnTasks) are not the
// catalogue's and are left out.
func (t *Tx) CatalogueTasks(ctx context.Context, programmeID int64) ([]CatalogueTask, error) {
	return t.catalogueTasks(ctx, "programme_id = ? AND addon_id IS NULL", programmeID)
}

func (t *Tx) catalogueTasks(ctx context.Context, where string, args ...any) ([]CatalogueTask, error) {
	rows, err := t.query(ctx, "SELECT "+catalogueTaskColumns+" FROM catalogue_tasks WHERE "+where+" ORDER BY position, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CatalogueTask
	for rows.Next() {
		var c CatalogueTask
		tm := &c.Timing
		var checklist, links string
		if err := rows.Scan(&c.ID, &c.Key, &c.Position, &c.Title, &c.Description, &c.Theme, &c.MainTask, &c.Phase, &c.Type,
			&c.Level, &c.Responsible, &c.Executor, &tm.Milestone, &tm.Start, &tm.End, &tm.Unit,
			&c.AddedVersion, &c.ChangedVersion, &c.WithdrawnVersion, &c.Checkpoint, &checklist, &links, &c.ReadinessRound); err != nil {
			return nil, err
		}
		if err := decodeExtras(checklist, links, &c.Checklist, &c.Links); err != nil {
			return nil, fmt.Errorf("store: catalogue task %s: %w", c.Key, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// catalogueTaskInsertColumns are the columns an inserted catalogue task fills, in
// the order of catalogueTaskRow's values.
const catalogueTaskInsertColumns = `programme_id, key, position, title, description, theme, main_task, phase, type, level,
	responsible, executor, milestone, start_offset, end_offset, unit, added_version, changed_version, withdrawn_version, checkpoint,
	checklist, links, readiness_round`

const catalogueTaskTuple = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

// catalogueTaskRow is the values of catalogueTaskInsertColumns for c.
func catalogueTaskRow(programmeID int64, c *CatalogueTask) ([]any, error) {
	var withdrawn any
	if c.WithdrawnVersion != 0 {
		withdrawn = c.WithdrawnVersion
	}
	checklist, links, err := encodeExtras(c.Checklist, c.Links)
	if err != nil {
		return nil, err
	}
	tm := c.Timing
	return []any{programmeID, c.Key, c.Position, c.Title, c.Description, c.Theme, c.MainTask, c.Phase, c.Type, c.Level,
		c.Responsible, c.Executor, tm.Milestone, tm.Start, tm.End, tm.Unit, c.AddedVersion, c.ChangedVersion, withdrawn, c.Checkpoint,
		checklist, links, c.ReadinessRound}, nil
}

// SaveCatalogueTask inserts c (when c.ID is 0) or updates it.
func (t *Tx) SaveCatalogueTask(ctx context.Context, programmeID int64, c *CatalogueTask) error {
	if c.ID == 0 {
		row, err := catalogueTaskRow(programmeID, c)
		if err != nil {
			return err
		}
		err = t.queryRow(ctx, `INSERT INTO catalogue_tasks (`+catalogueTaskInsertColumns+`) VALUES `+catalogueTaskTuple+` RETURNING id`, row...).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("store: save catalogue task %s: %w", c.Key, err)
		}
		return nil
	}
	var withdrawn any
	if c.WithdrawnVersion != 0 {
		withdrawn = c.WithdrawnVersion
	}
	tm := c.Timing
	checklist, links, err := encodeExtras(c.Checklist, c.Links)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `UPDATE catalogue_tasks SET position = ?, title = ?, description = ?, theme = ?, main_task = ?, phase = ?, type = ?,
		level = ?, responsible = ?, executor = ?, milestone = ?, start_offset = ?, end_offset = ?, unit = ?, changed_version = ?,
		withdrawn_version = ?, checkpoint = ?, checklist = ?, links = ?, readiness_round = ? WHERE id = ?`,
		c.Position, c.Title, c.Description, c.Theme, c.MainTask, c.Phase, c.Type, c.Level, c.Responsible, c.Executor,
		tm.Milestone, tm.Start, tm.End, tm.Unit, c.ChangedVersion, withdrawn, c.Checkpoint, checklist, links, c.ReadinessRound, c.ID)
	if err != nil {
		return fmt.Errorf("store: save catalogue task %s: %w", c.Key, err)
	}
	return nil
}

// SaveCatalogueTasks saves tasks as SaveCatalogueTask does, inserting the
// new ones (ID 0) in multi-row statements and setting their IDs: a version
// adding thousands of tasks made a round trip for each.
func (t *Tx) SaveCatalogueTasks(ctx context.Context, programmeID int64, tasks []*CatalogueTask) error {
	var fresh []*CatalogueTask
	for _, c := range tasks {
		if c.ID != 0 {
			if err := t.SaveCatalogueTask(ctx, programmeID, c); err != nil {
				return err
			}
			continue
		}
		fresh = append(fresh, c)
	}
	if len(fresh) == 0 {
		return nil
	}
	rows := make([][]any, len(fresh))
	for i, c := range fresh {
		row, err := catalogueTaskRow(programmeID, c)
		if err != nil {
			return err
		}
		rows[i] = row
	}
	err := execRows(ctx, t, "save catalogue tasks", rows, 400,
		"INSERT INTO catalogue_tasks ("+catalogueTaskInsertColumns+") VALUES ", catalogueTaskTuple, "",
		func(r []any) []any { return r })
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	q, err := t.query(ctx, `SELECT id, key FROM catalogue_tasks WHERE programme_id = ?`, programmeID)
	if err != nil {
		return fmt.Errorf("store: save catalogue tasks: %w", err)
	}
	defer q.Close()
	for q.Next() {
		var id int64
		var key string
		if err := q.Scan(&id, &key); err != nil {
			return err
		}
		ids[key] = id
	}
	if err := q.Err(); err != nil {
		return err
	}
	for _, c := range fresh {
		c.ID = ids[c.Key]
	}
	return nil
}

// InsertVersion records a published version and sets v.ID.
func (t *Tx) InsertVersion(ctx context.Context, programmeID int64, v *catalogue.Version) error {
	v.PublishedAt = t.now
	err := t.queryRow(ctx, `INSERT INTO catalogue_versions (programme_id, number, published_at, published_by, source_name, source, summary)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		programmeID, v.Number, ts(t.now), v.PublishedBy, v.SourceName, v.Source, string(v.Summary)).Scan(&v.ID)
	if err != nil {
		return fmt.Errorf("store: insert catalogue version %d: %w", v.Number, err)
	}
	return nil
}

// Versions lists a programme's published versions, newest first, without their sources.
func (t *Tx) Versions(ctx context.Context, programmeID int64) ([]catalogue.Version, error) {
	rows, err := t.query(ctx, `SELECT id, number, published_at, published_by, source_name, summary
		FROM catalogue_versions WHERE programme_id = ? ORDER BY number DESC`, programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalogue.Version
	for rows.Next() {
		var v catalogue.Version
		var summary string
		if err := rows.Scan(&v.ID, &v.Number, timestamp{&v.PublishedAt}, &v.PublishedBy, &v.SourceName, &summary); err != nil {
			return nil, err
		}
		v.Summary = json.RawMessage(summary)
		out = append(out, v)
	}
	return out, rows.Err()
}

// VersionSource returns the catalogue file as published in version number.
func (t *Tx) VersionSource(ctx context.Context, programmeID int64, number int) (name, source string, err error) {
	err = t.queryRow(ctx, "SELECT source_name, source FROM catalogue_versions WHERE programme_id = ? AND number = ?",
		programmeID, number).Scan(&name, &source)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", fmt.Errorf("catalogue version %d: %w", number, ErrNotFound)
	}
	return name, source, err
}
