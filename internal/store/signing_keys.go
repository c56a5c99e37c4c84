package store

import (
	"context"
	"fmt"
)

// SigningKey returns the shared secret called name, storing fresh as it if
// there is none yet. Servers racing to make it all get the one stored
// first.
func (t *Tx) SigningKey(ctx context.Context, name, fresh string) (string, error) {
	if _, err := t.exec(ctx, `INSERT INTO signing_keys (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
		name, fresh, ts(t.Now())); err != nil {
		return "", fmt.Errorf("store: signing key %s: %w", name, err)
	}
	var secret string
	err := t.queryRow(ctx, "SELECT secret FROM signing_keys WHERE name = ?", name).Scan(&secret)
	return secret, notFound(err, "signing key "+name)
}
