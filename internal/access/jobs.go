package access

// JobKind is the operation a job does; its values are the store's job
// kinds.
type JobKind string

// The operations that run as jobs.
const (
	JobPublish   JobKind = "udgivelse"
	JobEnrol     JobKind = "tilmelding"
	JobWaveFinal JobKind = "bølgeplan"
	JobHandbooks JobKind = "haandboeger"
)

// MakeHandbooks reports whether s may make every enrolled municipality's
// implementation handbook of a programme as one job and download the
// PDFs: the centre's coordinators (and administrators), who send the
// municipalities their handbooks.
func MakeHandbooks(s Subject) bool { return s.Role == Admin || s.Role == Coordinator }

// RefuseHandbooks is the refusal of MakeHandbooks.
const RefuseHandbooks = "kun administratorer og koordinatorer kan lave alle kommuners implementeringshåndbøger"

// RunJob reports whether s may start (or call off) a job of kind: whoever
// may do the operation itself.
func RunJob(s Subject, kind JobKind) bool {
	switch kind {
	case JobPublish:
		return Publish(s)
	case JobEnrol, JobWaveFinal:
		return Enrol(s)
	case JobHandbooks:
		return MakeHandbooks(s)
	}
	return false
}

// ViewJob reports whether s may see a job of kind started by the user
// creator: its creator, and every role that may do the operation (a
// coordinator follows a colleague's publication). A job's input and result
// are the operation's – a catalogue file, enrolments – so nobody else sees
// it, not even national readers.
func ViewJob(s Subject, creator int64, kind JobKind) bool {
	if !s.Role.Valid() {
		return false
	}
	return (creator != 0 && s.UserID == creator) || RunJob(s, kind)
}

// RefuseJob is the refusal of ViewJob.
const RefuseJob = "kun den, der startede kørslen, og de roller, der må udføre den, kan se den"
