package model

// Workflow states and enumerations of the domain. Each is a typed string
// (its value is what the database stores and the API sends: lower case
// ASCII, words joined with "_", Danish words spelled without æ, ø and å)
// with one table, Enum, of its values in order and their Danish labels.
// Pages and mails show Label; nothing else maps values to words.

// Enum is the one table of an enumeration: its values in order, each with
// its Danish label.
type Enum[T ~string] []EnumValue[T]

// EnumValue is one value of an Enum and its Danish label.
type EnumValue[T ~string] struct {
	Value T
	Label string
}

// Values lists the values in order.
func (e Enum[T]) Values() []T {
	out := make([]T, len(e))
	for i, v := range e {
		out[i] = v.Value
	}
	return out
}

// Valid reports whether v is one of the values.
func (e Enum[T]) Valid(v T) bool {
	for _, x := range e {
		if x.Value == v {
			return true
		}
	}
	return false
}

// Label is v's Danish label, or v itself if it is not a value.
func (e Enum[T]) Label(v T) string {
	for _, x := range e {
		if x.Value == v {
			return x.Label
		}
	}
	return string(v)
}

// Strings lists the values as text, for messages that name them.
func (e Enum[T]) Strings() []string {
	out := make([]string, len(e))
	for i, v := range e {
		out[i] = string(v.Value)
	}
	return out
}

// WaveState is where a version of a wave plan is in its process: a draft
// is the centre's working material, a version in hearing has been
// announced to the municipalities it places, the final one is binding,
// and an announced version that a later one replaced is superseded.
type WaveState string

const (
	WaveDraft      WaveState = "udkast"
	WaveHearing    WaveState = "hoering"
	WaveFinal      WaveState = "endelig"
	WaveSuperseded WaveState = "erstattet"
)

// WaveStates is WaveState's table.
var WaveStates = Enum[WaveState]{
	{WaveDraft, "Udkast"},
	{WaveHearing, "I høring"},
	{WaveFinal, "Endelig"},
	{WaveSuperseded, "Erstattet"},
}

// Label is the state's Danish name.
func (s WaveState) Label() string { return WaveStates.Label(s) }

// ConflictState is the state of a conflict between a municipality's local
// dates and a new catalogue version's: open until the municipality keeps
// its own dates or takes the standard's.
type ConflictState string

const (
	ConflictOpen         ConflictState = "aaben"
	ConflictKeepLocal    ConflictState = "behold_lokal"
	ConflictTakeStandard ConflictState = "tag_standard"
)

// ConflictStates is ConflictState's table.
var ConflictStates = Enum[ConflictState]{
	{ConflictOpen, "Åben"},
	{ConflictKeepLocal, "Egne datoer beholdt"},
	{ConflictTakeStandard, "Standardens datoer taget"},
}

// Label is the state's Danish name.
func (s ConflictState) Label() string { return ConflictStates.Label(s) }

// OutboxState is where a mail is in the outbox.
type OutboxState string

const (
	OutboxPending OutboxState = "afventer"
	OutboxSending OutboxState = "sender"
	OutboxSent    OutboxState = "sendt"
	OutboxFailed  OutboxState = "fejlet"
)

// OutboxStates is OutboxState's table.
var OutboxStates = Enum[OutboxState]{
	{OutboxPending, "Afventer"},
	{OutboxSending, "Sendes"},
	{OutboxSent, "Sendt"},
	{OutboxFailed, "Fejlet"},
}

// Label is the state's Danish name.
func (s OutboxState) Label() string { return OutboxStates.Label(s) }

// ContactChannel is how the centre was in contact with a municipality.
type ContactChannel string

// ContactChannels is ContactChannel's table.
var ContactChannels = Enum[ContactChannel]{
	{"mail", "Mail"},
	{"telefon", "Telefon"},
	{"moede", "Møde"},
}

// Label is the channel's Danish name.
func (c ContactChannel) Label() string { return ContactChannels.Label(c) }

// ContactKind is what an entry of the contact log is: a contact, or an
// escalation (decided by a person).
type ContactKind string

const (
	ContactPlain      ContactKind = "kontakt"
	ContactEscalation ContactKind = "eskalering"
)

// ContactKinds is ContactKind's table.
var ContactKinds = Enum[ContactKind]{
	{ContactPlain, "Kontakt"},
	{ContactEscalation, "Eskalering"},
}

// Label is the kind's Danish name.
func (k ContactKind) Label() string { return ContactKinds.Label(k) }

// IncidentCategory is what an incident in hypercare is about.
type IncidentCategory string

// IncidentCategories is IncidentCategory's table.
var IncidentCategories = Enum[IncidentCategory]{
	{"konvertering", "Konvertering"},
	{"integration", "Integration"},
	{"rettigheder", "Rettigheder"},
	{"data", "Data"},
	{"drift", "Drift"},
	{"brugeradfaerd", "Brugeradfærd"},
	{"fejl_i_loesningen", "Fejl i løsningen"},
	{"andet", "Andet"},
}

// Label is the category's Danish name.
func (c IncidentCategory) Label() string { return IncidentCategories.Label(c) }

// IncidentSeverity is how serious an incident is.
type IncidentSeverity string

// IncidentSeverities is IncidentSeverity's table, most serious first.
var IncidentSeverities = Enum[IncidentSeverity]{
	{"kritisk", "Kritisk"},
	{"hoej", "Høj"},
	{"middel", "Middel"},
	{"lav", "Lav"},
}

// Label is the severity's Danish name.
func (s IncidentSeverity) Label() string { return IncidentSeverities.Label(s) }

// IncidentStatus is where an incident is in its handling.
type IncidentStatus string

const (
	IncidentOpen   IncidentStatus = "aaben"
	IncidentSolved IncidentStatus = "loest"
)

// IncidentStatuses is IncidentStatus's table.
var IncidentStatuses = Enum[IncidentStatus]{
	{IncidentOpen, "Åben"},
	{"under_behandling", "Under behandling"},
	{IncidentSolved, "Løst"},
}

// Label is the status's Danish name.
func (s IncidentStatus) Label() string { return IncidentStatuses.Label(s) }
