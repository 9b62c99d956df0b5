package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"giaoban/internal/apperr"
	"giaoban/internal/apptest"
	"giaoban/internal/report"
)

// download fetches a report's form as a workbook through the API.
func download(t *testing.T, srv *apptest.Server, tok, path string) *excelize.File {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("download %s: %d", path, res.StatusCode)
	}
	f, err := excelize.OpenReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// setByCode sets the value (column E) or comment (column H) of the row
// whose hidden column B holds code, as a user would type it.
func setByCode(t *testing.T, f *excelize.File, sheet, code, col, value string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		if len(row) > 1 && row[1] == code {
			ref := col + itoa(int64(i+1))
			if err := f.SetCellStr(sheet, ref, value); err != nil {
				t.Fatal(err)
			}
			return ref
		}
	}
	t.Fatalf("no row for %s", code)
	return ""
}

func upload(t *testing.T, srv *apptest.Server, tok, path string, f *excelize.File) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("PUT", srv.URL+path, &buf)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res.StatusCode, b.String()
}

func TestXLSXRoundTrip(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *apptestDB) {
		srv := apptest.NewServer(t, db)
		tok := srv.APIToken(t, "mttq", "demo")
		const path = "/api/v1/reports/BCQ-DV/2019Q2/20-MTTQ/xlsx"
		k := report.Key{Template: "BCQ-DV", Period: "2019Q2", Unit: "20-MTTQ"}
		unchanged := func(t *testing.T) {
			t.Helper()
			if _, err := db.FindReport(context.Background(), k); !apperr.Is(err, apperr.ENOTFOUND) {
				t.Fatalf("a failed import saved something: %v", err)
			}
		}

		tests := []struct {
			name     string
			edit     func(f *excelize.File) []string // returns the refs that must be named
			wantCode int
		}{
			{"wrong type", func(f *excelize.File) []string {
				return []string{setByCode(t, f, "Báo cáo", "QUA_TANG", "E", "nhiều lắm")}
			}, http.StatusUnprocessableEntity},
			{"negative", func(f *excelize.File) []string {
				return []string{setByCode(t, f, "Báo cáo", "DOAN_THAM_TET", "E", "-3")}
			}, http.StatusUnprocessableEntity},
			{"unknown code", func(f *excelize.File) []string {
				ref := setByCode(t, f, "Báo cáo", "QUA_TANG", "B", "KHONG_CO")
				return []string{"E" + ref[1:]} // the error names the row's value cell
			}, http.StatusUnprocessableEntity},
			{"extra sheet", func(f *excelize.File) []string {
				f.NewSheet("Ghi chép")
				f.SetCellStr("Ghi chép", "A1", "nháp")
				return []string{"Ghi chép"}
			}, http.StatusUnprocessableEntity},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				f := download(t, srv, tok, path)
				refs := tc.edit(f)
				code, body := upload(t, srv, tok, path, f)
				if code != tc.wantCode {
					t.Fatalf("got %d %s, want %d", code, body, tc.wantCode)
				}
				for _, ref := range refs {
					if !strings.Contains(body, ref) {
						t.Errorf("error does not name %s: %s", ref, body)
					}
				}
				unchanged(t)
			})
		}

		// A good workbook: Vietnamese number input, and text typed in the
		// legacy TCVN3 encoding, converted to Unicode on import.
		f := download(t, srv, tok, path)
		setByCode(t, f, "Báo cáo", "QUA_TANG", "E", "12.500")
		setByCode(t, f, "Báo cáo", "KINH_PHI", "E", "3.200.000.000")
		setByCode(t, f, "Báo cáo", "KH_QCDC", "E", "Có")
		setByCode(t, f, "Báo cáo", "NOI_BAT", "E", "Céng hßa x· héi chñ nghÜa ViÖt Nam")
		setByCode(t, f, "Báo cáo", "QUA_TANG", "H", "Tăng do Tết")
		code, body := upload(t, srv, tok, path, f)
		if code != http.StatusOK {
			t.Fatalf("good workbook: got %d %s", code, body)
		}
		var got struct {
			Version int            `json:"version"`
			Values  map[string]any `json:"values"`
		}
		json.Unmarshal([]byte(body), &got)
		if got.Version != 1 || got.Values["QUA_TANG"] != float64(12500) || got.Values["KINH_PHI"] != float64(3200000000) ||
			got.Values["NOI_BAT"] != "Cộng hòa xã hội chủ nghĩa Việt Nam" || got.Values["KH_QCDC"] != true {
			t.Errorf("imported: got %+v", got)
		}
		// The same file again is stale (it was exported at version 0).
		if code, _ := upload(t, srv, tok, path, f); code != http.StatusConflict {
			t.Errorf("re-upload of a stale workbook: got %d, want 409", code)
		}
	})
}
