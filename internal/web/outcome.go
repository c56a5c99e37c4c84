package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/app"
)

// The outcome of a form. A confirmation travels in the address after the
// redirect (post/redirect/get) as a code from notices and, for some,
// whole numbers (?gemt=code&n=…): never as text, so that a link cannot put
// words of its own in a message under the site's name. A refusal does not
// travel at all: the page the form came from is shown again at once, with
// the refusal's message and status (nothing was written, so showing it
// again is safe).

// notices are the confirmations, by code; %d verbs take the n= numbers.
var notices = map[string]string{
	// the municipality's own plan (plan_forms.go)
	"oprettet":  "Opgaven er oprettet.",
	"rettet":    "Opgaven er rettet.",
	"status":    "Status er gemt.",
	"slettet":   "Opgaven er slettet fra planen (basisplaner beholder den).",
	"flyttet":   "Opgavens datoer er flyttet lokalt.",
	"standard":  "Opgaven er tilbage på standardens datoer.",
	"basisplan": "Basisplanen er gemt.",
	"behold":    "Konflikten er løst: kommunens egne datoer er beholdt.",
	"tag":       "Konflikten er løst: standardens nye datoer er taget.",
	"stoppet":   "Kalenderabonnementet er stoppet; adressen virker ikke længere.",
	// readiness surveys (readiness.go)
	"parathed-graense":      "Anonymitetsgrænsen er gemt.",
	"risiko-registreret":    "Risikoen er registreret.",
	"risiko-gemt":           "Risikoen er gemt.",
	"gevinst-registreret":   "Gevinsten er registreret.",
	"gevinst-gemt":          "Gevinsten er gemt.",
	"gevinst-maaling":       "Eftermålingen er registreret.",
	"gevinst-vision":        "Visionen er gemt.",
	"gevinst-frist":         "Fristen for eftermålinger er forlænget.",
	"person-registreret":    "Personen er registreret med sin rolle.",
	"person-gemt":           "Personen er gemt.",
	"rolle-tilfoejet":       "Rollen er tilføjet.",
	"rolle-fjernet":         "Rollen er fjernet.",
	"institution-golive":    "Institutionens go-live er gemt, og dens opgaver har fået nye datoer.",
	"institution-kommunens": "Institutionen følger igen kommunens go-live, og dens opgaver har fået nye datoer.",
	"kursus-oprettet":       "Kurset er oprettet.",
	"kursusgang-oprettet":   "Kursusgangen er oprettet.",
	"kursusgang-aendret":    "Kursusgangen er ændret. Deltagere med en e-mailadresse får besked, hvis dato, sted eller form er ændret.",
	"kursusgang-aflyst":     "Kursusgangen er aflyst. Deltagere med en e-mailadresse får besked.",
	"resultat-gemt":         "Fremmøde og prøveresultat er gemt.",
	"evaluering-gemt":       "Evalueringen er registreret.",
	"tilmeldt":              "Personen er tilmeldt kursusgangen.",
	"afmeldt":               "Personen er afmeldt kursusgangen.",
	"tilkoeb-oprettet":      "Tilkøbet er oprettet i kataloget.",
	"tilkoeb-gemt":          "Tilkøbet er gemt.",
	"tilkoeb-opgave":        "Opgaven er tilføjet tilkøbet.",
	"tilkoeb-aftale":        "Den uddannelsesansvarlige er gemt.",
	"tilkoeb-bestilt":       "Tilkøbet er bestilt, og dets opgaver er lagt i planen.",
	"tilkoeb-afbestilt":     "Tilkøbet er afbestilt; dets opgaver er trukket tilbage fra planen.",
	"afklaret":              "%d opgaver fra før tilmeldingen er afklaret.",
	"parathed-gruppe":       "Brugergruppen er oprettet.",
	"parathed-runde":        "Runden er oprettet.",
	"parathed-link-tilbage": "Linket er trukket tilbage.",
	"parathed-lukket":       "Runden er lukket med nok svar; opgaven i planen er fuldført.",
	"parathed-lukket-faa":   "Runden er lukket, men med færre svar end anonymitetsgrænsen, så den tæller ikke som gennemført.",
	// users, accounts and settings
	"bruger-oprettet":      "Brugeren er oprettet.",
	"bruger-gemt":          "Ændringerne er gemt.",
	"nulstillet":           "Adgangskoden er nulstillet. Brugeren er logget ud alle steder, og brugerens API-nøgler er tilbagekaldt.",
	"noegle-tilbagekaldt":  "Nøglen er tilbagekaldt.",
	"indstillinger":        "Indstillingerne er gemt.",
	"organisation-login":   "Organisationens login er gemt.",
	"kode-noegler-tilbage": "Din adgangskode er ændret, og du er logget ud alle andre steder. Dine API-nøgler er tilbagekaldt.",
	"kode-noegler-beholdt": "Din adgangskode er ændret, og du er logget ud alle andre steder. Dine API-nøgler virker fortsat.",
	"abonnement-stoppet":   "Dit kalenderabonnement er stoppet; adressen virker ikke længere.",
	"varsler":              "Dine valg er gemt.",
	"mail-igen":            "Mailen sendes igen ved næste forsøg.",
	"katalog-udgivet":      "Version %d er udgivet: %d ændrede opgaver i %d kommuners planer.",
	"katalog-uaendret":     "Filen er magen til det udgivne katalog; der er ikke lavet en ny version.",
	"koersel-annulleret":   "Kørslen er annulleret; intet er ændret.",
	"ansvarlig":            "Opfølgningsansvarlig er gemt.",
	"udsat":                "Punktet er udsat.",
	"vaekket":              "Punktet er tilbage på listen.",
	"kontakt":              "Kontakten er logget.",
	"beslutning":           "Beslutningen er registreret.",
	"team":                 "Teamet er oprettet.",
	"deltager":             "Deltageren er tilføjet.",
	"tildelt":              "Kommunerne er tildelt teamet.",
	"erfaringer":           "Erfaringerne er gemt.",
	"haendelse":            "Hændelsen er logget.",
	"haendelse-opdateret":  "Hændelsen er opdateret.",
	"boelge-kommentar":     "Kommentaren er gemt.",
	"opsaetning":           "Opsætningen er gemt.",
	"opsaetning-modstrid":  "Opsætningen er gemt. Den har %d modstridende betingelser; se listen øverst.",
	"udkast":               "Udkast %d er beregnet med startværdi %d.",
	"udkast-kopi":          "Udkast %d er oprettet som kopi af version %d.",
	"kommuner-flyttet":     "%d kommune(r) flyttet.",
	"laast":                "Låst.",
	"laast-op":             "Låst op.",
	"genberegnet":          "Genberegnet: %d kommuner skiftede bølge.",
	"meldt-ud":             "Version %d er meldt ud til %d kommuner og er i høring: %d mails i kø til projektledere; %d kommuner har ingen projektleder, der modtager mail, og må have besked på anden vis.",
	"endelig":              "Version %d er endelig: %d kommuner tilmeldt, %d flyttet til ny go-live eller bølge, %d uændret. %d mails til projektledere er i kø; %d kommuner har ingen projektleder, der modtager mail.",
}

// ok is a confirmation to send with a redirect: a code of notices and its
// numbers.
type ok struct {
	code string
	nums []int
}

func okMsg(code string, nums ...int) ok { return ok{code, nums} }

// withOK adds the confirmation to target (before any #fragment).
func withOK(target string, o ok) string {
	if o.code == "" {
		return target
	}
	q := url.Values{"gemt": {o.code}}
	for _, n := range o.nums {
		q.Add("n", strconv.Itoa(n))
	}
	path, fragment, _ := strings.Cut(target, "#")
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	path += sep + q.Encode()
	if fragment != "" {
		path += "#" + fragment
	}
	return path
}

// notice is the confirmation the address asks for: the text of its code
// with its numbers, or "" for an unknown code or numbers that do not fit.
func notice(r *http.Request) string {
	q := r.URL.Query()
	format, known := notices[q.Get("gemt")]
	if !known {
		return ""
	}
	ns := q["n"]
	if strings.Count(format, "%d") != len(ns) {
		return ""
	}
	args := make([]any, len(ns))
	for i, v := range ns {
		n, err := strconv.Atoi(v)
		if err != nil {
			return ""
		}
		args[i] = n
	}
	return fmt.Sprintf(format, args...)
}

type refusalKey struct{}

// refusedMessage is the message of a refused form that a page shown again
// by showRefused puts in its red alert; "" otherwise.
func refusedMessage(r *http.Request) string {
	msg, _ := r.Context().Value(refusalKey{}).(string)
	return msg
}

// back finishes a form: on success a redirect to target with the
// confirmation; on a refusal the page at target at once, with the refusal's
// message and status. Internal errors become the error page.
func (s *Server) back(w http.ResponseWriter, r *http.Request, target string, err error, o ok) error {
	if err != nil {
		if _, bad := err.(*requestError); !bad && app.ErrorCode(err) == app.CodeInternal {
			return err
		}
		return s.showRefused(w, r, target, err)
	}
	http.Redirect(w, r, withOK(target, o), http.StatusSeeOther)
	return nil
}

// showRefused serves GET target – through the same access rules as any
// request – in place of the form's redirect, with err's message for the
// page's alert and err's status.
func (s *Server) showRefused(w http.ResponseWriter, r *http.Request, target string, err error) error {
	u, perr := url.Parse(safeNext(target))
	if perr != nil {
		return err
	}
	p := problemOf(err)
	get := r.Clone(context.WithValue(r.Context(), refusalKey{}, capitalise(strings.TrimSuffix(p.Detail, "."))+"."))
	get.Method, get.URL, get.RequestURI = http.MethodGet, u, u.RequestURI()
	get.Body, get.ContentLength, get.Form, get.PostForm, get.MultipartForm = http.NoBody, 0, nil, nil, nil
	get.Header = r.Header.Clone()
	get.Header.Del("Content-Type")
	s.mux.ServeHTTP(&statusWriter{ResponseWriter: w, status: p.Status}, get) // each route checks its own rule
	return nil
}

// statusWriter answers with status where the page would answer 200.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote && code == http.StatusOK {
		code = w.status
	}
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// invalidForm is a refusal of what a form says (422), as the app's own.
func invalidForm(msg string) error { return &app.Error{Code: app.CodeInvalid, Message: msg} }

// postedForm is a refused form's values, to show them again.
func postedForm(r *http.Request) map[string]string {
	in := map[string]string{}
	for k := range r.PostForm {
		in[k] = r.PostForm.Get(k)
	}
	return in
}

// formDone finishes a form of a page that lists and edits one register:
// accepted, back to dest with o's confirmation; refused, the page again
// through page with the refusal's status, the error at its field, the
// form's name under "Form" and what was typed under that name.
func (s *Server) formDone(w http.ResponseWriter, r *http.Request, err error, o ok, dest, form string, page func(status int, data map[string]any) error) error {
	if err == nil {
		return s.back(w, r, dest, nil, o)
	}
	status, fe, fatal := refusal(err)
	if fatal != nil {
		return fatal
	}
	return page(status, map[string]any{"E": fe, "Form": form, form: postedForm(r)})
}
