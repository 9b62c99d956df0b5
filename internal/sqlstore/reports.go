package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/period"
	"giaoban/internal/report"
)

var _ report.Store = (*DB)(nil)

const indicatorSelect = `SELECT code, name, unit, value_type, aggregation, section, description, min_value, max_value, retired, version FROM indicator`

func scanIndicator(s scanner) (report.Indicator, error) {
	var i report.Indicator
	var vt, agg string
	var min, max sql.NullFloat64
	var retired int
	if err := s.Scan(&i.Code, &i.Name, &i.Unit, &vt, &agg, &i.Section, &i.Description, &min, &max, &retired, &i.Version); err != nil {
		return i, err
	}
	i.Type, i.Aggregation, i.Retired = report.ValueType(vt), report.Aggregation(agg), retired != 0
	if min.Valid {
		i.Min = &min.Float64
	}
	if max.Valid {
		i.Max = &max.Float64
	}
	return i, nil
}

func nullFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func indicatorJSON(i *report.Indicator) string {
	b, _ := json.Marshal(map[string]any{"code": i.Code, "name": i.Name, "unit": i.Unit, "type": i.Type, "aggregation": i.Aggregation,
		"section": i.Section, "min": i.Min, "max": i.Max, "retired": i.Retired, "version": i.Version})
	return string(b)
}

// loadIndicators reads the catalogue by code.
func (db *DB) loadIndicators(ctx context.Context) ([]report.Indicator, error) {
	rows, err := db.read.QueryContext(ctx, indicatorSelect+` ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("list indicators: %w", err)
	}
	defer rows.Close()
	var out []report.Indicator
	for rows.Next() {
		i, err := scanIndicator(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// CreateIndicator adds an indicator; ECONFLICT if the code exists.
func (db *DB) CreateIndicator(ctx context.Context, i *report.Indicator) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM indicator WHERE code = ?`), i.Code).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &apperr.Error{Code: apperr.ECONFLICT, Message: "Mã chỉ tiêu đã có.", Fields: map[string]string{"code": "Mã chỉ tiêu " + i.Code + " đã có."}}
		}
		i.Version = 1
		if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO indicator (code, name, unit, value_type, aggregation, section, description, min_value, max_value, retired, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), i.Code, i.Name, i.Unit, string(i.Type), string(i.Aggregation), i.Section, i.Description,
			nullFloat(i.Min), nullFloat(i.Max), boolInt(i.Retired), i.Version); err != nil {
			return fmt.Errorf("create indicator %s: %w", i.Code, err)
		}
		if err := db.bump(ctx, tx, "templates"); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, "indicator.create", "indicator", i.Code, "Tạo chỉ tiêu "+i.Code, "", indicatorJSON(i))
	})
}

// UpdateIndicator saves i if its version is current. The value type and
// aggregation of an indicator that has data cannot change: old reports
// would no longer mean what they said.
func (db *DB) UpdateIndicator(ctx context.Context, i *report.Indicator) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanIndicator(tx.QueryRowContext(ctx, db.rebind(indicatorSelect+` WHERE code = ?`), i.Code))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Errorf(apperr.ENOTFOUND, "Không có chỉ tiêu %s.", i.Code)
		} else if err != nil {
			return err
		}
		if before.Version != i.Version {
			return apperr.Errorf(apperr.ECONFLICT, "Chỉ tiêu vừa được người khác sửa. Vui lòng tải lại trang.")
		}
		if before.Type != i.Type || before.Aggregation != i.Aggregation {
			has, err := db.indicatorHasData(ctx, tx, i.Code)
			if err != nil {
				return err
			}
			if has {
				return &apperr.Error{Code: apperr.ECONFLICT, Message: "Chỉ tiêu đã có số liệu nên không đổi được kiểu giá trị hay cách tổng hợp; hãy ngừng dùng chỉ tiêu này và tạo chỉ tiêu mới.",
					Fields: map[string]string{"type": "Không đổi được khi đã có số liệu."}}
			}
		}
		i.Version++
		if _, err := tx.ExecContext(ctx, db.rebind(`UPDATE indicator SET name = ?, unit = ?, value_type = ?, aggregation = ?, section = ?, description = ?,
			min_value = ?, max_value = ?, retired = ?, version = ? WHERE code = ?`), i.Name, i.Unit, string(i.Type), string(i.Aggregation), i.Section,
			i.Description, nullFloat(i.Min), nullFloat(i.Max), boolInt(i.Retired), i.Version, i.Code); err != nil {
			return fmt.Errorf("update indicator %s: %w", i.Code, err)
		}
		if err := db.bump(ctx, tx, "templates"); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, "indicator.update", "indicator", i.Code, "Sửa chỉ tiêu "+i.Code, indicatorJSON(&before), indicatorJSON(i))
	})
}

// IndicatorHasData reports whether any report holds a value of code.
func (db *DB) IndicatorHasData(ctx context.Context, code string) (bool, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	return db.indicatorHasData(ctx, tx, code)
}

func (db *DB) indicatorHasData(ctx context.Context, tx *sql.Tx, code string) (bool, error) {
	// Values are encoded as {"CODE":"..."}; the quoted key is unambiguous.
	var n int
	err := tx.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM report WHERE values_enc LIKE ? ESCAPE '\'`), `%"`+likeEscape(code)+`":%`).Scan(&n)
	return n > 0, err
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

// templateDef is the stored JSON of a template's structure.
type templateDef struct {
	Outline    []report.Section    `json:"outline"`
	Indicators []string            `json:"indicators"`
	Filers     []report.Filers     `json:"filers"`
	Deadline   period.DeadlineRule `json:"deadline"`
	Rules      []report.Rule       `json:"rules,omitempty"`
	Custom     []customPeriod      `json:"custom,omitempty"`
	Theme      string              `json:"theme,omitempty"`
}

type customPeriod struct {
	ID    string      `json:"id"`
	Start period.Date `json:"start"`
	End   period.Date `json:"end"`
}

func encodeTemplate(t *report.Template) string {
	d := templateDef{Outline: t.Outline, Indicators: t.Indicators, Filers: t.Filers, Deadline: t.Deadline, Rules: t.Rules, Theme: t.Theme}
	for _, p := range t.Custom {
		d.Custom = append(d.Custom, customPeriod{ID: p.ID, Start: p.Start, End: p.End})
	}
	b, _ := json.Marshal(d)
	return string(b)
}

const templateSelect = `SELECT code, name, kind, period_type, calendar, owner_unit, definition, retired, version FROM report_template`

func scanTemplate(s scanner) (*report.Template, error) {
	t := &report.Template{}
	var kind, pt, cal, def string
	var retired int
	if err := s.Scan(&t.Code, &t.Name, &kind, &pt, &cal, &t.Owner, &def, &retired, &t.Version); err != nil {
		return nil, err
	}
	t.Kind, t.PeriodType, t.Calendar, t.Retired = report.Kind(kind), period.Type(pt), period.Calendar(cal), retired != 0
	var d templateDef
	if err := json.Unmarshal([]byte(def), &d); err != nil {
		return nil, fmt.Errorf("template %s: %w", t.Code, err)
	}
	t.Outline, t.Indicators, t.Filers, t.Deadline, t.Rules, t.Theme = d.Outline, d.Indicators, d.Filers, d.Deadline, d.Rules, d.Theme
	for _, c := range d.Custom {
		p, err := period.NewCustom(c.ID, c.Start, c.End)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", t.Code, err)
		}
		t.Custom = append(t.Custom, p)
	}
	return t, nil
}

// loadTemplates reads every template by code.
func (db *DB) loadTemplates(ctx context.Context) ([]report.Template, error) {
	rows, err := db.read.QueryContext(ctx, templateSelect+` ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	defer rows.Close()
	var out []report.Template
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// CreateTemplate adds a template; ECONFLICT if the code exists.
func (db *DB) CreateTemplate(ctx context.Context, t *report.Template) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM report_template WHERE code = ?`), t.Code).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &apperr.Error{Code: apperr.ECONFLICT, Message: "Mã mẫu báo cáo đã có.", Fields: map[string]string{"code": "Mã " + t.Code + " đã có."}}
		}
		t.Version = 1
		def := encodeTemplate(t)
		if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO report_template (code, name, kind, period_type, calendar, owner_unit, definition, retired, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`), t.Code, t.Name, string(t.Kind), string(t.PeriodType), string(t.Calendar), t.Owner, def, boolInt(t.Retired), t.Version); err != nil {
			return fmt.Errorf("create template %s: %w", t.Code, err)
		}
		if err := db.bump(ctx, tx, "templates"); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, "template.create", "template", t.Code, "Tạo mẫu báo cáo "+t.Name, "", def)
	})
}

// UpdateTemplate saves t if its version is current.
func (db *DB) UpdateTemplate(ctx context.Context, t *report.Template) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanTemplate(tx.QueryRowContext(ctx, db.rebind(templateSelect+` WHERE code = ?`), t.Code))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Errorf(apperr.ENOTFOUND, "Không có mẫu báo cáo %s.", t.Code)
		} else if err != nil {
			return err
		}
		if before.Version != t.Version {
			return apperr.Errorf(apperr.ECONFLICT, "Mẫu báo cáo vừa được người khác sửa. Vui lòng tải lại trang.")
		}
		t.Version++
		def := encodeTemplate(t)
		if _, err := tx.ExecContext(ctx, db.rebind(`UPDATE report_template SET name = ?, kind = ?, period_type = ?, calendar = ?, owner_unit = ?, definition = ?, retired = ?, version = ? WHERE code = ?`),
			t.Name, string(t.Kind), string(t.PeriodType), string(t.Calendar), t.Owner, def, boolInt(t.Retired), t.Version, t.Code); err != nil {
			return fmt.Errorf("update template %s: %w", t.Code, err)
		}
		if err := db.bump(ctx, tx, "templates"); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, "template.update", "template", t.Code, "Sửa mẫu báo cáo "+t.Name, encodeTemplate(before), def)
	})
}

const reportSelect = `SELECT template_code, period_id, unit_code, unit_name, status, version, values_enc, comments, narrative,
	submitted_at, on_time, accepted_at, return_reason, updated_at, updated_by FROM report`

func scanReport(s scanner) (*report.Report, error) {
	r := &report.Report{}
	var status, values, comments, narrative, submitted, accepted, updated string
	var onTime int
	if err := s.Scan(&r.Template, &r.Period, &r.Unit, &r.UnitName, &status, &r.Version, &values, &comments, &narrative,
		&submitted, &onTime, &accepted, &r.ReturnReason, &updated, &r.UpdatedBy); err != nil {
		return nil, err
	}
	r.Status, r.OnTime = report.Status(status), onTime != 0
	var err error
	if r.Values, err = report.DecodeValues(values); err != nil {
		return nil, err
	}
	if r.Comments, err = report.DecodeText(comments); err != nil {
		return nil, err
	}
	if r.Narrative, err = report.DecodeText(narrative); err != nil {
		return nil, err
	}
	r.SubmittedAt, r.AcceptedAt, r.UpdatedAt = parseOptTime(submitted), parseOptTime(accepted), parseTime(updated)
	return r, nil
}

func parseOptTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	return parseTime(s)
}

func (db *DB) optTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return db.timeString(t)
}

// FindReport returns the stored report; ENOTFOUND if never saved.
func (db *DB) FindReport(ctx context.Context, k report.Key) (*report.Report, error) {
	r, err := scanReport(db.read.QueryRowContext(ctx, db.rebind(reportSelect+` WHERE template_code = ? AND period_id = ? AND unit_code = ?`), k.Template, k.Period, k.Unit))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Chưa có báo cáo %s.", k)
	}
	return r, err
}

// ListReports returns the reports matching f.
func (db *DB) ListReports(ctx context.Context, f report.ReportFilter) ([]report.Report, error) {
	var w where
	w.eq("template_code", f.Template)
	w.eq("period_id", f.Period)
	w.eq("unit_code", f.Unit)
	if len(f.Units) > 0 {
		w.in("unit_code", f.Units)
	}
	if len(f.Statuses) > 0 {
		st := make([]string, len(f.Statuses))
		for i, x := range f.Statuses {
			st[i] = string(x)
		}
		w.in("status", st)
	}
	q := reportSelect + w.String()
	q += ` ORDER BY template_code, period_id, unit_code`
	return db.queryReports(ctx, q, w.args...)
}

func (db *DB) queryReports(ctx context.Context, q string, args ...any) ([]report.Report, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("query reports: %w", err)
	}
	defer rows.Close()
	var out []report.Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// History returns the unit's reports of the same template for periods.
func (db *DB) History(ctx context.Context, k report.Key, periods []string) ([]report.Report, error) {
	if len(periods) == 0 {
		return nil, nil
	}
	var w where
	w.eq("template_code", k.Template)
	w.eq("unit_code", k.Unit)
	w.cond("status IN ('submitted', 'accepted')")
	w.in("period_id", periods)
	return db.queryReports(ctx, reportSelect+w.String(), w.args...)
}

// reportAudit is the audited form of a report: its state and its encoded
// values (passed in when the caller has them, to encode them once).
func reportAudit(r *report.Report, values string) string {
	if values == "" {
		values = report.EncodeValues(r.Values)
	}
	b, _ := json.Marshal(map[string]any{"status": r.Status, "version": r.Version, "values": json.RawMessage(values),
		"return_reason": r.ReturnReason})
	return string(b)
}

// SaveReport writes r over stored version base (0: new), in one
// transaction with its audit entry and, when keep is set, a version row.
func (db *DB) SaveReport(ctx context.Context, r *report.Report, base int, action string, keep *report.Version) error {
	return db.SaveReports(ctx, []report.Save{{Report: r, Base: base, Action: action, Keep: keep}})
}

func (db *DB) saveReportTx(ctx context.Context, tx *sql.Tx, sv report.Save) error {
	r, base, action, keep := sv.Report, sv.Base, sv.Action, sv.Keep
	values, comments, narrative := report.EncodeValues(r.Values), report.EncodeText(r.Comments), report.EncodeText(r.Narrative)
	var before *report.Report
	var res sql.Result
	// The write's place in the order of all report writes (see
	// matrices.go). Taken first: the row lock on the counter also orders
	// concurrent writers of several servers, so seqs commit in order.
	seq, err := db.bumpReturning(ctx, tx, "reports")
	if err != nil {
		return err
	}
	if base == 0 {
		r.Version = 1
		res, err = tx.ExecContext(ctx, db.rebind(`INSERT INTO report (template_code, period_id, unit_code, unit_name, status, version, values_enc, comments, narrative,
			submitted_at, on_time, accepted_at, return_reason, updated_at, updated_by, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (template_code, period_id, unit_code) DO NOTHING`),
			r.Template, r.Period, r.Unit, r.UnitName, string(r.Status), r.Version, values, comments, narrative,
			db.optTime(r.SubmittedAt), boolInt(r.OnTime), db.optTime(r.AcceptedAt), r.ReturnReason, db.timeString(r.UpdatedAt), r.UpdatedBy, seq)
	} else {
		// The state being replaced, for the audit entry: the caller's
		// copy when it has one (it read version base, and every change
		// bumps the version, so it is exact if the UPDATE below applies),
		// else read here. The UPDATE only applies if the row is still at
		// base, so a concurrent writer makes it affect no row instead.
		before = sv.Before
		if before == nil || before.Version != base {
			before, err = scanReport(tx.QueryRowContext(ctx, db.rebind(reportSelect+` WHERE template_code = ? AND period_id = ? AND unit_code = ?`), r.Template, r.Period, r.Unit))
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		r.Version = base + 1
		res, err = tx.ExecContext(ctx, db.rebind(`UPDATE report SET status = ?, version = ?, values_enc = ?, comments = ?, narrative = ?, submitted_at = ?, on_time = ?,
			accepted_at = ?, return_reason = ?, updated_at = ?, updated_by = ?, seq = ? WHERE template_code = ? AND period_id = ? AND unit_code = ? AND version = ?`),
			string(r.Status), r.Version, values, comments, narrative, db.optTime(r.SubmittedAt), boolInt(r.OnTime), db.optTime(r.AcceptedAt), r.ReturnReason,
			db.timeString(r.UpdatedAt), r.UpdatedBy, seq, r.Template, r.Period, r.Unit, base)
	}
	if err != nil {
		r.Version = base
		return fmt.Errorf("save report %s: %w", r.Key, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		r.Version = base
		cur, err := scanReport(tx.QueryRowContext(ctx, db.rebind(reportSelect+` WHERE template_code = ? AND period_id = ? AND unit_code = ?`), r.Template, r.Period, r.Unit))
		if errors.Is(err, sql.ErrNoRows) {
			cur = report.NewReport(r.Key)
		} else if err != nil {
			return err
		}
		return report.ConflictError(cur)
	}
	if keep != nil {
		if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO report_version (template_code, period_id, unit_code, version, status, values_enc, comments, narrative, at, by_user, note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), r.Template, r.Period, r.Unit, r.Version, string(r.Status), values, comments, narrative,
			db.timeString(keep.At), keep.By, keep.Note); err != nil {
			return fmt.Errorf("keep version of %s: %w", r.Key, err)
		}
	}
	beforeJSON := ""
	if before != nil {
		beforeJSON = reportAudit(before, "")
	}
	return db.writeAudit(ctx, tx, action, "report", r.Key.String(), auditSummary(action, r), beforeJSON, reportAudit(r, values))
}

func auditSummary(action string, r *report.Report) string {
	switch action {
	case "report.save":
		return "Lưu báo cáo " + r.UnitName + " kỳ " + r.Period
	case "report.submit":
		return "Gửi báo cáo " + r.UnitName + " kỳ " + r.Period
	case "report.accept":
		return "Tiếp nhận báo cáo " + r.UnitName + " kỳ " + r.Period
	case "report.return":
		return "Trả lại báo cáo " + r.UnitName + " kỳ " + r.Period + ": " + r.ReturnReason
	case "report.reopen":
		return "Mở lại báo cáo đã tiếp nhận " + r.UnitName + " kỳ " + r.Period + ": " + r.ReturnReason
	case "report.import":
		return "Nhập báo cáo từ Excel " + r.UnitName + " kỳ " + r.Period
	}
	return action + " " + r.Key.String()
}

// ListVersions returns the kept versions of a report, oldest first.
func (db *DB) ListVersions(ctx context.Context, k report.Key) ([]report.Version, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT version, status, values_enc, comments, narrative, at, by_user, note FROM report_version
		WHERE template_code = ? AND period_id = ? AND unit_code = ? ORDER BY version`), k.Template, k.Period, k.Unit)
	if err != nil {
		return nil, fmt.Errorf("list versions of %s: %w", k, err)
	}
	defer rows.Close()
	var out []report.Version
	for rows.Next() {
		v := report.Version{Key: k}
		var status, values, comments, narrative, at string
		if err := rows.Scan(&v.Version, &status, &values, &comments, &narrative, &at, &v.By, &v.Note); err != nil {
			return nil, err
		}
		v.Status, v.At = report.Status(status), parseTime(at)
		if v.Values, err = report.DecodeValues(values); err != nil {
			return nil, err
		}
		if v.Comments, err = report.DecodeText(comments); err != nil {
			return nil, err
		}
		if v.Narrative, err = report.DecodeText(narrative); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ReportPeriods lists the periods of a template that have any report.
func (db *DB) ReportPeriods(ctx context.Context, template string) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT DISTINCT period_id FROM report WHERE template_code = ? ORDER BY period_id`), template)
	if err != nil {
		return nil, fmt.Errorf("report periods: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
