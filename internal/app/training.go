package app

// TrainingService is courses, course runs, participants, final tests and
// evaluations (training.go).
type TrainingService struct {
	*core
}
