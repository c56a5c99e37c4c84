package app

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/internal/export"
)

// CatalogueWorkbook returns a programme's published catalogue as a
// workbook in the layout the spreadsheet import reads
// (export.CatalogueXLSX), with its file name: imported again unchanged it
// publishes nothing. It is for whoever may read the catalogue
// (access.ViewCatalogue).
func (a *CatalogueService) CatalogueWorkbook(ctx context.Context, by *Identity, programmeKey string) (string, []byte, error) {
	f, err := a.CatalogueFile(ctx, by, programmeKey)
	if err != nil {
		return "", nil, err
	}
	b, err := export.CatalogueXLSX(f.Catalogue, a.model, export.CatalogueInfo{Version: f.Version, Created: a.now()})
	if err != nil {
		return "", nil, err
	}
	return fmt.Sprintf("%s-v%d.xlsx", f.Programme.Key, f.Version), b, nil
}
