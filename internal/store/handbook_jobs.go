package store

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/internal/handbook"
	"github.com/udrul/udrul/internal/model"
)

// AddJobHandbooks stores the PDFs of job jobID, in the transaction that
// finishes the job.
func (t *Tx) AddJobHandbooks(ctx context.Context, jobID int64, hs []handbook.JobFile) error {
	for _, h := range hs {
		_, err := t.exec(ctx, `INSERT INTO job_handbooks (job_id, municipality_code, municipality_name, version, pdf)
			VALUES (?, ?, ?, ?, ?)`, jobID, h.MunicipalityCode, h.MunicipalityName, h.Version, h.PDF)
		if err != nil {
			return fmt.Errorf("store: handbook of %s for job %d: %w", h.MunicipalityCode, jobID, err)
		}
	}
	return nil
}

// DropOlderJobHandbooks deletes the PDFs of the programme's handbook jobs
// before job keep: a programme holds the PDFs of its latest job only. It
// returns the number of PDFs deleted.
func (t *Tx) DropOlderJobHandbooks(ctx context.Context, programmeKey string, keep int64) (int64, error) {
	res, err := t.exec(ctx, `DELETE FROM job_handbooks WHERE job_id < ? AND job_id IN
		(SELECT id FROM jobs WHERE programme_key = ? AND kind = ?)`, keep, programmeKey, model.JobHandbooks)
	if err != nil {
		return 0, fmt.Errorf("store: drop older handbooks of %s: %w", programmeKey, err)
	}
	return res.RowsAffected()
}

// JobHandbooks returns the PDFs of job jobID ordered by municipality name
// and code; code, when not empty, selects one municipality's. Without
// withPDF the PDFs are left out (PDF is nil).
func (t *Tx) JobHandbooks(ctx context.Context, jobID int64, code string, withPDF bool) ([]handbook.JobFile, error) {
	cols := "job_id, municipality_code, municipality_name, version"
	if withPDF {
		cols += ", pdf"
	}
	q, args := "SELECT "+cols+" FROM job_handbooks WHERE job_id = ?", []any{jobID}
	if code != "" {
		q, args = q+" AND municipality_code = ?", append(args, code)
	}
	rows, err := t.query(ctx, q+" ORDER BY municipality_name, municipality_code", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []handbook.JobFile{}
	for rows.Next() {
		var h handbook.JobFile
		dest := []any{&h.JobID, &h.MunicipalityCode, &h.MunicipalityName, &h.Version}
		if withPDF {
			dest = append(dest, &h.PDF)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
