package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/handbook"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// Every enrolled municipality's implementation handbook of a programme as
// one job (kind haandboeger; docs/handbook.md, "All handbooks of a
// programme"): the coordinator asks for it, a job worker reads every plan
// in one read transaction, renders the PDFs in parallel with a bounded
// number of workers (reporting each one as progress), and stores the PDFs
// with the job in the transaction that finishes it. A municipality whose
// handbook could not be made is named in the result with the reason; the
// others are stored all the same.

// HandbooksResult is a handbook job's result.
type HandbooksResult struct {
	Programme     string     `json:"programme"`
	ProgrammeName string     `json:"programme_name"`
	Asof          model.Date `json:"asof"`
	Made          int        `json:"made"`
	Failed        int        `json:"failed"`
	Bytes         int64      `json:"bytes"`
	// Municipalities are every enrolled municipality, by name: its PDF's
	// version and size, or why it could not be made.
	Municipalities []HandbookMade `json:"municipalities"`
}

// HandbookMade is one municipality's part of a handbook job.
type HandbookMade struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Version is the version the PDF shows: the last version mailed when
	// the plan is unchanged since (Sent), else the next one.
	Version int    `json:"version"`
	Sent    bool   `json:"sent"`
	Tasks   int    `json:"tasks"`
	Size    int    `json:"size"`
	Error   string `json:"error,omitempty"`
}

// handbookWorkers bounds the PDFs rendered at once: rendering is CPU work,
// so more workers than processors only add memory.
func handbookWorkers() int { return max(1, min(runtime.GOMAXPROCS(0), 8)) }

// StartHandbooks queues making every enrolled municipality's handbook of
// the programme as one job. A programme that does not exist is a 404 and a
// programme with no enrolled municipality a 422, both naming the field
// "key".
func (a *App) StartHandbooks(ctx context.Context, by *Identity, programmeKey string) (Job, error) {
	if err := allow(by, access.MakeHandbooks, access.RefuseHandbooks); err != nil {
		return Job{}, err
	}
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plans, err := a.programmePlans(ctx, tx, programmeKey)
		if e := (*Error)(nil); errors.As(err, &e) && e.Code == CodeNotFound {
			e.Field = "key"
		}
		if err != nil {
			return err
		}
		if len(plans) == 0 {
			return invalidField("key", "ingen kommuner er tilmeldt programmet %s, så der er ingen håndbøger at lave", prog.Name)
		}
		return nil
	})
	if err != nil {
		return Job{}, err
	}
	return a.enqueue(ctx, by, model.JobHandbooks, programmeKey, struct{}{}, time.Time{})
}

// makeHandbooks does handbook job j: read, render in parallel, store.
func (a *App) makeHandbooks(ctx context.Context, j model.Job) error {
	run := runOf(ctx)
	if run == nil {
		return errors.New("handbooks: not run as a job")
	}
	asof := model.DateOf(a.now().In(model.Copenhagen()))
	res := HandbooksResult{Programme: j.ProgrammeKey, Asof: asof, Municipalities: []HandbookMade{}}
	var docs []*handbook.Document
	// One read transaction: every plan as of one moment.
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plans, err := a.programmePlans(ctx, tx, j.ProgrammeKey)
		if err != nil {
			return err
		}
		res.ProgrammeName = prog.Name
		if len(plans) == 0 {
			return invalidField("key", "ingen kommuner er tilmeldt programmet %s, så der er ingen håndbøger at lave", prog.Name)
		}
		reportProgress(ctx, 0, len(plans))
		docs = make([]*handbook.Document, 0, len(plans))
		for _, p := range plans {
			if err := ctx.Err(); err != nil {
				return err
			}
			vs, err := tx.HandbookVersions(ctx, p.ID)
			if err != nil {
				return err
			}
			d, err := a.loadPlanOf(ctx, tx, prog, p, asof)
			if err != nil {
				return err
			}
			doc, err := a.handbookOf(ctx, tx, d, vs, asof)
			if err != nil {
				return err
			}
			docs = append(docs, doc)
		}
		return nil
	})
	if err != nil {
		return err
	}
	made := renderHandbooks(ctx, docs, handbookWorkers(), (*handbook.Document).PDF, func(done int) { reportProgress(ctx, done, len(docs)) })
	if err := ctx.Err(); err != nil {
		return err
	}
	files := make([]handbook.JobFile, 0, len(docs))
	for i, doc := range docs {
		m := HandbookMade{Code: doc.Municipality.Code, Name: doc.Municipality.Name, Version: doc.Version, Sent: doc.Sent, Tasks: doc.Tasks}
		if made[i].err != nil {
			m.Error = made[i].err.Error()
			res.Failed++
			a.log.Warn("handbook not made", "job", j.ID, "programme", j.ProgrammeKey, "municipality", m.Code, "err", made[i].err)
		} else {
			m.Size = len(made[i].pdf)
			res.Made++
			res.Bytes += int64(m.Size)
			files = append(files, handbook.JobFile{MunicipalityCode: m.Code, MunicipalityName: m.Name, Version: m.Version, PDF: made[i].pdf})
		}
		res.Municipalities = append(res.Municipalities, m)
	}
	sortMade(res.Municipalities)
	return a.write(ctx, func(tx *store.Tx) error {
		if err := tx.AddJobHandbooks(ctx, run.id, files); err != nil {
			return err
		}
		if _, err := tx.DropOlderJobHandbooks(ctx, j.ProgrammeKey, run.id); err != nil {
			return err
		}
		return finishJob(ctx, tx, res)
	})
}

// rendered is one handbook's PDF or why it could not be made.
type rendered struct {
	pdf []byte
	err error
}

// renderHandbooks renders docs with render (Document.PDF), at most workers
// at once, calling progress with the number done after each. A handbook
// that fails – or panics – is reported in its place; the others are made
// all the same. It stops early (the rest unmade) when ctx ends.
func renderHandbooks(ctx context.Context, docs []*handbook.Document, workers int, render func(*handbook.Document) ([]byte, error),
	progress func(done int)) []rendered {
	out := make([]rendered, len(docs))
	next := make(chan int)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for range min(workers, len(docs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = renderOne(docs[i], render)
				mu.Lock()
				done++
				progress(done)
				mu.Unlock()
			}
		}()
	}
	for i := range docs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func renderOne(doc *handbook.Document, render func(*handbook.Document) ([]byte, error)) (r rendered) {
	defer func() {
		if p := recover(); p != nil {
			r = rendered{err: fmt.Errorf("PDF'en kunne ikke laves: %v", p)}
		}
	}()
	b, err := render(doc)
	if err != nil {
		return rendered{err: fmt.Errorf("PDF'en kunne ikke laves: %w", err)}
	}
	return rendered{pdf: b}
}

// sortMade orders a job's municipalities by name, then code.
func sortMade(ms []HandbookMade) {
	slices.SortFunc(ms, func(x, y HandbookMade) int {
		if c := strings.Compare(x.Name, y.Name); c != 0 {
			return c
		}
		return strings.Compare(x.Code, y.Code)
	})
}

// HandbookFiles returns the PDFs of handbook job id for by (who may see
// the job), ordered by municipality; code selects one municipality's. A
// job that is not a handbook job, or not finished, or whose PDFs a newer
// job replaced, has none to give.
func (a *App) HandbookFiles(ctx context.Context, by *Identity, id int64, code string, withPDF bool) (Job, []handbook.JobFile, error) {
	j, err := a.Job(ctx, by, id)
	if err != nil {
		return j, nil, err
	}
	if j.Kind != model.JobHandbooks {
		return j, nil, notFound("kørsel %d laver ikke implementeringshåndbøger", id)
	}
	if j.State != model.JobDone {
		return j, nil, &Error{Code: CodeConflict, Message: fmt.Sprintf("kørslen er %s; håndbøgerne kan hentes, når den er færdig", strings.ToLower(j.State.Label()))}
	}
	var hs []handbook.JobFile
	err = a.read(ctx, func(tx *store.Tx) (err error) {
		hs, err = tx.JobHandbooks(ctx, id, code, withPDF)
		return err
	})
	if err != nil {
		return j, nil, err
	}
	if len(hs) == 0 {
		var res HandbooksResult
		if json.Unmarshal(j.Result, &res) == nil && res.Made == 0 {
			return j, nil, notFound("kørsel %d kunne ikke lave nogen håndbøger; se kørslens side for hvorfor", id)
		}
		if code != "" {
			return j, nil, &Error{Code: CodeNotFound, Field: "code", Message: fmt.Sprintf("kørsel %d har ingen håndbog for kommunen med kode %q", id, code)}
		}
		return j, nil, notFound("håndbøgerne fra kørsel %d er erstattet af en nyere kørsel; start en ny, eller hent den nyeste", id)
	}
	return j, hs, nil
}

// LatestHandbooks returns the programme's latest finished handbook job
// for by, who may make handbooks; ok is false when there is none.
func (a *App) LatestHandbooks(ctx context.Context, by *Identity, programmeKey string) (j Job, ok bool, err error) {
	if err := allow(by, access.MakeHandbooks, access.RefuseHandbooks); err != nil {
		return j, false, err
	}
	var js []model.Job
	err = a.read(ctx, func(tx *store.Tx) (err error) {
		js, err = tx.JobsOfProgramme(ctx, programmeKey, model.JobHandbooks, model.JobDone)
		return err
	})
	if err != nil || len(js) == 0 {
		return j, false, err
	}
	return jobOf(js[len(js)-1]), true, nil
}
