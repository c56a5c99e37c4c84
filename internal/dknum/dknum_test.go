package dknum

import (
	"math"
	"testing"
)

func TestInt(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{
		{0, "0"},
		{7, "7"},
		{999, "999"},
		{1000, "1.000"},
		{9999, "9.999"},
		{100000, "100.000"},
		{1234567, "1.234.567"},
		{-1, "-1"},
		{-999, "-999"},
		{-1000, "-1.000"},
		{-1234567, "-1.234.567"},
		{math.MaxInt64, "9.223.372.036.854.775.807"},
		{math.MinInt64, "-9.223.372.036.854.775.808"},
	} {
		if got := Int(c.n); got != c.want {
			t.Errorf("Int(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestDecimal(t *testing.T) {
	for _, c := range []struct {
		x    float64
		prec int
		want string
	}{
		{0, 1, "0"},
		{18.2, 1, "18,2"},
		{18, 1, "18"},
		{999, 2, "999"},
		{1000, 2, "1.000"},
		{1234567.89, 1, "1.234.567,9"},
		{1234.5, 1, "1.234,5"},
		{-1234.5, 1, "-1.234,5"},
		{-0.04, 1, "0"},      // rounds to zero: no "-0"
		{0.04, 1, "0"},       // rounds to zero
		{0.05, 1, "0,1"},     // half away from zero
		{-0.05, 1, "-0,1"},   // half away from zero, negative
		{2.675, 2, "2,68"},   // the written 2.675, not its binary neighbour 2.67499…
		{1.005, 2, "1,01"},   // likewise
		{0.99996, 4, "1"},    // whole after rounding
		{999.96, 1, "1.000"}, // rounding carries into a new thousands group
		{0.25, 4, "0,2500"},  // not whole: all prec decimals, so columns line up
		{12.5, 0, "13"},
		{-12.5, 0, "-13"},
		{3.14159, -1, "3"}, // a negative precision means none
		{math.Inf(1), 1, "+Inf"},
	} {
		if got := Decimal(c.x, c.prec); got != c.want {
			t.Errorf("Decimal(%v, %d) = %q, want %q", c.x, c.prec, got, c.want)
		}
	}
}
