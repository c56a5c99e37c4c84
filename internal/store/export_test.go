package store

import "context"

// ExecForTest runs raw SQL inside a transaction, for tests of constraints.
func (t *Tx) ExecForTest(ctx context.Context, q string) error {
	_, err := t.exec(ctx, q)
	return err
}
