package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"testing"
)

// sampleReport is the consolidated report of the demo quarter: Lạng Sơn,
// Q1/2019, with the figures of the seed article.
func sampleReport() Document {
	return Document{
		Profile: DefaultProfile(),
		Header: Header{
			ParentBody:  "TỈNH ỦY LẠNG SƠN",
			IssuingBody: "BAN DÂN VẬN",
			Number:      "Số 15-BC/BDVTU",
			Motto:       "ĐẢNG CỘNG SẢN VIỆT NAM",
			PlaceDate:   "Lạng Sơn, ngày 28 tháng 3 năm 2019",
		},
		Kind:    "BÁO CÁO",
		Subject: "Kết quả công tác dân vận quý I, nhiệm vụ trọng tâm quý II năm 2019",
		Blocks: []Block{
			Paragraph{Text: "Thực hiện Chương trình công tác năm 2019, Ban Dân vận Tỉnh ủy báo cáo kết quả công tác dân vận quý I, nhiệm vụ trọng tâm quý II năm 2019 như sau:"},
			Heading{Level: 1, Text: "I. KẾT QUẢ ĐẠT ĐƯỢC"},
			Heading{Level: 2, Text: "1. Công tác lãnh đạo, chỉ đạo"},
			Paragraph{Text: "Trong quý I/2019, công tác dân vận tiếp tục được các cấp ủy đảng, chính quyền quan tâm đôn đốc triển khai thực hiện. Ban Dân vận các cấp tiếp tục nâng cao chất lượng, hiệu quả công tác phối hợp, hướng dẫn, triển khai về chuyên môn, nghiệp vụ, tham mưu cho cấp ủy lãnh đạo, chỉ đạo công tác dân vận, dân tộc, tôn giáo, thực hiện quy chế dân chủ ở cơ sở."},
			Heading{Level: 2, Text: "2. Công tác chăm lo Tết Nguyên đán Kỷ Hợi"},
			Paragraph{Text: "Dịp Tết Nguyên đán Kỷ Hợi, các cơ quan, đơn vị đã tổ chức 12 đoàn công tác thăm, chúc Tết các gia đình có hoàn cảnh đặc biệt khó khăn, người có công; 8 đoàn kiểm tra các lực lượng trực phục vụ Tết với trên 62 nghìn lượt quà tặng, kinh phí trên 26 tỷ đồng. Kết quả cụ thể:"},
			Table{
				Columns: []Column{
					{Title: "STT", WidthPct: 7},
					{Title: "Chỉ tiêu", WidthPct: 39},
					{Title: "Đơn vị tính", WidthPct: 12},
					{Title: "Quý I/2019", WidthPct: 21, Numeric: true},
					{Title: "Cùng kỳ 2018", WidthPct: 21, Numeric: true},
				},
				Rows: [][]string{
					{"1", "Đoàn công tác thăm, chúc Tết gia đình chính sách", "đoàn", "12", "11"},
					{"2", "Đoàn kiểm tra lực lượng trực Tết", "đoàn", "8", "7"},
					{"3", "Quà tặng", "lượt", "62.350", "58.000"},
					{"4", "Kinh phí trao tặng", "đồng", "26.180.000.000", "24.500.000.000"},
					{"5", "Lớp tập huấn công tác dân vận", "lớp", "14", "9"},
				},
			},
			Heading{Level: 2, Text: "3. Kết quả theo khối"},
			Table{
				Columns: []Column{
					{Title: "Khối"},
					{Title: "Số đơn vị báo cáo", WidthPct: 25, Numeric: true},
					{Title: "Mô hình “Dân vận khéo”", WidthPct: 25, Numeric: true},
				},
				Rows: [][]string{
					{"(1)", "(2)", "(3)"},
					{"Khối đảng", "12", "15"},
					{"Khối chính quyền", "9", "21"},
					{"Mặt trận Tổ quốc\nvà các đoàn thể", "7", "33"},
					{"Tổng cộng", "28", "69"},
				},
				HeaderRows: 1,
				TotalRow:   true,
			},
			Heading{Level: 1, Text: "II. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN"},
			Paragraph{Text: "Một số cấp ủy chưa thường xuyên kiểm tra, giám sát việc thực hiện quy chế dân chủ ở cơ sở; việc nhân rộng các mô hình, điển hình “Dân vận khéo” còn chậm."},
			Heading{Level: 1, Text: "III. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2019"},
			Paragraph{Text: "1. Tiếp tục thực hiện chủ đề công tác “Năm Dân vận chính quyền” 2019: kỷ cương, liêm chính, sáng tạo, bứt phá, hiệu quả.\n2. Mặt trận Tổ quốc phối hợp tổ chức tốt Đại hội Đại biểu Ủy ban MTTQ Việt Nam các cấp nhiệm kỳ 2019 – 2024.\n3. Ban Dân tộc thực hiện tốt Đại hội Đại biểu các dân tộc thiểu số tỉnh năm 2019."},
			Heading{Level: 1, Text: "IV. KIẾN NGHỊ, ĐỀ XUẤT"},
			Paragraph{Text: "Đề nghị Ban Dân vận Trung ương tiếp tục mở các lớp tập huấn nghiệp vụ cho đội ngũ cán bộ làm công tác dân vận cơ sở."},
			Paragraph{Text: "Trên đây là báo cáo kết quả công tác dân vận quý I, nhiệm vụ trọng tâm quý II năm 2019 của Ban Dân vận Tỉnh ủy.", Italic: true},
		},
		Signature: Signature{Mode: "K/T", Body: "TRƯỞNG BAN", Title: "PHÓ TRƯỞNG BAN", Name: "Nguyễn Văn A"},
		Recipients: []string{
			"- Thường trực Tỉnh ủy (b/c),",
			"- Ban Dân vận Trung ương (b/c),",
			"- Các ban xây dựng Đảng Tỉnh ủy,",
			"- Các huyện ủy, thành ủy,",
			"- Lưu VP.",
		},
	}
}

// longReport is a report of about 40 pages: 16 sections of 4 subsections,
// each with narrative and a 10-row table.
func longReport() Document {
	d := sampleReport()
	d.Blocks = nil
	roman := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI"}
	text := "Các cấp ủy đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể tiếp tục quán triệt, triển khai thực hiện nghiêm túc các chủ trương của Đảng, chính sách, pháp luật của Nhà nước về công tác dân vận; chú trọng nắm bắt tình hình tư tưởng của các tầng lớp nhân dân, giải quyết kịp thời những vấn đề bức xúc phát sinh ngay từ cơ sở; phát huy vai trò của Nhân dân trong xây dựng Đảng, chính quyền trong sạch, vững mạnh."
	for s, r := range roman {
		d.Blocks = append(d.Blocks, Heading{Level: 1, Text: r + ". NỘI DUNG BÁO CÁO PHẦN " + r})
		for k := 1; k <= 4; k++ {
			d.Blocks = append(d.Blocks,
				Heading{Level: 2, Text: fmt.Sprintf("%d. Kết quả tại các đơn vị, nhóm %d", k, s*4+k)},
				Paragraph{Text: text + "\n" + text},
			)
			t := Table{
				Columns: []Column{{Title: "STT", WidthPct: 8}, {Title: "Đơn vị"}, {Title: "Quý I/2019", WidthPct: 20, Numeric: true}, {Title: "Cùng kỳ", WidthPct: 20, Numeric: true}},
			}
			for i := 1; i <= 10; i++ {
				t.Rows = append(t.Rows, []string{fmt.Sprint(i), "Huyện ủy Cao Lộc & Ban Dân vận", "26.180.000.000", "24.500.000.000"})
			}
			d.Blocks = append(d.Blocks, t)
		}
	}
	return d
}

func mustBytes(t testing.TB, d Document) []byte {
	t.Helper()
	data, err := Bytes(d)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// parts returns the files of a zip by name.
func parts(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string][]byte)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		m[f.Name] = b
	}
	return m
}
