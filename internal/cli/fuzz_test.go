package cli

import (
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/model"
)

// FuzzReadEnrolments feeds enrol CSV files (code,golive,wave) to the
// reader: a list of enrolments with go-live dates in the allowed range, or
// an error naming the line; never a panic.
func FuzzReadEnrolments(f *testing.F) {
	for _, s := range []string{
		"code,golive,wave\n101,2027-03-01,1\n147,2027-05-03,2\n",
		"code,golive,wave\n101,0001-01-01,1\n",
		"code,golive,wave\n101,2027-03-01\n",
		"code;golive;wave\n", "", "code,golive,wave\n\"101\n,x,y\n", "code,golive,wave\n101,2027-03-01,99999999999999999999\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		es, err := readEnrolments("fuzz.csv", strings.NewReader(s))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, e := range es {
			if e.GoLive < model.MinDate || e.GoLive > model.MaxDate {
				t.Fatalf("go-live %s accepted", e.GoLive)
			}
		}
	})
}
