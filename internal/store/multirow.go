package store

import (
	"context"
	"fmt"
	"strings"
)

// inRowBatches writes rows with multi-row statements on SQLite (and the
// few PostgreSQL paths without array parameters): one statement per batch
// of at most size rows, made of head, tuple once per row (its
// placeholders, comma separated) and tail. Batches keep a statement within
// SQLite's limit of parameters; exec runs each with the batch and its
// arguments, row's for each row in turn.
func inRowBatches[T any](rows []T, size int, head, tuple, tail string, row func(T) []any,
	exec func(query string, batch []T, args []any) error) error {
	for len(rows) > 0 {
		n := min(len(rows), size)
		var b strings.Builder
		b.WriteString(head)
		var args []any
		for i, r := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tuple)
			args = append(args, row(r)...)
		}
		b.WriteString(tail)
		if err := exec(b.String(), rows[:n], args); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// execRows is inRowBatches with each batch executed in t, an error naming
// what was written.
func execRows[T any](ctx context.Context, t *Tx, what string, rows []T, size int, head, tuple, tail string, row func(T) []any) error {
	return inRowBatches(rows, size, head, tuple, tail, row, func(q string, _ []T, args []any) error {
		if _, err := t.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("store: %s: %w", what, err)
		}
		return nil
	})
}
