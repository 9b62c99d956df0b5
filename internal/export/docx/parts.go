package docx

import (
	"bytes"
	"math"
	"strconv"
)

const contentTypesXML = xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const rootRelsXML = xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const documentRelsXML = xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rIdHeader1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
	`<Relationship Id="rIdHeader2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>` +
	`</Relationships>`

// settingsXML asks Word for its current compatibility mode (so the file
// does not open in "Compatibility Mode") and sets Vietnamese number
// punctuation.
const settingsXML = xmlDecl + `<w:settings xmlns:w="` + nsW + `">` +
	`<w:zoom w:percent="100"/>` +
	`<w:defaultTabStop w:val="720"/>` +
	`<w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`<w:themeFontLang w:val="vi-VN"/>` +
	`<w:decimalSymbol w:val=","/>` +
	`<w:listSeparator w:val=";"/>` +
	`</w:settings>`

const appXML = xmlDecl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
	`<Application>Giao Ban</Application><DocSecurity>0</DocSecurity></Properties>`

// coreXML gives the title (Kind and Subject), subject, author (the issuing
// body) and language. No dates: the same Document gives the same bytes.
func coreXML(d Document) []byte {
	var b bytes.Buffer
	b.WriteString(xmlDecl)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	el := func(name, v string) {
		v = clean(v)
		if v == "" {
			return
		}
		b.WriteString("<" + name + ">")
		escape(&b, v)
		b.WriteString("</" + name + ">")
	}
	el("dc:title", d.Title())
	el("dc:subject", oneLine(d.Subject))
	el("dc:creator", oneLine(d.Header.IssuingBody))
	el("dc:language", "vi-VN")
	b.WriteString(`</cp:coreProperties>`)
	return b.Bytes()
}

func oneLine(s string) string {
	ls := lines(s)
	out := ""
	for i, l := range ls {
		if i > 0 {
			out += " "
		}
		out += l
	}
	return out
}

// lineSpacing returns w:line and w:lineRule for the profile's body text.
func lineSpacing(p Profile) (int, string) {
	if p.LineSpacing <= 3 {
		return int(math.Round(240 * p.LineSpacing)), "auto"
	}
	return twipsPt(p.LineSpacing), "exact"
}

// stylesXML gives the default run font (every script, so that Word does
// not fall back to another font for Vietnamese), size and language; Normal
// as justified body text; headings that show in Word's navigation pane;
// and the table styles.
func stylesXML(p Profile) []byte {
	var b bytes.Buffer
	font := func() {
		b.WriteString(`<w:rFonts w:ascii="`)
		escape(&b, clean(p.Font))
		b.WriteString(`" w:eastAsia="`)
		escape(&b, clean(p.Font))
		b.WriteString(`" w:hAnsi="`)
		escape(&b, clean(p.Font))
		b.WriteString(`" w:cs="`)
		escape(&b, clean(p.Font))
		b.WriteString(`"/>`)
	}
	size := strconv.Itoa(halfPoints(p.SizePt))
	sz := `<w:sz w:val="` + size + `"/><w:szCs w:val="` + size + `"/>`
	lang := `<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>`
	line, rule := lineSpacing(p)
	bodySpacing := `<w:spacing w:before="` + strconv.Itoa(paraBefore) + `" w:after="0" w:line="` + strconv.Itoa(line) + `" w:lineRule="` + rule + `"/>`

	b.WriteString(xmlDecl)
	b.WriteString(`<w:styles xmlns:w="` + nsW + `">`)
	b.WriteString(`<w:docDefaults><w:rPrDefault><w:rPr>`)
	font()
	b.WriteString(sz + lang + `</w:rPr></w:rPrDefault>`)
	b.WriteString(`<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>`)

	b.WriteString(`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>`)
	b.WriteString(`<w:pPr><w:widowControl/>` + bodySpacing + `<w:jc w:val="both"/></w:pPr><w:rPr>`)
	font()
	b.WriteString(`<w:color w:val="000000"/>` + sz + lang + `</w:rPr></w:style>`)

	for level, extra := range []string{``, ``, `<w:i/><w:iCs/>`} {
		n := strconv.Itoa(level + 1)
		b.WriteString(`<w:style w:type="paragraph" w:styleId="Heading` + n + `"><w:name w:val="heading ` + n + `"/>` +
			`<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>` +
			`<w:pPr><w:keepNext/><w:keepLines/>` + bodySpacing + `<w:jc w:val="both"/><w:outlineLvl w:val="` + strconv.Itoa(level) + `"/></w:pPr>` +
			`<w:rPr><w:b/><w:bCs/>` + extra + `<w:color w:val="000000"/>` + sz + `</w:rPr></w:style>`)
	}

	b.WriteString(`<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>` +
		`<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/></w:pPr></w:style>`)
	b.WriteString(`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>`)
	b.WriteString(`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>` +
		`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	b.WriteString(`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/>` +
		`<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr>` +
		`<w:tblPr><w:tblBorders>` +
		`<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>` +
		`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>` +
		`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>` +
		`</w:tblBorders></w:tblPr></w:style>`)
	b.WriteString(`<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>`)
	b.WriteString(`</w:styles>`)
	return b.Bytes()
}

// headerXML is the page header: the page number centred in the top
// margin on every page but the first (HD 36), or the empty first-page
// header.
func headerXML(p Profile, pageNumber bool) []byte {
	var b bytes.Buffer
	b.WriteString(xmlDecl)
	b.WriteString(`<w:hdr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>`)
	if pageNumber {
		size := strconv.Itoa(halfPoints(p.SizePt))
		r := `<w:r><w:rPr><w:sz w:val="` + size + `"/><w:szCs w:val="` + size + `"/></w:rPr>`
		b.WriteString(r + `<w:fldChar w:fldCharType="begin"/></w:r>`)
		b.WriteString(r + `<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`)
		b.WriteString(r + `<w:fldChar w:fldCharType="separate"/></w:r>`)
		b.WriteString(r + `<w:t>2</w:t></w:r>`)
		b.WriteString(r + `<w:fldChar w:fldCharType="end"/></w:r>`)
	}
	b.WriteString(`</w:p></w:hdr>`)
	return b.Bytes()
}
