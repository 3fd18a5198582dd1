package interchange

import (
	"archive/zip"
	"bytes"

	"github.com/relationskort/relationskort/graph"
)

// What the first bytes of a file say it is, so that a file given with the
// wrong format is told what it is ("this is a zip file") rather than
// reported line by line as broken CSV or XML.
var (
	zipMagic = []byte("PK\x03\x04")
	// An empty zip is only its end record.
	emptyZipMagic = []byte("PK\x05\x06")
	// oleMagic starts a Compound File: an Excel 97–2003 .xls, or an
	// encrypted .xlsx.
	oleMagic = []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
)

func isZip(data []byte) bool {
	return bytes.HasPrefix(data, zipMagic) || bytes.HasPrefix(data, emptyZipMagic)
}

// isWorkbook reports whether zr is an Office Open XML workbook.
func isWorkbook(zr *zip.Reader) bool {
	for _, f := range zr.File {
		if f.Name == "xl/workbook.xml" {
			return true
		}
	}
	return false
}

// zipKind names what a zip file holds: an Excel workbook, something else
// (CSV tables, say), or nothing readable.
func zipKind(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	switch {
	case err != nil:
		return "broken"
	case isWorkbook(zr):
		return "workbook"
	}
	return "other"
}

// sniff refuses data whose first bytes say it is not in format, with a
// message that says what it is and which format reads it.
func sniff(data []byte, format string) error {
	switch {
	case bytes.HasPrefix(data, oleMagic):
		return graph.Invalid("", "this is an Excel 97–2003 workbook (.xls) or an encrypted workbook, not %s; save it in Excel as an Excel Workbook (.xlsx) without a password and import that with format xlsx", formatName(format))
	case format == "xlsx" && !isZip(data):
		return graph.Invalid("", "this is not a zip file, so not an Excel workbook (.xlsx); %s", guessText(data))
	case format == "xlsx" && zipKind(data) == "other":
		return graph.Invalid("", "this is a zip file without an Excel workbook in it (a CSV export?); import a zip of CSV tables with format csv")
	case format == "xlsx", !isZip(data):
		return nil
	case zipKind(data) == "workbook":
		return graph.Invalid("", "this is a zip file holding an Excel workbook (.xlsx), not %s; import it with format xlsx", formatName(format))
	case format != "csv":
		return graph.Invalid("", "this is a zip file, not %s; the CSV export (a zip of two tables) imports with format csv", formatName(format))
	}
	return nil
}

func formatName(format string) string {
	switch format {
	case "json":
		return "a JSON document"
	case "csv":
		return "CSV text"
	case "graphml":
		return "GraphML"
	}
	return format
}

// guessText says what a text file looks like and which format reads it.
func guessText(data []byte) string {
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte(bom)), " \t\r\n")
	switch {
	case len(t) == 0:
		return "the file is empty"
	case t[0] == '<':
		return "it looks like XML: import GraphML with format graphml"
	case t[0] == '{':
		return "it looks like a JSON document: import it with format json"
	}
	return "it looks like text: import CSV with format csv"
}
