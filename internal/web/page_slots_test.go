package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// Pages beyond the server's slots wait their turn (and are served when a
// slot frees); one whose client leaves while waiting is never made.
func TestPagesBeyondTheSlotsWaitTheirTurn(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil)), pageSlots: make(chan struct{}, 1)}
	release := make(chan struct{})
	var made atomic.Int32
	h := s.page(func(w http.ResponseWriter, r *http.Request) error {
		made.Add(1)
		if r.URL.Path == "/slow" {
			<-release
		}
		w.Write([]byte("ok"))
		return nil
	})
	slowDone := make(chan struct{})
	go func() {
		defer close(slowDone)
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/slow", nil))
	}()
	for made.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	// The one slot is taken: a client that gives up while waiting gets nothing made.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/gone", nil).WithContext(ctx))
	if n := made.Load(); n != 1 {
		t.Fatalf("%d pages made while the only slot was taken", n)
	}
	waited := make(chan *httptest.ResponseRecorder)
	go func() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/next", nil))
		waited <- rec
	}()
	select {
	case <-waited:
		t.Fatal("a page was made beside the one holding the only slot")
	case <-time.After(30 * time.Millisecond):
	}
	close(release)
	<-slowDone
	if rec := <-waited; rec.Code != http.StatusOK || rec.Body.String() != "ok" {
		t.Fatalf("the waiting page: %d %q", rec.Code, rec.Body.String())
	}
}
