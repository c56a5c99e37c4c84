package catalogue

import "github.com/udrul/udrul/internal/model"

// Programme is a programme of the instance: its settings, its id and the
// number of its current catalogue version (0 before the first is
// published).
type Programme struct {
	ID int64
	model.Programme
	CurrentVersion int
}
