package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/udrul/udrul/internal/app"
)

// FuzzDecodeJSON feeds request bodies to the JSON layer every API handler
// uses: the text and date check (checkJSONBody) and strict decoding
// (decodeJSON) into two of the API's bodies. Whatever the bytes, the answer
// is success or a 4xx naming what is wrong – never a panic or a 5xx.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"status":"paabegyndt","comment":"godt på vej","version":3}`,
		`{"status":"paabegyndt","comment":"a\u0000b","version":3}`,
		`{"date":"2026-01-05","channel":"moede","participants":"Pia","summary":"x","tasks":[1,2]}`,
		`{"date":"9999-12-31"}`, `{"version":"3"}`, `{"x":1}`, `{} {}`, `[`, ``, `"\ud800"`, `{"comment":"\u0085"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, v := range []any{&app.StatusChange{}, &contactJSON{}} {
			r := httptest.NewRequest(http.MethodPut, "/api/v1/x", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			err := checkJSONBody(r)
			if err == nil {
				err = decodeJSON(w, r, v)
			}
			if err == nil {
				continue
			}
			var re *requestError
			if !errors.As(err, &re) || re.status < 400 || re.status >= 500 || re.msg == "" {
				t.Fatalf("%q: error %T %v is not a 4xx with a message", body, err, err)
			}
		}
	})
}
