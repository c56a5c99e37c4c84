package model

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"time"
)

// Date is a civil date without time zone, counted in days since 1970-01-01.
// Plans hold hundreds of thousands of dates and compare them constantly, so a
// plain integer beats time.Time in both memory and speed.
type Date int32

// NoDate is the zero value used where a date is absent.
const NoDate Date = 0

const isoLayout = "2006-01-02"

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// NewDate builds a Date; out-of-range days normalise as time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// DateError is the error of a text that is not a date; its own type lets
// the web layer find the field it came from and say so in Danish.
type DateError struct{ Text string }

func (e *DateError) Error() string { return fmt.Sprintf("invalid date %q: want YYYY-MM-DD", e.Text) }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(isoLayout, s)
	if err != nil {
		return NoDate, &DateError{Text: s}
	}
	return DateOf(t), nil
}

// The dates udrul accepts from outside (forms, JSON bodies, files, query
// parameters). A rollout plan has no business before 2000 or after 2100,
// and the bounds keep year 1 (which PostgreSQL's date arithmetic and the
// working-day calendar do not handle) and year 9999 out of the database.
var (
	MinDate = NewDate(2000, time.January, 1)
	MaxDate = NewDate(2100, time.December, 31)
)

// ErrDateRange marks a well-formed date outside MinDate..MaxDate.
var ErrDateRange = errors.New("date out of range")

// ParseInputDate reads YYYY-MM-DD from outside input: the date must exist
// and lie within MinDate..MaxDate. Its errors are Danish sentences that
// quote the value; a date out of range also matches ErrDateRange.
func ParseInputDate(s string) (Date, error) {
	d, err := ParseDate(s)
	if err != nil {
		return NoDate, &dateError{msg: fmt.Sprintf("%q er ikke en dato på formen ÅÅÅÅ-MM-DD", s)}
	}
	if d < MinDate || d > MaxDate {
		return NoDate, &dateError{msg: fmt.Sprintf("%q ligger uden for de tilladte datoer %s–%s", s, MinDate, MaxDate), outOfRange: true}
	}
	return d, nil
}

type dateError struct {
	msg        string
	outOfRange bool
}

func (e *dateError) Error() string        { return e.msg }
func (e *dateError) Is(target error) bool { return e.outOfRange && target == ErrDateRange }

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format(isoLayout) }

// Danish formats the date the way Danish users write it (24.11.2026).
func (d Date) Danish() string { return d.Time().Format("02.01.2006") }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return time.Weekday((int(d)%7 + 7 + 4) % 7) }

// AddDays returns the date n calendar days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths returns the same day n months later, clamped to the month's end.
func (d Date) AddMonths(n int) Date {
	y, m, day := d.Time().Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if day > last {
		day = last
	}
	return NewDate(first.Year(), first.Month(), day)
}

// Year returns the calendar year.
func (d Date) Year() int { return d.Time().Year() }

// MarshalText implements encoding.TextMarshaler (used by JSON).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler. It also reads JSON
// udrul stored itself, so it does not apply ParseInputDate's range; JSON
// request bodies have every date checked against that range before they
// are decoded (internal/web, checkBody).
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores a date as YYYY-MM-DD, which both SQLite (TEXT) and PostgreSQL
// (DATE) accept and which sorts chronologically as text.
func (d Date) Value() (driver.Value, error) { return d.String(), nil }

// Scan accepts the text SQLite returns and the time.Time PostgreSQL returns.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d = DateOf(v)
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	}
	return fmt.Errorf("cannot scan %T into Date", src)
}
