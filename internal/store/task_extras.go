package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// encodeExtras turns a catalogue task's checklist and links into the JSON
// text stored with it; none is stored as [].
func encodeExtras(checklist []model.ChecklistItem, links []model.Link) (string, string, error) {
	if checklist == nil {
		checklist = []model.ChecklistItem{}
	}
	if links == nil {
		links = []model.Link{}
	}
	c, err := json.Marshal(checklist)
	if err != nil {
		return "", "", err
	}
	l, err := json.Marshal(links)
	if err != nil {
		return "", "", err
	}
	return string(c), string(l), nil
}

// decodeExtras reads them back; an empty list becomes nil, as the parser
// returns for a task without them.
func decodeExtras(checklist, links string, c *[]model.ChecklistItem, l *[]model.Link) error {
	if err := json.Unmarshal([]byte(checklist), c); err != nil {
		return fmt.Errorf("checklist: %w", err)
	}
	if err := json.Unmarshal([]byte(links), l); err != nil {
		return fmt.Errorf("links: %w", err)
	}
	if len(*c) == 0 {
		*c = nil
	}
	if len(*l) == 0 {
		*l = nil
	}
	return nil
}

// CatalogueExtras returns the checklist and links of an instance's
// catalogue task as currently published, or ErrNotFound.
func (t *Tx) CatalogueExtras(ctx context.Context, instanceID int64) ([]model.ChecklistItem, []model.Link, error) {
	var checklist, links string
	err := t.queryRow(ctx, `SELECT c.checklist, c.links FROM task_instances i JOIN catalogue_tasks c ON c.id = i.catalogue_task_id
		WHERE i.id = ?`, instanceID).Scan(&checklist, &links)
	if err != nil {
		return nil, nil, notFound(err, fmt.Sprintf("task %d", instanceID))
	}
	var c []model.ChecklistItem
	var l []model.Link
	if err := decodeExtras(checklist, links, &c, &l); err != nil {
		return nil, nil, fmt.Errorf("store: task %d: %w", instanceID, err)
	}
	return c, l, nil
}

// Tick is who ticked a checklist item when.
type Tick struct {
	By string
	At time.Time
}

// ChecklistTicks returns an instance's ticked items by item key.
func (t *Tx) ChecklistTicks(ctx context.Context, instanceID int64) (map[string]Tick, error) {
	rows, err := t.query(ctx, "SELECT item_key, done_by, done_at FROM task_checklist_ticks WHERE instance_id = ?", instanceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Tick{}
	for rows.Next() {
		var k string
		var tk Tick
		if err := rows.Scan(&k, &tk.By, timestamp{&tk.At}); err != nil {
			return nil, err
		}
		out[k] = tk
	}
	return out, rows.Err()
}

// SetTick ticks (done) or unticks an item of an instance's checklist.
// It reports whether anything changed.
func (t *Tx) SetTick(ctx context.Context, instanceID int64, key string, done bool, actor string) (bool, error) {
	var res sql.Result
	var err error
	if done {
		res, err = t.exec(ctx, `INSERT INTO task_checklist_ticks (instance_id, item_key, done_by, done_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (instance_id, item_key) DO NOTHING`, instanceID, key, actor, ts(t.now))
	} else {
		res, err = t.exec(ctx, "DELETE FROM task_checklist_ticks WHERE instance_id = ? AND item_key = ?", instanceID, key)
	}
	if err != nil {
		return false, fmt.Errorf("store: tick %s of task %d: %w", key, instanceID, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// BumpVersion raises an instance's version if it is still expectedVersion,
// and returns ErrConflict otherwise (ErrNotFound if there is no such
// instance): a change beside the status, such as a checklist tick, that
// must not be lost to, or lose, a concurrent edit.
func (t *Tx) BumpVersion(ctx context.Context, id int64, expectedVersion int) error {
	res, err := t.exec(ctx, "UPDATE task_instances SET version = version + 1 WHERE id = ? AND version = ?", id, expectedVersion)
	if err != nil {
		return fmt.Errorf("store: bump version of task %d: %w", id, err)
	}
	return t.versionedUpdate(ctx, res, id, expectedVersion)
}

// InsertTaskLink adds a link to an instance and sets l.ID, AddedBy and AddedAt.
func (t *Tx) InsertTaskLink(ctx context.Context, instanceID int64, l *model.TaskLink, actor string) error {
	l.AddedBy, l.AddedAt = actor, t.now.UTC()
	err := t.queryRow(ctx, `INSERT INTO task_links (instance_id, title, url, added_by, added_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		instanceID, l.Title, l.URL, actor, ts(t.now)).Scan(&l.ID)
	if err != nil {
		return fmt.Errorf("store: add link to task %d: %w", instanceID, err)
	}
	return nil
}

// TaskLinks lists an instance's links that are not deleted, oldest first.
func (t *Tx) TaskLinks(ctx context.Context, instanceID int64) ([]model.TaskLink, error) {
	rows, err := t.query(ctx, `SELECT id, title, url, added_by, added_at FROM task_links
		WHERE instance_id = ? AND deleted_at IS NULL ORDER BY id`, instanceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.TaskLink
	for rows.Next() {
		var l model.TaskLink
		if err := rows.Scan(&l.ID, &l.Title, &l.URL, &l.AddedBy, timestamp{&l.AddedAt}); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// DeleteTaskLink marks link id of the instance deleted and returns it, or
// ErrNotFound if the instance has no such link (or it is already deleted).
func (t *Tx) DeleteTaskLink(ctx context.Context, instanceID, id int64, actor string) (model.TaskLink, error) {
	var l model.TaskLink
	err := t.queryRow(ctx, `UPDATE task_links SET deleted_at = ?, deleted_by = ?
		WHERE id = ? AND instance_id = ? AND deleted_at IS NULL RETURNING id, title, url, added_by, added_at`,
		ts(t.now), actor, id, instanceID).Scan(&l.ID, &l.Title, &l.URL, &l.AddedBy, timestamp{&l.AddedAt})
	return l, notFound(err, fmt.Sprintf("link %d of task %d", id, instanceID))
}

// InsertDocument stores a document for an instance and sets d.ID,
// UploadedBy and UploadedAt.
func (t *Tx) InsertDocument(ctx context.Context, instanceID int64, d *model.TaskDocument, content []byte, actor string) error {
	d.Size, d.UploadedBy, d.UploadedAt = int64(len(content)), actor, t.now.UTC()
	err := t.queryRow(ctx, `INSERT INTO task_documents (instance_id, name, content_type, size, content, uploaded_by, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		instanceID, d.Name, d.ContentType, d.Size, content, actor, ts(t.now)).Scan(&d.ID)
	if err != nil {
		return fmt.Errorf("store: add document to task %d: %w", instanceID, err)
	}
	return nil
}

const documentColumns = "id, name, content_type, size, uploaded_by, uploaded_at"

func scanDocument(sc interface{ Scan(...any) error }, extra ...any) (model.TaskDocument, error) {
	var d model.TaskDocument
	err := sc.Scan(append([]any{&d.ID, &d.Name, &d.ContentType, &d.Size, &d.UploadedBy, timestamp{&d.UploadedAt}}, extra...)...)
	return d, err
}

// Documents lists an instance's documents that are not deleted, oldest
// first, without their content.
func (t *Tx) Documents(ctx context.Context, instanceID int64) ([]model.TaskDocument, error) {
	rows, err := t.query(ctx, "SELECT "+documentColumns+" FROM task_documents WHERE instance_id = ? AND deleted_at IS NULL ORDER BY id", instanceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.TaskDocument
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Document returns document id of the instance with its content, or
// ErrNotFound if the instance has no such document or it is deleted.
func (t *Tx) Document(ctx context.Context, instanceID, id int64) (model.TaskDocument, []byte, error) {
	var content []byte
	d, err := scanDocument(t.queryRow(ctx, "SELECT "+documentColumns+", content FROM task_documents WHERE id = ? AND instance_id = ? AND deleted_at IS NULL",
		id, instanceID), &content)
	return d, content, notFound(err, fmt.Sprintf("document %d of task %d", id, instanceID))
}

// DeleteDocument marks document id of the instance deleted and returns it
// (without content), or ErrNotFound. The content stays, so that a deletion
// can be undone by an administrator in the database.
func (t *Tx) DeleteDocument(ctx context.Context, instanceID, id int64, actor string) (model.TaskDocument, error) {
	d, err := scanDocument(t.queryRow(ctx, `UPDATE task_documents SET deleted_at = ?, deleted_by = ?
		WHERE id = ? AND instance_id = ? AND deleted_at IS NULL RETURNING `+documentColumns, ts(t.now), actor, id, instanceID))
	return d, notFound(err, fmt.Sprintf("document %d of task %d", id, instanceID))
}

// TickedKeys returns the ticked item keys of each of the given instances.
func (t *Tx) TickedKeys(ctx context.Context, instanceIDs []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	for len(instanceIDs) > 0 {
		n := min(len(instanceIDs), 500)
		args := make([]any, n)
		for i, id := range instanceIDs[:n] {
			args[i] = id
		}
		rows, err := t.query(ctx, "SELECT instance_id, item_key FROM task_checklist_ticks WHERE instance_id IN (?"+strings.Repeat(", ?", n-1)+")", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var k string
			if err := rows.Scan(&id, &k); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = append(out[id], k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		instanceIDs = instanceIDs[n:]
	}
	return out, nil
}
