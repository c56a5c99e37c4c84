package web

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// The OpenAPI document is written by hand; these tests keep it true to the
// routes as they change. They read the routes from the route table
// (Routes), so adding a route under /api without documenting it, or
// removing one that is still documented, fails here.

// openapiDoc is the embedded document, decoded.
func openapiDoc(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openapi, &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	return doc
}

var httpMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}

// sourceRoutes returns the "METHOD /path" of every route of the route
// table (Routes) that the OpenAPI document must describe (those under
// /api/ and /healthz), with Go's pattern syntax turned into OpenAPI's.
func sourceRoutes(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, r := range Routes() {
		pattern := r.Pattern
		method, p, hasMethod := strings.Cut(pattern, " ")
		if !hasMethod {
			method, p = "", pattern
		}
		p = strings.TrimSpace(p)
		if !strings.HasPrefix(p, "/api/") && p != "/healthz" {
			continue
		}
		if method == "" {
			// A method-less pattern ending in / is a catch-all (the
			// JSON 404 for unknown /api paths); anything else must
			// name its method to be documented.
			if !strings.HasSuffix(p, "/") {
				t.Errorf("route %q has no method; register it as \"METHOD %s\"", pattern, p)
			}
			continue
		}
		out = append(out, method+" "+openapiPath(p))
	}
	if len(out) == 0 {
		t.Fatal("found no routes in the route table")
	}
	slices.Sort(out)
	return out
}

var wildcard = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}`)

// openapiPath turns a ServeMux path pattern into an OpenAPI path template.
func openapiPath(p string) string {
	p = strings.TrimSuffix(p, "{$}")
	return wildcard.ReplaceAllString(p, "{$1}")
}

// documentedRoutes returns "METHOD /path" of every operation in the document.
func documentedRoutes(t *testing.T, doc map[string]any) []string {
	t.Helper()
	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		t.Fatal("openapi.json has no paths object")
	}
	var out []string
	for p, item := range paths {
		ops, ok := item.(map[string]any)
		if !ok {
			t.Errorf("path %s is not an object", p)
			continue
		}
		for k := range ops {
			if m := strings.ToUpper(k); slices.Contains(httpMethods, m) {
				out = append(out, m+" "+p)
			}
		}
	}
	slices.Sort(out)
	return out
}

func TestOpenAPIVersionAndInfo(t *testing.T) {
	doc := openapiDoc(t)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", v)
	}
	info, _ := doc["info"].(map[string]any)
	if info["title"] == nil || info["version"] == nil {
		t.Errorf("info needs title and version: %v", info)
	}
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := openapiDoc(t)
	src := sourceRoutes(t)
	documented := documentedRoutes(t, doc)
	for _, r := range src {
		if !slices.Contains(documented, r) {
			t.Errorf("route %q is registered in routes.go but not documented in openapi.json", r)
		}
	}
	for _, r := range documented {
		if !slices.Contains(src, r) {
			t.Errorf("operation %q is documented in openapi.json but no such route is registered", r)
		}
	}
}

func TestOpenAPIRefsResolve(t *testing.T) {
	doc := openapiDoc(t)
	n := 0
	walk(doc, "#", func(where string, v map[string]any) {
		r, ok := v["$ref"].(string)
		if !ok {
			return
		}
		n++
		if _, err := resolve(doc, r); err != "" {
			t.Errorf("%s: $ref %q does not resolve: %s", where, r, err)
		}
	})
	if n == 0 {
		t.Error("no $ref found; the document should share its schemas through components")
	}
	// Every component should be used, or it is dead weight that drifts.
	used := map[string]bool{}
	walk(doc, "#", func(_ string, v map[string]any) {
		if r, ok := v["$ref"].(string); ok {
			used[r] = true
		}
	})
	// Security schemes are used by name in security requirements.
	markSchemes := func(v any) {
		for _, req := range asList(v) {
			m, _ := req.(map[string]any)
			for name := range m {
				used["#/components/securitySchemes/"+name] = true
			}
		}
	}
	markSchemes(doc["security"])
	walk(doc["paths"], "#/paths", func(_ string, v map[string]any) { markSchemes(v["security"]) })
	comps, _ := doc["components"].(map[string]any)
	for kind, m := range comps {
		entries, _ := m.(map[string]any)
		for name := range entries {
			if r := "#/components/" + kind + "/" + name; !used[r] {
				t.Errorf("component %s is never referenced", r)
			}
		}
	}
}

func TestOpenAPIOperations(t *testing.T) {
	doc := openapiDoc(t)
	paths := doc["paths"].(map[string]any)
	opIDs := map[string]string{}
	for p, item := range paths {
		pi := item.(map[string]any)
		for k, o := range pi {
			m := strings.ToUpper(k)
			if !slices.Contains(httpMethods, m) {
				continue
			}
			where := m + " " + p
			op := o.(map[string]any)
			id, _ := op["operationId"].(string)
			if id == "" {
				t.Errorf("%s has no operationId", where)
			} else if prev, dup := opIDs[id]; dup {
				t.Errorf("%s and %s share operationId %q", prev, where, id)
			} else {
				opIDs[id] = where
			}

			// Every path parameter in the template is declared, and every
			// declared path parameter is in the template.
			declared := map[string]bool{}
			params := append(asList(pi["parameters"]), asList(op["parameters"])...)
			for _, pr := range params {
				pm := deref(t, doc, pr)
				if pm["in"] == "path" {
					declared[pm["name"].(string)] = true
					if pm["required"] != true {
						t.Errorf("%s: path parameter %v must be required", where, pm["name"])
					}
				}
			}
			inTemplate := map[string]bool{}
			for _, sm := range wildcard.FindAllStringSubmatch(p, -1) {
				inTemplate[sm[1]] = true
				if !declared[sm[1]] {
					t.Errorf("%s: path parameter {%s} is not declared", where, sm[1])
				}
			}
			for name := range declared {
				if !inTemplate[name] {
					t.Errorf("%s: declares path parameter %q that is not in the path", where, name)
				}
			}

			// Responses: at least one success; under /api/v1 every error
			// is a problem document (except the cross-origin refusal,
			// which net/http writes as text).
			responses, _ := op["responses"].(map[string]any)
			ok2xx := false
			for code, r := range responses {
				if strings.HasPrefix(code, "2") {
					ok2xx = true
					continue
				}
				if !strings.HasPrefix(p, "/api/v1/") || code == "403" {
					continue
				}
				resp := deref(t, doc, r)
				content, _ := resp["content"].(map[string]any)
				if _, ok := content["application/problem+json"]; !ok || len(content) != 1 {
					t.Errorf("%s: response %s should be application/problem+json only, has %v", where, code, keys(content))
				}
				// One error shape: every problem is the shared Problem schema.
				media, _ := content["application/problem+json"].(map[string]any)
				schema, _ := media["schema"].(map[string]any)
				if ref, _ := schema["$ref"].(string); ref != "#/components/schemas/Problem" {
					t.Errorf("%s: response %s's problem schema is %v, want $ref #/components/schemas/Problem", where, code, schema)
				}
			}
			if !ok2xx {
				t.Errorf("%s: no 2xx response", where)
			}
			if _, ok := responses["403"]; !ok && strings.HasPrefix(p, "/api/v1/") && m != "GET" {
				t.Errorf("%s: state-changing operation should document 403 (cross-origin protection)", where)
			}
			if _, ok := responses["500"]; !ok && strings.HasPrefix(p, "/api/v1/") {
				t.Errorf("%s: no 500 response", where)
			}
		}
	}
}

// TestOpenAPIAsofDocumented checks that every API handler that reads the
// asof query parameter documents it: a handler reads it if its body calls
// s.asof. Handlers are matched to routes through their rt.handle calls.
func TestOpenAPIAsofDocumented(t *testing.T) {
	doc := openapiDoc(t)
	fset := token.NewFileSet()
	readsAsof := map[string]bool{} // handler method name → calls s.asof
	files, _ := filepath.Glob("*.go")
	handlerOf := map[string]string{} // "METHOD /path" → handler method name
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if ok && sel.Sel.Name == "asof" {
					readsAsof[fn.Name.Name] = true
				}
				if ok && sel.Sel.Name == "handle" && len(call.Args) == 3 { // rt.handle(pattern, rule, handler)
					lit, ok1 := call.Args[0].(*ast.BasicLit)
					wrap, ok2 := call.Args[2].(*ast.CallExpr)
					if ok1 && ok2 && len(wrap.Args) == 1 {
						if h, ok := wrap.Args[0].(*ast.SelectorExpr); ok {
							pattern, _ := strconv.Unquote(lit.Value)
							if m, p, ok := strings.Cut(pattern, " "); ok && strings.HasPrefix(p, "/api/") {
								handlerOf[m+" "+openapiPath(p)] = h.Sel.Name
							}
						}
					}
				}
				return true
			})
		}
	}
	if len(handlerOf) == 0 {
		t.Fatal("found no API handlers in the source")
	}
	paths := doc["paths"].(map[string]any)
	for route, h := range handlerOf {
		m, p, _ := strings.Cut(route, " ")
		item, ok := paths[p].(map[string]any)
		if !ok {
			continue // reported by TestOpenAPIDocumentsEveryRoute
		}
		op, ok := item[strings.ToLower(m)].(map[string]any)
		if !ok {
			continue
		}
		has := false
		for _, pr := range append(asList(item["parameters"]), asList(op["parameters"])...) {
			pm := deref(t, doc, pr)
			if pm["name"] == "asof" && pm["in"] == "query" {
				has = true
				schema, _ := pm["schema"].(map[string]any)
				if schema["format"] != "date" {
					t.Errorf("%s: asof should have format date", route)
				}
			}
		}
		if has != readsAsof[h] {
			t.Errorf("%s (handler %s): reads asof = %v, documents asof = %v", route, h, readsAsof[h], has)
		}
		if readsAsof[h] {
			if _, ok := op["responses"].(map[string]any)["400"]; !ok {
				t.Errorf("%s reads asof but documents no 400", route)
			}
		}
	}
}

func TestOpenAPIPathHelper(t *testing.T) {
	for in, want := range map[string]string{
		"/api/v1/tasks/{id}":             "/api/v1/tasks/{id}",
		"/api/v1/files/{rest...}":        "/api/v1/files/{rest}",
		"/api/v1/{$}":                    "/api/v1/",
		"/api/v1/programmes/{key}/x/{c}": "/api/v1/programmes/{key}/x/{c}",
	} {
		if got := openapiPath(in); got != want {
			t.Errorf("openapiPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// walk calls fn on every object in v, depth first, with a JSON pointer to it.
func walk(v any, where string, fn func(string, map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		fn(where, x)
		for k, c := range x {
			walk(c, where+"/"+escapePointer(k), fn)
		}
	case []any:
		for i, c := range x {
			walk(c, where+"/"+strconv.Itoa(i), fn)
		}
	}
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// resolve follows a local JSON pointer reference ("#/a/b"); it returns a
// non-empty reason when it cannot.
func resolve(doc map[string]any, ref string) (any, string) {
	if !strings.HasPrefix(ref, "#/") {
		return nil, "only local references (#/...) are used in this document"
	}
	var cur any = doc
	for _, tok := range strings.Split(ref[2:], "/") {
		tok, err := url.PathUnescape(tok)
		if err != nil {
			return nil, err.Error()
		}
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := cur.(type) {
		case map[string]any:
			next, ok := c[tok]
			if !ok {
				return nil, "no member " + strconv.Quote(tok)
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, "no element " + strconv.Quote(tok)
			}
			cur = c[i]
		default:
			return nil, "cannot descend into a " + strconv.Quote(tok)
		}
	}
	return cur, ""
}

// deref returns the object v, following a $ref if it is one.
func deref(t *testing.T, doc map[string]any, v any) map[string]any {
	t.Helper()
	m, _ := v.(map[string]any)
	for range 10 {
		r, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		target, err := resolve(doc, r)
		if err != "" {
			t.Fatalf("$ref %q: %s", r, err)
		}
		m, _ = target.(map[string]any)
	}
	t.Fatalf("$ref chain too long at %v", m)
	return nil
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestOpenAPIIsValid checks the document against the OpenAPI 3.1 rules
// (kin-openapi's loader and validator, which also resolve every $ref); the
// endpoint tests in internal/cli check real responses against it.
func TestOpenAPIIsValid(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openapi)
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not valid: %v", err)
	}
}
