package api

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"
)

// Content-Security-Policies. The page loads only its own files; API answers
// and diagrams may load nothing and run no script.
const (
	cspPage = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; " +
		"connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
	cspAPI = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
	// cspImage is for SVG answers: inline styles are allowed, script is not.
	cspImage = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'"
)

// securityHeaders sets the headers every response carries. Handlers that
// serve the page or an image replace the Content-Security-Policy.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		// Links carry tokens in their query or fragment: never send them on.
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", cspAPI)
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		return next(c)
	}
}

// requestTimeout cancels a request's context after d, so that no handler
// holds the database longer. Event streams are exempt. A request that
// failed because its client went away ends with errClientGone, whatever
// the layer below made of the cancellation, so that it is logged as 499
// and not as a server error.
func requestTimeout(d time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			orig := c.Request()
			if strings.HasSuffix(c.Path(), "/events") {
				return clientGone(orig, next(c))
			}
			ctx, cancel := context.WithTimeout(orig.Context(), d)
			defer cancel()
			c.SetRequest(orig.WithContext(ctx))
			err := next(c)
			c.SetRequest(orig)
			return clientGone(orig, err)
		}
	}
}

// clientGone turns err into errClientGone when r's client went away. A
// body that broke off or did not arrive in time keeps its own answer (400,
// 408): net/http cancels the context of such a request too.
func clientGone(r *http.Request, err error) error {
	if errors.Is(err, errBodyCutOff) || errors.Is(err, errBodyTimeout) {
		return err
	}
	if err != nil && errors.Is(r.Context().Err(), context.Canceled) {
		return fmt.Errorf("%w: %w", errClientGone, err)
	}
	return err
}

// RateLimit is how many requests a client address may make.
type RateLimit struct {
	// Writes per second per client address, with bursts of 5×Writes;
	// Creates (new maps and imports) per minute per address, with bursts
	// of Creates; Reads, expensive reads per second per address (a
	// drawing not served from the cache, an analysis, a comparison, an
	// export), with bursts of 3×Reads; AuthFailures, requests with a wrong
	// token per minute per address, with bursts of AuthFailures: past them
	// every request with a token answers 429 until the budget refills.
	// Zero values turn a limit off.
	Writes       float64
	Creates      float64
	Reads        float64
	AuthFailures float64
	// Joins is how many times an address may join rating rounds per
	// minute, with bursts of Joins: a room behind one NAT joins at once.
	Joins float64
}

// DefaultRateLimit suits a workshop: a room of laptops behind one municipal
// NAT shares an address, so the limits are generous. The pictures a room
// reloads after each edit come from the cache and cost no read.
var DefaultRateLimit = RateLimit{Writes: 20, Creates: 30, Reads: 10, AuthFailures: 30, Joins: 120}

// ParseRateLimit reads RELATIONSKORT_RATE_LIMIT: "" for the default, "off",
// or "W", "W,C" or "W,C,R": W writes per second, C creations per minute
// and R expensive reads per second per client. Failed authentication and
// joins of rating rounds are limited to DefaultRateLimit.AuthFailures and
// DefaultRateLimit.Joins a minute unless "off".
func ParseRateLimit(s string) (RateLimit, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "":
		return DefaultRateLimit, nil
	case "off":
		return RateLimit{}, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) > 3 {
		return RateLimit{}, fmt.Errorf("rate limit %q: want off, W, W,C or W,C,R", s)
	}
	v := [3]float64{0, DefaultRateLimit.Creates, DefaultRateLimit.Reads}
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || f <= 0 || math.IsInf(f, 0) {
			return RateLimit{}, fmt.Errorf("rate limit %q: %q is not a positive number", s, p)
		}
		v[i] = f
	}
	return RateLimit{Writes: v[0], Creates: v[1], Reads: v[2], AuthFailures: DefaultRateLimit.AuthFailures, Joins: DefaultRateLimit.Joins}, nil
}

// limiter keeps a token bucket for each client address.
type limiter struct {
	mu      sync.Mutex
	limit   rate.Limit
	burst   int
	clients map[string]*client
	sweep   time.Time
}

type client struct {
	l    *rate.Limiter
	seen time.Time
}

func newLimiter(perSecond float64, burst int) *limiter {
	return &limiter{limit: rate.Limit(perSecond), burst: max(burst, 1), clients: map[string]*client{}}
}

// allow takes one token for key, or says how long to wait for one.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.sweep) > time.Minute { // forget idle clients
		for k, c := range l.clients {
			if now.Sub(c.seen) > 10*time.Minute {
				delete(l.clients, k)
			}
		}
		l.sweep = now
	}
	c := l.clients[key]
	if c == nil {
		c = &client{l: rate.NewLimiter(l.limit, l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	r := c.l.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// blocked reports whether key has no token left, without taking one, and
// how long until it has.
func (l *limiter) blocked(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.clients[key]
	if c == nil || c.l.TokensAt(now) >= 1 {
		return false, 0
	}
	need := 1 - c.l.TokensAt(now)
	return true, time.Duration(need / float64(l.limit) * float64(time.Second))
}

// tooMany is the 429 reply, with Retry-After, to a client over a limit.
func tooMany(c echo.Context, wait time.Duration, what string) error {
	secs := max(int(math.Ceil(wait.Seconds())), 1)
	c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
	return &apiError{http.StatusTooManyRequests, "rate_limited",
		fmt.Sprintf("too many %s from your address; try again in %d s", what, secs), nil}
}

// limit returns a middleware that answers 429 with Retry-After when the
// client address is over l. A nil l lets everything through.
func limit(l *limiter) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if l == nil {
			return next
		}
		return func(c echo.Context) error {
			if ok, wait := l.allow(c.RealIP(), time.Now()); !ok {
				return tooMany(c, wait, "changes")
			}
			return next(c)
		}
	}
}
