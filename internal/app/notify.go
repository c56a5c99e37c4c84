package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/notify"
	"github.com/udrul/udrul/internal/store"
)

// NotifyConfig holds the e-mail settings the use cases need.
type NotifyConfig struct {
	// BaseURL is where udrul is reached (https://udrul.example), for links
	// in mail; without it mail carries no links.
	BaseURL string
	// DigestHour is the hour (Danish time, 1–23) from which the day's digests
	// are made; 0 means the default, 6.
	DigestHour int
}

// SetNotifyConfig sets the e-mail settings; call it before serving.
func (a *NotifyService) SetNotifyConfig(c NotifyConfig) {
	if c.DigestHour <= 0 || c.DigestHour > 23 {
		c.DigestHour = 6
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	a.notifyCfg = c
}

// Preference is how often a person wants e-mail.
type Preference string

const (
	Immediately Preference = "straks"    // publications at once, colour changes in a daily digest
	Daily       Preference = "dagligt"   // one daily digest with everything
	Weekly      Preference = "ugentligt" // one weekly digest (Mondays) with everything
	Never       Preference = "aldrig"    // no mail
)

// Preferences lists the preferences.
var Preferences = []Preference{Immediately, Daily, Weekly, Never}

// Valid reports whether p is known.
func (p Preference) Valid() bool { return slices.Contains(Preferences, p) }

// Label is the Danish description shown to users.
func (p Preference) Label() string {
	switch p {
	case Immediately:
		return "Straks (udgivelser med det samme, gule og røde opgaver dagligt)"
	case Daily:
		return "Dagligt sammendrag"
	case Weekly:
		return "Ugentligt sammendrag (mandag)"
	case Never:
		return "Ingen mails"
	}
	return string(p)
}

// Digest kinds.
const (
	DigestDaily  = "dagligt"
	DigestWeekly = "ugentligt"
)

// Outbox message kinds.
const (
	KindPublication = "udgivelse"
	KindDigest      = "sammendrag"
)

func invalidField(field, format string, args ...any) *Error {
	return &Error{Code: CodeInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// DefaultPreference is the preference of a user who has chosen none:
// municipal project leads get mail at once (seed 003 §6.1: the project lead
// is told by e-mail when tasks are published), everyone else none until
// they ask for it.
func DefaultPreference(role string) Preference {
	if access.Role(role) == access.ProjectLead {
		return Immediately
	}
	return Never
}

// NotifySettings is a user's e-mail setting.
type NotifySettings struct {
	UserID           int64      `json:"user_id"`
	Email            string     `json:"email"`
	Name             string     `json:"name"`
	Role             string     `json:"role"`
	OrganisationKind string     `json:"organisation_kind"`
	Organisation     string     `json:"organisation"`
	OrganisationName string     `json:"organisation_name"`
	Active           bool       `json:"active"`
	Preference       Preference `json:"preference"`
	Default          bool       `json:"default"`    // the role's default; the user has chosen nothing
	Programmes       []string   `json:"programmes"` // programme keys; empty: every programme
	Version          int        `json:"version"`    // 0 while Default
	UpdatedAt        time.Time  `json:"updated_at,omitzero"`
	UpdatedBy        string     `json:"updated_by,omitempty"`
}

// NotifyInput changes a user's e-mail setting. Version is the setting's
// version the change is based on (0 for a user still on the default).
type NotifyInput struct {
	Preference Preference `json:"preference"`
	Programmes []string   `json:"programmes"`
	Version    int        `json:"version"`
}

// preference is the preference that applies to r.
func preference(r store.Recipient) Preference {
	if r.Preference == "" {
		return DefaultPreference(r.Role)
	}
	return Preference(r.Preference)
}

func settingsOf(r store.Recipient, keys map[int64]string) NotifySettings {
	v := NotifySettings{UserID: r.ID, Email: r.Email, Name: r.Name, Role: r.Role, OrganisationKind: string(r.Org.Kind),
		Organisation: r.Org.Code, OrganisationName: r.Org.Name, Active: r.Active, Preference: preference(r),
		Default: r.Preference == "", Programmes: []string{}, Version: r.PrefVersion, UpdatedAt: r.PrefUpdated, UpdatedBy: r.PrefBy}
	for _, id := range r.ProgrammeIDs {
		v.Programmes = append(v.Programmes, keys[id])
	}
	return v
}

func programmeKeys(ps []catalogue.Programme) map[int64]string {
	out := make(map[int64]string, len(ps))
	for _, p := range ps {
		out[p.ID] = p.Key
	}
	return out
}

// NotifyRecipients lists every user's e-mail setting (for administrators).
func (a *NotifyService) NotifyRecipients(ctx context.Context) ([]NotifySettings, error) {
	out := []NotifySettings{}
	err := a.read(ctx, func(tx *store.Tx) error {
		rs, err := tx.Recipients(ctx)
		if err != nil {
			return err
		}
		ps, err := tx.Programmes(ctx)
		if err != nil {
			return err
		}
		keys := programmeKeys(ps)
		for _, r := range rs {
			out = append(out, settingsOf(r, keys))
		}
		return nil
	})
	return out, err
}

// NotifySettingsOf returns a user's e-mail setting.
func (a *NotifyService) NotifySettingsOf(ctx context.Context, userID int64) (NotifySettings, error) {
	var v NotifySettings
	err := a.read(ctx, func(tx *store.Tx) error {
		r, err := tx.RecipientByID(ctx, userID)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("bruger %d findes ikke", userID)
		} else if err != nil {
			return err
		}
		ps, err := tx.Programmes(ctx)
		if err != nil {
			return err
		}
		v = settingsOf(r, programmeKeys(ps))
		return nil
	})
	return v, err
}

// SetNotifySettings changes a user's e-mail setting: users change their
// own, administrators anyone's. by nil is the system (CLI, demo).
func (a *NotifyService) SetNotifySettings(ctx context.Context, by *Identity, userID int64, in NotifyInput) (NotifySettings, error) {
	if err := allow(by, func(s access.Subject) bool { return access.ChangeUserSettings(s, userID) }, access.RefuseUserSettings); err != nil {
		return NotifySettings{}, err
	}
	if !in.Preference.Valid() {
		return NotifySettings{}, invalidField("preference", "ukendt valg %q: brug straks, dagligt, ugentligt eller aldrig", in.Preference)
	}
	if in.Version < 0 {
		return NotifySettings{}, invalidField("version", "version kan ikke være negativ")
	}
	var v NotifySettings
	err := a.write(ctx, func(tx *store.Tx) error {
		r, err := tx.RecipientByID(ctx, userID)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("bruger %d findes ikke", userID)
		} else if err != nil {
			return err
		}
		ps, err := tx.Programmes(ctx)
		if err != nil {
			return err
		}
		var ids []int64
		for i, key := range in.Programmes {
			found := false
			for _, p := range ps {
				if p.Key == key {
					found = true
					if !slices.Contains(ids, p.ID) {
						ids = append(ids, p.ID)
					}
				}
			}
			if !found {
				return invalidField(fmt.Sprintf("programmes[%d]", i), "programmet %q findes ikke", key)
			}
		}
		if in.Version != r.PrefVersion {
			return &Error{Code: CodeConflict, Field: "version", Message: fmt.Sprintf(
				"mailvalgene er ændret siden du hentede dem (version %d, du sendte %d); hent dem igen", r.PrefVersion, in.Version)}
		}
		if _, err := tx.SavePreference(ctx, userID, string(in.Preference), ids, in.Version, actorOf(by)); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return &Error{Code: CodeConflict, Field: "version", Message: "mailvalgene er ændret af en anden i samme øjeblik; hent dem igen", Err: err}
			}
			return err
		}
		saved, err := tx.RecipientByID(ctx, userID)
		if err != nil {
			return err
		}
		v = settingsOf(saved, programmeKeys(ps))
		return nil
	})
	return v, err
}

// inScope reports whether a recipient hears about a programme.
func inScope(r store.Recipient, programmeID int64) bool {
	return len(r.ProgrammeIDs) == 0 || slices.Contains(r.ProgrammeIDs, programmeID)
}

// central reports whether r works centrally (KOMBIT, the supplier): they
// get a summary per municipality rather than a municipality's tasks.
func central(r store.Recipient) bool {
	return r.Org.Kind == model.OrgCentral || r.Org.Kind == model.OrgSupplier
}

// municipalityOf is the municipality whose plans r hears about: their own
// organisation, or an institution's municipality; 0 for central users.
func municipalityOf(r store.Recipient) int64 {
	switch r.Org.Kind {
	case model.OrgMunicipality:
		return r.Org.ID
	case model.OrgInstitution:
		return r.Org.ParentID
	}
	return 0
}

func notifyRecipient(r store.Recipient) notify.Recipient {
	return notify.Recipient{Name: r.Name, Role: access.Role(r.Role).Label(), Organisation: r.Org.Name, Preference: string(preference(r))}
}

// queuePublication is called by Publish inside its transaction: every active
// recipient of a municipality whose plan the version changed gets the news,
// in one message listing what changed for them (straks) or in their next
// digest (dagligt, ugentligt). Writing it in the publication's transaction
// means a publication is never without its notifications, nor the other
// way round; sending happens later and cannot hold the publication up.
func (a *NotifyService) queuePublication(ctx context.Context, tx *store.Tx, prog catalogue.Programme, v *catalogue.Version) error {
	rs, err := tx.ActiveRecipients(ctx)
	if err != nil || len(rs) == 0 {
		return err
	}
	changes, err := tx.PublishedChanges(ctx, []int64{v.ID})
	if err != nil || len(changes) == 0 {
		return err
	}
	plans, err := tx.Plans(ctx, prog.ID)
	if err != nil {
		return err
	}
	byOrg := a.planChanges(prog, plans, changes, map[int64]catalogue.Version{v.ID: *v})
	var msgs []model.OutboxMessage
	var later []int64
	for _, r := range rs {
		pcs := byOrg[municipalityOf(r)]
		pref := preference(r)
		if pref == Never || !inScope(r, prog.ID) || len(pcs) == 0 {
			continue
		}
		if pref != Immediately {
			later = append(later, r.ID)
			continue
		}
		subject, body := notify.Publication{To: notifyRecipient(r), Plan: pcs[0], BaseURL: a.notifyCfg.BaseURL}.Render()
		msgs = append(msgs, model.OutboxMessage{UserID: r.ID, EventKey: fmt.Sprintf("%s:%s:%d", KindPublication, prog.Key, v.Number),
			Kind: KindPublication, ToAddress: r.Email, ToName: r.Name, Subject: subject, Body: body})
	}
	if _, err := tx.EnqueueMessages(ctx, msgs); err != nil {
		return err
	}
	return tx.AddPending(ctx, later, v.ID)
}

// planChanges groups published changes by the municipality (organisation id)
// whose plan they changed, one PlanChanges per version, oldest first.
func (a *NotifyService) planChanges(prog catalogue.Programme, plans []store.Plan, changes []store.PublishedChange, versions map[int64]catalogue.Version) map[int64][]notify.PlanChanges {
	planByID := make(map[int64]store.Plan, len(plans))
	for _, p := range plans {
		planByID[p.ID] = p
	}
	out := map[int64][]notify.PlanChanges{}
	type key struct{ org, version int64 }
	index := map[key]int{}
	for _, c := range changes {
		p, ok := planByID[c.PlanID]
		if !ok {
			continue
		}
		k := key{p.Municipality.ID, c.VersionID}
		i, ok := index[k]
		if !ok {
			v := versions[c.VersionID]
			out[k.org] = append(out[k.org], notify.PlanChanges{Programme: prog.Key, ProgrammeName: prog.Name,
				Municipality: p.Municipality.Name, Code: p.Municipality.Code, Version: c.Version,
				PublishedBy: v.PublishedBy, PublishedAt: v.PublishedAt})
			i = len(out[k.org]) - 1
			index[k] = i
		}
		var fields []string
		if c.Kind == notify.ChangeChanged {
			fields = strings.Split(fieldLabels(c.Fields), ", ")
		}
		out[k.org][i].Changes = append(out[k.org][i].Changes, notify.TaskChange{Key: c.TaskKey, Title: c.Title, Kind: c.Kind,
			Fields: fields, Type: c.Type, PerInst: c.Level == model.LevelInstitution, Instances: c.Instances,
			FirstEnd: c.FirstEnd, LastEnd: c.LastEnd})
	}
	return out
}

// PreviewPublication returns the mail a user got (or would get, with
// preference straks) about a published catalogue version of a programme.
func (a *NotifyService) PreviewPublication(ctx context.Context, programmeKey string, version int, userID int64) (MailPreview, error) {
	var out MailPreview
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		r, err := tx.RecipientByID(ctx, userID)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("bruger %d findes ikke", userID)
		} else if err != nil {
			return err
		}
		versions, err := tx.Versions(ctx, prog.ID)
		if err != nil {
			return err
		}
		var v *catalogue.Version
		for i := range versions {
			if versions[i].Number == version {
				v = &versions[i]
			}
		}
		if v == nil {
			return notFound("programmet %q har ingen katalogversion %d", programmeKey, version)
		}
		changes, err := tx.PublishedChanges(ctx, []int64{v.ID})
		if err != nil {
			return err
		}
		plans, err := tx.Plans(ctx, prog.ID)
		if err != nil {
			return err
		}
		pcs := a.planChanges(prog, plans, changes, map[int64]catalogue.Version{v.ID: *v})[municipalityOf(r)]
		out = MailPreview{To: r.Email, ToName: r.Name, EventKey: fmt.Sprintf("%s:%s:%d", KindPublication, prog.Key, version)}
		if len(pcs) == 0 {
			out.Empty = true
			out.Reason = fmt.Sprintf("version %d ændrede intet i planer, som %s følger", version, r.Name)
			return nil
		}
		out.Subject, out.Body = notify.Publication{To: notifyRecipient(r), Plan: pcs[0], BaseURL: a.notifyCfg.BaseURL}.Render()
		return nil
	})
	return out, err
}

// MailPreview is a mail as it would be sent. Empty mails are not sent;
// Reason says why there is nothing.
type MailPreview struct {
	To       string `json:"to"`
	ToName   string `json:"to_name"`
	EventKey string `json:"event"`
	Subject  string `json:"subject"`
	Body     string `json:"body"`
	Empty    bool   `json:"empty"`
	Reason   string `json:"reason,omitempty"`
}
