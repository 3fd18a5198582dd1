package api

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
)

// Access levels a request can hold for one map.
type level int

const (
	levelNone level = iota
	levelView
	levelEdit
	levelAdmin
)

const ctxLevel = "relationskort.level"

// newToken returns a new secret: 256 random bits, URL-safe base64.
func newToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// hashToken is the stored form of a token. The tokens are long random
// strings, so one SHA-256 is enough: there is nothing to brute-force.
func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

// newAccess makes a fresh pair of tokens and their hashes. The view token
// is derived from the edit token (viewToken), so that whoever holds the
// edit link can always hand out the view link, though the server stores
// neither.
func newAccess() (edit, view string, acc store.Access) {
	edit = newToken()
	view = viewToken(edit)
	return edit, view, store.Access{EditHash: hashToken(edit), ViewHash: hashToken(view)}
}

// viewToken derives the view token from an edit token with HMAC-SHA256: it
// cannot be turned back into the edit token.
func viewToken(edit string) string {
	mac := hmac.New(sha256.New, []byte(edit))
	mac.Write([]byte("relationskort view token v1"))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// requestToken takes the token from "Authorization: Bearer …" or ?token=.
func requestToken(c echo.Context) string {
	if h := c.Request().Header.Get(echo.HeaderAuthorization); h != "" {
		if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(tok)
		}
		return ""
	}
	return c.QueryParam("token")
}

// dummyHash is compared against when a map does not exist, so that the time
// taken does not tell whether it does.
var dummyHash = hashToken("relationskort-no-such-map")

// authorize returns a middleware that needs at least level need for the map
// named by the :id path parameter. Without a token it answers 401; with a
// wrong token, or for a map that does not exist, 403 — the same answer, so
// that nothing is revealed about which maps exist. The admin token reaches
// every map (and learns whether it exists).
func (s *server) authorize(need level) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			tok := requestToken(c)
			if tok == "" {
				return errUnauthorized
			}
			if s.isAdmin(tok) {
				c.Set(ctxLevel, levelAdmin)
				return next(c)
			}
			acc, err := s.st.Access(c.Request().Context(), c.Param("id"))
			if errors.Is(err, graph.ErrNotFound) {
				acc = store.Access{EditHash: dummyHash, ViewHash: dummyHash}
			} else if err != nil {
				return err
			}
			h := hashToken(tok)
			got := levelNone
			if subtle.ConstantTimeCompare(h, acc.EditHash) == 1 {
				got = levelEdit
			} else if subtle.ConstantTimeCompare(h, acc.ViewHash) == 1 {
				got = levelView
			}
			if got == levelNone || err != nil {
				return errForbidden
			}
			if got < need {
				return errReadOnly
			}
			c.Set(ctxLevel, got)
			return next(c)
		}
	}
}

func (s *server) isAdmin(tok string) bool {
	return s.adminHash != nil && subtle.ConstantTimeCompare(hashToken(tok), s.adminHash) == 1
}

// requireAdmin guards the routes that only the admin token may use. Without
// an admin token configured they answer 404: the feature does not exist.
func (s *server) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.cfg.AdminToken == "" {
			return echo.ErrNotFound
		}
		tok := requestToken(c)
		if tok == "" {
			return errUnauthorized
		}
		if !s.isAdmin(tok) {
			return errForbidden
		}
		return next(c)
	}
}
