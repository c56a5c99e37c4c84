package demo

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// Password is every demo user's password. The README lists the users.
const Password = "udrul-demo-2026"

// User is one demo user.
type User struct {
	Role  access.Role
	Email string
	Name  string
	Org   string // organisation code
}

// Users has one user of every role, two project leads (Aarhus and
// København), and a member and two tovholders in Aarhus: one at a school
// and one at a day-care unit.
var Users = []User{
	{access.Admin, "admin@kombit.dk", "Anne Kjærgaard", "kombit"},
	{access.Coordinator, "lars.mortensen@kombit.dk", "Lars Mortensen", "kombit"},
	{access.Supplier, "mette.holm@kmd.dk", "Mette Holm", "kmd"},
	{access.ProjectLead, "sofie.norgaard@aarhus.dk", "Sofie Nørgaard", "751"},
	{access.ProjectLead, "jonas.vestergaard@kk.dk", "Jonas Vestergaard", "101"},
	{access.Member, "peter.lund@aarhus.dk", "Peter Lund", "751"},
	{access.Tovholder, "camilla.bech@aarhus.dk", "Camilla Bech", "751-s01"},
	{access.Tovholder, "mia.thygesen@aarhus.dk", "Mia Thygesen", "751-d001"},
	{access.Observer, "henrik.dahl@kl.dk", "Henrik Dahl", "kl"},
}

// EnsureUsers creates the central organisations and the demo users that do
// not exist yet, delegates one of Aarhus' KSD tasks to the member so that
// "Mine opgaver" has something, and makes adminToken (if given) an API
// token of the administrator. It can run on every start.
func EnsureUsers(ctx context.Context, a *app.App, adminToken string, stdout io.Writer) error {
	if err := a.EnsureCentralOrganisations(ctx); err != nil {
		return err
	}
	created := 0
	for _, u := range Users {
		if _, err := a.IdentityByEmail(ctx, u.Email); err == nil {
			continue
		} else if app.ErrorCode(err) != app.CodeNotFound {
			return err
		}
		if _, err := a.CreateUser(ctx, app.NewUser{Email: u.Email, Name: u.Name, Role: u.Role, Org: u.Org, Password: Password}); err != nil {
			if app.ErrorCode(err) == app.CodeInvalid {
				continue // an organisation the data set lacks
			}
			return fmt.Errorf("demo: user %s: %w", u.Email, err)
		}
		created++
		if u.Role == access.Member {
			if err := delegateOne(ctx, a, u); err != nil {
				return err
			}
		}
	}
	if created > 0 {
		fmt.Fprintf(stdout, "demo users created: %d (password %q; see the README)\n", created, Password)
	}
	if adminToken != "" {
		admin, err := a.IdentityByEmail(ctx, Users[0].Email)
		if err != nil {
			return err
		}
		if err := a.EnsureAPIToken(ctx, admin.User.ID, "--admin-token", adminToken); err != nil {
			return fmt.Errorf("--admin-token: %s", app.ErrorMessage(err))
		}
	}
	return nil
}

// delegateOne has the member's project lead delegate the member's
// municipality's first open mandatory KSD task to them.
func delegateOne(ctx context.Context, a *app.App, member User) error {
	var lead *app.Identity
	for _, u := range Users {
		if u.Role == access.ProjectLead && u.Org == member.Org {
			id, err := a.IdentityByEmail(ctx, u.Email)
			if err != nil {
				return err
			}
			lead = id
		}
	}
	if lead == nil {
		return nil
	}
	p, err := a.Plan(ctx, nil, "ksd", member.Org, a.Today())
	if app.ErrorCode(err) == app.CodeNotFound {
		return nil
	} else if err != nil {
		return err
	}
	n := 0
	for _, x := range p.Tasks {
		if x.InstitutionID == 0 && !x.Withdrawn && x.Type.IsMandatory() && x.Status != model.Completed && x.End >= p.Asof {
			if _, err := a.DelegateToUser(ctx, lead, x.ID, member.Email); err != nil {
				return errors.New("demo: delegate: " + app.ErrorMessage(err))
			}
			if n++; n == 2 {
				break
			}
		}
	}
	return nil
}
