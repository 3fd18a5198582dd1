package interchange

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relationskort/relationskort/graph"
)

// ContentType returns the media type of an export in format; for csv, table
// "" means the zip of both tables.
func ContentType(format, table string) string {
	switch format {
	case "json":
		return "application/json"
	case "csv":
		if table == "" {
			return "application/zip"
		}
		return "text/csv; charset=utf-8; header=present"
	case "dot":
		return "text/vnd.graphviz; charset=utf-8"
	case "graphml":
		return "application/graphml+xml"
	case "gexf":
		return "application/gexf+xml"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/octet-stream"
}

// Filename returns an ASCII-only file name for an export of m, built from its
// title: "Børn og unge" as csv relations is "boern-og-unge-relations.csv".
func Filename(m *graph.Map, format, table string) string {
	base := graph.Slug(m.Title, maxFileSlug)
	if base == "" {
		base = "relationskort"
	}
	return base + suffix(format, table)
}

// ContentDisposition returns the value of a Content-Disposition header
// (RFC 6266) for downloading an export of m: an ASCII filename for old
// clients and filename* (RFC 5987/8187) with the title as written, æøå
// included.
func ContentDisposition(m *graph.Map, format, table string) string {
	return `attachment; filename="` + Filename(m, format, table) + `"; filename*=UTF-8''` +
		percentEncode(displayName(m.Title)+suffix(format, table))
}

func suffix(format, table string) string {
	switch format {
	case "csv":
		if table == "" {
			return ".zip"
		}
		return "-" + table + ".csv"
	case "json", "dot", "graphml", "gexf", "xlsx":
		return "." + format
	}
	return ""
}

// maxFileSlug is the length of the ASCII part of an export's file name.
const maxFileSlug = 60

// displayName is the title as a file name: characters that file systems
// refuse or that mean paths become spaces; at most 100 characters.
func displayName(title string) string {
	var b strings.Builder
	n := 0
	space := false
	for _, r := range title {
		if n >= 100 {
			break
		}
		if unicode.IsControl(r) || unicode.IsSpace(r) || strings.ContainsRune(`/\:*?"<>|`, r) || r == utf8.RuneError {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
			n++
		}
		space = false
		b.WriteRune(r)
		n++
	}
	s := strings.Trim(b.String(), " .")
	if s == "" {
		return "relationskort"
	}
	return s
}

// percentEncode encodes s as the value-chars of RFC 8187: attr-chars as
// they are, every other byte of the UTF-8 as %XX.
func percentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
