package schedule

import (
	"testing"

	"github.com/udrul/udrul/internal/model"
)

// nextWorking is the first working day on or after x, the slow way.
func nextWorking(x model.Date) model.Date {
	for !danish.IsWorkingDay(x) {
		x++
	}
	return x
}

// TestDayIndexAgreesWithCalendar checks the table, the fallbacks outside it,
// and a widened copy against day-by-day counting.
func TestDayIndexAgreesWithCalendar(t *testing.T) {
	lo, hi := d("2026-12-01"), d("2027-01-31")
	ix := newDayIndex(danish, lo, hi)
	wide := ix.covering(ix.point(lo-500), ix.point(hi+500))
	if wide == ix {
		t.Fatal("covering did not widen")
	}
	for x := lo - 400; x <= hi+400; x++ {
		want := danish.WorkingDaysBetween(lo-1, x-1) // working days in [lo, x), negative before lo
		if x <= lo {
			want = -danish.WorkingDaysBetween(x-1, lo-1)
		}
		for _, idx := range []*dayIndex{ix, wide} {
			if p := idx.point(x); int(p) != want {
				t.Fatalf("point(%s) = %d, want %d", x, p, want)
			}
			if got := idx.day(idx.point(x)); got != nextWorking(x) {
				t.Fatalf("day(point(%s)) = %s, want %s", x, got, nextWorking(x))
			}
		}
	}
	if ix.covering(ix.point(lo), ix.point(hi)) != ix {
		t.Error("covering widened an index that already covers the range")
	}
}
