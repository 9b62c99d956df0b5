package demo

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"time"
	"unicode"
	"unicode/utf8"

	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
)

// Synthetic load data: a made-up country (or one province of it) with the
// same shape as the real one, the 100-indicator quarterly template and
// eight quarters of accepted reports, for `giaoban gen` and benchmarks.
// Every code starts with "S", so the synthetic units never clash with the
// real administrative units (digits) or the demo's bodies ("20-...").

// Codes of the synthetic data.
const (
	SynthRoot     = "SVN"   // the country: one subtree holds everything
	SynthTemplate = "SYN-Q" // the quarterly template
)

// Scales of Synthetic.
const (
	ScaleProvince = "province"
	ScaleCountry  = "country"
)

// Shape of one synthetic province: 1 province unit, 1 commission, the
// provincial bodies, 97 communes and 5 grassroots units under each
// commune: 599 units, 598 of which file. The country has 34 of them and a
// root: 20,367 units, 20,332 filers.
const (
	synthProvinces     = 34
	communesPerProv    = 97
	grassrootsPerComm  = 5
	synthIndicatorsNum = 100
	synthSectionSize   = 10
)

// SynthQuarters are the periods the synthetic reports cover.
var SynthQuarters = []string{"2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"}

// Synth is one generated data set. Units, Indicators and Template are
// built at once; reports are made on demand by Reports, each one from its
// own seed, so any report can be rebuilt without the others.
type Synth struct {
	Scale      string
	Seed       int64
	Units      *org.Import
	Indicators []report.Indicator
	Template   *report.Template
	Periods    []period.Period
	// Filers are the units that file the template, in the order reports
	// are made.
	Filers []SynthFiler

	indType []report.ValueType // value type of each indicator, in template order
	// per-period timing
	deadlines []period.Date
}

// SynthFiler is one unit that files: its code, label and kind.
type SynthFiler struct {
	Code string
	Name string // the label a report keeps (full name)
	Kind org.Kind
}

// ReportCount is the number of reports Reports yields.
func (s *Synth) ReportCount() int { return len(s.Filers) * len(s.Periods) }

// ValueCount is the number of values those reports hold.
func (s *Synth) ValueCount() int { return s.ReportCount() * len(s.Indicators) }

// provincialBodies are the ~15 provincial bodies of each synthetic
// province, after the commission: suffix, name (followed by "tỉnh Sxx"),
// kind and sector.
var provincialBodies = []struct {
	suffix, name string
	kind         org.Kind
	sector       org.Sector
}{
	{"MTTQ", "Ủy ban MTTQ Việt Nam", org.KindFront, org.SectorFront},
	{"HND", "Hội Nông dân", org.KindMassOrg, org.SectorFront},
	{"HLHPN", "Hội Liên hiệp Phụ nữ", org.KindMassOrg, org.SectorFront},
	{"TD", "Đoàn Thanh niên", org.KindMassOrg, org.SectorFront},
	{"HCCB", "Hội Cựu chiến binh", org.KindMassOrg, org.SectorFront},
	{"LDLD", "Liên đoàn Lao động", org.KindMassOrg, org.SectorFront},
	{"BCHQS", "Bộ Chỉ huy Quân sự", org.KindArmedForces, org.SectorArmedForces},
	{"BDBP", "Bộ Chỉ huy Bộ đội Biên phòng", org.KindArmedForces, org.SectorArmedForces},
	{"CA", "Công an", org.KindArmedForces, org.SectorArmedForces},
	{"UBND", "Ủy ban nhân dân", org.KindGovernment, org.SectorGovernment},
	{"BDT", "Ban Dân tộc", org.KindGovernment, org.SectorGovernment},
	{"SNV", "Sở Nội vụ", org.KindGovernment, org.SectorGovernment},
	{"SGD", "Sở Giáo dục và Đào tạo", org.KindGovernment, org.SectorGovernment},
	{"SYT", "Sở Y tế", org.KindGovernment, org.SectorGovernment},
	{"SVH", "Sở Văn hóa, Thể thao và Du lịch", org.KindGovernment, org.SectorGovernment},
}

// grassroots are the units under each commune (kind other, by sector):
// name prefix and sector. The number is the residential area's.
var grassroots = []struct {
	name   string
	sector org.Sector
}{
	{"Chi bộ khu dân cư số 1", org.SectorParty},
	{"Ban Công tác Mặt trận khu dân cư số 1", org.SectorFront},
	{"Chi hội Nông dân khu dân cư số 2", org.SectorFront},
	{"Ban Chỉ huy Quân sự", org.SectorArmedForces},
	{"Ban điều hành khu dân cư số 2", org.SectorGovernment},
}

// Synthetic builds the synthetic data set of scale ScaleProvince (one
// province, 600 units) or ScaleCountry (34 provinces, 20,367 units). The
// same scale and seed always give the same data.
func Synthetic(scale string, seed int64) (*Synth, error) {
	provinces := 0
	switch scale {
	case ScaleProvince:
		provinces = 1
	case ScaleCountry:
		provinces = synthProvinces
	default:
		return nil, fmt.Errorf("quy mô %q không hợp lệ: cần %s hoặc %s", scale, ScaleProvince, ScaleCountry)
	}
	s := &Synth{Scale: scale, Seed: seed}
	s.buildUnits(provinces)
	if err := s.Units.Validate(); err != nil {
		return nil, fmt.Errorf("synthetic units: %w", err)
	}
	s.buildIndicators()
	s.buildTemplate()
	cat := make(map[string]report.Indicator, len(s.Indicators))
	for _, ind := range s.Indicators {
		cat[ind.Code] = ind
	}
	if err := s.Template.Validate(cat); err != nil {
		return nil, fmt.Errorf("synthetic template: %w", err)
	}
	for _, id := range SynthQuarters {
		p, err := s.Template.Period(id)
		if err != nil {
			return nil, err
		}
		s.Periods = append(s.Periods, p)
		s.deadlines = append(s.deadlines, s.Template.Deadline.Deadline(p))
	}
	return s, nil
}

func (s *Synth) buildUnits(provinces int) {
	n := 1 + provinces*(2+len(provincialBodies)+communesPerProv*(1+grassrootsPerComm))
	imp := &org.Import{
		Records: make([]org.Record, 0, n),
		Names:   make([]org.NameVersion, 0, n),
		Parents: make([]org.ParentLink, 0, n),
	}
	s.Units = imp
	s.Filers = make([]SynthFiler, 0, n)
	add := func(code, name, fullName, parent, place string, kind org.Kind, sector org.Sector, files bool) {
		imp.Records = append(imp.Records, org.Record{Code: code, Kind: kind, Sector: sector, Place: place, ValidFrom: org.Epoch, ValidTo: period.Forever})
		imp.Names = append(imp.Names, org.NameVersion{Code: code, Name: name, FullName: fullName, ValidFrom: org.Epoch, ValidTo: period.Forever})
		if parent != "" {
			imp.Parents = append(imp.Parents, org.ParentLink{Code: code, Parent: parent, ValidFrom: org.Epoch, ValidTo: period.Forever})
		}
		if files {
			s.Filers = append(s.Filers, SynthFiler{Code: code, Name: fullName, Kind: kind})
		}
	}
	add(SynthRoot, "Tổng hợp toàn quốc", "Cả nước (dữ liệu tổng hợp)", "", "Hà Nội", org.KindOther, org.SectorNone, false)
	commune := 0
	for p := 1; p <= provinces; p++ {
		pc := fmt.Sprintf("S%02d", p)
		place := "Tổng hợp " + pc
		add(pc, place, "Tỉnh Tổng hợp "+pc, SynthRoot, place, org.KindProvince, org.SectorNone, false)
		add(pc+"-BDV", "Ban Dân vận Tỉnh ủy "+pc, "Ban Dân vận Tỉnh ủy "+pc, pc, place, org.KindCommission, org.SectorParty, true)
		for _, b := range provincialBodies {
			name := b.name + " tỉnh " + pc
			add(pc+"-"+b.suffix, name, name, pc, place, b.kind, b.sector, true)
		}
		for c := 1; c <= communesPerProv; c++ {
			commune++
			cc := fmt.Sprintf("%s-X%03d", pc, c)
			short := fmt.Sprintf("Tổng hợp %04d", commune)
			level := "Xã"
			if c%8 == 0 {
				level = "Phường"
			}
			add(cc, short, level+" "+short, pc, place, org.KindCommune, org.SectorNone, true)
			for g, gr := range grassroots {
				name := gr.name + ", " + lower(level) + " " + short
				add(fmt.Sprintf("%s-%d", cc, g+1), name, name, cc, place, org.KindOther, gr.sector, true)
			}
		}
	}
}

func lower(level string) string {
	if level == "Phường" {
		return "phường"
	}
	return "xã"
}

// synthSections are the ten sections of the template, ten indicators each.
var synthSections = []string{
	"Tuyên truyền, quán triệt",
	"Dân vận chính quyền",
	"Dân vận khéo",
	"An sinh xã hội",
	"Quy chế dân chủ ở cơ sở",
	"Tiếp dân, giải quyết đơn thư",
	"Đồng bào dân tộc, tôn giáo",
	"Phong trào thi đua yêu nước",
	"Tập huấn, bồi dưỡng",
	"Nắm tình hình nhân dân",
}

// synthMeasures name the indicators by position in a section. Positions
// 7–9 name the percent, max and text indicators in the sections that have
// them; elsewhere those positions are plain counts, named in buildIndicators.
var synthMeasures = []struct{ name, unit string }{
	{"Hội nghị, buổi làm việc", "cuộc"},
	{"Lượt người tham dự", "lượt"},
	{"Văn bản chỉ đạo, hướng dẫn ban hành", "văn bản"},
	{"Kinh phí huy động", "đồng"},
	{"Mô hình, điển hình mới", "mô hình"},
	{"Đoàn công tác, kiểm tra", "đoàn"},
	{"Hộ gia đình được hỗ trợ", "hộ"},
	{"Tỷ lệ hoàn thành kế hoạch", "%"},
	{"Quy mô lớn nhất của một hoạt động", "người"},
	{"Kết quả nổi bật", ""},
}

// Indicator kinds by position in a section.
func synthKind(section, pos int) (report.ValueType, report.Aggregation) {
	switch {
	case pos == 3: // 10 money
		return report.TypeMoney, report.AggSum
	case pos == 7 && section < 5: // 5 percent
		return report.TypePercent, report.AggAverage
	case pos == 8 && section < 3: // 3 max
		return report.TypeInteger, report.AggMax
	case pos == 9 && section >= 8: // 2 text
		return report.TypeText, report.AggNone
	}
	return report.TypeInteger, report.AggSum
}

func (s *Synth) buildIndicators() {
	s.Indicators = make([]report.Indicator, 0, synthIndicatorsNum)
	s.indType = make([]report.ValueType, 0, synthIndicatorsNum)
	for i := 0; i < synthIndicatorsNum; i++ {
		sec, pos := i/synthSectionSize, i%synthSectionSize
		t, agg := synthKind(sec, pos)
		m := synthMeasures[pos]
		name, unit := m.name, m.unit
		// Positions whose special kind only some sections have are plain
		// counts elsewhere.
		if t == report.TypeInteger && agg == report.AggSum && (pos == 7 || pos == 8 || pos == 9) {
			name, unit = []string{"Buổi tiếp xúc, đối thoại với nhân dân", "Tin, bài tuyên truyền", "Ý kiến, kiến nghị tiếp nhận"}[pos-7], []string{"buổi", "tin, bài", "ý kiến"}[pos-7]
		}
		ind := report.Indicator{
			Code:        fmt.Sprintf("SI%03d", i+1),
			Name:        fmt.Sprintf("%s (%s)", name, lowerFirst(synthSections[sec])),
			Unit:        unit,
			Type:        t,
			Aggregation: agg,
			Section:     fmt.Sprintf("%d. %s", sec+1, synthSections[sec]),
		}
		if t == report.TypePercent {
			hundred := 100.0
			ind.Max = &hundred
		}
		s.Indicators = append(s.Indicators, ind)
		s.indType = append(s.indType, t)
	}
}

// lowerFirst lowers the first letter of a title for use inside a
// sentence: "Quý I/2024" → "quý I/2024".
func lowerFirst(t string) string {
	r, n := utf8.DecodeRuneInString(t)
	return string(unicode.ToLower(r)) + t[n:]
}

func (s *Synth) buildTemplate() {
	codes := make([]string, len(s.Indicators))
	for i, ind := range s.Indicators {
		codes[i] = ind.Code
	}
	// Every kind files except the province level; the root is excepted by
	// code (its kind, "other", is also the grassroots units').
	var kinds []org.Kind
	for _, k := range org.Kinds {
		if k != org.KindProvince {
			kinds = append(kinds, k)
		}
	}
	s.Template = &report.Template{
		Code: SynthTemplate, Name: "Báo cáo công tác dân vận quý (dữ liệu tổng hợp)", Kind: report.KindPeriodic,
		PeriodType: period.Quarter, Calendar: period.Decree09, Owner: SynthRoot,
		Outline: report.DefaultOutline, Indicators: codes,
		Filers:   []report.Filers{{Kinds: kinds, Except: []string{SynthRoot}}},
		Deadline: period.DeadlineRule{Kind: period.RuleWorkingDaysAfter, Days: 5},
	}
}

// synthTexts are the short texts of text indicators.
var synthTexts = []string{
	"Tổ chức tốt các hoạt động tuyên truyền, vận động nhân dân.",
	"Duy trì mô hình \"Dân vận khéo\" trong xây dựng nông thôn mới.",
	"Vận động nhân dân hiến đất làm đường giao thông nông thôn.",
	"Thăm hỏi, tặng quà gia đình chính sách, hộ nghèo.",
	"Phối hợp giữ gìn an ninh trật tự ở khu dân cư.",
	"Tổ chức đối thoại giữa người đứng đầu với nhân dân.",
	"Hỗ trợ xây dựng nhà đại đoàn kết cho hộ khó khăn.",
	"Tập huấn nghiệp vụ cho cán bộ làm công tác dân vận.",
	"Nắm bắt tình hình tư tưởng của nhân dân, kịp thời báo cáo.",
	"Phát huy vai trò người có uy tín trong cộng đồng.",
	"Vận động đồng bào thực hiện nếp sống văn minh.",
	"Triển khai kế hoạch thực hiện Quy chế dân chủ ở cơ sở.",
}

// Reports yields the reports, quarter by quarter in SynthQuarters order and
// in Filers order within a quarter, in batches of at most size (a batch
// never spans two quarters). Each yielded slice is new: the consumer may
// keep it. Every report is accepted, with every indicator set.
func (s *Synth) Reports(size int) iter.Seq[[]report.Report] {
	if size <= 0 {
		size = 5000
	}
	return func(yield func([]report.Report) bool) {
		g := s.newGen()
		for q := range s.Periods {
			for i := 0; i < len(s.Filers); i += size {
				n := min(size, len(s.Filers)-i)
				batch := make([]report.Report, n)
				for j := range batch {
					g.fill(&batch[j], q, i+j)
				}
				if !yield(batch) {
					return
				}
			}
		}
	}
}

// Report builds the report of filer i (index in Filers) for period q
// (index in Periods), the same as Reports yields.
func (s *Synth) Report(q, i int) report.Report {
	var r report.Report
	s.newGen().fill(&r, q, i)
	return r
}

// gen makes reports; one per goroutine.
type gen struct {
	s   *Synth
	pcg rand.PCG
	rng *rand.Rand
}

func (s *Synth) newGen() *gen {
	g := &gen{s: s}
	g.rng = rand.New(&g.pcg)
	return g
}

// fill builds the report of filer i for period q from its own seed.
func (g *gen) fill(r *report.Report, q, i int) {
	s := g.s
	g.pcg.Seed(uint64(s.Seed), uint64(q)<<32|uint64(i))
	rng := g.rng
	f := &s.Filers[i]
	p := s.Periods[q]
	deadline := s.deadlines[q]

	values := make(map[string]report.Value, len(s.Indicators))
	for k, ind := range s.Indicators {
		var v report.Value
		switch s.indType[k] {
		case report.TypeMoney:
			v = report.Value{Int: rng.Int64N(5_000_001) * 1000, Set: true}
		case report.TypePercent:
			v = report.Value{Float: float64(rng.IntN(1001)) / 10, Set: true}
		case report.TypeText:
			v = report.Value{Text: synthTexts[rng.IntN(len(synthTexts))], Set: true}
		default:
			v = report.Value{Int: rng.Int64N(501), Set: true}
		}
		values[ind.Code] = v
	}

	// Submitted in the days before the deadline during working hours; one
	// in about fourteen late by 1–10 days. Accepted 1–4 days later.
	dl := deadline.In(period.Vietnam)
	var submitted time.Time
	if rng.IntN(14) == 0 {
		submitted = dl.AddDate(0, 0, 1+rng.IntN(10))
	} else {
		submitted = dl.AddDate(0, 0, -rng.IntN(7))
	}
	submitted = submitted.Add(time.Duration(7*60+30+rng.IntN(9*60)) * time.Minute).Add(time.Duration(rng.IntN(60)) * time.Second)
	accepted := submitted.AddDate(0, 0, 1+rng.IntN(4))

	*r = report.Report{
		Key:         report.Key{Template: SynthTemplate, Period: p.ID, Unit: f.Code},
		UnitName:    f.Name,
		Status:      report.StatusAccepted,
		Version:     3, // saved, submitted, accepted
		Values:      values,
		Comments:    map[string]string{},
		Narrative:   map[string]string{"ket_qua": lowerFirst(p.Label()) + ": " + synthTexts[rng.IntN(len(synthTexts))]},
		Deadline:    dl.Add(24*time.Hour - time.Nanosecond),
		SubmittedAt: submitted.UTC(),
		OnTime:      period.OnTime(submitted, deadline),
		AcceptedAt:  accepted.UTC(),
		UpdatedAt:   accepted.UTC(),
		UpdatedBy:   "tonghop",
	}
}
