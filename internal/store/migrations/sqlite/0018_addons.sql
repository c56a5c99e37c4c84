-- Add-on purchases (tilkøb, seed 003 §6.5, docs/addons.md): a programme's
-- catalogue of add-on services, each with its own task templates (rows of
-- catalogue_tasks marked with addon_id, which the catalogue publication and
-- enrolment never see), a municipality's agreement (its training lead) and
-- its orders, and the agreement's append-only history.
CREATE TABLE addons (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    category     TEXT    NOT NULL CHECK (category IN ('uddannelse', 'forandringsledelse', 'gevinstrealisering')),
    kind         TEXT    NOT NULL,
    content      TEXT    NOT NULL,
    target_group TEXT    NOT NULL,
    form         TEXT    NOT NULL,
    extent       TEXT    NOT NULL,
    supplier     TEXT    NOT NULL,
    -- counts against the supplier's capacity for user training (5 at once)
    capacity     INTEGER NOT NULL DEFAULT FALSE,
    withdrawn    INTEGER NOT NULL DEFAULT FALSE,
    position     INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    created_by   TEXT    NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX addons_programme ON addons (programme_id, position);

ALTER TABLE catalogue_tasks ADD COLUMN addon_id INTEGER REFERENCES addons (id);
CREATE INDEX catalogue_tasks_addon ON catalogue_tasks (addon_id);

CREATE TABLE addon_agreements (
    plan_id             INTEGER PRIMARY KEY REFERENCES plans (id),
    training_lead       TEXT    NOT NULL,
    training_lead_email TEXT    NOT NULL DEFAULT '',
    updated_at          TEXT    NOT NULL,
    updated_by          TEXT    NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE addon_orders (
    id               INTEGER PRIMARY KEY,
    plan_id          INTEGER NOT NULL REFERENCES plans (id),
    addon_id         INTEGER NOT NULL REFERENCES addons (id),
    ordered_at       TEXT    NOT NULL,
    ordered_by       TEXT    NOT NULL,
    -- the coordinator's reason for accepting an order after the deadline
    exception_reason TEXT    NOT NULL DEFAULT '',
    cancelled_at     TEXT,
    cancelled_by     TEXT    NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX addon_orders_plan ON addon_orders (plan_id, id);
CREATE INDEX addon_orders_addon ON addon_orders (addon_id);
CREATE UNIQUE INDEX addon_orders_live ON addon_orders (plan_id, addon_id) WHERE cancelled_at IS NULL;

CREATE TABLE addon_events (
    id      INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    at      TEXT    NOT NULL,
    actor   TEXT    NOT NULL,
    message TEXT    NOT NULL
);
CREATE INDEX addon_events_plan ON addon_events (plan_id, id);
CREATE TRIGGER addon_events_no_update BEFORE UPDATE ON addon_events
BEGIN SELECT RAISE(ABORT, 'add-on history is append-only'); END;
CREATE TRIGGER addon_events_no_delete BEFORE DELETE ON addon_events
BEGIN SELECT RAISE(ABORT, 'add-on history is append-only'); END;
