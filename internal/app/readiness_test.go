package app_test

import (
	"context"
	"sync"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/readiness"
	"github.com/udrul/udrul/internal/store/storetest"
)

// An open link with a limit takes exactly that many answers however many
// respondents send at the same moment: the use is counted by a conditional
// update in the answer's transaction. On both databases.
func TestReadinessOpenLinkLimitUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url) // the clock stands on 2027-02-01
		publishMini(t, a, nil)
		// Go-live six months on: the baseline round is open today. The
		// programme allows go-lives in the summer holiday.
		allowAnyGoLive(t, a, "mini")
		if _, err := a.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: "101", GoLive: model.NewDate(2027, 7, 30), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		g, err := a.AddReadinessGroup(ctx, nil, "mini", "101", "Sagsbehandler")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.CreateReadinessRound(ctx, nil, "mini", "101", "baseline"); err != nil {
			t.Fatal(err)
		}
		ls, err := a.CreateReadinessLinks(ctx, nil, "mini", "101", app.ReadinessLinkInput{Round: "baseline", GroupID: g.ID, Kind: readiness.LinkOpen, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, refused := 0, 0
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := a.AnswerReadiness(ctx, ls[0].Token, readiness.Answer{3, 3, 3, 3, 3})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case app.ErrorCode(err) == app.CodeConflict:
					refused++
				default:
					t.Errorf("answer: %v", err)
				}
			}()
		}
		wg.Wait()
		v, err := a.Readiness(ctx, nil, "mini", "101", a.Today())
		if err != nil {
			t.Fatal(err)
		}
		if ok != 3 || refused != 5 || v.Rounds[0].Answers != 3 || v.Links[0].Used != 3 {
			t.Errorf("8 respondents on a link for 3: %d answered, %d refused; round has %d answers, link used %d", ok, refused, v.Rounds[0].Answers, v.Links[0].Used)
		}
	})
}
