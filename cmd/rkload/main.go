// Command rkload is the load benchmark of Relationskort: many concurrent
// clients mixing cached SVG reads, analysis reads and rating writes against
// one running server, or several instances on one database (the clients are
// spread over them), reporting throughput, latency percentiles, errors,
// (with --pid) the servers' memory and CPU over the run, and the machine's
// idle share and rkload's own CPU share, so that a figure from a busy
// machine can be told from one from a quiet machine.
//
//	go run ./cmd/rkload --url http://127.0.0.1:8080 --clients 50 --duration 60s --pid $(pgrep relationskort)
//	go run ./cmd/rkload --url http://127.0.0.1:8081,http://127.0.0.1:8082 --procs postgres …
//	go run ./cmd/rkload --scenario round --participants 200 --pid $(pgrep relationskort)
//
// The scenario "round" is a rating round in a large room (see round.go).
//
// Rating writes carry If-Match with the newest map version any client has
// seen (every answer's ETag starts with the version), as a page that
// follows the live updates does; a write that another one overtook is
// answered 412 and counted apart ("stale write (412)"), not as an error.
// --if-match=false sends writes without If-Match (last writer wins).
//
// --setup only creates the map and prints its id, tokens and relation ids,
// for an independent load generator (cmd/rkload/wrk/mixed.lua):
//
//	rkload --url http://127.0.0.1:8080 --setup
//
// Start the servers with RELATIONSKORT_RATE_LIMIT=off: the load comes from
// one address.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "rkload:", err)
		os.Exit(1)
	}
}

type kind int

const (
	kindSVG kind = iota
	kindAnalysis
	kindWrite
	nKinds
	// kindStale is a rating write refused with 412 because another write
	// changed the map after the version it named: reported on its own row.
	kindStale = nKinds
	nRows     = nKinds + 1
)

var kindNames = [nRows]string{"map.svg (cached)", "analysis", "rating write", "stale write (412)"}

type stats struct {
	lat    []time.Duration
	errors int
	codes  map[int]int
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("rkload", flag.ContinueOnError)
	urlList := fs.String("url", "http://127.0.0.1:8080", "server base URL (loopback only); several, comma-separated, for instances on one database")
	clients := fs.Int("clients", 50, "concurrent clients")
	duration := fs.Duration("duration", 30*time.Second, "how long to run")
	mix := fs.String("mix", "70,10,20", "percent of svg reads, analysis reads, rating writes")
	mapFile := fs.String("map", "", "map document to load (default: a built-in 12-function map)")
	pidList := fs.String("pid", "", "server process ids, comma-separated, to sample their memory (VmRSS) every 5 s and their CPU time")
	procs := fs.String("procs", "", "command names, comma-separated (postgres), whose processes' CPU time to report")
	scenario := fs.String("scenario", "workshop", "workshop: the mixed load for --duration; round: a rating round, --participants answering at once")
	participants := fs.Int("participants", 200, "round: the participants who join and answer at once")
	passes := fs.Int("passes", 3, "round: how often each participant answers each of its relations (the later times change the answer)")
	target := fs.Duration("target", 100*time.Millisecond, "round: the p99 the answers must stay under")
	useIfMatch := fs.Bool("if-match", true, "rating writes carry If-Match with the newest version seen (a 412 is counted apart); false: last writer wins")
	setup := fs.Bool("setup", false, "only create the map and print: id edit-token view-token relation-ids (comma-separated)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	bases := strings.Split(*urlList, ",")
	for _, b := range bases {
		if !strings.HasPrefix(b, "http://127.") && !strings.HasPrefix(b, "http://localhost") && !strings.HasPrefix(b, "http://[::1]") {
			return errors.New("--url must be loopback addresses: this tool only loads servers on this machine")
		}
	}
	var pids []int
	for _, p := range strings.Split(*pidList, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return fmt.Errorf("--pid: %q is not a process id", p)
		}
		pids = append(pids, n)
	}
	var weights [nKinds]int
	for i, p := range strings.Split(*mix, ",") {
		if i >= int(nKinds) {
			return fmt.Errorf("--mix: at most %d numbers", nKinds)
		}
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 {
			return fmt.Errorf("--mix: %q is not a percentage", p)
		}
		weights[i] = n
	}
	doc := []byte(defaultMap)
	if *mapFile != "" {
		var err error
		if doc, err = os.ReadFile(*mapFile); err != nil {
			return err
		}
	}

	conns := 2 * max(*clients, *participants)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}, Timeout: 10 * time.Second}
	switch *scenario {
	case "workshop":
	case "round":
		return runRound(ctx, hc, bases[0], doc, roundOptions{participants: *participants, passes: *passes, target: *target}, out, pids, *procs)
	default:
		return fmt.Errorf("--scenario: %q is not workshop or round", *scenario)
	}
	m, err := createMap(ctx, hc, bases[0], doc)
	if err != nil {
		return err
	}
	if len(m.Relations) == 0 {
		return errors.New("the map has no relations to rate")
	}
	if *setup {
		rids := make([]string, len(m.Relations))
		for i, r := range m.Relations {
			rids[i] = r.ID
		}
		fmt.Fprintln(out, m.ID, m.EditToken, m.ViewToken, strings.Join(rids, ","))
		return nil
	}
	m.ifMatch = *useIfMatch
	m.version.Store(1)
	fmt.Fprintf(out, "map %s: %d functions, %d relations; %d clients on %d instance(s) for %v, mix svg/analysis/write = %v\n",
		m.ID, len(m.Functions), len(m.Relations), *clients, len(bases), *duration, weights)

	ctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	mem := make([][]string, len(pids))
	var memWG sync.WaitGroup
	for i, pid := range pids {
		memWG.Add(1)
		go func() { defer memWG.Done(); sampleMemory(ctx, pid, &mem[i]) }()
	}
	cpu0 := sampleCPU(pids, *procs)
	results := make([][nRows]stats, *clients)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range *clients {
		wg.Add(1)
		base := bases[w%len(bases)]
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			res := &results[w]
			for k := range res {
				res[k].codes = map[int]int{}
			}
			total := weights[0] + weights[1] + weights[2]
			for ctx.Err() == nil {
				k := pick(rng.IntN(total), weights)
				t0 := time.Now()
				code, err := do(ctx, hc, base, m, k, rng)
				if ctx.Err() != nil && err != nil {
					return // the run ended during this request
				}
				if k == kindWrite && code == http.StatusPreconditionFailed && m.ifMatch {
					k, err = kindStale, nil // overtaken by another write: expected
				}
				res[k].lat = append(res[k].lat, time.Since(t0))
				res[k].codes[code]++
				if err != nil {
					res[k].errors++
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu1 := sampleCPU(pids, *procs)
	cancel()
	memWG.Wait()

	fmt.Fprintf(out, "\n%-18s %9s %10s %8s %8s %8s %8s  %s\n", "request", "count", "per sec", "p50", "p90", "p99", "max", "errors (status codes)")
	var all []time.Duration
	var allErr, allN int
	for k := range nRows {
		var lat []time.Duration
		codes := map[int]int{}
		errs := 0
		for _, r := range results {
			lat = append(lat, r[k].lat...)
			errs += r[k].errors
			for c, n := range r[k].codes {
				codes[c] += n
			}
		}
		all = append(all, lat...)
		allErr += errs
		allN += len(lat)
		printRow(out, kindNames[k], lat, elapsed, errs, codes)
	}
	printRow(out, "all", all, elapsed, allErr, nil)
	for i, pid := range pids {
		fmt.Fprintf(out, "\nserver %d memory (VmRSS every 5 s): %s", pid, strings.Join(mem[i], " "))
	}
	fmt.Fprintln(out)
	printCPU(out, cpu0, cpu1)
	if allErr > 0 {
		return fmt.Errorf("%d of %d requests failed", allErr, allN)
	}
	return nil
}

func pick(n int, w [nKinds]int) kind {
	for k := range nKinds {
		if n < w[k] {
			return k
		}
		n -= w[k]
	}
	return nKinds - 1
}

func printRow(out io.Writer, name string, lat []time.Duration, elapsed time.Duration, errs int, codes map[int]int) {
	if len(lat) == 0 {
		fmt.Fprintf(out, "%-18s %9d\n", name, 0)
		return
	}
	slices.Sort(lat)
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	var cs []string
	for c, n := range codes {
		cs = append(cs, fmt.Sprintf("%d×%d", n, c))
	}
	slices.Sort(cs)
	fmt.Fprintf(out, "%-18s %9d %10.0f %8s %8s %8s %8s  %d %s\n", name, len(lat), float64(len(lat))/elapsed.Seconds(),
		round(q(0.5)), round(q(0.9)), round(q(0.99)), round(lat[len(lat)-1]), errs, strings.Join(cs, " "))
}

func round(d time.Duration) time.Duration {
	if d > time.Millisecond {
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

type loadMap struct {
	// version is the newest map version any client has seen, for If-Match.
	version atomic.Int64
	ifMatch bool

	ID        string `json:"id"`
	EditToken string `json:"edit_token"`
	ViewToken string `json:"view_token"`
	Functions []struct {
		ID string `json:"id"`
	} `json:"functions"`
	Relations []struct {
		ID string `json:"id"`
	} `json:"relations"`
}

func createMap(ctx context.Context, hc *http.Client, base string, doc []byte) (*loadMap, error) {
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/maps", bytes.NewReader(doc))
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		b, _ := io.ReadAll(resp.Body)
		return nil, fmt.Errorf("create map: %s: %s", resp.Status, b)
	}
	var m loadMap
	return &m, json.NewDecoder(resp.Body).Decode(&m)
}

// seen notes the map version an answer's ETag names ("7", "7-svg-…").
func (m *loadMap) seen(etag string) {
	etag = strings.TrimPrefix(etag, "W/")
	etag = strings.TrimPrefix(etag, `"`)
	if i := strings.IndexAny(etag, `-"`); i > 0 {
		etag = etag[:i]
	}
	v, err := strconv.ParseInt(etag, 10, 64)
	if err != nil {
		return
	}
	for {
		old := m.version.Load()
		if v <= old || m.version.CompareAndSwap(old, v) {
			return
		}
	}
}

// do makes one request of kind k. Rating writes carry If-Match with the
// newest version seen (m.ifMatch), as a page that follows the live updates
// does; without it they go without (last writer wins).
func do(ctx context.Context, hc *http.Client, base string, m *loadMap, k kind, rng *rand.Rand) (int, error) {
	var req *http.Request
	switch k {
	case kindSVG:
		req, _ = http.NewRequestWithContext(ctx, "GET", base+"/api/v1/maps/"+m.ID+"/map.svg", nil)
		req.Header.Set("Authorization", "Bearer "+m.ViewToken)
	case kindAnalysis:
		req, _ = http.NewRequestWithContext(ctx, "GET", base+"/api/v1/maps/"+m.ID+"/analysis", nil)
		req.Header.Set("Authorization", "Bearer "+m.ViewToken)
	case kindWrite:
		rid := m.Relations[rng.IntN(len(m.Relations))].ID
		body := fmt.Sprintf(`{"rating":%d}`, 1+rng.IntN(3))
		req, _ = http.NewRequestWithContext(ctx, "PATCH", base+"/api/v1/maps/"+m.ID+"/relations/"+rid, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+m.EditToken)
		req.Header.Set("Content-Type", "application/json")
		if m.ifMatch {
			req.Header.Set("If-Match", `"`+strconv.FormatInt(m.version.Load(), 10)+`"`)
		}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	m.seen(resp.Header.Get("ETag"))
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode >= 400 {
		return resp.StatusCode, fmt.Errorf("%s", resp.Status)
	}
	return resp.StatusCode, nil
}

func sampleMemory(ctx context.Context, pid int, out *[]string) {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
					*out = append(*out, strings.ReplaceAll(strings.TrimSpace(v), " ", ""))
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

const defaultMap = `{"title":"Flight departures","task":"On-time departure of a flight",
"functions":[{"id":"pilots","name":"Pilots","group":"Flight crew"},{"id":"cabin","name":"Flight attendants","group":"Flight crew"},
{"id":"gate","name":"Gate agents","group":"Customer service"},{"id":"ticket","name":"Ticket agents","group":"Customer service"},
{"id":"baggage","name":"Baggage transfer agents","group":"Ground"},{"id":"ramp","name":"Ramp agents","group":"Ground"},
{"id":"cargo","name":"Cargo agents","group":"Ground"},{"id":"fuel","name":"Fuelers","group":"Ground"},
{"id":"mechanics","name":"Mechanics","group":"Maintenance"},{"id":"catering","name":"Caterers","group":"Ground"},
{"id":"cleaners","name":"Cabin cleaners","group":"Ground"},{"id":"ops","name":"Operations agents","group":"Operations"}],
"relations":[{"a":"ops","b":"pilots","rating":1},{"a":"ops","b":"gate","rating":1},{"a":"ops","b":"ramp","rating":2},
{"a":"ops","b":"fuel","rating":2},{"a":"ops","b":"cargo","rating":3},{"a":"ops","b":"mechanics","rating":2},
{"a":"ops","b":"catering","rating":3},{"a":"pilots","b":"cabin","rating":1},{"a":"pilots","b":"mechanics","rating":2},
{"a":"pilots","b":"fuel","rating":3},{"a":"cabin","b":"gate","rating":2},{"a":"gate","b":"ticket","rating":1},
{"a":"gate","b":"baggage","rating":2},{"a":"ramp","b":"baggage","rating":1},{"a":"ramp","b":"cargo","rating":2},
{"a":"cabin","b":"cleaners","rating":3},{"a":"cabin","b":"catering","rating":3},{"a":"ticket","b":"baggage","rating":null}]}`

// cpuSample is what the machine and some processes had spent at one moment.
type cpuSample struct {
	at          time.Time
	total, idle uint64            // jiffies of all CPUs, from /proc/stat
	self        time.Duration     // rkload's user+system time
	procs       map[string]uint64 // jiffies by process (pid or command name)
	order       []string
	ncpu        int
}

// clockTick is the kernel's USER_HZ, in which /proc reports times: 100 on
// every Linux this runs on.
const clockTick = 100

func sampleCPU(pids []int, procNames string) cpuSample {
	c := cpuSample{at: time.Now(), procs: map[string]uint64{}}
	if b, err := os.ReadFile("/proc/stat"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if len(f) > 5 && f[0] == "cpu" {
				for i, v := range f[1:] {
					n, _ := strconv.ParseUint(v, 10, 64)
					if i < 8 { // user nice system idle iowait irq softirq steal
						c.total += n
					}
					if i == 3 || i == 4 {
						c.idle += n
					}
				}
			} else if strings.HasPrefix(f0(f), "cpu") {
				c.ncpu++
			}
		}
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		c.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	for _, pid := range pids {
		key := "relationskort " + strconv.Itoa(pid)
		c.order = append(c.order, key)
		c.procs[key], _ = procJiffies(pid)
	}
	if procNames != "" {
		names := strings.Split(procNames, ",")
		entries, _ := os.ReadDir("/proc")
		for _, name := range names {
			c.order = append(c.order, name+" (all)")
		}
		for _, e := range entries {
			pid, err := strconv.Atoi(e.Name())
			if err != nil {
				continue
			}
			j, comm := procJiffies(pid)
			for _, name := range names {
				if comm == name {
					c.procs[name+" (all)"] += j
				}
			}
		}
	}
	return c
}

func f0(f []string) string {
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// procJiffies returns the user+system time of a process and its command
// name, from /proc/PID/stat.
func procJiffies(pid int) (uint64, string) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, ""
	}
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return 0, ""
	}
	f := strings.Fields(s[end+1:])
	if len(f) < 13 {
		return 0, ""
	}
	u, _ := strconv.ParseUint(f[11], 10, 64)
	st, _ := strconv.ParseUint(f[12], 10, 64)
	return u + st, s[open+1 : end]
}

// printCPU reports, over the run, the machine's idle share and the CPU
// shares of rkload and the named processes, in percent of the whole machine
// (all cores).
func printCPU(out io.Writer, a, b cpuSample) {
	if b.total <= a.total || b.ncpu == 0 {
		return
	}
	wall := b.at.Sub(a.at)
	machine := float64(b.total - a.total) // jiffies of all CPUs
	fmt.Fprintf(out, "machine (%d cores) idle %.0f%% during the run; rkload used %.0f%%",
		b.ncpu, 100*float64(b.idle-a.idle)/machine,
		100*(b.self-a.self).Seconds()/(wall.Seconds()*float64(b.ncpu)))
	for _, k := range b.order {
		if b.procs[k] >= a.procs[k] {
			fmt.Fprintf(out, ", %s %.0f%%", k, 100*float64(b.procs[k]-a.procs[k])/machine)
		}
	}
	fmt.Fprintln(out, " (shares of the whole machine)")
}
