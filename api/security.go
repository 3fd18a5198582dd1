package api

import (
	"context"
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
// holds the database longer. Event streams are exempt.
func requestTimeout(d time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if strings.HasSuffix(c.Path(), "/events") {
				return next(c)
			}
			ctx, cancel := context.WithTimeout(c.Request().Context(), d)
			defer cancel()
			c.SetRequest(c.Request().WithContext(ctx))
			return next(c)
		}
	}
}

// RateLimit is how many requests a client address may make.
type RateLimit struct {
	// Writes per second per client address, with bursts of 5×Writes;
	// Creates (new maps and imports) per minute per address, with bursts
	// of Creates. Zero values turn the limit off.
	Writes  float64
	Creates float64
}

// DefaultRateLimit suits a workshop: a room of laptops behind one municipal
// NAT shares an address, so the limits are generous.
var DefaultRateLimit = RateLimit{Writes: 20, Creates: 30}

// ParseRateLimit reads RELATIONSKORT_RATE_LIMIT: "" for the default, "off",
// or "W" or "W,C": W writes per second and C creations per minute per client.
func ParseRateLimit(s string) (RateLimit, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "":
		return DefaultRateLimit, nil
	case "off":
		return RateLimit{}, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) > 2 {
		return RateLimit{}, fmt.Errorf("rate limit %q: want off, W or W,C", s)
	}
	var v [2]float64
	v[1] = DefaultRateLimit.Creates
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || f <= 0 || math.IsInf(f, 0) {
			return RateLimit{}, fmt.Errorf("rate limit %q: %q is not a positive number", s, p)
		}
		v[i] = f
	}
	return RateLimit{Writes: v[0], Creates: v[1]}, nil
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

// limit returns a middleware that answers 429 with Retry-After when the
// client address is over l. A nil l lets everything through.
func limit(l *limiter) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if l == nil {
			return next
		}
		return func(c echo.Context) error {
			ok, wait := l.allow(c.RealIP(), time.Now())
			if !ok {
				secs := int(math.Ceil(wait.Seconds()))
				c.Response().Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
				return &apiError{http.StatusTooManyRequests, "rate_limited",
					fmt.Sprintf("too many changes from your address; try again in %d s", max(secs, 1)), nil}
			}
			return next(c)
		}
	}
}
