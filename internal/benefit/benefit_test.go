package benefit

import (
	"encoding/xml"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/model"
)

// goLive is a go-live at the end of a month, so the month arithmetic's
// clamping is part of every edge.
var goLive = model.NewDate(2027, 8, 31)

func valid() Benefit {
	return Benefit{ID: "G-1", Title: "Kortere sagsbehandlingstid", Type: Economic, Goal: "Hurtigere afgørelser",
		Change: "Automatisk oprettelse af sager", Owner: "Afdelingsleder", Accountable: "Direktør for Ydelsescentret",
		Smart: "Sagsbehandlingstiden falder fra 20 til 12 dage senest 12 måneder efter go-live.", Indicator: "Gennemsnitlig sagsbehandlingstid",
		Unit: "dage", Direction: LowerIsBetter, BaselineValue: 20, BaselineDate: model.NewDate(2027, 5, 1),
		TargetValue: 12, TargetDate: model.NewDate(2028, 8, 31)}
}

func fieldOf(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	if err != nil {
		return "?" + err.Error()
	}
	return ""
}

func TestBenefitWindowOf(t *testing.T) {
	w := WindowOf(goLive, model.NoDate)
	want := Window{GoLive: goLive, BaselineFrom: model.NewDate(2027, 2, 28), BaselineUntil: model.NewDate(2027, 7, 31),
		MeasureFrom: model.NewDate(2028, 2, 29), MeasureUntil: model.NewDate(2028, 8, 31)}
	if w != want {
		t.Errorf("window of %s = %+v, want %+v", goLive, w, want)
	}
	if e := WindowOf(goLive, model.NewDate(2028, 6, 1)); e.MeasureUntil != want.MeasureUntil || e.Extended {
		t.Errorf("an extension before 12 months must not shorten the window: %+v", e)
	}
	if e := WindowOf(goLive, model.NewDate(2028, 10, 15)); e.MeasureUntil != model.NewDate(2028, 10, 15) || !e.Extended {
		t.Errorf("extension: %+v", e)
	}
}

func TestBenefitDateWindowEdges(t *testing.T) {
	w := WindowOf(goLive, model.NoDate)
	ext := WindowOf(goLive, model.NewDate(2028, 10, 15))
	today := model.NewDate(2029, 1, 1)
	cases := []struct {
		name  string
		err   error
		field string
	}{
		{"baseline on the first day (6 months before)", w.CheckBaselineDate(model.NewDate(2027, 2, 28)), ""},
		{"baseline a day too early", w.CheckBaselineDate(model.NewDate(2027, 2, 27)), "baseline_date"},
		{"baseline on the last day (1 month before)", w.CheckBaselineDate(model.NewDate(2027, 7, 31)), ""},
		{"baseline a day too late", w.CheckBaselineDate(model.NewDate(2027, 8, 1)), "baseline_date"},
		{"baseline missing", w.CheckBaselineDate(model.NoDate), "baseline_date"},
		{"measurement a day before 6 months", w.CheckMeasurementDate(model.NewDate(2028, 2, 28), today), "date"},
		{"measurement on 6 months", w.CheckMeasurementDate(model.NewDate(2028, 2, 29), today), ""},
		{"measurement on 12 months", w.CheckMeasurementDate(model.NewDate(2028, 8, 31), today), ""},
		{"measurement a day after 12 months", w.CheckMeasurementDate(model.NewDate(2028, 9, 1), today), "date"},
		{"measurement after 12 months, extended", ext.CheckMeasurementDate(model.NewDate(2028, 9, 1), today), ""},
		{"measurement on the extension", ext.CheckMeasurementDate(model.NewDate(2028, 10, 15), today), ""},
		{"measurement after the extension", ext.CheckMeasurementDate(model.NewDate(2028, 10, 16), today), "date"},
		{"measurement in the future", w.CheckMeasurementDate(model.NewDate(2028, 5, 2), model.NewDate(2028, 5, 1)), "date"},
		{"measurement today", w.CheckMeasurementDate(model.NewDate(2028, 5, 1), model.NewDate(2028, 5, 1)), ""},
		{"target on go-live", w.CheckTargetDate(goLive), "target_date"},
		{"target the day after go-live", w.CheckTargetDate(goLive.AddDays(1)), ""},
		{"target on the last measurement date", w.CheckTargetDate(model.NewDate(2028, 8, 31)), ""},
		{"target after the last measurement date", w.CheckTargetDate(model.NewDate(2028, 9, 1)), "target_date"},
		{"extension on 12 months", CheckExtension(goLive, model.NewDate(2028, 8, 31)), "until"},
		{"extension a day later", CheckExtension(goLive, model.NewDate(2028, 9, 1)), ""},
	}
	for _, c := range cases {
		if got := fieldOf(c.err); got != c.field {
			t.Errorf("%s: error on %q (%v), want %q", c.name, got, c.err, c.field)
		}
	}
}

func TestBenefitLateMeasurementNamesTheDate(t *testing.T) {
	err := WindowOf(goLive, model.NoDate).CheckMeasurementDate(model.NewDate(2028, 9, 1), model.NewDate(2029, 1, 1))
	if err == nil || !strings.Contains(err.Error(), "31.08.2028") || !strings.Contains(err.Error(), "forlænge") {
		t.Errorf("a late measurement's message must name the last date and the extension: %v", err)
	}
}

func TestBenefitValidate(t *testing.T) {
	w := WindowOf(goLive, model.NoDate)
	cases := []struct {
		name  string
		edit  func(*Benefit)
		field string
	}{
		{"valid", func(*Benefit) {}, ""},
		{"no title", func(b *Benefit) { b.Title = " " }, "title"},
		{"unknown type", func(b *Benefit) { b.Type = "glæde" }, "type"},
		{"each type", func(b *Benefit) { b.Type = WellBeing }, ""},
		{"no goal", func(b *Benefit) { b.Goal = "" }, "goal"},
		{"no change", func(b *Benefit) { b.Change = "" }, "change"},
		{"no owner", func(b *Benefit) { b.Owner = "" }, "owner"},
		{"no accountable", func(b *Benefit) { b.Accountable = "" }, "accountable"},
		{"no SMART goal", func(b *Benefit) { b.Smart = "" }, "smart"},
		{"SMART goal too long", func(b *Benefit) { b.Smart = strings.Repeat("x", MaxText+1) }, "smart"},
		{"no indicator", func(b *Benefit) { b.Indicator = "" }, "indicator"},
		{"no unit", func(b *Benefit) { b.Unit = "" }, "unit"},
		{"unknown direction", func(b *Benefit) { b.Direction = "op" }, "direction"},
		{"baseline not a number", func(b *Benefit) { b.BaselineValue = math.NaN() }, "baseline_value"},
		{"baseline outside the window", func(b *Benefit) { b.BaselineDate = goLive }, "baseline_date"},
		{"lower is better, target above baseline", func(b *Benefit) { b.TargetValue = 25 }, "target_value"},
		{"lower is better, target equal to baseline", func(b *Benefit) { b.TargetValue = 20 }, "target_value"},
		{"higher is better, target above baseline", func(b *Benefit) { b.Direction, b.TargetValue = HigherIsBetter, 30 }, ""},
		{"higher is better, target below baseline", func(b *Benefit) { b.Direction = HigherIsBetter }, "target_value"},
		{"target after the window", func(b *Benefit) { b.TargetDate = model.NewDate(2028, 9, 1) }, "target_date"},
	}
	for _, c := range cases {
		b := valid()
		c.edit(&b)
		if got := fieldOf(b.Validate(w)); got != c.field {
			t.Errorf("%s: error on %q, want %q", c.name, got, c.field)
		}
	}
}

func TestBenefitValidateMeasurement(t *testing.T) {
	w := WindowOf(goLive, model.NoDate)
	today := model.NewDate(2028, 12, 1)
	ok := Measurement{Value: 15, Date: model.NewDate(2028, 3, 1)}
	for _, c := range []struct {
		name  string
		m     Measurement
		field string
	}{
		{"valid", ok, ""},
		{"not a number", Measurement{Value: math.Inf(1), Date: ok.Date}, "value"},
		{"too late", Measurement{Value: 15, Date: model.NewDate(2028, 9, 1)}, "date"},
		{"comment too long", Measurement{Value: 15, Date: ok.Date, Comment: strings.Repeat("x", MaxText+1)}, "comment"},
	} {
		if got := fieldOf(ValidateMeasurement(c.m, w, today)); got != c.field {
			t.Errorf("%s: error on %q, want %q", c.name, got, c.field)
		}
	}
}

func TestBenefitStatusOf(t *testing.T) {
	// Lower is better: baseline 20 on 2027-05-01, target 12 on 2028-05-01
	// (366 days); on 2027-11-01 (184 days) the line plans 184/366 ≈ 50,3 %
	// of the way, i.e. 15,98 dage.
	lower := valid()
	lower.TargetDate = model.NewDate(2028, 5, 1)
	mid := model.NewDate(2027, 11, 1)
	higher := lower
	higher.Direction, higher.BaselineValue, higher.TargetValue = HigherIsBetter, 60, 80
	m := func(v float64, d model.Date) []Measurement { return []Measurement{{Value: v, Date: d}} }
	cases := []struct {
		name string
		b    Benefit
		ms   []Measurement
		want Status
	}{
		{"no measurement", lower, nil, NotMeasured},
		{"lower: exactly the target", lower, m(12, mid), Achieved},
		{"lower: below the target", lower, m(11, mid), Achieved},
		{"lower: ahead of the line", lower, m(15.9, mid), OnTrack},
		{"lower: behind the line", lower, m(16.1, mid), AtRisk},
		{"lower: worse than baseline", lower, m(21, mid), AtRisk},
		{"lower: unchanged on the baseline date", lower, m(20, lower.BaselineDate), OnTrack},
		{"lower: missed on the target date", lower, m(12.5, lower.TargetDate), NotAchieved},
		{"lower: missed after the target date", lower, m(12.5, lower.TargetDate.AddDays(10)), NotAchieved},
		{"lower: a day before the target date, short", lower, m(12.5, lower.TargetDate.AddDays(-1)), AtRisk},
		{"lower: reached after the target date", lower, m(12, lower.TargetDate.AddDays(10)), Achieved},
		{"higher: exactly the target", higher, m(80, mid), Achieved},
		{"higher: ahead of the line", higher, m(71, mid), OnTrack},
		{"higher: behind the line", higher, m(69, mid), AtRisk},
		{"higher: worse than baseline", higher, m(50, mid), AtRisk},
		{"higher: missed on the target date", higher, m(79, higher.TargetDate), NotAchieved},
		{"the latest counts, not the best", lower, []Measurement{{Value: 11, Date: mid}, {Value: 19, Date: mid.AddDays(30)}}, AtRisk},
		{"the latest counts, given out of order", lower, []Measurement{{Value: 19, Date: mid.AddDays(30)}, {Value: 11, Date: mid}}, AtRisk},
	}
	for _, c := range cases {
		if got := StatusOf(c.b, c.ms); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestBenefitParseNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{{"12", 12, true}, {"12,5", 12.5, true}, {"12.5", 12.5, true}, {"1.250,5", 1250.5, true}, {" -3 ", -3, true},
		{"", 0, false}, {"tolv", 0, false}, {"NaN", 0, false}, {"Inf", 0, false}, {"1,2,3", 0, false}} {
		got, err := ParseNumber("value", c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseNumber(%q) = %v, %v", c.in, got, err)
		}
		if err != nil && fieldOf(err) != "value" {
			t.Errorf("ParseNumber(%q): error names %q", c.in, fieldOf(err))
		}
	}
	if Number(12.5) != "12,5" || Number(1250) != "1.250" || Number(0.125) != "0,13" {
		t.Errorf("Number: %s %s %s", Number(12.5), Number(1250), Number(0.125))
	}
}

func TestBenefitTreeOf(t *testing.T) {
	bs := []Benefit{
		{Goal: "Hurtigere afgørelser", Change: "Automatisk oprettelse"},
		{Goal: "Bedre trivsel", Change: "Færre manuelle opslag"},
		{Goal: " hurtigere afgørelser", Change: "automatisk oprettelse "},
		{Goal: "Hurtigere afgørelser", Change: "Digitale indberetninger"},
	}
	tr := TreeOf("Borgeren får hurtigt svar", bs)
	if tr.Vision != "Borgeren får hurtigt svar" || len(tr.Goals) != 2 {
		t.Fatalf("tree: %+v", tr)
	}
	g := tr.Goals[0]
	if g.Title != "Hurtigere afgørelser" || len(g.Changes) != 2 || len(g.Changes[0].Benefits) != 2 || g.Changes[0].Benefits[1] != 2 ||
		g.Changes[1].Benefits[0] != 3 || tr.Goals[1].Changes[0].Benefits[0] != 1 {
		t.Errorf("tree: %+v", tr)
	}
	if e := TreeOf("", nil); e.Goals == nil || len(e.Goals) != 0 {
		t.Errorf("empty tree: %+v", e)
	}
}

func TestBenefitChartSVGIsWellFormedAndSaysEverythingInText(t *testing.T) {
	b := valid()
	b.Title = "Kortere <sags>tid"
	w := WindowOf(goLive, model.NoDate)
	ms := []Measurement{{Value: 14, Date: model.NewDate(2028, 6, 1)}, {Value: 16.5, Date: model.NewDate(2028, 3, 1)}}
	svg := ChartSVG("g1", b, ms, w)
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not well-formed XML: %v", err)
	}
	for _, want := range []string{`role="img"`, `aria-labelledby="g1-titel g1-beskrivelse"`, "Kortere &lt;sags&gt;tid",
		"Baseline 20 dage den 01.05.2027; mål 12 dage senest 31.08.2028 (lavere er bedre).",
		"2 eftermålinger; den seneste 14 dage den 01.06.2028", "Eftermåling: 16,5 dage den 01.03.2028", "Go-live", "Mål: 12 dage"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart lacks %q", want)
		}
	}
	if empty := ChartSVG("g2", b, nil, w); !strings.Contains(empty, "Endnu ingen eftermålinger") || strings.Contains(empty, "<circle") {
		t.Errorf("a chart without measurements: %s", empty)
	}
}

func TestBenefitNiceScale(t *testing.T) {
	for _, c := range []struct{ lo, hi, wantLo, wantHi, step float64 }{
		{11.2, 20.8, 10, 22.5, 2.5}, {0, 100, 0, 100, 25}, {2.7, 3.9, 2.5, 4, 0.5}, {35, 70, 30, 70, 10}, {0.4, 1.3, 0.25, 1.5, 0.25},
	} {
		lo, hi, step := niceScale(c.lo, c.hi)
		if math.Abs(lo-c.wantLo) > 1e-9 || math.Abs(hi-c.wantHi) > 1e-9 || math.Abs(step-c.step) > 1e-9 {
			t.Errorf("niceScale(%v, %v) = %v, %v, %v; want %v, %v, %v", c.lo, c.hi, lo, hi, step, c.wantLo, c.wantHi, c.step)
		}
	}
}
