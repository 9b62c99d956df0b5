package exemplar

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/period"
	"giaoban/internal/report"
)

// Codes of the report indicators the register fills (see Derived). A
// template that lists any of them gets its figures from the register.
const (
	CodeModels          = "DVK_MO_HINH"     // models registered in the year
	CodeExemplars       = "DVK_DIEN_HINH"   // exemplars registered in the year
	CodeCommended       = "DVK_KHEN_THUONG" // models and exemplars commended in the year
	CodeReplicated      = "DVK_NHAN_RONG"   // models and exemplars replicated in the year
	CodeEconomy         = "DVK_KINH_TE"     // registered in the year, field kinh tế
	CodeCultureSociety  = "DVK_VHXH"        // … văn hóa – xã hội
	CodeDefenceSecurity = "DVK_QPAN"        // … quốc phòng – an ninh
	CodePoliticalSystem = "DVK_XDHTCT"      // … xây dựng hệ thống chính trị
)

// fieldCodes maps the per-field indicators to their field.
var fieldCodes = map[string]Field{
	CodeEconomy:         FieldEconomy,
	CodeCultureSociety:  FieldCultureSociety,
	CodeDefenceSecurity: FieldDefenceSecurity,
	CodePoliticalSystem: FieldPoliticalSystem,
}

// ReportIndicators are the catalogue definitions of the derived
// indicators: integers in "mô hình", summed over units, in the section
// "Dân vận khéo".
func ReportIndicators() []report.Indicator {
	const section = "Dân vận khéo"
	def := func(code, name string) report.Indicator {
		return report.Indicator{Code: code, Name: name, Unit: "mô hình", Type: report.TypeInteger, Aggregation: report.AggSum, Section: section,
			Description: "Tự động tính từ sổ theo dõi mô hình, điển hình “Dân vận khéo”; không nhập tay."}
	}
	return []report.Indicator{
		def(CodeModels, "Mô hình “Dân vận khéo” đăng ký trong năm"),
		def(CodeExemplars, "Điển hình “Dân vận khéo” đăng ký trong năm"),
		def(CodeEconomy, "Mô hình, điển hình lĩnh vực kinh tế"),
		def(CodeCultureSociety, "Mô hình, điển hình lĩnh vực văn hóa – xã hội"),
		def(CodeDefenceSecurity, "Mô hình, điển hình lĩnh vực quốc phòng – an ninh"),
		def(CodePoliticalSystem, "Mô hình, điển hình lĩnh vực xây dựng hệ thống chính trị"),
		def(CodeCommended, "Mô hình, điển hình được khen thưởng trong năm"),
		def(CodeReplicated, "Mô hình, điển hình được nhân rộng trong năm"),
	}
}

// Derived fills report indicators from the register; it implements
// report.Derived.
//
// The figures are year to date for the unit's subtree as of the period's
// last day: for a report of period p, the year is p's year, and
//   - DVK_MO_HINH, DVK_DIEN_HINH and the four per-field codes count the
//     models (resp. exemplars, or both for a field) registered for that
//     year on or before p's last day;
//   - DVK_KHEN_THUONG and DVK_NHAN_RONG count the models and exemplars
//     (of any year) commended, resp. replicated, on a day from the start
//     of that year's data window (15/12 of the year before under Decree
//     09, 01/01 under calendar months) to p's last day.
type Derived struct {
	Store Store
	Units Units
}

var _ report.Derived = (*Derived)(nil)

// DerivedValues implements report.Derived.
func (d *Derived) DerivedValues(ctx context.Context, k report.Key, p period.Period, codes []string) (map[string]report.DerivedValue, error) {
	var want []string
	for _, c := range codes {
		if _, ok := fieldCodes[c]; ok || c == CodeModels || c == CodeExemplars || c == CodeCommended || c == CodeReplicated {
			want = append(want, c)
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	sub, err := d.Units.SubtreeAt(ctx, k.Unit, p.End)
	if apperr.Is(err, apperr.ENOTFOUND) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	units := make([]string, len(sub))
	for i, u := range sub {
		units[i] = u.Code
	}
	year := p.Year
	if year == 0 {
		year = p.End.Year()
	}
	from := period.New(year, time.January, 1)
	if p.Calendar != "" {
		if yp, err := period.ParseID(strconv.Itoa(year), p.Calendar); err == nil {
			from = yp.Start
		}
	}
	whose := "của đơn vị và các đơn vị trực thuộc"
	if len(units) == 1 {
		whose = "của đơn vị"
	}
	out := map[string]report.DerivedValue{}
	registered := func(c string) bool { _, ok := fieldCodes[c]; return ok || c == CodeModels || c == CodeExemplars }
	if slices.ContainsFunc(want, registered) {
		counts, err := d.Store.CountExemplars(ctx, Filter{Units: units, Year: year, RegisteredBy: p.End})
		if err != nil {
			return nil, err
		}
		var models, exemplars int
		byField := map[Field]int{}
		for _, c := range counts {
			if c.Kind == KindExemplar {
				exemplars += c.N
			} else {
				models += c.N
			}
			byField[c.Field] += c.N
		}
		note := func(what string) string {
			return fmt.Sprintf("Tự động từ sổ theo dõi “Dân vận khéo”: %s đăng ký cho năm %d %s, tính đến ngày %s. Không nhập tay; muốn thay đổi, cập nhật sổ theo dõi.",
				what, year, whose, p.End.VN())
		}
		for _, c := range want {
			switch {
			case c == CodeModels:
				out[c] = count(models, note("số mô hình"))
			case c == CodeExemplars:
				out[c] = count(exemplars, note("số điển hình"))
			case registered(c):
				f := fieldCodes[c]
				out[c] = count(byField[f], note("số mô hình, điển hình lĩnh vực "+strings.ToLower(f.Label())))
			}
		}
	}
	for _, c := range want {
		var st Status
		var what string
		switch c {
		case CodeCommended:
			st, what = StatusCommended, "được khen thưởng"
		case CodeReplicated:
			st, what = StatusReplicated, "được nhân rộng"
		default:
			continue
		}
		n, err := d.Store.CountReached(ctx, units, st, from, p.End)
		if err != nil {
			return nil, err
		}
		out[c] = count(n, fmt.Sprintf("Tự động từ sổ theo dõi “Dân vận khéo”: số mô hình, điển hình %s %s từ ngày %s đến ngày %s. Không nhập tay; muốn thay đổi, cập nhật sổ theo dõi.",
			whose, what, from.VN(), p.End.VN()))
	}
	return out, nil
}

func count(n int, note string) report.DerivedValue {
	return report.DerivedValue{Value: report.Value{Int: int64(n), Set: true}, Note: note}
}
