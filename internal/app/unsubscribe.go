package app

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/store"
)

// One-click unsubscribe (RFC 8058): every mail carries a link,
// /afmeld/<token>, that stops all mail to its recipient without a login.
// The token is the user's id signed with a key the servers share (stored
// in signing_keys), so it needs no table of its own and cannot be guessed
// or altered to unsubscribe someone else. Opening the link only shows a
// page; the setting changes on POST, which is what mail programs send
// ("List-Unsubscribe=One-Click") and what the page's button sends.

const unsubscribeKey = "afmelding"

// signingKey returns the shared key called name, made on first use.
func (a *core) signingKey(ctx context.Context, name string) ([]byte, error) {
	if k, ok := a.keys.Load(name); ok {
		return k.([]byte), nil
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	var secret string
	err := a.write(ctx, func(tx *store.Tx) (err error) {
		secret, err = tx.SigningKey(ctx, name, base64.RawURLEncoding.EncodeToString(fresh))
		return err
	})
	if err != nil {
		return nil, err
	}
	key, err := base64.RawURLEncoding.DecodeString(secret)
	if err != nil {
		return nil, err
	}
	a.keys.Store(name, key)
	return key, nil
}

func unsubscribeMAC(key []byte, userID int64) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("afmeld:" + strconv.FormatInt(userID, 10)))
	return m.Sum(nil)[:18]
}

// UnsubscribeToken is the token of userID's unsubscribe link.
func (a *NotifyService) UnsubscribeToken(ctx context.Context, userID int64) (string, error) {
	key, err := a.signingKey(ctx, unsubscribeKey)
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(userID, 10) + "." + base64.RawURLEncoding.EncodeToString(unsubscribeMAC(key, userID)), nil
}

// unsubscribeURL is the link for userID's mail, "" without a base URL
// (mail then carries no links at all).
func (a *NotifyService) unsubscribeURL(ctx context.Context, userID int64) (string, error) {
	if a.notifyCfg.BaseURL == "" || userID == 0 {
		return "", nil
	}
	tok, err := a.UnsubscribeToken(ctx, userID)
	if err != nil {
		return "", err
	}
	return a.notifyCfg.BaseURL + "/afmeld/" + tok, nil
}

// Unsubscription is what an unsubscribe link's page shows.
type Unsubscription struct {
	Name, Email string
	Preference  Preference // the current setting
	Done        bool       // the setting was changed now
}

// checkUnsubscribe returns the user a token names, or "not found" for a
// token that is malformed, altered or names no active user.
func (a *NotifyService) checkUnsubscribe(ctx context.Context, tx *store.Tx, token string) (store.Recipient, error) {
	gone := notFound("afmeldingslinket er ugyldigt; log ind og vælg under Varsler, hvilke mails du vil have")
	idText, mac, ok := strings.Cut(token, ".")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || id <= 0 {
		return store.Recipient{}, gone
	}
	got, err := base64.RawURLEncoding.DecodeString(mac)
	if err != nil {
		return store.Recipient{}, gone
	}
	key, err := a.signingKey(ctx, unsubscribeKey)
	if err != nil {
		return store.Recipient{}, err
	}
	if !hmac.Equal(got, unsubscribeMAC(key, id)) {
		return store.Recipient{}, gone
	}
	r, err := tx.RecipientByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !r.Active) {
		return store.Recipient{}, gone
	} else if err != nil {
		return store.Recipient{}, err
	}
	return r, nil
}

// UnsubscribeInfo reads what an unsubscribe link is for; it changes nothing.
func (a *NotifyService) UnsubscribeInfo(ctx context.Context, token string) (Unsubscription, error) {
	if _, err := a.signingKey(ctx, unsubscribeKey); err != nil {
		return Unsubscription{}, err
	}
	var out Unsubscription
	err := a.read(ctx, func(tx *store.Tx) error {
		r, err := a.checkUnsubscribe(ctx, tx, token)
		if err != nil {
			return err
		}
		out = Unsubscription{Name: r.Name, Email: r.Email, Preference: preference(r)}
		return nil
	})
	return out, err
}

// Unsubscribe stops all mail to the user a token names: their setting
// becomes "aldrig", their programme scope is kept. Doing it twice is no
// error.
func (a *NotifyService) Unsubscribe(ctx context.Context, token string) (Unsubscription, error) {
	if _, err := a.signingKey(ctx, unsubscribeKey); err != nil {
		return Unsubscription{}, err
	}
	var out Unsubscription
	err := a.write(ctx, func(tx *store.Tx) error {
		r, err := a.checkUnsubscribe(ctx, tx, token)
		if err != nil {
			return err
		}
		out = Unsubscription{Name: r.Name, Email: r.Email, Preference: Never, Done: true}
		if r.Preference == string(Never) {
			return nil
		}
		_, err = tx.SavePreference(ctx, r.ID, string(Never), r.ProgrammeIDs, r.PrefVersion, "afmeldt via link i mail")
		if errors.Is(err, store.ErrConflict) {
			return &Error{Code: CodeConflict, Message: "mailvalgene blev ændret i samme øjeblik; prøv igen", Err: err}
		}
		return err
	})
	return out, err
}
