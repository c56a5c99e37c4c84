package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
)

// optDate scans a nullable date; NULL is model.NoDate.
type optDate struct{ d *model.Date }

func (o optDate) Scan(src any) error {
	if src == nil {
		*o.d = model.NoDate
		return nil
	}
	return o.d.Scan(src)
}

// dateArg is a date for writing: NoDate is NULL.
func dateArg(d model.Date) any {
	if d == model.NoDate {
		return nil
	}
	return d
}

// inList returns "?, ?, ?" for n placeholders.
func inList(n int) string { return "?" + strings.Repeat(", ?", n-1) }

func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// Recipient is a user as e-mail sees them: address, name, role and
// organisation, and the preference they set ("" if they never did; the app
// applies the default).
type Recipient struct {
	User
	Preference   string
	ProgrammeIDs []int64 // empty: every programme
	PrefVersion  int     // 0 while the user has set nothing
	PrefUpdated  time.Time
	PrefBy       string
}

// recipientSelect is userSelect with the user's preference joined in; it
// reuses scanUser for the user's columns.
var recipientSelect = strings.Replace(userSelect, "FROM users u JOIN",
	", COALESCE(np.preference, ''), COALESCE(np.version, 0), np.updated_at, COALESCE(np.updated_by, '') FROM users u JOIN", 1) +
	" LEFT JOIN notify_preferences np ON np.user_id = u.id"

type extraScanner struct {
	sc    interface{ Scan(...any) error }
	extra []any
}

func (e extraScanner) Scan(dest ...any) error { return e.sc.Scan(append(dest, e.extra...)...) }

func (t *Tx) recipients(ctx context.Context, where string, args ...any) ([]Recipient, error) {
	rows, err := t.query(ctx, recipientSelect+" "+where+" ORDER BY u.email", args...)
	if err != nil {
		return nil, fmt.Errorf("store: read recipients: %w", err)
	}
	defer rows.Close()
	var out []Recipient
	byID := map[int64]int{}
	for rows.Next() {
		var r Recipient
		u, err := scanUser(extraScanner{rows, []any{&r.Preference, &r.PrefVersion, timestamp{&r.PrefUpdated}, &r.PrefBy}})
		if err != nil {
			return nil, err
		}
		r.User = u
		byID[r.ID] = len(out)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	prows, err := t.query(ctx, "SELECT user_id, programme_id FROM notify_preference_programmes ORDER BY user_id, programme_id")
	if err != nil {
		return nil, err
	}
	defer prows.Close()
	for prows.Next() {
		var uid, pid int64
		if err := prows.Scan(&uid, &pid); err != nil {
			return nil, err
		}
		if i, ok := byID[uid]; ok {
			out[i].ProgrammeIDs = append(out[i].ProgrammeIDs, pid)
		}
	}
	return out, prows.Err()
}

// Recipients lists every user with their e-mail preference, by address.
func (t *Tx) Recipients(ctx context.Context) ([]Recipient, error) { return t.recipients(ctx, "") }

// ActiveRecipients lists the active users with their preferences; the app
// decides who among them wants mail.
func (t *Tx) ActiveRecipients(ctx context.Context) ([]Recipient, error) {
	return t.recipients(ctx, "WHERE u.active")
}

// RecipientByID returns one user with their preference, or ErrNotFound.
func (t *Tx) RecipientByID(ctx context.Context, userID int64) (Recipient, error) {
	rs, err := t.recipients(ctx, "WHERE u.id = ?", userID)
	if err != nil {
		return Recipient{}, err
	}
	if len(rs) == 0 {
		return Recipient{}, fmt.Errorf("user %d: %w", userID, ErrNotFound)
	}
	return rs[0], nil
}

// SavePreference sets a user's e-mail preference and programme scope if
// their setting is still at version expected (0: they have none yet), and
// returns the new version; ErrConflict if someone changed it meanwhile.
func (t *Tx) SavePreference(ctx context.Context, userID int64, preference string, programmeIDs []int64, expected int, actor string) (int, error) {
	now := ts(t.now)
	var res sql.Result
	var err error
	if expected == 0 {
		res, err = t.exec(ctx, `INSERT INTO notify_preferences (user_id, preference, updated_at, updated_by) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id) DO NOTHING`, userID, preference, now, actor)
	} else {
		res, err = t.exec(ctx, `UPDATE notify_preferences SET preference = ?, updated_at = ?, updated_by = ?, version = version + 1
			WHERE user_id = ? AND version = ?`, preference, now, actor, userID, expected)
	}
	if err != nil {
		return 0, fmt.Errorf("store: save preference of user %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, fmt.Errorf("preference of user %d is not at version %d: %w", userID, expected, ErrConflict)
	}
	if _, err := t.exec(ctx, "DELETE FROM notify_preference_programmes WHERE user_id = ?", userID); err != nil {
		return 0, err
	}
	for _, pid := range programmeIDs {
		if _, err := t.exec(ctx, "INSERT INTO notify_preference_programmes (user_id, programme_id) VALUES (?, ?)", userID, pid); err != nil {
			return 0, fmt.Errorf("store: preference of user %d, programme %d: %w", userID, pid, err)
		}
	}
	return expected + 1, nil
}

// user_id is NULL for mail to someone who is not a user (a course
// participant from the role register); model.OutboxMessage.UserID is 0.
const outboxColumns = `id, COALESCE(user_id, 0), event_key, kind, to_address, to_name, subject, body, created_at, state, attempts,
	next_attempt_at, last_error, claimed_by, claimed_until, sent_at, calendar`

func scanOutbox(sc interface{ Scan(...any) error }) (model.OutboxMessage, error) {
	var m model.OutboxMessage
	err := sc.Scan(&m.ID, &m.UserID, &m.EventKey, &m.Kind, &m.ToAddress, &m.ToName, &m.Subject, &m.Body, timestamp{&m.CreatedAt},
		&m.State, &m.Attempts, timestamp{&m.NextAttemptAt}, &m.LastError, &m.ClaimedBy, timestamp{&m.ClaimedUntil}, timestamp{&m.SentAt}, &m.Calendar)
	return m, err
}

// EnqueueMessages writes messages to the outbox, due now. A message whose
// recipient already has one for the same event is skipped: that is the
// idempotency key. It returns how many were written.
func (t *Tx) EnqueueMessages(ctx context.Context, ms []model.OutboxMessage) (int, error) {
	written := 0
	now := ts(t.now)
	err := inRowBatches(ms, 300,
		`INSERT INTO outbox (user_id, event_key, kind, to_address, to_name, subject, body, created_at, state, next_attempt_at, calendar) VALUES `,
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", " ON CONFLICT (user_id, event_key) DO NOTHING",
		func(m model.OutboxMessage) []any {
			var uid any
			if m.UserID != 0 {
				uid = m.UserID
			}
			return []any{uid, m.EventKey, m.Kind, m.ToAddress, m.ToName, m.Subject, m.Body, now, model.OutboxPending, now, m.Calendar}
		},
		func(q string, batch []model.OutboxMessage, args []any) error {
			res, err := t.exec(ctx, q, args...)
			if err != nil {
				return fmt.Errorf("store: enqueue %d messages: %w", len(batch), err)
			}
			k, _ := res.RowsAffected()
			written += int(k)
			return nil
		})
	return written, err
}

// ClaimMessages takes up to n messages that are due (pending with
// next_attempt_at reached, or being sent by a sender whose lease ran out)
// for owner until leaseUntil, counting an attempt on each. Two senders never
// claim the same message: on PostgreSQL the candidate rows are locked with
// FOR UPDATE SKIP LOCKED, so a concurrent claimer takes others; on SQLite the
// single UPDATE runs under the database's write lock.
func (t *Tx) ClaimMessages(ctx context.Context, owner string, n int, leaseUntil time.Time) ([]model.OutboxMessage, error) {
	lock := ""
	if t.postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	now := ts(t.now)
	rows, err := t.query(ctx, `UPDATE outbox SET state = ?, claimed_by = ?, claimed_until = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM outbox
			WHERE (state = ? AND next_attempt_at <= ?) OR (state = ? AND claimed_until <= ?)
			ORDER BY next_attempt_at, id LIMIT ?`+lock+`)
		RETURNING `+outboxColumns,
		model.OutboxSending, owner, ts(leaseUntil), model.OutboxPending, now, model.OutboxSending, now, n)
	if err != nil {
		return nil, fmt.Errorf("store: claim messages: %w", err)
	}
	defer rows.Close()
	var out []model.OutboxMessage
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b model.OutboxMessage) int { return int(a.ID - b.ID) })
	return out, nil
}

// MarkSent records that owner delivered message id. It reports false if
// owner no longer holds the claim (its lease ran out and another sender took
// the message), in which case nothing is written.
func (t *Tx) MarkSent(ctx context.Context, id int64, owner string) (bool, error) {
	res, err := t.exec(ctx, `UPDATE outbox SET state = ?, sent_at = ?, last_error = '', claimed_by = '', claimed_until = NULL
		WHERE id = ? AND state = ? AND claimed_by = ?`, model.OutboxSent, ts(t.now), id, model.OutboxSending, owner)
	if err != nil {
		return false, fmt.Errorf("store: mark message %d sent: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MarkFailed records a failed delivery attempt by owner: the message is due
// again at retryAt, or, if giveUp, fejlet until an administrator retries it.
// It reports false if owner no longer holds the claim.
func (t *Tx) MarkFailed(ctx context.Context, id int64, owner, reason string, retryAt time.Time, giveUp bool) (bool, error) {
	state := model.OutboxPending
	if giveUp {
		state = model.OutboxFailed
	}
	if len(reason) > 2000 {
		reason = reason[:2000]
	}
	res, err := t.exec(ctx, `UPDATE outbox SET state = ?, next_attempt_at = ?, last_error = ?, claimed_by = '', claimed_until = NULL
		WHERE id = ? AND state = ? AND claimed_by = ?`, state, ts(retryAt), reason, id, model.OutboxSending, owner)
	if err != nil {
		return false, fmt.Errorf("store: mark message %d failed: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseClaim hands a claimed message back unsent (the sender is stopping
// before it tried): due at once, the claim's attempt not counted.
func (t *Tx) ReleaseClaim(ctx context.Context, id int64, owner string) error {
	_, err := t.exec(ctx, `UPDATE outbox SET state = ?, attempts = attempts - 1, claimed_by = '', claimed_until = NULL
		WHERE id = ? AND state = ? AND claimed_by = ?`, model.OutboxPending, id, model.OutboxSending, owner)
	return err
}

// RetryMessage makes a failed or waiting message due now with a fresh
// budget of attempts. It reports false if the message is sent or being sent.
func (t *Tx) RetryMessage(ctx context.Context, id int64) (bool, error) {
	res, err := t.exec(ctx, `UPDATE outbox SET state = ?, attempts = 0, next_attempt_at = ? WHERE id = ? AND state IN (?, ?)`,
		model.OutboxPending, ts(t.now), id, model.OutboxPending, model.OutboxFailed)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// OutboxByID returns one message, or ErrNotFound.
func (t *Tx) OutboxByID(ctx context.Context, id int64) (model.OutboxMessage, error) {
	m, err := scanOutbox(t.queryRow(ctx, "SELECT "+outboxColumns+" FROM outbox WHERE id = ?", id))
	return m, notFound(err, fmt.Sprintf("message %d", id))
}

// OutboxList lists messages in the given states (all when none), newest
// first, without their bodies.
func (t *Tx) OutboxList(ctx context.Context, states []string, limit int) ([]model.OutboxMessage, error) {
	where, args := "", []any{}
	if len(states) > 0 {
		where = " WHERE state IN (" + inList(len(states)) + ")"
		for _, s := range states {
			args = append(args, s)
		}
	}
	args = append(args, limit)
	rows, err := t.query(ctx, "SELECT "+outboxColumns+" FROM outbox"+where+" ORDER BY id DESC LIMIT ?", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.OutboxMessage{}
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, err
		}
		m.Body = ""
		out = append(out, m)
	}
	return out, rows.Err()
}

// OutboxCounts counts messages per state.
func (t *Tx) OutboxCounts(ctx context.Context) (map[model.OutboxState]int, error) {
	rows, err := t.query(ctx, "SELECT state, COUNT(*) FROM outbox GROUP BY state")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[model.OutboxState]int{model.OutboxPending: 0, model.OutboxSending: 0, model.OutboxSent: 0, model.OutboxFailed: 0}
	for rows.Next() {
		var s model.OutboxState
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// AddPending notes that a publication (catalogue version) is to be reported
// in the next digest of each user.
func (t *Tx) AddPending(ctx context.Context, userIDs []int64, versionID int64) error {
	now := ts(t.now)
	for _, id := range userIDs {
		if _, err := t.exec(ctx, `INSERT INTO notify_pending (user_id, version_id, created_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id, version_id) DO NOTHING`, id, versionID, now); err != nil {
			return fmt.Errorf("store: pending publication for user %d: %w", id, err)
		}
	}
	return nil
}

// Pending returns the publications waiting for each user's digest, by user,
// oldest first.
func (t *Tx) Pending(ctx context.Context) (map[int64][]int64, error) {
	rows, err := t.query(ctx, "SELECT user_id, version_id FROM notify_pending ORDER BY user_id, version_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var r, v int64
		if err := rows.Scan(&r, &v); err != nil {
			return nil, err
		}
		out[r] = append(out[r], v)
	}
	return out, rows.Err()
}

// DeletePending removes a user's reported publications.
func (t *Tx) DeletePending(ctx context.Context, userID int64, versionIDs []int64) error {
	if len(versionIDs) == 0 {
		return nil
	}
	args := append([]any{userID}, int64Args(versionIDs)...)
	_, err := t.exec(ctx, "DELETE FROM notify_pending WHERE user_id = ? AND version_id IN ("+inList(len(versionIDs))+")", args...)
	return err
}

// PreviousDigest returns the latest digest of kind before period, if any.
func (t *Tx) PreviousDigest(ctx context.Context, kind string, period model.Date) (model.DigestRun, bool, error) {
	r := model.DigestRun{Kind: kind}
	err := t.queryRow(ctx, `SELECT period, from_date, created_at, messages FROM digest_runs WHERE kind = ? AND period < ?
		ORDER BY period DESC LIMIT 1`, kind, period).Scan(&r.Period, &r.From, timestamp{&r.CreatedAt}, &r.Messages)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// StartDigest records that the digest of kind for period is being made. It
// reports false if it was made already (by this or another server); the
// row is only visible to others when the transaction commits, and a
// concurrent attempt waits for that and then reports false.
func (t *Tx) StartDigest(ctx context.Context, kind string, period, from model.Date) (bool, error) {
	res, err := t.exec(ctx, `INSERT INTO digest_runs (kind, period, from_date, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, period) DO NOTHING`, kind, period, from, ts(t.now))
	if err != nil {
		return false, fmt.Errorf("store: start digest %s %s: %w", kind, period, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FinishDigest records how many messages a digest made.
func (t *Tx) FinishDigest(ctx context.Context, kind string, period model.Date, messages int) error {
	_, err := t.exec(ctx, "UPDATE digest_runs SET messages = ? WHERE kind = ? AND period = ?", messages, kind, period)
	return err
}

// DigestRuns lists the latest digests, newest first.
func (t *Tx) DigestRuns(ctx context.Context, limit int) ([]model.DigestRun, error) {
	rows, err := t.query(ctx, "SELECT kind, period, from_date, created_at, messages FROM digest_runs ORDER BY created_at DESC, kind LIMIT ?", limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.DigestRun{}
	for rows.Next() {
		var r model.DigestRun
		if err := rows.Scan(&r.Kind, &r.Period, &r.From, timestamp{&r.CreatedAt}, &r.Messages); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DigestTask is what a digest needs of a task instance.
type DigestTask struct {
	ID          int64
	PlanID      int64
	Key         string
	Title       string
	Type        model.TaskType
	Status      model.Status
	End         model.Date
	Institution string
	Enrolled    model.Date // the plan's enrolled_on
}

const digestTaskSelect = `SELECT i.id, i.plan_id, c.key, c.title, i.type, i.status, i.end_date, COALESCE(o.name, ''), pe.enrolled_on
	FROM task_instances i JOIN catalogue_tasks c ON c.id = i.catalogue_task_id JOIN plans pe ON pe.id = i.plan_id
	LEFT JOIN organisations o ON o.id = i.institution_id`

func (t *Tx) digestTasks(ctx context.Context, where string, args ...any) ([]DigestTask, error) {
	rows, err := t.query(ctx, digestTaskSelect+" WHERE "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: digest tasks: %w", err)
	}
	defer rows.Close()
	var out []DigestTask
	dates := map[string]model.Date{}
	var typ, status string
	var end any
	for rows.Next() {
		var d DigestTask
		if err := rows.Scan(&d.ID, &d.PlanID, &d.Key, &d.Title, &typ, &status, &end, &d.Institution, &d.Enrolled); err != nil {
			return nil, err
		}
		d.Type, d.Status = model.TaskType(typ), model.Status(status)
		if s, ok := end.(string); ok { // SQLite: parse each distinct date once
			v, seen := dates[s]
			if !seen {
				if err := v.Scan(s); err != nil {
					return nil, err
				}
				dates[s] = v
			}
			d.End = v
		} else if err := d.End.Scan(end); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// MandatoryOpenEndingBetween lists a programme's live mandatory instances
// that are not completed and end in [from, to]: the only ones whose colour
// can change between two dates without a status change.
func (t *Tx) MandatoryOpenEndingBetween(ctx context.Context, programmeID int64, from, to model.Date) ([]DigestTask, error) {
	return t.digestTasks(ctx, `i.programme_id = ? AND i.type IN (?, ?) AND i.status IN (?, ?, ?)
		AND i.end_date >= ? AND i.end_date <= ? AND NOT i.withdrawn`,
		programmeID, model.Mandatory, model.Critical, model.NotStarted, model.Started, model.NotRelevant, from, to)
}

// DigestTasksByID returns the given live instances.
func (t *Tx) DigestTasksByID(ctx context.Context, ids []int64) ([]DigestTask, error) {
	var out []DigestTask
	for len(ids) > 0 {
		n := min(len(ids), 500)
		xs, err := t.digestTasks(ctx, "i.id IN ("+inList(n)+") AND NOT i.withdrawn", int64Args(ids[:n])...)
		if err != nil {
			return nil, err
		}
		out = append(out, xs...)
		ids = ids[n:]
	}
	return out, nil
}

// StatusesBefore returns, for each instance of a programme whose status
// changed after since, the status it had at since (the from-status of its
// first change after since).
func (t *Tx) StatusesBefore(ctx context.Context, programmeID int64, since time.Time) (map[int64]model.Status, error) {
	rows, err := t.query(ctx, `SELECT e.instance_id, e.from_status, e.at FROM status_events e
		JOIN task_instances i ON i.id = e.instance_id
		WHERE e.at > ? AND e.kind = ? AND i.programme_id = ? ORDER BY e.id`,
		ts(since), model.EventStatus, programmeID)
	if err != nil {
		return nil, fmt.Errorf("store: status changes since %s: %w", since, err)
	}
	defer rows.Close()
	out := map[int64]model.Status{}
	for rows.Next() {
		var id int64
		var s model.Status
		var at time.Time
		if err := rows.Scan(&id, &s, timestamp{&at}); err != nil {
			return nil, err
		}
		if _, seen := out[id]; !seen && at.After(since) {
			out[id] = s
		}
	}
	return out, rows.Err()
}

// PublishedChange is one task's change in one plan by a published version,
// with what a notification says about it.
type PublishedChange struct {
	VersionID   int64
	Version     int
	ProgrammeID int64
	PlanID      int64
	TaskKey     string
	Kind        string
	Fields      []string
	Instances   int
	Title       string
	Type        model.TaskType
	Level       model.Level
	FirstEnd    model.Date // earliest end date of the task's live instances in the plan; NoDate if none
	LastEnd     model.Date
}

// PublishedChanges returns what the given versions changed, in version,
// plan and catalogue order.
func (t *Tx) PublishedChanges(ctx context.Context, versionIDs []int64) ([]PublishedChange, error) {
	if len(versionIDs) == 0 {
		return nil, nil
	}
	rows, err := t.query(ctx, `SELECT pc.version_id, v.number, v.programme_id, pc.plan_id, pc.changes
		FROM publication_plan_changes pc
		JOIN catalogue_versions v ON v.id = pc.version_id
		WHERE pc.version_id IN (`+inList(len(versionIDs))+`)
		ORDER BY v.number, pc.plan_id`, int64Args(versionIDs)...)
	if err != nil {
		return nil, fmt.Errorf("store: published changes: %w", err)
	}
	var out []PublishedChange
	programmes := map[int64]bool{}
	for rows.Next() {
		var c PublishedChange
		var list string
		if err := rows.Scan(&c.VersionID, &c.Version, &c.ProgrammeID, &c.PlanID, &list); err != nil {
			rows.Close()
			return nil, err
		}
		var changes []planChange
		if err := json.Unmarshal([]byte(list), &changes); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: published changes of version %d, plan %d: %w", c.Version, c.PlanID, err)
		}
		programmes[c.ProgrammeID] = true
		for _, pc := range changes {
			c.TaskKey, c.Kind, c.Fields, c.Instances = pc.Key, pc.Kind, pc.Fields, pc.Instances
			if len(c.Fields) == 0 {
				c.Fields = nil
			}
			out = append(out, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	return t.describePublishedChanges(ctx, out, programmes)
}

// describePublishedChanges adds each change's catalogue task (title, type,
// level) and the end dates of the task's live instances in the plan, and
// sorts the changes in version, plan and catalogue order. A change whose
// task the catalogue no longer has is left out.
func (t *Tx) describePublishedChanges(ctx context.Context, changes []PublishedChange, programmes map[int64]bool) ([]PublishedChange, error) {
	type task struct {
		id       int64
		title    string
		typ      model.TaskType
		level    model.Level
		position int
	}
	type progKey struct {
		programme int64
		key       string
	}
	tasks := map[progKey]task{}
	for prog := range programmes {
		rows, err := t.query(ctx, `SELECT id, key, title, type, level, position FROM catalogue_tasks WHERE programme_id = ?`, prog)
		if err != nil {
			return nil, fmt.Errorf("store: published changes: %w", err)
		}
		for rows.Next() {
			var k task
			var key string
			if err := rows.Scan(&k.id, &key, &k.title, &k.typ, &k.level, &k.position); err != nil {
				rows.Close()
				return nil, err
			}
			tasks[progKey{prog, key}] = k
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	type planTask struct{ plan, task int64 }
	ends := map[planTask][2]model.Date{}
	wanted := map[planTask]bool{}
	var plans, ids []int64
	seenPlan, seenTask := map[int64]bool{}, map[int64]bool{}
	kept := changes[:0]
	for _, c := range changes {
		k, ok := tasks[progKey{c.ProgrammeID, c.TaskKey}]
		if !ok {
			continue
		}
		c.Title, c.Type, c.Level = k.title, k.typ, k.level
		c.FirstEnd, c.LastEnd = model.NoDate, model.NoDate
		pt := planTask{c.PlanID, k.id}
		wanted[pt] = true
		if !seenPlan[c.PlanID] {
			seenPlan[c.PlanID] = true
			plans = append(plans, c.PlanID)
		}
		if !seenTask[k.id] {
			seenTask[k.id] = true
			ids = append(ids, k.id)
		}
		kept = append(kept, c)
	}
	changes = kept
	// The end dates, for the tasks a chunk names in every plan that has
	// changes; only the wanted plan–task pairs are kept.
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := append(int64Args(plans), int64Args(ids[:n])...)
		rows, err := t.query(ctx, `SELECT plan_id, catalogue_task_id, MIN(end_date), MAX(end_date) FROM task_instances
			WHERE plan_id IN (`+inList(len(plans))+`) AND catalogue_task_id IN (`+inList(n)+`) AND NOT withdrawn
			GROUP BY plan_id, catalogue_task_id`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: published changes: %w", err)
		}
		for rows.Next() {
			var pt planTask
			var first, last model.Date
			if err := rows.Scan(&pt.plan, &pt.task, &first, &last); err != nil {
				rows.Close()
				return nil, err
			}
			if wanted[pt] {
				ends[pt] = [2]model.Date{first, last}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	for i := range changes {
		c := &changes[i]
		k := tasks[progKey{c.ProgrammeID, c.TaskKey}]
		if e, ok := ends[planTask{c.PlanID, k.id}]; ok {
			c.FirstEnd, c.LastEnd = e[0], e[1]
		}
	}
	slices.SortStableFunc(changes, func(a, b PublishedChange) int {
		if a.Version != b.Version {
			return a.Version - b.Version
		}
		if a.PlanID != b.PlanID {
			return int(a.PlanID - b.PlanID)
		}
		return tasks[progKey{a.ProgrammeID, a.TaskKey}].position - tasks[progKey{b.ProgrammeID, b.TaskKey}].position
	})
	return changes, nil
}

// VersionByID returns a published version (without its source).
func (t *Tx) VersionByID(ctx context.Context, id int64) (catalogue.Version, int64, error) {
	var v catalogue.Version
	var programmeID int64
	err := t.queryRow(ctx, `SELECT id, programme_id, number, published_at, published_by, source_name FROM catalogue_versions WHERE id = ?`, id).
		Scan(&v.ID, &programmeID, &v.Number, timestamp{&v.PublishedAt}, &v.PublishedBy, &v.SourceName)
	return v, programmeID, notFound(err, fmt.Sprintf("catalogue version %d", id))
}

// AllPlans lists every plan of every programme.
func (t *Tx) AllPlans(ctx context.Context) ([]Plan, error) {
	rows, err := t.query(ctx, planSelect+" ORDER BY p.programme_id, p.wave, p.golive, o.code")
	if err != nil {
		return nil, err
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

// MailCount is how many messages an event produced and how many of them a
// sender has delivered.
type MailCount struct {
	Queued int
	Sent   int
}

// MailCounts counts the outbox messages whose event key starts with prefix,
// by event key: how far the mails about one announcement have got.
func (t *Tx) MailCounts(ctx context.Context, prefix string) (map[string]MailCount, error) {
	// LIKE's wildcards in the prefix are escaped so that only the prefix matches.
	pat := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(prefix) + "%"
	rows, err := t.query(ctx, `SELECT event_key, COUNT(*), SUM(CASE WHEN state = ? THEN 1 ELSE 0 END)
		FROM outbox WHERE event_key LIKE ? ESCAPE '\' GROUP BY event_key`, model.OutboxSent, pat)
	if err != nil {
		return nil, fmt.Errorf("store: count mails %s: %w", prefix, err)
	}
	defer rows.Close()
	out := map[string]MailCount{}
	for rows.Next() {
		var k string
		var c MailCount
		if err := rows.Scan(&k, &c.Queued, &c.Sent); err != nil {
			return nil, err
		}
		out[k] = c
	}
	return out, rows.Err()
}
