package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// ChecklistItem is one item of a catalogue task's checklist. Key identifies
// the item across catalogue versions, so that a tick stays on the item it
// was given to: it is the key the catalogue gives the item, or else derived
// from the item's text (ChecklistKey). Reordering items therefore keeps
// every tick; rewording an item without a key makes it a new, unticked item.
type ChecklistItem struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}

// ChecklistKey derives an item's key from its text: "t" and the first 12
// hex digits of the SHA-256 of the text with runs of white space folded and
// letters lower-cased, so that re-wrapping a line keeps the key.
func ChecklistKey(text string) string {
	norm := strings.ToLower(strings.Join(strings.Fields(text), " "))
	sum := sha256.Sum256([]byte(norm))
	return "t" + hex.EncodeToString(sum[:6])
}

// Limits on checklists and links.
const (
	MaxChecklistText = 200
	MaxLinkTitle     = 200
	MaxLinkURL       = 2000
)

// Link is a titled web address: a catalogue task's guidance, or one a
// municipality adds to its own task instance.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// CheckLinkURL accepts only absolute http and https addresses with a host,
// so that a link can never be a javascript: or relative URL.
func CheckLinkURL(s string) error {
	if s == "" {
		return fmt.Errorf("adressen mangler")
	}
	if utf8.RuneCountInString(s) > MaxLinkURL {
		return fmt.Errorf("adressen er for lang (højst %d tegn)", MaxLinkURL)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Opaque != "" ||
		strings.ContainsAny(s, " \t\r\n") {
		return fmt.Errorf("%q er ikke en gyldig adresse: brug en fuld adresse, der begynder med https:// eller http://", s)
	}
	return nil
}

// CheckLinkTitle accepts a non-empty title of at most MaxLinkTitle characters.
func CheckLinkTitle(s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("titlen mangler")
	}
	if utf8.RuneCountInString(s) > MaxLinkTitle {
		return fmt.Errorf("titlen er for lang (højst %d tegn)", MaxLinkTitle)
	}
	return nil
}

// ChecklistEntry is a checklist item of one task instance with its tick.
type ChecklistEntry struct {
	ChecklistItem
	Done   bool      `json:"done"`
	DoneBy string    `json:"done_by,omitempty"`
	DoneAt time.Time `json:"done_at,omitzero"`
}

// TaskLink is a link a municipality or institution added to its task instance.
type TaskLink struct {
	ID      int64     `json:"id"`
	Title   string    `json:"title"`
	URL     string    `json:"url"`
	AddedBy string    `json:"added_by"`
	AddedAt time.Time `json:"added_at"`
}

// TaskDocument is a document attached to a task instance (without its content).
type TaskDocument struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	UploadedBy  string    `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// History entries of the task page's extras: Kind is one of these, To
// says what happened (EventDone …) and Comment names the item, document
// or link.
const (
	EventChecklist = "checklist"
	EventDocument  = "document"
	EventLink      = "link"

	EventDone    Status = "done"
	EventUndone  Status = "undone"
	EventAdded   Status = "added"
	EventRemoved Status = "removed"
)
