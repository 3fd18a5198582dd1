// Command rkload is the load benchmark of Relationskort: many concurrent
// clients mixing cached SVG reads, analysis reads and rating writes against
// one running server, reporting throughput, latency percentiles, errors and
// (with --pid) the server's memory over the run.
//
//	go run ./cmd/rkload --url http://127.0.0.1:8080 --clients 50 --duration 60s --pid $(pgrep relationskort)
//
// Start the server with RELATIONSKORT_RATE_LIMIT=off: the load comes from
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
)

var kindNames = [nKinds]string{"map.svg (cached)", "analysis", "rating write"}

type stats struct {
	lat    []time.Duration
	errors int
	codes  map[int]int
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("rkload", flag.ContinueOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "server base URL (loopback only)")
	clients := fs.Int("clients", 50, "concurrent clients")
	duration := fs.Duration("duration", 30*time.Second, "how long to run")
	mix := fs.String("mix", "70,10,20", "percent of svg reads, analysis reads, rating writes")
	mapFile := fs.String("map", "", "map document to load (default: a built-in 12-function map)")
	pid := fs.Int("pid", 0, "server process id, to sample its memory (VmRSS) every 5 s")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !strings.HasPrefix(*base, "http://127.") && !strings.HasPrefix(*base, "http://localhost") && !strings.HasPrefix(*base, "http://[::1]") {
		return errors.New("--url must be a loopback address: this tool only loads servers on this machine")
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

	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *clients * 2, MaxConnsPerHost: *clients * 2}, Timeout: 10 * time.Second}
	m, err := createMap(ctx, hc, *base, doc)
	if err != nil {
		return err
	}
	if len(m.Relations) == 0 {
		return errors.New("the map has no relations to rate")
	}
	fmt.Fprintf(out, "map %s: %d functions, %d relations; %d clients for %v, mix svg/analysis/write = %v\n",
		m.ID, len(m.Functions), len(m.Relations), *clients, *duration, weights)

	ctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	var mem []string
	if *pid > 0 {
		go sampleMemory(ctx, *pid, &mem)
	}
	results := make([][nKinds]stats, *clients)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range *clients {
		wg.Add(1)
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
				code, err := do(ctx, hc, *base, m, k, rng)
				if ctx.Err() != nil && err != nil {
					return // the run ended during this request
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

	fmt.Fprintf(out, "\n%-18s %9s %10s %8s %8s %8s %8s  %s\n", "request", "count", "per sec", "p50", "p90", "p99", "max", "errors (status codes)")
	var all []time.Duration
	var allErr, allN int
	for k := range nKinds {
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
	if len(mem) > 0 {
		fmt.Fprintf(out, "\nserver memory (VmRSS every 5 s): %s\n", strings.Join(mem, " "))
	}
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

// do makes one request of kind k. Rating writes go without If-Match (last
// writer wins), as several facilitators rating different relations would.
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
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
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
