package web

// trainingRoutes registers training's routes (courses, course runs,
// participants, results and evaluations; app/training.go).
func (s *Server) trainingRoutes(rt *router) {}
