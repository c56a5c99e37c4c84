package app

import (
	"context"
	"sync"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// colourCache keeps each plan's colour counts for the last date and
// warning horizon they were computed for, with the version of the plan's
// instances (store.PlanTotal) they were computed from. The version is read
// in the same transaction as the rest of the overview and moves with every
// change of an instance's type, status, end date or withdrawal, by any
// server on the database, so a cached count is used only while it is still
// what the database holds.
type colourCache struct {
	mu sync.Mutex
	m  map[int64]cachedColours // by plan id
}

type cachedColours struct {
	version    int64
	asof, warn model.Date
	counts     model.Counts
}

// planColours counts every plan's instances of the programme by colour as
// of asof: totals and versions from plan_totals; red and yellow, for the
// plans whose version or date differs from the cached one, as ranges of
// end dates (store.Tx.RedYellow) – for a few plans through their keys, for
// many through the programme-wide index.
func (a *core) planColours(ctx context.Context, tx *store.Tx, programmeID int64, asof, warn model.Date) (map[int64]model.Counts, error) {
	totals, err := tx.PlanTotals(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]model.Counts, len(totals))
	var stale []int64
	a.colours.mu.Lock()
	for _, t := range totals {
		c, ok := a.colours.m[t.PlanID]
		if ok && c.version == t.Version && c.asof == asof && c.warn == warn {
			out[t.PlanID] = c.counts
		} else {
			stale = append(stale, t.PlanID)
		}
	}
	a.colours.mu.Unlock()
	if len(stale) == 0 {
		return out, nil
	}
	scope := stale
	if len(stale) > 8 {
		scope = nil // the whole programme at once
	}
	// Totals, version, red and yellow of a plan in one statement, so that
	// what is cached under a version was counted at that version.
	rows, err := tx.PlanColours(ctx, programmeID, scope, asof, warn)
	if err != nil {
		return nil, err
	}
	a.colours.mu.Lock()
	defer a.colours.mu.Unlock()
	if a.colours.m == nil {
		a.colours.m = map[int64]cachedColours{}
	}
	for _, r := range rows {
		c := model.Counts{Green: r.Green, Red: r.Red, Yellow: r.Yellow, None: r.Total - r.Green - r.Red - r.Yellow}
		out[r.PlanID] = c
		a.colours.m[r.PlanID] = cachedColours{version: r.Version, asof: asof, warn: warn, counts: c}
	}
	return out, nil
}

// ForgetOverviewCounts empties the overview's cache of per-plan colour
// counts, so that the next overview counts every plan again (benchmarks of
// the cold overview; nothing else needs it).
func (a *core) ForgetOverviewCounts() {
	a.colours.mu.Lock()
	a.colours.m = nil
	a.colours.mu.Unlock()
}
