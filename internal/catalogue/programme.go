package catalogue

import "github.com/udrul/udrul/internal/model"

// Programme is a programme of the instance: its settings, its id and the
// number of its current catalogue version.
type Programme struct {
	ID int64
	model.Programme
	CurrentVersion int
}
