package access

import "testing"

func TestViewJob(t *testing.T) {
	coord := Subject{UserID: 1, Role: Coordinator}
	admin := Subject{UserID: 2, Role: Admin}
	observer := Subject{UserID: 3, Role: Observer}
	lead := Subject{UserID: 4, Role: ProjectLead, MunicipalityID: 9}
	for _, c := range []struct {
		name    string
		s       Subject
		creator int64
		kind    JobKind
		want    bool
	}{
		{"coordinator, another's publication", coord, 2, JobPublish, true},
		{"administrator, enrolment", admin, 1, JobEnrol, true},
		{"coordinator, wave plan", coord, 0, JobWaveFinal, true},
		{"observer, publication", observer, 1, JobPublish, false},
		{"observer, own job", observer, 3, JobPublish, true},
		{"project lead, enrolment", lead, 1, JobEnrol, false},
		{"system job, project lead", lead, 0, JobPublish, false},
		{"unknown kind", coord, 2, JobKind("eksport"), false},
		{"no role, own id", Subject{UserID: 5}, 5, JobPublish, false},
	} {
		if got := ViewJob(c.s, c.creator, c.kind); got != c.want {
			t.Errorf("%s: ViewJob = %v, want %v", c.name, got, c.want)
		}
	}
	if RunJob(observer, JobPublish) || !RunJob(coord, JobEnrol) || RunJob(lead, JobWaveFinal) {
		t.Error("RunJob disagrees with Publish/Enrol")
	}
}
