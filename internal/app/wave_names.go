package app

import (
	"context"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// WaveNames are the names programme key gives its waves, for pages that
// show a wave without a view that carries them.
func (a *core) WaveNames(ctx context.Context, key string) (model.WaveNames, error) {
	var ws model.WaveNames
	err := a.read(ctx, func(tx *store.Tx) error {
		p, err := a.programme(ctx, tx, key)
		ws = p.Waves
		return err
	})
	return ws, err
}
