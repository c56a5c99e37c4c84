package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// decodeTarget has a field of every kind a request body holds.
type decodeTarget struct {
	Status  model.Status        `json:"status"`
	State   model.ConflictState `json:"state"`
	Version int                 `json:"version"`
	Small   uint8               `json:"small"`
	Share   float64             `json:"share"`
	Preview bool                `json:"preview"`
	Codes   []string            `json:"codes"`
	GoLive  model.Date          `json:"golive"`
	At      time.Time           `json:"at"`
	Waves   []decodeWave        `json:"waves"`
	Nested  *decodeNested       `json:"nested"`
}

type decodeWave struct {
	Number int        `json:"number"`
	GoLive model.Date `json:"golive"`
}

type decodeNested struct {
	Lag *int `json:"lag"`
}

// goName matches what a Go type name looks like in a message: a package
// qualifier (app.StatusChange, model.Date) or a Go kind (int, []string).
var goName = regexp.MustCompile(`\b[a-z]+\.[A-Z]\w*|\b(int|uint8|float64|bool|string)\b|\[\]|\bjson:|\bGo\b|invalid|cannot`)

func TestDecodeErrorsAreDanishAndNameTheField(t *testing.T) {
	for _, c := range []struct {
		body, field, detail string
	}{
		{`[]`, "", `JSON-kroppen skal være et objekt, men er en liste`},
		{`"fuldfoert"`, "", `JSON-kroppen skal være et objekt, men er tekst`},
		{`{"version":"3"}`, "version", `feltet "version" skal være et helt tal, men er tekst`},
		{`{"version":1.5}`, "version", `feltet "version" skal være et helt tal, men er 1.5`},
		{`{"small":300}`, "small", `feltet "small" skal være et helt tal fra 0 til 255, men er 300`},
		{`{"share":"meget"}`, "share", `feltet "share" skal være et tal, men er tekst`},
		{`{"status":7}`, "status", `feltet "status" skal være tekst, men er et tal`},
		{`{"preview":"ja"}`, "preview", `feltet "preview" skal være true eller false, men er tekst`},
		{`{"codes":"101"}`, "codes", `feltet "codes" skal være en liste, men er tekst`},
		{`{"codes":["101",147]}`, "codes[1]", `feltet "codes[1]" skal være tekst, men er et tal`},
		{`{"golive":"2027-13-01"}`, "golive", `feltet "golive" skal være en dato på formen ÅÅÅÅ-MM-DD, men er "2027-13-01"`},
		{`{"golive":20270301}`, "golive", `feltet "golive" skal være en dato på formen ÅÅÅÅ-MM-DD, men er et tal`},
		{`{"at":"i går"}`, "at", `feltet "at" skal være et tidspunkt på formen ÅÅÅÅ-MM-DDTtt:mm:ssZ, men er "i går"`},
		{`{"waves":[{"number":1,"golive":"2027-03-01"},{"number":"2"}]}`, "waves[1].number", `feltet "waves[1].number" skal være et helt tal, men er tekst`},
		{`{"waves":[{"number":1,"golive":"2027-03-01"},{"number":2,"golive":"1/4/2027"}]}`, "waves[1].golive", `feltet "waves[1].golive" skal være en dato på formen ÅÅÅÅ-MM-DD, men er "1/4/2027"`},
		{`{"nested":{"lag":"to"}}`, "nested.lag", `feltet "nested.lag" skal være et helt tal, men er tekst`},
		{`{"nested":[]}`, "nested", `feltet "nested" skal være et objekt, men er en liste`},
		{`{"state":"tag_standard"}`, "state", `feltet "state" skal være open, keep_local eller take_standard, men er "tag_standard"`},
		{`{"colour":"green"}`, "colour", `ukendt felt "colour"`},
		{`{"waves":[{"number":1,"kind":"pilot"}]}`, "waves[0].kind", `ukendt felt "waves[0].kind"`},
		{`{"version":}`, "", `ugyldig JSON ved byte 12: tegnet '}' var ikke ventet`},
		{`{"version":1`, "", `JSON-kroppen slutter, før den er færdig`},
		{``, "", `forespørgslen har ingen JSON-krop`},
		{`{"version":1}}`, "", `der står mere efter JSON-objektet`},
	} {
		r := httptest.NewRequest(http.MethodPut, "/api/v1/x", strings.NewReader(c.body))
		var v decodeTarget
		err := decodeJSON(httptest.NewRecorder(), r, &v)
		var re *requestError
		if !errors.As(err, &re) {
			t.Errorf("%s: error %v, want a request error", c.body, err)
			continue
		}
		if re.status != http.StatusBadRequest || re.field != c.field || re.msg != c.detail {
			t.Errorf("%s:\n got %d field %q: %s\nwant 400 field %q: %s", c.body, re.status, re.field, re.msg, c.field, c.detail)
		}
		if m := goName.FindString(re.msg); m != "" {
			t.Errorf("%s: message %q names Go's %q", c.body, re.msg, m)
		}
	}
}

// A problem keeps the field of an error wrapped on its way up.
func TestProblemOfWrappedError(t *testing.T) {
	inner := badRequest("version", `feltet "version" skal være et helt tal, men er tekst`)
	p := problemOf(errors.Join(errors.New("context"), inner))
	if p.Status != http.StatusBadRequest || p.Field != "version" || p.Detail != inner.Error() {
		t.Errorf("problem of a wrapped request error: %+v", p)
	}
	fe := app.FieldErrors{{Field: "waves[1].golive", Message: "ikke en arbejdsdag"}, {Field: "hypercare_teams", Message: "mindst 1"}}
	wrapped := fmt.Errorf("saving: %w", &app.Error{Code: app.CodeInvalid, Message: "opsætningen er ikke gemt", Err: fe})
	p = problemOf(wrapped)
	if p.Status != http.StatusUnprocessableEntity || p.Field != "waves[1].golive" || len(p.Errors) != 2 {
		t.Errorf("problem of a wrapped app error: %+v", p)
	}
}
