package model_test

import (
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// TestDanishDate: the date in Denmark follows Danish summer and winter time,
// which a fixed UTC+1 would get wrong for the last hour of every summer day.
func TestDanishDate(t *testing.T) {
	for _, c := range []struct{ utc, want string }{
		{"2026-07-01T21:59:00Z", "2026-07-01"}, // 23:59 CEST
		{"2026-07-01T22:30:00Z", "2026-07-02"}, // 00:30 CEST; UTC+1 would say 23:30 on 1 July
		{"2026-12-01T22:30:00Z", "2026-12-01"}, // 23:30 CET
		{"2026-12-01T23:30:00Z", "2026-12-02"}, // 00:30 CET
		{"2026-03-29T00:59:00Z", "2026-03-29"}, // 01:59 CET, a minute before summer time
		{"2026-10-24T22:00:00Z", "2026-10-25"}, // 00:00 CEST on the night winter time returns
	} {
		at, err := time.Parse(time.RFC3339, c.utc)
		if err != nil {
			t.Fatal(err)
		}
		if got := model.DanishDate(at).String(); got != c.want {
			t.Errorf("DanishDate(%s) = %s, want %s", c.utc, got, c.want)
		}
	}
	if name := model.Copenhagen().String(); name != "Europe/Copenhagen" {
		t.Errorf("Copenhagen() is %q", name)
	}
}

func TestDanishTime(t *testing.T) {
	for _, c := range []struct{ utc, want string }{
		{"2026-07-01T12:05:00Z", "01.07.2026 kl. 14.05"}, // CEST
		{"2026-11-24T13:05:00Z", "24.11.2026 kl. 14.05"}, // CET
		{"2026-12-31T23:30:00Z", "01.01.2027 kl. 00.30"},
	} {
		at, err := time.Parse(time.RFC3339, c.utc)
		if err != nil {
			t.Fatal(err)
		}
		if got := model.DanishTime(at); got != c.want {
			t.Errorf("DanishTime(%s) = %q, want %q", c.utc, got, c.want)
		}
	}
	if got := model.DanishTime(time.Time{}); got != "" {
		t.Errorf("DanishTime(zero) = %q, want empty", got)
	}
}
