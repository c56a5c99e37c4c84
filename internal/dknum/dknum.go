// Package dknum writes numbers the way Danish readers expect them: a full
// stop between thousands and a decimal comma (1.234.567,8). It is the one
// place udrul formats numbers for people, so pages, messages and file sizes
// cannot drift apart.
package dknum

import (
	"math"
	"strconv"
	"strings"
)

// Int writes n with thousands separators: 1065818 is "1.065.818".
func Int(n int) string {
	return group(strconv.Itoa(n))
}

// Decimal writes x rounded to prec decimals (half away from zero) with
// thousands separators and a decimal comma. A value that is whole after
// rounding is written without decimals ("18", not "18,0"), because the
// trailing zeros only add noise to a figure read on a page; a value that is
// not whole always shows prec decimals, so a column lines up. A value that
// rounds to zero is "0", never "-0".
func Decimal(x float64, prec int) string {
	if prec < 0 {
		prec = 0
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	s := strconv.FormatFloat(roundHalfAway(x, prec), 'f', prec, 64)
	whole, frac, _ := strings.Cut(s, ".")
	if strings.Trim(frac, "0") == "" {
		if whole == "-0" {
			return "0"
		}
		return group(whole)
	}
	return group(whole) + "," + frac
}

// roundHalfAway rounds x to prec decimals, halves away from zero, so 0,125
// with two decimals is 0,13 as a reader rounding by hand expects (FormatFloat
// alone rounds the binary value, which for 0.125 happens to be exact but for
// 2.675 is 2.67499…). Values too large to scale are returned unchanged.
func roundHalfAway(x float64, prec int) float64 {
	p := math.Pow(10, float64(prec))
	if math.IsInf(x*p, 0) {
		return x
	}
	// Shortest decimal representation first, so 2.675 is treated as the
	// 2.675 its writer meant rather than its binary neighbour.
	scaled, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', -1, 64)+"e"+strconv.Itoa(prec), 64)
	if err != nil {
		scaled = x * p
	}
	return math.Round(scaled) / p
}

// group puts a full stop between each group of three digits of a signed
// integer written in decimal digits.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}
