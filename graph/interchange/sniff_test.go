package interchange

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// TestImport_WrongKind: a file given with the wrong format is told what it
// is, not reported as broken.
func TestImport_WrongKind(t *testing.T) {
	m := hostileMap(t)
	csvZip := export(t, m, "csv", ExportOptions{})
	xls := append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 100)...)
	tests := []struct {
		name, format string
		data         []byte
		want         string
	}{
		{"ZipAsJSON", "json", csvZip, "this is a zip file, not a JSON document; the CSV export (a zip of two tables) imports with format csv"},
		{"ZipAsGraphML", "graphml", csvZip, "this is a zip file, not GraphML; the CSV export (a zip of two tables) imports with format csv"},
		{"XLSAsCSV", "csv", xls, "this is an Excel 97–2003 workbook (.xls) or an encrypted workbook, not CSV text; save it in Excel as an Excel Workbook (.xlsx) without a password and import that with format xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Import(bytes.NewReader(tt.data), tt.format)
			assert.Nil(t, got)
			require.ErrorIs(t, err, graph.ErrInvalid)
			assert.Equal(t, []string{": " + tt.want}, problemsOf(t, err))
		})
	}
	assert.Contains(t, guessText([]byte(" <graphml/>")), "format graphml")
	assert.Contains(t, guessText([]byte("\ufeff{}")), "format json")
	assert.Contains(t, guessText([]byte("Fra;Til")), "format csv")
	assert.True(t, strings.HasPrefix(guessText(nil), "the file is empty"))
}
