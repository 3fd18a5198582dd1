// Package pgtest gives tests a PostgreSQL database: a fresh schema on the
// server named by RELATIONSKORT_TEST_POSTGRES, or a throwaway server of
// their own for tests that stop and start it. Without a server the tests
// skip and say how to give them one; .ci/run always gives them one.
//
// pgtest is imported only by tests.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the environment variable with the URL of a PostgreSQL server
// the tests may create schemas on, e.g.
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
const EnvURL = "RELATIONSKORT_TEST_POSTGRES"

// URL returns the test server's URL, or skips the test.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u == "" {
		t.Skipf("no PostgreSQL server: set %s=postgres://USER@HOST:PORT/DATABASE?sslmode=disable to run this test (.ci/run starts one)", EnvURL)
	}
	return u
}

// NewSchema creates an empty schema on the test server and returns a URL
// whose connections use it (search_path), so that tests running at the same
// time do not see each other's maps. The schema is dropped when the test
// ends. It skips the test without a server.
func NewSchema(t testing.TB) string {
	t.Helper()
	return SchemaOn(t, URL(t))
}

// SchemaOn is NewSchema on the server at base.
func SchemaOn(t testing.TB, base string) string {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	schema := "rk_test_" + hex.EncodeToString(b[:])
	exec := func(sql string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		if err := exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Cluster is a PostgreSQL server of one test's own, in a temporary
// directory, that the test may stop and start. Its TCP connections need the
// password of the user postgres (scram-sha-256), as a production server's
// would.
type Cluster struct {
	bin, dir, user string
	port           int
	password       string
}

// EnvBin names the environment variable with the directory of initdb and
// pg_ctl (found on PATH or under /usr/lib/postgresql otherwise); EnvUser
// the unprivileged user the server runs as when the tests run as root
// (PostgreSQL refuses to run as root), "pgtest" by default.
const (
	EnvBin  = "RELATIONSKORT_TEST_PG_BIN"
	EnvUser = "RELATIONSKORT_TEST_PG_USER"
)

// StartCluster creates and starts a server of the test's own and stops it
// and removes it when the test ends. It skips the test where PostgreSQL's
// programs are not installed (or, as root, the user to run them as does not
// exist).
func StartCluster(t testing.TB) *Cluster {
	t.Helper()
	bin := findBin()
	if bin == "" {
		t.Skipf("no PostgreSQL programs (initdb, pg_ctl): install postgresql or set %s", EnvBin)
	}
	c := &Cluster{bin: bin}
	if os.Geteuid() == 0 {
		c.user = os.Getenv(EnvUser)
		if c.user == "" {
			c.user = "pgtest"
		}
		if _, err := user.Lookup(c.user); err != nil {
			t.Skipf("running as root and there is no user %q to run PostgreSQL as: useradd -r %s, or set %s", c.user, c.user, EnvUser)
		}
	}
	dir, err := os.MkdirTemp("", "rk-pgtest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	c.dir = dir
	if c.user != "" {
		if out, err := exec.Command("chown", c.user, dir).CombinedOutput(); err != nil {
			t.Fatalf("chown %s: %v: %s", dir, err, out)
		}
	}
	c.port = freePort(t)
	var pw [12]byte
	rand.Read(pw[:])
	c.password = hex.EncodeToString(pw[:])
	pwFile := filepath.Join(dir, "pwfile")
	if err := os.WriteFile(pwFile, []byte(c.password+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.run(t, "initdb", "-D", c.data(), "-U", "postgres", "--pwfile", pwFile,
		"--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync")
	os.Remove(pwFile)
	t.Cleanup(func() { c.pgctl(t, "stop", "-m", "immediate") })
	c.Start(t)
	return c
}

// URL is the server's URL (database postgres, user postgres), with the
// password.
func (c *Cluster) URL() string {
	return fmt.Sprintf("postgres://postgres:%s@127.0.0.1:%d/postgres?sslmode=disable", c.password, c.port)
}

// URLWithoutPassword is URL without the password, which must then come
// from elsewhere.
func (c *Cluster) URLWithoutPassword() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// Password is the password of the user postgres.
func (c *Cluster) Password() string { return c.password }

// Stop stops the server (fast shutdown: connections are closed, as when an
// operator stops it).
func (c *Cluster) Stop(t testing.TB) {
	t.Helper()
	if err := c.pgctl(t, "stop", "-m", "fast", "-w"); err != nil {
		t.Fatalf("pg_ctl stop: %v", err)
	}
}

// Start starts the server (again) on the same port and data.
func (c *Cluster) Start(t testing.TB) {
	t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off", c.port, c.dir)
	if err := c.pgctl(t, "start", "-w", "-t", "60", "-l", filepath.Join(c.dir, "log"), "-o", opts); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		t.Fatalf("pg_ctl start: %v\n%s", err, log)
	}
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *Cluster) pgctl(t testing.TB, args ...string) error {
	t.Helper()
	cmd := c.command("pg_ctl", append([]string{"-D", c.data()}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%w: %s", err, out)
	}
	return nil
}

func (c *Cluster) run(t testing.TB, prog string, args ...string) {
	t.Helper()
	if out, err := c.command(prog, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v: %s", prog, err, out)
	}
}

func (c *Cluster) command(prog string, args ...string) *exec.Cmd {
	path := filepath.Join(c.bin, prog)
	var cmd *exec.Cmd
	if c.user != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.user, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir
	return cmd
}

func findBin() string {
	if d := os.Getenv(EnvBin); d != "" {
		return d
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), "initdb")); err == nil {
			return filepath.Dir(p)
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	best, bestV := "", -1
	for _, d := range dirs {
		v, err := strconv.Atoi(filepath.Base(filepath.Dir(d)))
		if err != nil || v <= bestV {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			best, bestV = d, v
		}
	}
	return best
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := strings.Cut(ln.Addr().String(), ":")
	p, _ := strconv.Atoi(port)
	return p
}
