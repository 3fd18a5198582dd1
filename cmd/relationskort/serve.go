package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/relationskort/relationskort/api"
	"github.com/relationskort/relationskort/static"
)

// runServe runs the HTTP service until ctx is cancelled, then shuts down
// gracefully: in-flight requests finish (up to 15 s).
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", envOr(getenv, "RELATIONSKORT_ADDR", "127.0.0.1:8080"), "address to listen on (env RELATIONSKORT_ADDR)")
	dbName := dbFlag(fs, getenv)
	baseURL := fs.String("base-url", getenv("RELATIONSKORT_BASE_URL"), "public URL of the service for the links of new maps (env RELATIONSKORT_BASE_URL)")
	logFormat := fs.String("log-format", envOr(getenv, "RELATIONSKORT_LOG_FORMAT", "text"), "log format: text or json (env RELATIONSKORT_LOG_FORMAT)")
	rateLimit := fs.String("rate-limit", getenv("RELATIONSKORT_RATE_LIMIT"), `per-client limits: "off", W, W,C or W,C,R (writes/s, new maps/min, expensive reads/s); default 20,30,10 (env RELATIONSKORT_RATE_LIMIT)`)
	trustProxy := fs.Bool("trust-proxy", getenv("RELATIONSKORT_TRUST_PROXY") == "1", "take client addresses from X-Forwarded-For, behind a reverse proxy (env RELATIONSKORT_TRUST_PROXY=1)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: relationskort serve [--addr ADDR] [--db FILE|URL] [--base-url URL] [--log-format text|json] [--rate-limit R] [--trust-proxy]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	limits, err := api.ParseRateLimit(*rateLimit)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	adminToken := getenv("RELATIONSKORT_ADMIN_TOKEN")
	if err := api.CheckAdminToken(adminToken); err != nil {
		return fmt.Errorf("serve: RELATIONSKORT_ADMIN_TOKEN %w", err)
	}
	var log *slog.Logger
	switch *logFormat {
	case "text":
		log = slog.New(slog.NewTextHandler(stderr, nil))
	case "json":
		log = slog.New(slog.NewJSONHandler(stderr, nil))
	default:
		return fmt.Errorf("serve: --log-format must be text or json, not %q", *logFormat)
	}

	db, err := openDB(ctx, *dbName, getenv)
	if err != nil {
		return err
	}
	defer db.Close()
	if db.found != db.now {
		log.Info("database migrated", "db", db.name, "from", db.found, "to", db.now)
	}

	ln, err := net.Listen("tcp", *addr) // listen first: a busy port fails at once
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	e := api.NewServer(db, static.Files, log, api.Config{
		AdminToken: adminToken,
		BaseURL:    *baseURL,
		RateLimit:  limits,
		TrustProxy: *trustProxy,
	})
	srv := e.Server // echo's server: it ends the event streams on Shutdown
	srv.ReadHeaderTimeout = 10 * time.Second
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 60 * time.Second // event streams lift it for themselves
	srv.IdleTimeout = 120 * time.Second
	srv.MaxHeaderBytes = 64 << 10
	srv.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	log.Info("relationskort listening", "url", "http://"+ln.Addr().String(), "db", db.name)
	fmt.Fprintf(stdout, "Relationskort kører på http://%s (database %s)\n", ln.Addr(), db.name)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}
