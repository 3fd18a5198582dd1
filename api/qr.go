package api

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	qrcode "github.com/skip2/go-qrcode"
)

// The QR code of a map's view or edit link, so that participants in a room
// can join from their phones.
//
// The server keeps only hashes of the tokens, so it builds the link from
// the token the request holds: link=view with the view token encodes that
// token, with the edit token the view token derived from it (viewToken);
// link=edit needs the edit token. The optional X-Link-Token header names
// the token to encode instead (the admin token has no link of its own); the
// server checks that it is the map's own view (or edit) token. Nothing else
// can be encoded, so the route cannot be used to make QR codes of arbitrary
// text. The token travels in headers, never in the URL, so it stays out of
// logs.

// qrQuiet is the quiet zone around the code, in modules (the standard's 4).
const qrQuiet = 4

// handleQRSVG: GET /api/v1/maps/{id}/qr.svg?link=view|edit.
func (s *server) handleQRSVG(c echo.Context) error {
	link := c.QueryParam("link")
	if link == "" {
		link = "view"
	}
	if link != "view" && link != "edit" {
		return badParameter("link", "must be view or edit")
	}
	id := c.Param("id")
	acc, err := s.st.Access(c.Request().Context(), id)
	if err != nil {
		return err
	}
	want := acc.ViewHash
	if link == "edit" {
		want = acc.EditHash
	}
	tok := strings.TrimSpace(c.Request().Header.Get("X-Link-Token"))
	if tok != "" {
		if subtle.ConstantTimeCompare(hashToken(tok), want) != 1 {
			return badParameter("X-Link-Token", "is not this map's "+link+" token")
		}
	} else {
		bearer, _ := requestToken(c)
		switch lv := c.Get(ctxLevel); {
		case lv == levelAdmin:
			return badParameter("X-Link-Token", "the admin token has no link of its own: send the token of the "+link+" link")
		case link == "edit" && lv != levelEdit:
			return errReadOnly
		case link == "view" && lv == levelEdit:
			tok = viewToken(bearer)
		default:
			tok = bearer
		}
		if subtle.ConstantTimeCompare(hashToken(tok), want) != 1 {
			return &apiError{http.StatusConflict, "conflict", "this map's view token cannot be derived; rotate the tokens to get new links", nil}
		}
	}
	url := s.baseURL(c) + "/m/" + id + "#" + link + "=" + tok
	svg, err := qrSVG(url)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, "image/svg+xml; charset=utf-8", svg)
}

// qrSVG draws text as a QR code (error correction M) in SVG: one path of
// unit squares on a white ground, with a quiet zone, scaled by the viewBox.
func qrSVG(text string) ([]byte, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	q.DisableBorder = true
	bits := q.Bitmap()
	n := len(bits)
	size := n + 2*qrQuiet
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img">`, size, size)
	b.WriteString(`<title>QR</title>`)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/>`, size, size)
	b.WriteString(`<path fill="#000" d="`)
	for y, row := range bits {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start+qrQuiet, y+qrQuiet, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>`)
	return []byte(b.String()), nil
}
