package api_test

import (
	"image"
	"image/color"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeQRSVG rasterizes the SVG that qr.svg draws (a viewBox and one path of
// "Mx yhWv1h-Wz" runs) and reads it back with an independent QR decoder.
func decodeQRSVG(t *testing.T, svg string) string {
	t.Helper()
	vb := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindStringSubmatch(svg)
	require.NotNil(t, vb, "no viewBox in %q", svg)
	size, _ := strconv.Atoi(vb[1])
	const scale = 4
	img := image.NewGray(image.Rect(0, 0, size*scale, size*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	runs := regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-\d+z`).FindAllStringSubmatch(svg, -1)
	require.NotEmpty(t, runs, "no modules in the SVG")
	for _, r := range runs {
		x, _ := strconv.Atoi(r[1])
		y, _ := strconv.Atoi(r[2])
		w, _ := strconv.Atoi(r[3])
		for px := x * scale; px < (x+w)*scale; px++ {
			for py := y * scale; py < (y+1)*scale; py++ {
				img.SetGray(px, py, color.Gray{})
			}
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	require.NoError(t, err)
	res, err := gzqr.NewQRCodeReader().Decode(bmp, nil)
	require.NoError(t, err, "the QR code does not decode")
	return res.GetText()
}

func TestQRSVG(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	other := ts.create(t, `{"title":"Andet kort"}`)
	path := "/api/v1/maps/" + c.ID + "/qr.svg"

	t.Run("OK", func(t *testing.T) {
		tests := []struct {
			name, query, auth, link, want string
		}{
			{"ViewLinkWithViewToken", "?link=view", c.ViewToken, c.ViewToken, c.ViewURL},
			{"ViewLinkWithEditToken", "?link=view", c.EditToken, c.ViewToken, c.ViewURL},
			{"DefaultIsView", "", c.ViewToken, c.ViewToken, c.ViewURL},
			{"EditLink", "?link=edit", c.EditToken, c.EditToken, c.EditURL},
			// The bearer token alone: the view token is its own link, the
			// edit token derives the view token.
			{"ViewLinkWithViewTokenAlone", "?link=view", c.ViewToken, "", c.ViewURL},
			{"ViewLinkWithEditTokenAlone", "?link=view", c.EditToken, "", c.ViewURL},
			{"EditLinkWithEditTokenAlone", "?link=edit", c.EditToken, "", c.EditURL},
			{"AdminWithLinkToken", "?link=view", adminToken, c.ViewToken, c.ViewURL},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := map[string]string{}
				if tt.link != "" {
					h["X-Link-Token"] = tt.link
				}
				rec := ts.do(t, req{method: "GET", path: path + tt.query, token: tt.auth, header: h})
				require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
				assert.Equal(t, "image/svg+xml; charset=utf-8", rec.Header().Get("Content-Type"))
				assert.Equal(t, "private, no-store", rec.Header().Get("Cache-Control"))
				assert.Equal(t, tt.want, decodeQRSVG(t, rec.Body.String()))
			})
		}
	})

	t.Run("Refused", func(t *testing.T) {
		tests := []struct {
			name, query, auth, link string
			status                  int
			code                    string
		}{
			{"NoBearer", "?link=view", "", c.ViewToken, http.StatusUnauthorized, "unauthorized"},
			{"WrongBearer", "?link=view", other.EditToken, c.ViewToken, http.StatusForbidden, "forbidden"},
			{"BadLink", "?link=admin", c.EditToken, c.EditToken, http.StatusBadRequest, "bad_parameter"},
			{"EditLinkWithViewToken", "?link=edit", c.ViewToken, "", http.StatusForbidden, "read_only"},
			{"AdminWithoutLinkToken", "?link=view", adminToken, "", http.StatusBadRequest, "bad_parameter"},
			{"EmptyLink", "?link=", c.ViewToken, "", http.StatusBadRequest, "bad_parameter"},
			// Only the map's own links can be encoded: not arbitrary text, not
			// another map's token, not the view token under link=edit.
			{"ArbitraryText", "?link=view", c.ViewToken, "https://evil.example/", http.StatusBadRequest, "bad_parameter"},
			{"OtherMapsToken", "?link=view", c.ViewToken, other.ViewToken, http.StatusBadRequest, "bad_parameter"},
			{"ViewTokenAsEdit", "?link=edit", c.EditToken, c.ViewToken, http.StatusBadRequest, "bad_parameter"},
			{"EditTokenAsView", "?link=view", c.EditToken, c.EditToken, http.StatusBadRequest, "bad_parameter"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := map[string]string{}
				if tt.link != "" {
					h["X-Link-Token"] = tt.link
				}
				rec := ts.do(t, req{method: "GET", path: path + tt.query, token: tt.auth, header: h})
				require.Equal(t, tt.status, rec.Code, rec.Body.String())
				assert.Equal(t, tt.code, decodeError(t, rec).Code)
			})
		}
	})

	t.Run("TokensStayOutOfLogs", func(t *testing.T) {
		assert.NotContains(t, ts.logs.String(), c.ViewToken)
		assert.NotContains(t, ts.logs.String(), c.EditToken)
	})
}
