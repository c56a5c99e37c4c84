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
