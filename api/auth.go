package api

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

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

// ctxVersion holds the map's version that authorize read with the token
// hashes (see mapVersion).
const ctxVersion = "relationskort.version"

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

// ctxQueryToken marks the routes that take the token from ?token= too (see
// queryToken).
const ctxQueryToken = "relationskort.query-token"

// queryToken marks a route whose answer a browser loads by its address,
// without script: the event stream (EventSource cannot send headers), the
// pictures (an <img src>) and the exports (a download link). Only there is
// ?token= read; everywhere else a token travels in the Authorization
// header, so that it stays out of addresses, histories and logs. The
// admin token is never read from a query.
func queryToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(ctxQueryToken, true)
		return next(c)
	}
}

// requestToken takes the token from "Authorization: Bearer …", or from
// ?token= on the routes marked by queryToken; fromQuery says which.
func requestToken(c echo.Context) (tok string, fromQuery bool) {
	if h := c.Request().Header.Get(echo.HeaderAuthorization); h != "" {
		if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(tok), false
		}
		return "", false
	}
	if c.Get(ctxQueryToken) == true {
		return c.QueryParam("token"), true
	}
	return "", false
}

// missingToken is the 401 reply; it says why a ?token= was not read.
func missingToken(c echo.Context) error {
	if c.QueryParam("token") != "" && c.Get(ctxQueryToken) != true {
		return &apiError{http.StatusUnauthorized, "unauthorized",
			"send the token as Authorization: Bearer <token>: ?token= is read only by the event stream, the pictures and the export", nil}
	}
	return errUnauthorized
}

// dummyHash is compared against when a map does not exist, so that the time
// taken does not tell whether it does.
var dummyHash = hashToken("relationskort-no-such-map")

// authorize returns a middleware that needs at least level need for the map
// named by the :id path parameter. Without a token it answers 401; with a
// wrong token, or for a map that does not exist, 403 — the same answer, so
// that nothing is revealed about which maps exist. The admin token reaches
// every map (and learns whether it exists).
//
// A client address that sent too many wrong tokens (RateLimit.AuthFailures)
// gets 429 for every request with a token until its budget refills, before
// the token is looked at, so that the answer tells nothing about it.
func (s *server) authorize(need level) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			tok, fromQuery := requestToken(c)
			if tok == "" {
				return missingToken(c)
			}
			if err := s.failuresBlocked(c); err != nil {
				return err
			}
			if !fromQuery && s.isAdmin(tok) {
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
				s.authFailed(c, h)
				return errForbidden
			}
			if got < need {
				return errReadOnly
			}
			c.Set(ctxLevel, got)
			c.Set(ctxVersion, acc.Version)
			return next(c)
		}
	}
}

// mapVersion returns the version of map id: the one authorize read with
// the token hashes, in the same query, or (the admin token reads no
// hashes) the store's. A cached picture then costs one query, not two.
func (s *server) mapVersion(c echo.Context, id string) (int64, error) {
	if v, ok := c.Get(ctxVersion).(int64); ok && v > 0 {
		return v, nil
	}
	return s.st.MapVersion(c.Request().Context(), id)
}

// MinAdminTokenLen is the shortest admin token the service accepts: the
// admin token reaches every map, and unlike the map tokens it is chosen by
// a person.
const MinAdminTokenLen = 32

// CheckAdminToken returns an error saying what is wrong with an admin
// token: shorter than MinAdminTokenLen characters, or holding white space
// or control characters. The empty token (no admin) is fine.
func CheckAdminToken(tok string) error {
	if tok == "" {
		return nil
	}
	if n := utf8.RuneCountInString(tok); n < MinAdminTokenLen {
		return fmt.Errorf("is %d characters long; it must have at least %d (try: openssl rand -base64 32)", n, MinAdminTokenLen)
	}
	for _, r := range tok {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return errors.New("holds white space or a control character; it is sent in an Authorization header")
		}
	}
	return nil
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
		tok, _ := requestToken(c)
		if tok == "" {
			return missingToken(c)
		}
		if err := s.failuresBlocked(c); err != nil {
			return err
		}
		if !s.isAdmin(tok) {
			s.authFailed(c, hashToken(tok))
			return errForbidden
		}
		return next(c)
	}
}

// failuresBlocked answers 429 when the client address has used up its
// budget of failed authentications.
func (s *server) failuresBlocked(c echo.Context) error {
	if s.failures == nil {
		return nil
	}
	if blocked, wait := s.failures.blocked(c.RealIP(), time.Now()); blocked {
		return tooMany(c, wait, "requests with a wrong token")
	}
	return nil
}

// authFailed charges a wrong token (hash h) to the client address, unless
// it is a token that was rotated away lately: the pages still open with
// it are not guessing.
func (s *server) authFailed(c echo.Context, h []byte) {
	if s.failures == nil || s.rotated.has(h) {
		return
	}
	s.failures.allow(c.RealIP(), time.Now())
}

// rotatedTokens remembers for a day the hashes of tokens that were rotated
// away, so that the pages still holding them do not count as guessing.
type rotatedTokens struct {
	mu     sync.Mutex
	hashes map[string]time.Time
}

const rotatedMemory = 24 * time.Hour

func (r *rotatedTokens) add(now time.Time, hashes ...[]byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hashes == nil {
		r.hashes = map[string]time.Time{}
	}
	for k, t := range r.hashes {
		if now.Sub(t) > rotatedMemory {
			delete(r.hashes, k)
		}
	}
	for _, h := range hashes {
		r.hashes[string(h)] = now
	}
}

func (r *rotatedTokens) has(h []byte) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.hashes[string(h)]
	return ok && time.Since(t) <= rotatedMemory
}
