package api

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/graph/interchange"
	"github.com/relationskort/relationskort/render"
)

// handleExport: GET /api/v1/maps/{id}/export?format=json|csv|dot|graphml|gexf|xlsx
// [&table=functions|relations][&lang=da|en][&palette=…][&gexf_version=1.2|1.3]
// — the map in a format other tools read, as a download named after the title.
func (s *server) handleExport(c echo.Context) error {
	format, table := c.QueryParam("format"), c.QueryParam("table")
	if format == "" {
		format = "json"
	}
	ro, err := render.ParseOptions(func(k string) string {
		if k == "palette" || k == "lang" {
			return c.QueryParam(k)
		}
		return ""
	})
	if err != nil {
		return asBadParameter(err)
	}
	if err := s.chargeRead(c); err != nil {
		return err
	}
	m, err := s.st.GetMap(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	opt := interchange.ExportOptions{Table: table, Lang: ro.Lang, Colors: render.RatingColors(ro.Palette), GEXFVersion: c.QueryParam("gexf_version")}
	if err := interchange.Export(&buf, m, format, opt); err != nil {
		return asBadParameter(err)
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", interchange.ContentDisposition(m, format, table))
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", variantTag(m.Version, c.Request().URL.RawQuery))
	return c.Blob(http.StatusOK, interchange.ContentType(format, table), buf.Bytes())
}

// asBadParameter turns a validation error about a query parameter into a
// 400 naming it.
func asBadParameter(err error) error {
	if err == nil {
		return nil
	}
	var ve *graph.ValidationError
	if errors.As(err, &ve) && len(ve.Problems) > 0 && errors.Is(err, graph.ErrInvalid) {
		return badParameter(ve.Problems[0].Field, ve.Problems[0].Message)
	}
	return err
}

// importTypes are the Content-Types each import format takes (S8): none of
// them is one a web page's form can send without the browser asking the
// service first (CORS), so no other site can make a visitor's browser
// create maps.
var importTypes = map[string][]string{
	"json":    {"application/json"},
	"csv":     {"text/csv", "application/zip"},
	"graphml": {"application/graphml+xml", "application/xml", "text/xml"},
	"xlsx":    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
}

// handleImport: POST /api/v1/maps/import?format=json|csv|graphml|xlsx
// creates a new map from a file sent with its format's Content-Type
// (importTypes); the reply is that of POST /api/v1/maps, with a "warnings"
// list when the import changed something to make a map of the file. A file
// without a title takes ?title=, and one of the two is required. An import
// with any problem stores nothing; each problem names its line or element.
func (s *server) handleImport(c echo.Context) error {
	format := c.QueryParam("format")
	if format == "" {
		return badParameter("format", "is required: one of "+strings.Join(interchange.ImportFormats, ", "))
	}
	if !slices.Contains(interchange.ImportFormats, format) {
		return badParameter("format", "must be one of "+strings.Join(interchange.ImportFormats, ", "))
	}
	if types := importTypes[format]; !hasType(c, types...) {
		return &apiError{http.StatusUnsupportedMediaType, "unsupported_media_type",
			"send a " + format + " file with Content-Type: " + strings.Join(types, " or "), nil}
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	res, err := interchange.ImportWithWarnings(bytes.NewReader(body), format)
	if err != nil {
		return err
	}
	m := res.Map
	if title := c.QueryParam("title"); title != "" && m.Title == "" {
		m.Title = title
	}
	if strings.TrimSpace(m.Title) == "" {
		return graph.Invalid("title", "is required: the file has no title, so send ?title= (1–%d characters)", graph.MaxTitleLen)
	}
	return s.createMap(c, m, res.Warnings...)
}
