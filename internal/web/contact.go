package web

import (
	"fmt"
	"html/template"
	"net/mail"
	"regexp"
	"strings"
)

// Contact is the organisation running this installation, as the
// accessibility statement names it for feedback: its name, e-mail address
// and telephone number (Digitaliseringsstyrelsen's statement asks for
// e-mail and telephone). Set by `serve --contact-org/--contact-email/
// --contact-phone`; empty fields are left out, and without any the
// statement names the installation's administrators.
type Contact struct {
	Organisation, Email, Phone string
}

// Set reports whether any contact detail was given.
func (c Contact) Set() bool { return c.Email != "" || c.Phone != "" }

// PhoneHref is the telephone number as a tel: address (digits and a
// leading plus only, so safe for html/template, which passes no tel: URL
// of its own accord).
func (c Contact) PhoneHref() template.URL {
	var b strings.Builder
	for i, r := range c.Phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return template.URL("tel:" + b.String())
}

var phoneRE = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{5,24}$`)

// WithContact sets the accessibility statement's contact, refusing an
// e-mail address or telephone number that is not one.
func WithContact(c Contact) Option {
	return func(s *Server) error {
		c.Organisation, c.Email, c.Phone = strings.TrimSpace(c.Organisation), strings.TrimSpace(c.Email), strings.TrimSpace(c.Phone)
		if c.Email != "" {
			if a, err := mail.ParseAddress(c.Email); err != nil || a.Name != "" || a.Address != c.Email {
				return fmt.Errorf("--contact-email %q is not an e-mail address", c.Email)
			}
		}
		if c.Phone != "" && !phoneRE.MatchString(c.Phone) {
			return fmt.Errorf("--contact-phone %q is not a telephone number (digits, spaces, a leading +)", c.Phone)
		}
		if c.Organisation != "" && !c.Set() {
			return fmt.Errorf("--contact-org needs --contact-email or --contact-phone")
		}
		s.contact = c
		return nil
	}
}
