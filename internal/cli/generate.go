package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/udrul/udrul/internal/gen"
	"github.com/udrul/udrul/internal/model"
)

// runGenerate builds a synthetic programme for benchmarks and load tests
// (docs/performance.md): by default one million task instances.
func runGenerate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, log *slog.Logger, now func() time.Time) error {
	fs, c := flags("generate", getenv, false, "")
	o := gen.DefaultOptions()
	fs.StringVar(&o.Programme, "programme", o.Programme, "programme key")
	fs.IntVar(&o.Municipalities, "municipalities", o.Municipalities, "generated municipalities, all enrolled")
	fs.IntVar(&o.Institutions, "institutions", o.Institutions, "institutions per municipality")
	fs.IntVar(&o.Tasks, "tasks", o.Tasks, "catalogue tasks")
	fs.IntVar(&o.InstitutionTasks, "institution-tasks", o.InstitutionTasks, "of which at institution level")
	fs.IntVar(&o.Waves, "waves", o.Waves, "rollout waves")
	fs.IntVar(&o.WaveSpacing, "wave-spacing", o.WaveSpacing, "working days between waves")
	fs.Int64Var(&o.Seed, "seed", o.Seed, "same seed, same data")
	fs.StringVar(&o.Actor, "actor", o.Actor, "who the generated changes are by")
	firstGoLive := fs.String("first-golive", o.FirstGoLive.String(), "first wave's go-live (YYYY-MM-DD)")
	asof := fs.String("asof", "", "the day the status mix is drawn for (YYYY-MM-DD; default 4 wave spacings after the first go-live)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if o.FirstGoLive, err = model.ParseDate(*firstGoLive); err != nil {
		return fmt.Errorf("--first-golive: %w", err)
	}
	o.Asof = model.NoDate
	if *asof != "" {
		if o.Asof, err = model.ParseDate(*asof); err != nil {
			return fmt.Errorf("--asof: %w", err)
		}
	}
	o = o.WithDefaults()
	if err := o.Validate(); err != nil {
		return err
	}
	a, db, err := openBare(ctx, c.db, log, now)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(stdout, "generating %d task instances …\n", o.Instances())
	o.Progress = func(stage string, done, total int) {
		if done == total {
			fmt.Fprintf(stdout, "  %s: %d done\n", stage, total)
		}
	}
	st, err := gen.Populate(ctx, a, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "done: %+v\n", st)
	return nil
}
