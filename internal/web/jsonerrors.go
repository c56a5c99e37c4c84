package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// decodeError turns an error from decoding a JSON request body into a 400
// problem in Danish that names the field at fault, as a path into the
// document (waves[2].golive), and the kind of value it must be. Go's own
// messages are in English and name Go types (app.StatusChange); none of
// that may reach a client.
func decodeError(body []byte, err error) error {
	var (
		se *json.SyntaxError
		te *json.UnmarshalTypeError
		de *model.DateError
		pe *time.ParseError
		ne *model.NameError
	)
	switch {
	case errors.Is(err, io.EOF):
		return badRequest("", "forespørgslen har ingen JSON-krop")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("", "JSON-kroppen slutter, før den er færdig")
	case errors.As(err, &se):
		msg := fmt.Sprintf("ugyldig JSON ved byte %d", se.Offset)
		if i := se.Offset - 1; i >= 0 && i < int64(len(body)) {
			msg += fmt.Sprintf(": tegnet %q var ikke ventet", body[i])
		}
		return badRequest("", msg)
	case errors.As(err, &te):
		field, ok := jsonPathAt(body, te.Offset)
		if !ok {
			field = te.Field
		}
		return badRequest(field, typeMessage(field, te))
	case errors.As(err, &de):
		field := jsonPathOfString(body, de.Text)
		return badRequest(field, fmt.Sprintf("%s skal være %s, men er %q", subject(field), kindDate, de.Text))
	case errors.As(err, &ne):
		field := jsonPathOfString(body, ne.Text)
		return badRequest(field, fmt.Sprintf("%s skal være %s, men er %q", subject(field), orList(ne.Names), ne.Text))
	case errors.As(err, &pe):
		field := jsonPathOfString(body, pe.Value)
		return badRequest(field, fmt.Sprintf("%s skal være %s, men er %q", subject(field), kindTime, pe.Value))
	}
	// encoding/json has no type for an unknown field, only this text.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		field := jsonPathOfKey(body, name)
		return badRequest(field, fmt.Sprintf("ukendt felt %q", field))
	}
	return badRequest("", "JSON-kroppen kan ikke læses")
}

const (
	kindDate = "en dato på formen ÅÅÅÅ-MM-DD"
	kindTime = "et tidspunkt på formen ÅÅÅÅ-MM-DDTtt:mm:ssZ"
)

var (
	dateType = reflect.TypeFor[model.Date]()
	timeType = reflect.TypeFor[time.Time]()
)

// orList names the choices in a sentence: "a, b eller c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " eller " + names[len(names)-1]
}

// subject names the field in a sentence; the empty path is the whole body.
func subject(field string) string {
	if field == "" {
		return "JSON-kroppen"
	}
	return fmt.Sprintf("feltet %q", field)
}

// typeMessage says what te's field must be and what it is.
func typeMessage(field string, te *json.UnmarshalTypeError) string {
	want := expectedKind(te.Type)
	got, number := strings.CutPrefix(te.Value, "number ")
	switch {
	case number && isInteger(te.Type) && strings.ContainsAny(got, ".eE"):
		return fmt.Sprintf("%s skal være %s, men er %s", subject(field), want, got)
	case number && isInteger(te.Type):
		lo, hi := integerRange(te.Type)
		return fmt.Sprintf("%s skal være et helt tal fra %s til %s, men er %s", subject(field), lo, hi, got)
	}
	return fmt.Sprintf("%s skal være %s, men er %s", subject(field), want, jsonKind(te.Value))
}

// expectedKind names, for users, the JSON value a Go type is read from.
func expectedKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case dateType:
		return kindDate
	case timeType:
		return kindTime
	}
	switch {
	case isInteger(t):
		return "et helt tal"
	}
	switch t.Kind() {
	case reflect.String:
		return "tekst"
	case reflect.Float32, reflect.Float64:
		return "et tal"
	case reflect.Bool:
		return "true eller false"
	case reflect.Slice, reflect.Array:
		return "en liste"
	case reflect.Struct, reflect.Map:
		return "et objekt"
	}
	return "en anden slags værdi"
}

// jsonKind names the kind of JSON value encoding/json reports ("string",
// "number", "bool", "array", "object").
func jsonKind(v string) string {
	switch {
	case v == "string":
		return "tekst"
	case strings.HasPrefix(v, "number"):
		return "et tal"
	case v == "bool":
		return "true eller false"
	case v == "array":
		return "en liste"
	case v == "object":
		return "et objekt"
	}
	return v
}

func isInteger(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == dateType {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// integerRange is the smallest and largest value of an integer type.
func integerRange(t reflect.Type) (string, string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	bits := t.Bits()
	switch t.Kind() {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "0", strconv.FormatUint(1<<bits-1, 10)
	}
	return strconv.FormatInt(-1<<(bits-1), 10), strconv.FormatInt(1<<(bits-1)-1, 10)
}

// walkJSON visits every token of a JSON document with the path of the value
// it belongs to (waves[2].golive; "" for the document itself) and the offset
// just after it, until visit returns true. Object keys are visited too, with
// key set. A document that does not tokenize ends the walk where it breaks.
func walkJSON(body []byte, visit func(path string, tok json.Token, key bool, end int64) bool) {
	type frame struct {
		array bool
		index int
		key   string
	}
	var stack []frame
	expectKey := func() bool { return len(stack) > 0 && !stack[len(stack)-1].array && stack[len(stack)-1].key == "" }
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.array {
				fmt.Fprintf(&b, "[%d]", f.index)
			} else if f.key != "" {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			}
		}
		return b.String()
	}
	// done moves the enclosing container past a finished value.
	done := func() {
		if len(stack) == 0 {
			return
		}
		if f := &stack[len(stack)-1]; f.array {
			f.index++
		} else {
			f.key = ""
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		end := dec.InputOffset()
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if visit(path(), tok, false, end) {
				return
			}
			stack = append(stack, frame{array: tok == json.Delim('[')})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			done()
		default:
			if expectKey() {
				k, _ := tok.(string)
				stack[len(stack)-1].key = k
				if visit(path(), tok, true, end) {
					return
				}
				continue
			}
			if visit(path(), tok, false, end) {
				return
			}
			done()
		}
	}
}

// jsonPathAt is the path of the value that ends at offset (for an object or
// a list: whose opening bracket does), where encoding/json reports a value
// of the wrong kind.
func jsonPathAt(body []byte, offset int64) (string, bool) {
	var at string
	found := false
	walkJSON(body, func(path string, _ json.Token, key bool, end int64) bool {
		if !key && end >= offset {
			at, found = path, true
			return true
		}
		return false
	})
	return at, found
}

// jsonPathOfString is the path of the first string value equal to s: the
// value a type's own parser (a date's) refused, which encoding/json reports
// without its place. Values are decoded in document order, so the first
// equal text is the refused one unless an earlier field of another kind
// holds the very same text.
func jsonPathOfString(body []byte, s string) string {
	var at string
	walkJSON(body, func(path string, tok json.Token, key bool, _ int64) bool {
		if v, ok := tok.(string); ok && !key && v == s {
			at = path
			return true
		}
		return false
	})
	return at
}

// jsonPathOfKey is the path of the first member named name (the unknown
// field encoding/json names without its place), or name itself.
func jsonPathOfKey(body []byte, name string) string {
	at := name
	walkJSON(body, func(path string, tok json.Token, key bool, _ int64) bool {
		if v, ok := tok.(string); ok && key && v == name {
			at = path
			return true
		}
		return false
	})
	return at
}
