package demo_test

import (
	"context"
	"testing"
)

// The demo's announcements: news to every wave of KSD and one to the wave
// that goes live next, from the coordinator.
func TestDemoAnnouncements(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	t.Parallel()
	a, _ := loadedDemo(t, "2026-12-07")
	xs, err := a.Announcements(context.Background(), nil, "ksd")
	if err != nil {
		t.Fatal(err)
	}
	waved := 0
	for _, x := range xs {
		if x.CreatedBy != "Lars Mortensen (KOMBIT)" {
			t.Errorf("announcement %q from %q", x.Title, x.CreatedBy)
		}
		if x.Wave > 0 {
			waved++
		}
	}
	if len(xs) < 3 || waved != 1 {
		t.Fatalf("demo announcements: %d, %d to one wave", len(xs), waved)
	}
}

// The demo's network meeting: three places, invitations due later.
func TestDemoNetworkMeeting(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	t.Parallel()
	a, today := loadedDemo(t, "2026-12-07")
	ms, err := a.NetworkMeetings(context.Background(), nil, "ksd")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || len(ms[0].Places) != 3 || ms[0].InvitationDay <= today || ms[0].Invited {
		t.Fatalf("demo meetings: %+v", ms)
	}
}

// The demo's kommunepraktik: Aarhus paired with a municipality about to go
// live, with a visit agreed.
func TestDemoPractice(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	t.Parallel()
	a, today := loadedDemo(t, "2026-12-07")
	ps, err := a.Pairings(context.Background(), nil, "ksd")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Experienced != "751" || ps[0].ExperiencedLive > today || ps[0].NewcomerLive <= today || len(ps[0].Meetings) != 1 {
		t.Fatalf("demo pairings: %+v", ps)
	}
}
