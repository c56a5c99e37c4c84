package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/readiness"
)

// The readiness survey's tables (migration 0010). Answers carry no link,
// time or person; tallies per round, group, element and score are kept
// with every answer, and results are read from them.

// ReadinessThreshold returns a plan's anonymity threshold, the default
// when it has set none.
func (t *Tx) ReadinessThreshold(ctx context.Context, planID int64) (int, error) {
	n := readiness.DefaultThreshold
	err := t.queryRow(ctx, "SELECT threshold FROM readiness_settings WHERE plan_id = ?", planID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return readiness.DefaultThreshold, nil
	}
	return n, err
}

// SetReadinessThreshold stores a plan's anonymity threshold.
func (t *Tx) SetReadinessThreshold(ctx context.Context, planID int64, n int, by string) error {
	_, err := t.exec(ctx, `INSERT INTO readiness_settings (plan_id, threshold, updated_at, updated_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (plan_id) DO UPDATE SET threshold = excluded.threshold, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		planID, n, ts(t.now), by)
	if err != nil {
		return fmt.Errorf("store: readiness threshold: %w", err)
	}
	return nil
}

// InsertReadinessGroup adds a group; a name the plan already has is ErrConflict.
func (t *Tx) InsertReadinessGroup(ctx context.Context, planID int64, g *readiness.UserGroup) error {
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM readiness_groups WHERE plan_id = ? AND name = ?", planID, g.Name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("readiness group %q: %w", g.Name, ErrConflict)
	}
	g.CreatedAt = t.now
	return t.queryRow(ctx, "INSERT INTO readiness_groups (plan_id, name, created_at, created_by) VALUES (?, ?, ?, ?) RETURNING id",
		planID, g.Name, ts(t.now), g.CreatedBy).Scan(&g.ID)
}

// ReadinessGroups lists a plan's groups in the order they were made.
func (t *Tx) ReadinessGroups(ctx context.Context, planID int64) ([]readiness.UserGroup, error) {
	rows, err := t.query(ctx, "SELECT id, name, created_at, created_by FROM readiness_groups WHERE plan_id = ? ORDER BY id", planID)
	if err != nil {
		return nil, fmt.Errorf("store: readiness groups: %w", err)
	}
	defer rows.Close()
	out := []readiness.UserGroup{}
	for rows.Next() {
		var g readiness.UserGroup
		if err := rows.Scan(&g.ID, &g.Name, timestamp{&g.CreatedAt}, &g.CreatedBy); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

const roundColumns = "id, plan_id, kind, created_at, created_by, closed_at, closed_by"

func scanRound(sc interface{ Scan(...any) error }) (readiness.SurveyRound, error) {
	var r readiness.SurveyRound
	err := sc.Scan(&r.ID, &r.PlanID, &r.Kind, timestamp{&r.CreatedAt}, &r.CreatedBy, timestamp{&r.ClosedAt}, &r.ClosedBy)
	return r, err
}

// InsertReadinessRound adds a round; a plan has each kind once (ErrConflict).
func (t *Tx) InsertReadinessRound(ctx context.Context, r *readiness.SurveyRound) error {
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM readiness_rounds WHERE plan_id = ? AND kind = ?", r.PlanID, r.Kind).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("readiness round %s: %w", r.Kind, ErrConflict)
	}
	r.CreatedAt = t.now
	if err := t.queryRow(ctx, "INSERT INTO readiness_rounds (plan_id, kind, created_at, created_by) VALUES (?, ?, ?, ?) RETURNING id",
		r.PlanID, r.Kind, ts(t.now), r.CreatedBy).Scan(&r.ID); err != nil {
		return err
	}
	_, err := t.exec(ctx, "INSERT INTO readiness_round_totals (round_id) VALUES (?)", r.ID)
	return err
}

// roundTotalColumns are readiness_round_totals' count columns in Tally
// order: e{element}_s{score}.
var roundTotalColumns = func() []string {
	var cs []string
	for e := range readiness.NumElements {
		for s := readiness.MinScore; s <= readiness.MaxScore; s++ {
			cs = append(cs, fmt.Sprintf("e%d_s%d", e, s))
		}
	}
	return cs
}()

// addRoundTotals adds a tally to a round's totals in one update.
func (t *Tx) addRoundTotals(ctx context.Context, roundID int64, tally readiness.Tally) error {
	sets := make([]string, len(roundTotalColumns))
	args := make([]any, 0, len(roundTotalColumns)+1)
	for i, c := range roundTotalColumns {
		sets[i] = c + " = " + c + " + ?"
		args = append(args, tally[i/readiness.MaxScore][i%readiness.MaxScore])
	}
	args = append(args, roundID)
	_, err := t.exec(ctx, "UPDATE readiness_round_totals SET "+strings.Join(sets, ", ")+" WHERE round_id = ?", args...)
	if err != nil {
		return fmt.Errorf("store: readiness round totals: %w", err)
	}
	return nil
}

// ReadinessRounds lists a plan's rounds.
func (t *Tx) ReadinessRounds(ctx context.Context, planID int64) ([]readiness.SurveyRound, error) {
	rows, err := t.query(ctx, "SELECT "+roundColumns+" FROM readiness_rounds WHERE plan_id = ? ORDER BY id", planID)
	if err != nil {
		return nil, fmt.Errorf("store: readiness rounds: %w", err)
	}
	defer rows.Close()
	out := []readiness.SurveyRound{}
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// readiness.SurveyRound returns a plan's round by id, or ErrNotFound.
func (t *Tx) ReadinessRound(ctx context.Context, planID, id int64) (readiness.SurveyRound, error) {
	r, err := scanRound(t.queryRow(ctx, "SELECT "+roundColumns+" FROM readiness_rounds WHERE plan_id = ? AND id = ?", planID, id))
	return r, notFound(err, "readiness round")
}

// CloseReadinessRound closes an open round; a round closed meanwhile is ErrConflict.
func (t *Tx) CloseReadinessRound(ctx context.Context, id int64, by string) error {
	res, err := t.exec(ctx, "UPDATE readiness_rounds SET closed_at = ?, closed_by = ? WHERE id = ? AND closed_at IS NULL", ts(t.now), by, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("readiness round %d already closed: %w", id, ErrConflict)
	}
	return nil
}

const linkColumns = `l.id, l.round_id, (SELECT kind FROM readiness_rounds WHERE id = l.round_id), l.group_id, g.name, l.kind, l.answer_limit, l.used, l.created_at, l.created_by, l.revoked_at, l.revoked_by`

func scanLink(sc interface{ Scan(...any) error }) (readiness.Link, error) {
	var l readiness.Link
	err := sc.Scan(&l.ID, &l.RoundID, &l.Round, &l.GroupID, &l.Group, &l.Kind, &l.Limit, &l.Used, timestamp{&l.CreatedAt}, &l.CreatedBy,
		timestamp{&l.RevokedAt}, &l.RevokedBy)
	return l, err
}

// InsertReadinessLink adds a link with the hash of its token.
func (t *Tx) InsertReadinessLink(ctx context.Context, l *readiness.Link, tokenHash string) error {
	l.CreatedAt = t.now
	return t.queryRow(ctx, `INSERT INTO readiness_links (round_id, group_id, token_hash, kind, answer_limit, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, l.RoundID, l.GroupID, tokenHash, l.Kind, l.Limit, ts(t.now), l.CreatedBy).Scan(&l.ID)
}

// ReadinessLinks lists a plan's links, newest first.
func (t *Tx) ReadinessLinks(ctx context.Context, planID int64) ([]readiness.Link, error) {
	rows, err := t.query(ctx, `SELECT `+linkColumns+` FROM readiness_links l JOIN readiness_groups g ON g.id = l.group_id
		JOIN readiness_rounds r ON r.id = l.round_id WHERE r.plan_id = ? ORDER BY l.id DESC`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: readiness links: %w", err)
	}
	defer rows.Close()
	out := []readiness.Link{}
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ReadinessLinkOf returns a plan's link by id, or ErrNotFound.
func (t *Tx) ReadinessLinkOf(ctx context.Context, planID, id int64) (readiness.Link, error) {
	l, err := scanLink(t.queryRow(ctx, `SELECT `+linkColumns+` FROM readiness_links l JOIN readiness_groups g ON g.id = l.group_id
		JOIN readiness_rounds r ON r.id = l.round_id WHERE r.plan_id = ? AND l.id = ?`, planID, id))
	return l, notFound(err, "readiness link")
}

// ReadinessLinkByToken returns the link whose token hashes to hash, with
// its round, or ErrNotFound.
func (t *Tx) ReadinessLinkByToken(ctx context.Context, hash string) (readiness.Link, readiness.SurveyRound, error) {
	l, err := scanLink(t.queryRow(ctx, `SELECT `+linkColumns+` FROM readiness_links l JOIN readiness_groups g ON g.id = l.group_id
		WHERE l.token_hash = ?`, hash))
	if err != nil {
		return l, readiness.SurveyRound{}, notFound(err, "readiness link")
	}
	r, err := scanRound(t.queryRow(ctx, "SELECT "+roundColumns+" FROM readiness_rounds WHERE id = ?", l.RoundID))
	return l, r, notFound(err, "readiness round")
}

// RevokeReadinessLink revokes a link; one revoked already is ErrConflict.
func (t *Tx) RevokeReadinessLink(ctx context.Context, id int64, by string) error {
	res, err := t.exec(ctx, "UPDATE readiness_links SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL", ts(t.now), by, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("readiness link %d already revoked: %w", id, ErrConflict)
	}
	return nil
}

// InsertReadinessAnswer records one answer through a link: the link's use
// is counted only while it has uses left and is not revoked (a conditional
// update, so two respondents on the last use cannot both succeed), then the
// answer and its tallies are written. ErrConflict when the link is used up
// or revoked.
func (t *Tx) InsertReadinessAnswer(ctx context.Context, linkID, roundID, groupID int64, a readiness.Answer) error {
	res, err := t.exec(ctx, "UPDATE readiness_links SET used = used + 1 WHERE id = ? AND used < answer_limit AND revoked_at IS NULL", linkID)
	if err != nil {
		return fmt.Errorf("store: use readiness link: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("readiness link %d used up or revoked: %w", linkID, ErrConflict)
	}
	return t.InsertReadinessAnswers(ctx, roundID, groupID, []readiness.Answer{a})
}

// InsertReadinessAnswers writes answers of one round and group and
// counts them in the tallies: the answers in multi-row inserts, the
// tallies as one upsert per element and score given. An answer through a
// link is the same with one answer; the demo and the benchmark's generator
// write many at once.
func (t *Tx) InsertReadinessAnswers(ctx context.Context, roundID, groupID int64, as []readiness.Answer) error {
	const batch = 100
	var tally readiness.Tally
	err := execRows(ctx, t, "insert readiness answers", as, batch,
		"INSERT INTO readiness_answers (round_id, group_id, opmaerksomhed, motivation, viden, stoette, anerkendelse) VALUES ", "(?, ?, ?, ?, ?, ?, ?)", "",
		func(a readiness.Answer) []any {
			tally.Add(a)
			return []any{roundID, groupID, a[0], a[1], a[2], a[3], a[4]}
		})
	if err != nil {
		return err
	}
	for e := range tally {
		for s, n := range tally[e] {
			if n == 0 {
				continue
			}
			if _, err := t.exec(ctx, `INSERT INTO readiness_tallies (round_id, group_id, element, score, n) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (round_id, group_id, element, score) DO UPDATE SET n = readiness_tallies.n + excluded.n`, roundID, groupID, e, s+1, n); err != nil {
				return fmt.Errorf("store: readiness tally: %w", err)
			}
		}
	}
	if _, err := t.exec(ctx, `INSERT INTO readiness_group_totals (round_id, group_id, n) VALUES (?, ?, ?)
		ON CONFLICT (round_id, group_id) DO UPDATE SET n = readiness_group_totals.n + excluded.n`, roundID, groupID, tally.N()); err != nil {
		return fmt.Errorf("store: readiness group totals: %w", err)
	}
	return t.addRoundTotals(ctx, roundID, tally)
}

// ReadinessTallies returns a plan's tallies per round and group.
func (t *Tx) ReadinessTallies(ctx context.Context, planID int64) (map[int64]map[int64]*readiness.Tally, error) {
	rows, err := t.query(ctx, `SELECT x.round_id, x.group_id, x.element, x.score, x.n FROM readiness_tallies x
		JOIN readiness_rounds r ON r.id = x.round_id WHERE r.plan_id = ?`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: readiness tallies: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[int64]*readiness.Tally{}
	for rows.Next() {
		var round, group int64
		var e, s, n int
		if err := rows.Scan(&round, &group, &e, &s, &n); err != nil {
			return nil, err
		}
		if out[round] == nil {
			out[round] = map[int64]*readiness.Tally{}
		}
		if out[round][group] == nil {
			out[round][group] = &readiness.Tally{}
		}
		if e >= 0 && e < readiness.NumElements && s >= readiness.MinScore && s <= readiness.MaxScore {
			out[round][group][e][s-1] += n
		}
	}
	return out, rows.Err()
}

// NationalReadinessRound is one municipality's round with the tally of all
// its groups, for the national aggregate, and the number of answers of
// each group.
type NationalReadinessRound struct {
	ID     int64
	PlanID int64
	Kind   readiness.Kind
	Closed bool
	Tally  readiness.Tally
	Groups map[int64]int // group id → answers
}

// NationalReadiness returns every round of a programme's plans with its
// tally summed over groups, and every plan's threshold. It reads one row
// of totals per round, never the answers.
func (t *Tx) NationalReadiness(ctx context.Context, programmeID int64) ([]NationalReadinessRound, map[int64]int, error) {
	rows, err := t.query(ctx, `SELECT r.id, r.plan_id, r.kind, r.closed_at IS NOT NULL, t.`+strings.Join(roundTotalColumns, ", t.")+`
		FROM plans p JOIN readiness_rounds r ON r.plan_id = p.id JOIN readiness_round_totals t ON t.round_id = r.id
		WHERE p.programme_id = ?`, programmeID)
	if err != nil {
		return nil, nil, fmt.Errorf("store: national readiness: %w", err)
	}
	defer rows.Close()
	var out []NationalReadinessRound
	dest := make([]any, 4+len(roundTotalColumns))
	index := map[int64]int{}
	for rows.Next() {
		x := NationalReadinessRound{Groups: map[int64]int{}}
		dest[0], dest[1], dest[2], dest[3] = &x.ID, &x.PlanID, &x.Kind, &x.Closed
		for i := range roundTotalColumns {
			dest[4+i] = &x.Tally[i/readiness.MaxScore][i%readiness.MaxScore]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, err
		}
		index[x.ID] = len(out)
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows.Close()
	grows, err := t.query(ctx, `SELECT g.round_id, g.group_id, g.n FROM plans p JOIN readiness_rounds r ON r.plan_id = p.id
		JOIN readiness_group_totals g ON g.round_id = r.id WHERE p.programme_id = ?`, programmeID)
	if err != nil {
		return nil, nil, err
	}
	for grows.Next() {
		var round, group int64
		var n int
		if err := grows.Scan(&round, &group, &n); err != nil {
			grows.Close()
			return nil, nil, err
		}
		if i, ok := index[round]; ok {
			out[i].Groups[group] = n
		}
	}
	if err := grows.Err(); err != nil {
		return nil, nil, err
	}
	grows.Close()
	thresholds := map[int64]int{}
	trows, err := t.query(ctx, `SELECT s.plan_id, s.threshold FROM readiness_settings s JOIN plans p ON p.id = s.plan_id WHERE p.programme_id = ?`, programmeID)
	if err != nil {
		return nil, nil, err
	}
	defer trows.Close()
	for trows.Next() {
		var id int64
		var n int
		if err := trows.Scan(&id, &n); err != nil {
			return nil, nil, err
		}
		thresholds[id] = n
	}
	return out, thresholds, trows.Err()
}

// ReadinessTask is the plan's task instance for a round: the
// municipality-level instance of the catalogue task whose readiness_round
// names it.
type ReadinessTask struct {
	ID      int64
	Version int
	Type    model.TaskType
	Status  model.Status
}

// ReadinessTaskOf returns the plan's task for round kind, or ErrNotFound
// when the catalogue declares none.
func (t *Tx) ReadinessTaskOf(ctx context.Context, planID int64, kind readiness.Kind) (ReadinessTask, error) {
	var x ReadinessTask
	err := t.queryRow(ctx, `SELECT ti.id, ti.version, ti.type, ti.status FROM task_instances ti
		JOIN catalogue_tasks ct ON ct.id = ti.catalogue_task_id
		WHERE ti.plan_id = ? AND ct.readiness_round = ? AND ti.institution_id IS NULL AND ti.withdrawn = FALSE
		ORDER BY ti.id LIMIT 1`, planID, string(kind)).Scan(&x.ID, &x.Version, &x.Type, &x.Status)
	return x, notFound(err, "readiness task")
}

// AppendReadinessEvent adds an entry to a plan's survey history.
func (t *Tx) AppendReadinessEvent(ctx context.Context, planID int64, actor, message string) error {
	_, err := t.exec(ctx, "INSERT INTO readiness_events (plan_id, at, actor, message) VALUES (?, ?, ?, ?)", planID, ts(t.now), actor, message)
	return err
}

// ReadinessEvents lists a plan's survey history, newest first.
func (t *Tx) ReadinessEvents(ctx context.Context, planID int64) ([]readiness.Event, error) {
	rows, err := t.query(ctx, "SELECT at, actor, message FROM readiness_events WHERE plan_id = ? ORDER BY id DESC", planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []readiness.Event{}
	for rows.Next() {
		var e readiness.Event
		if err := rows.Scan(timestamp{&e.At}, &e.Actor, &e.Message); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ReadinessGroupTally returns one group's tally in a round.
func (t *Tx) ReadinessGroupTally(ctx context.Context, roundID, groupID int64) (readiness.Tally, error) {
	var out readiness.Tally
	rows, err := t.query(ctx, "SELECT element, score, n FROM readiness_tallies WHERE round_id = ? AND group_id = ?", roundID, groupID)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var e, s, n int
		if err := rows.Scan(&e, &s, &n); err != nil {
			return out, err
		}
		if e >= 0 && e < readiness.NumElements && s >= readiness.MinScore && s <= readiness.MaxScore {
			out[e][s-1] += n
		}
	}
	return out, rows.Err()
}
