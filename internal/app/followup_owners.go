package app

import (
	"context"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/model"
)

// FollowupOwners lists the active users who may own worklist items, for the
// owner picker of the worklist page.
func (a *FollowUpService) FollowupOwners(ctx context.Context) ([]model.User, error) {
	users, err := a.Users(ctx)
	if err != nil {
		return nil, err
	}
	var out []model.User
	for _, u := range users {
		if u.Active && access.FollowUp(subjectOf(u)) {
			out = append(out, u)
		}
	}
	return out, nil
}
