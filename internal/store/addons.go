package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/udrul/udrul/internal/addon"
	"github.com/udrul/udrul/internal/model"
)

// Add-on purchases' tables (migration 0018, docs/addons.md): a programme's
// add-ons, their task templates (catalogue_tasks rows with addon_id), a
// plan's agreement and orders, and the agreement's append-only history.

const addOnColumns = `id, programme_id, category, kind, content, target_group, form, extent, supplier, capacity, withdrawn,
	position, created_at, created_by, version`

func scanAddOn(sc interface{ Scan(...any) error }) (addon.AddOn, error) {
	var a addon.AddOn
	err := sc.Scan(&a.ID, &a.ProgrammeID, &a.Category, &a.Kind, &a.Content, &a.TargetGroup, &a.Form, &a.Extent, &a.Supplier,
		&a.Capacity, &a.Withdrawn, &a.Position, timestamp{&a.CreatedAt}, &a.CreatedBy, &a.Version)
	return a, err
}

// AddOns lists a programme's add-ons, withdrawn ones included, in catalogue order.
func (t *Tx) AddOns(ctx context.Context, programmeID int64) ([]addon.AddOn, error) {
	rows, err := t.query(ctx, "SELECT "+addOnColumns+" FROM addons WHERE programme_id = ? ORDER BY position, id", programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []addon.AddOn
	for rows.Next() {
		a, err := scanAddOn(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AddOnByID returns one add-on, or ErrNotFound.
func (t *Tx) AddOnByID(ctx context.Context, id int64) (addon.AddOn, error) {
	a, err := scanAddOn(t.queryRow(ctx, "SELECT "+addOnColumns+" FROM addons WHERE id = ?", id))
	return a, notFound(err, fmt.Sprintf("add-on %d", id))
}

// SaveAddOn inserts a (ID 0; at the end of the programme's list) or
// updates it if its version is still a.Version (ErrConflict otherwise),
// bumping the version.
func (t *Tx) SaveAddOn(ctx context.Context, a *addon.AddOn, actor string) error {
	if a.ID == 0 {
		err := t.queryRow(ctx, `INSERT INTO addons (programme_id, category, kind, content, target_group, form, extent, supplier,
			capacity, withdrawn, position, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM addons WHERE programme_id = ?), ?, ?)
			RETURNING id, position, version`,
			a.ProgrammeID, a.Category, a.Kind, a.Content, a.TargetGroup, a.Form, a.Extent, a.Supplier, a.Capacity, a.Withdrawn,
			a.ProgrammeID, ts(t.now), actor).Scan(&a.ID, &a.Position, &a.Version)
		if err != nil {
			return fmt.Errorf("store: insert add-on: %w", err)
		}
		a.CreatedAt, a.CreatedBy = t.now, actor
		return nil
	}
	res, err := t.exec(ctx, `UPDATE addons SET category = ?, kind = ?, content = ?, target_group = ?, form = ?, extent = ?,
		supplier = ?, capacity = ?, withdrawn = ?, version = version + 1 WHERE id = ? AND version = ?`,
		a.Category, a.Kind, a.Content, a.TargetGroup, a.Form, a.Extent, a.Supplier, a.Capacity, a.Withdrawn, a.ID, a.Version)
	if err != nil {
		return fmt.Errorf("store: update add-on %d: %w", a.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("add-on %d is not at version %d: %w", a.ID, a.Version, ErrConflict)
	}
	a.Version++
	return nil
}

// AddOnTask is a task template of an add-on: a catalogue task that only
// enters a plan when the add-on is ordered.
type AddOnTask struct {
	CatalogueTask
	AddOnID int64
}

// AddOnTasks lists the task templates of a programme's add-ons (of one
// add-on when addOnID is not 0), in order.
func (t *Tx) AddOnTasks(ctx context.Context, programmeID, addOnID int64) ([]AddOnTask, error) {
	where, args := "programme_id = ? AND addon_id IS NOT NULL", []any{programmeID}
	if addOnID != 0 {
		where, args = "programme_id = ? AND addon_id = ?", append(args, addOnID)
	}
	tasks, err := t.catalogueTasks(ctx, where, args...)
	if err != nil {
		return nil, err
	}
	ids := map[int64]int64{}
	rows, err := t.query(ctx, "SELECT id, addon_id FROM catalogue_tasks WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, a int64
		if err := rows.Scan(&id, &a); err != nil {
			return nil, err
		}
		ids[id] = a
	}
	out := make([]AddOnTask, len(tasks))
	for i, c := range tasks {
		out[i] = AddOnTask{CatalogueTask: c, AddOnID: ids[c.ID]}
	}
	return out, rows.Err()
}

// SaveAddOnTask inserts or updates an add-on's task template; a new one
// goes after every task of the catalogue, so the plan lists it last.
func (t *Tx) SaveAddOnTask(ctx context.Context, programmeID int64, c *AddOnTask) error {
	if c.ID == 0 {
		if err := t.queryRow(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM catalogue_tasks WHERE programme_id = ?",
			programmeID).Scan(&c.Position); err != nil {
			return err
		}
		c.Position = max(c.Position, addOnTaskPositions)
	}
	if err := t.SaveCatalogueTask(ctx, programmeID, &c.CatalogueTask); err != nil {
		return err
	}
	_, err := t.exec(ctx, "UPDATE catalogue_tasks SET addon_id = ? WHERE id = ?", c.AddOnID, c.ID)
	return err
}

// addOnTaskPositions is where add-on task templates start in the
// catalogue's order, after any catalogue a publication can write.
const addOnTaskPositions = 1_000_000

// AgreementOf returns a plan's agreement; version 0 if it has none.
func (t *Tx) AgreementOf(ctx context.Context, planID int64) (addon.Agreement, error) {
	g := addon.Agreement{PlanID: planID}
	err := t.queryRow(ctx, `SELECT training_lead, training_lead_email, updated_at, updated_by, version
		FROM addon_agreements WHERE plan_id = ?`, planID).
		Scan(&g.TrainingLead, &g.TrainingLeadEmail, timestamp{&g.UpdatedAt}, &g.UpdatedBy, &g.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return addon.Agreement{PlanID: planID}, nil
	}
	return g, err
}

// SaveAgreement stores g if the stored version is still g.Version (0: none
// yet), bumping it; ErrConflict otherwise.
func (t *Tx) SaveAgreement(ctx context.Context, g *addon.Agreement, actor string) error {
	var n int64
	if g.Version == 0 {
		res, err := t.exec(ctx, `INSERT INTO addon_agreements (plan_id, training_lead, training_lead_email, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (plan_id) DO NOTHING`, g.PlanID, g.TrainingLead, g.TrainingLeadEmail, ts(t.now), actor)
		if err != nil {
			return fmt.Errorf("store: insert agreement: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
	} else {
		res, err := t.exec(ctx, `UPDATE addon_agreements SET training_lead = ?, training_lead_email = ?, updated_at = ?, updated_by = ?,
			version = version + 1 WHERE plan_id = ? AND version = ?`, g.TrainingLead, g.TrainingLeadEmail, ts(t.now), actor, g.PlanID, g.Version)
		if err != nil {
			return fmt.Errorf("store: update agreement: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
	}
	if n == 0 {
		return fmt.Errorf("agreement is not at version %d: %w", g.Version, ErrConflict)
	}
	g.Version++
	g.UpdatedAt, g.UpdatedBy = t.now, actor
	return nil
}

const orderSelect = `SELECT o.id, o.plan_id, o.addon_id, o.ordered_at, o.ordered_by, o.exception_reason, o.cancelled_at,
	o.cancelled_by, o.version, p.programme_id, m.id, m.code, m.name, p.golive
	FROM addon_orders o JOIN plans p ON p.id = o.plan_id JOIN organisations m ON m.id = p.organisation_id`

func (t *Tx) orders(ctx context.Context, where string, args ...any) ([]addon.Order, error) {
	rows, err := t.query(ctx, orderSelect+" WHERE "+where+" ORDER BY m.name, o.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []addon.Order
	for rows.Next() {
		var o addon.Order
		if err := rows.Scan(&o.ID, &o.PlanID, &o.AddOnID, timestamp{&o.OrderedAt}, &o.OrderedBy, &o.ExceptionReason,
			timestamp{&o.CancelledAt}, &o.CancelledBy, &o.Version, &o.ProgrammeID, &o.MunicipalityID, &o.MunicipalityCode,
			&o.MunicipalityName, &o.GoLive); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// OrdersOfPlan lists a plan's orders, cancelled ones included.
func (t *Tx) OrdersOfPlan(ctx context.Context, planID int64) ([]addon.Order, error) {
	return t.orders(ctx, "o.plan_id = ?", planID)
}

// OrdersOfProgramme lists every order of a programme, cancelled ones included.
func (t *Tx) OrdersOfProgramme(ctx context.Context, programmeID int64) ([]addon.Order, error) {
	return t.orders(ctx, "p.programme_id = ?", programmeID)
}

// OrderByID returns one order, or ErrNotFound.
func (t *Tx) OrderByID(ctx context.Context, id int64) (addon.Order, error) {
	os, err := t.orders(ctx, "o.id = ?", id)
	if err != nil {
		return addon.Order{}, err
	}
	if len(os) == 0 {
		return addon.Order{}, fmt.Errorf("order %d: %w", id, ErrNotFound)
	}
	return os[0], nil
}

// InsertOrder records a live order; a live order of the same add-on for
// the plan is a unique violation.
func (t *Tx) InsertOrder(ctx context.Context, o *addon.Order, actor string) error {
	err := t.queryRow(ctx, `INSERT INTO addon_orders (plan_id, addon_id, ordered_at, ordered_by, exception_reason)
		VALUES (?, ?, ?, ?, ?) RETURNING id, version`, o.PlanID, o.AddOnID, ts(t.now), actor, o.ExceptionReason).Scan(&o.ID, &o.Version)
	if err != nil {
		return fmt.Errorf("store: insert order: %w", err)
	}
	o.OrderedAt, o.OrderedBy = t.now, actor
	return nil
}

// CancelOrder marks a live order cancelled if it is still at version;
// ErrConflict otherwise.
func (t *Tx) CancelOrder(ctx context.Context, id int64, version int, actor string) error {
	res, err := t.exec(ctx, `UPDATE addon_orders SET cancelled_at = ?, cancelled_by = ?, version = version + 1
		WHERE id = ? AND version = ? AND cancelled_at IS NULL`, ts(t.now), actor, id, version)
	if err != nil {
		return fmt.Errorf("store: cancel order %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("order %d is not live at version %d: %w", id, version, ErrConflict)
	}
	return nil
}

// CapacityWindow is a live order of an add-on that counts against its
// supplier's training capacity, with the period its tasks take in the
// ordering municipality's plan.
type CapacityWindow struct {
	OrderID      int64
	PlanID       int64
	Municipality string
	Supplier     string
	Start, End   model.Date
}

// LockSupplierCapacity makes the checks of the suppliers' training
// capacity – add-on orders and purchased training runs alike – take turns
// until the transaction ends. The check reads every window and then
// writes one; two writers checking side by side on PostgreSQL would each
// see four municipalities and both write the fifth and sixth. (SQLite
// serialises writing transactions anyway.)
func (t *Tx) LockSupplierCapacity(ctx context.Context) error {
	if !t.postgres {
		return nil
	}
	_, err := t.exec(ctx, "SELECT pg_advisory_xact_lock(7170102)")
	return err
}

// CapacityWindows lists the live orders, in every programme, of add-ons
// counting against their supplier's capacity, each with the first start
// and last end of its live tasks.
func (t *Tx) CapacityWindows(ctx context.Context) ([]CapacityWindow, error) {
	rows, err := t.query(ctx, `SELECT o.id, o.plan_id, m.name, a.supplier, MIN(i.start_date), MAX(i.end_date)
		FROM addon_orders o JOIN addons a ON a.id = o.addon_id JOIN plans p ON p.id = o.plan_id
		JOIN organisations m ON m.id = p.organisation_id
		JOIN catalogue_tasks c ON c.addon_id = a.id
		JOIN task_instances i ON i.plan_id = o.plan_id AND i.catalogue_task_id = c.id
		WHERE o.cancelled_at IS NULL AND a.capacity AND NOT i.withdrawn
		GROUP BY o.id, o.plan_id, m.name, a.supplier ORDER BY o.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CapacityWindow
	for rows.Next() {
		var w CapacityWindow
		if err := rows.Scan(&w.OrderID, &w.PlanID, &w.Municipality, &w.Supplier, &w.Start, &w.End); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// AppendAddOnEvent adds an entry to a plan's add-on history.
func (t *Tx) AppendAddOnEvent(ctx context.Context, planID int64, actor, message string) error {
	_, err := t.exec(ctx, "INSERT INTO addon_events (plan_id, at, actor, message) VALUES (?, ?, ?, ?)", planID, ts(t.now), actor, message)
	if err != nil {
		return fmt.Errorf("store: add-on history: %w", err)
	}
	return nil
}

// AddOnEvents returns a plan's add-on history, newest first.
func (t *Tx) AddOnEvents(ctx context.Context, planID int64) ([]addon.Event, error) {
	rows, err := t.query(ctx, "SELECT at, actor, message FROM addon_events WHERE plan_id = ? ORDER BY id DESC", planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []addon.Event{}
	for rows.Next() {
		var e addon.Event
		if err := rows.Scan(timestamp{&e.At}, &e.Actor, &e.Message); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
