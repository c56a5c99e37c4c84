package cli

import (
	"flag"

	"github.com/udrul/udrul/internal/web"
)

// addContactFlags reads the accessibility statement's contact: the
// organisation running udrul, its e-mail address and telephone number.
func addContactFlags(fs *flag.FlagSet, getenv func(string) string) *web.Contact {
	c := &web.Contact{}
	fs.StringVar(&c.Organisation, "contact-org", getenv("UDRUL_CONTACT_ORG"), "the organisation running udrul, named in the accessibility statement (/tilgaengelighed)")
	fs.StringVar(&c.Email, "contact-email", getenv("UDRUL_CONTACT_EMAIL"), "e-mail address for feedback on accessibility, in the accessibility statement")
	fs.StringVar(&c.Phone, "contact-phone", getenv("UDRUL_CONTACT_PHONE"), "telephone number for feedback on accessibility, in the accessibility statement (e.g. +45 33 12 34 56)")
	return c
}
