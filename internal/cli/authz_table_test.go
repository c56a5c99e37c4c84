package cli_test

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// The role table of docs/access.md ("Who does what beyond the plan"), as
// data. The matrix cases of these actions take who may from here, so the
// matrix asserts the table through the real server, and
// TestAccessDocTable checks that docs/access.md says the same: a rule
// changed in the code, here or in the documentation alone fails a test.
//
// A cell is "any" (in every municipality), "own" (in the user's own
// municipality only) or "–" (never).
var tableRoles = []string{"admin", "koordinator", "leverandør", "observatør", "projektleder", "medarbejder", "tovholder"}

var roleTable = []struct {
	action string
	cells  [7]string // in the order of tableRoles
}{
	{"Create and stop a municipality's calendar feeds", [7]string{"any", "any", "–", "–", "own", "–", "–"}},
	{"Write a contact-log entry", [7]string{"any", "any", "any", "–", "–", "–", "–"}},
	{"Record an escalation in the contact log", [7]string{"any", "any", "–", "–", "–", "–", "–"}},
	{"Decide a checkpoint (phase transition)", [7]string{"any", "any", "–", "–", "own", "–", "–"}},
	{"Assign, snooze and wake worklist items", [7]string{"any", "any", "–", "–", "–", "–", "–"}},
	{"Log and update hypercare incidents", [7]string{"any", "any", "any", "–", "own", "–", "–"}},
	{"Manage hypercare teams, assignments and lessons", [7]string{"any", "any", "any", "–", "–", "–", "–"}},
	{"Read a municipality's risk register and its risks' history", [7]string{"any", "any", "any", "–", "own", "own", "own"}},
	{"Add, change and close risks in a municipality's register", [7]string{"any", "any", "–", "–", "own", "–", "–"}},
	{"Read and change the central and hypercare risk registers", [7]string{"any", "any", "any", "–", "–", "–", "–"}},
	{"Read a programme's risks in figures only", [7]string{"any", "any", "any", "any", "–", "–", "–"}},
	{"Follow and call off a publication's job (besides its creator)", [7]string{"any", "any", "–", "–", "–", "–", "–"}},
	{"Read a municipality's benefit register", [7]string{"any", "any", "any", "–", "own", "own", "own"}},
	{"Change a municipality's benefit register", [7]string{"any", "any", "–", "–", "own", "–", "–"}},
	{"Extend the deadline for post-measurements", [7]string{"any", "any", "–", "–", "–", "–", "–"}},
	{"See the national roll-up of benefits", [7]string{"any", "any", "any", "any", "–", "–", "–"}},
	{"Read a municipality's status report and cross-programme view", [7]string{"any", "any", "any", "any", "own", "own", "own"}},
	{"Read the programme report and go-lives close across programmes", [7]string{"any", "any", "any", "any", "–", "–", "–"}},
	{"Read a municipality's implementation handbook and the versions sent", [7]string{"any", "any", "any", "any", "own", "own", "own"}},
	{"Make every municipality's handbook of a programme as one job and fetch its PDFs", [7]string{"any", "any", "–", "–", "–", "–", "–"}},
	{"Read a municipality's people register", [7]string{"any", "any", "any", "–", "own", "own", "own"}},
	{"Change a municipality's people register", [7]string{"any", "any", "–", "–", "own", "–", "–"}},
	{"See the national shortfall of super-users and administrators", [7]string{"any", "any", "any", "any", "–", "–", "–"}},
	{"Manage courses, course runs, attendance, results and evaluations", [7]string{"any", "any", "any", "–", "–", "–", "–"}},
	{"See the national pass rates and course evaluations", [7]string{"any", "any", "any", "any", "–", "–", "–"}},
	{"Write announcements to municipalities and list them", [7]string{"any", "any", "–", "–", "–", "–", "–"}},
	{"Read an announcement and a programme's announcement feed", [7]string{"any", "any", "any", "any", "any", "any", "any"}},
	{"Create network meetings and send their invitations", [7]string{"any", "any", "–", "–", "–", "–", "–"}},
	{"See the coming network meetings and who is registered", [7]string{"any", "any", "any", "any", "any", "any", "any"}},
	{"Register a municipality for a network meeting and cancel it", [7]string{"any", "any", "–", "–", "own", "–", "–"}},
	{"Pair municipalities for kommunepraktik", [7]string{"any", "any", "–", "–", "–", "–", "–"}},
	{"See kommunepraktik pairings and their agreed meetings", [7]string{"any", "any", "any", "any", "own", "own", "own"}},
	{"Record a kommunepraktik pairing's agreed meetings", [7]string{"any", "any", "–", "–", "own", "–", "–"}},
	{"Read a programme's add-on catalogue", [7]string{"any", "any", "any", "any", "any", "any", "any"}},
	{"Change a programme's add-on catalogue", [7]string{"any", "any", "–", "–", "–", "–", "–"}},
	{"Read a municipality's add-on agreement and orders", [7]string{"any", "any", "any", "any", "own", "own", "own"}},
	{"Name the training lead, order and cancel add-ons", [7]string{"any", "any", "–", "–", "own", "–", "–"}},
	{"Accept an add-on order after the deadline, with a reason", [7]string{"any", "any", "–", "–", "–", "–", "–"}},
	{"See every municipality's add-on orders", [7]string{"any", "any", "any", "any", "–", "–", "–"}},
	{"Read a municipality's tasks before enrolment", [7]string{"any", "any", "any", "any", "own", "own", "own"}},
	{"Settle a municipality's tasks before enrolment", [7]string{"any", "any", "–", "–", "own", "–", "–"}},
	{"Read a municipality's institutions and their go-lives", [7]string{"any", "any", "any", "any", "own", "own", "own"}},
	{"Set an institution's own go-live or pilot date", [7]string{"any", "any", "–", "–", "own", "–", "–"}},
}

// may returns the matrix users allowed to do action on their own
// municipality's target and on another's. "anden kommune" is a project
// lead (of Frederiksberg).
func may(t *testing.T, action string) (own, other []string) {
	t.Helper()
	for _, row := range roleTable {
		if row.action != action {
			continue
		}
		for i, cell := range row.cells {
			users := []string{tableRoles[i]}
			if tableRoles[i] == "projektleder" {
				users = append(users, "anden kommune")
			}
			switch cell {
			case "any":
				own, other = append(own, users...), append(other, users...)
			case "own":
				own = append(own, users...)
			case "–":
			default:
				t.Fatalf("role table: %q: unknown cell %q", action, cell)
			}
		}
		if other == nil {
			other = []string{} // a municipality target: nobody on another's
		}
		return own, other
	}
	t.Fatalf("role table has no action %q", action)
	return nil, nil
}

// mayAnywhere is may for an action without a municipality target.
func mayAnywhere(t *testing.T, action string) []string {
	own, _ := may(t, action)
	return own
}

// TestAccessDocTable: docs/access.md's table is the role table above.
func TestAccessDocTable(t *testing.T) {
	b, err := os.ReadFile("../../docs/access.md")
	if err != nil {
		t.Fatal(err)
	}
	_, doc, ok := strings.Cut(string(b), "## Who does what beyond the plan")
	if !ok {
		t.Fatal(`docs/access.md has no section "Who does what beyond the plan"`)
	}
	rows := map[string][]string{}
	var header []string
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, "## ") {
			break
		}
		if !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "|---") {
			continue
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
			cells = append(cells, strings.TrimSpace(c))
		}
		if header == nil {
			header = cells
			continue
		}
		rows[cells[0]] = cells[1:]
	}
	want := append([]string{"action"}, "administrator", "koordinator", "leverandoer", "observatoer", "projektleder", "medarbejder", "tovholder")
	if !slices.Equal(header, want) {
		t.Fatalf("docs/access.md table header %q, want %q", header, want)
	}
	if len(rows) != len(roleTable) {
		t.Errorf("docs/access.md table has %d actions, the test's role table %d", len(rows), len(roleTable))
	}
	for _, row := range roleTable {
		got, ok := rows[row.action]
		if !ok {
			t.Errorf("docs/access.md table lacks %q", row.action)
			continue
		}
		if !slices.Equal(got, row.cells[:]) {
			t.Errorf("docs/access.md: %q is %q, the role table (and the code) %q", row.action, got, row.cells)
		}
	}
}
