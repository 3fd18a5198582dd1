package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The scenario "round" (--scenario round): a rating round in a large room.
// rkload creates the map and a round with the anonymity threshold 1 (so that
// every direction is shown and can be checked), opens the facilitator's
// event stream, lets --participants people join (their functions round
// robin over those with relations), and then has all of them answer at
// once: each answers every relation of its function, --passes times (the
// later passes are changes of mind), each answer a PUT that waits for the
// one before. Then it closes the round and checks that nothing was lost:
// for every relation and direction, the counts of the results equal the
// counts of the last answer each participant had acknowledged, and the
// export holds as many answers. It reports the latencies of the joins and
// the answers, the round events the facilitator heard, and whether the
// answers' p99 met --target.

type roundOptions struct {
	participants int
	passes       int
	target       time.Duration
}

type roundMap struct {
	loadMap
	Relations []struct {
		ID string `json:"id"`
		A  string `json:"a"`
		B  string `json:"b"`
	} `json:"relations"`
}

// participant is one simulated person: its token, function and relations.
type participant struct {
	token, from string
	relations   []string
	// last is the last acknowledged overall rating by relation; 0 for
	// "ved ikke".
	last map[string]int
}

func runRound(ctx context.Context, hc *http.Client, base string, doc []byte, o roundOptions, out io.Writer, pids []int, procs string) error {
	m := &roundMap{}
	if err := call(ctx, hc, "POST", base+"/api/v1/maps", "", doc, http.StatusCreated, m); err != nil {
		return fmt.Errorf("create map: %w", err)
	}
	var rd struct {
		ID        string `json:"id"`
		JoinToken string `json:"join_token"`
	}
	if err := call(ctx, hc, "POST", base+"/api/v1/maps/"+m.ID+"/rounds", m.EditToken,
		[]byte(`{"title":"Belastning","min_group":1}`), http.StatusCreated, &rd); err != nil {
		return fmt.Errorf("start round: %w", err)
	}
	byFunction := map[string][]string{}
	var functions []string
	for _, r := range m.Relations {
		for _, f := range []string{r.A, r.B} {
			if byFunction[f] == nil {
				functions = append(functions, f)
			}
			byFunction[f] = append(byFunction[f], r.ID)
		}
	}
	if len(functions) == 0 {
		return fmt.Errorf("the map has no relations to answer")
	}
	fmt.Fprintf(out, "map %s: %d functions, %d relations; round %s: %d participants, %d passes, all at once\n",
		m.ID, len(m.Functions), len(m.Relations), rd.ID, o.participants, o.passes)

	// The facilitator's event stream: counts the round events it hears.
	sctx, stopStream := context.WithCancel(ctx)
	defer stopStream()
	var events atomic.Int64
	lastEvent := make(chan string, 1)
	streamDone := make(chan struct{})
	go func() {
		defer close(streamDone)
		req, _ := http.NewRequestWithContext(sctx, "GET", base+"/api/v1/maps/"+m.ID+"/events?token="+m.ViewToken, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return
		}
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		inRound := false
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "event: round":
				inRound = true
			case inRound && strings.HasPrefix(line, "data: "):
				events.Add(1)
				select {
				case <-lastEvent:
				default:
				}
				lastEvent <- strings.TrimPrefix(line, "data: ")
				inRound = false
			case line == "":
				inRound = false
			}
		}
	}()

	cpu0 := sampleCPU(pids, procs)
	start := time.Now()
	ps := make([]*participant, o.participants)
	joinLat := make([]time.Duration, o.participants)
	var joinErrs atomic.Int64
	var wg sync.WaitGroup
	for i := range ps {
		from := functions[i%len(functions)]
		ps[i] = &participant{from: from, relations: byFunction[from], last: map[string]int{}}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var joined struct {
				Token string `json:"participant_token"`
			}
			t0 := time.Now()
			err := call(ctx, hc, "POST", base+"/api/v1/rounds/"+rd.ID+"/participants", rd.JoinToken,
				[]byte(`{"from":"`+from+`"}`), http.StatusCreated, &joined)
			joinLat[i] = time.Since(t0)
			if err != nil {
				joinErrs.Add(1)
				fmt.Fprintf(out, "join: %v\n", err)
				return
			}
			ps[i].token = joined.Token
		}()
	}
	wg.Wait()
	joined := time.Since(start)

	// All at once: every participant answers every relation, passes times.
	var mu sync.Mutex
	var answerLat []time.Duration
	codes := map[int]int{}
	var answerErrs atomic.Int64
	begin := make(chan struct{})
	for i, p := range ps {
		if p.token == "" {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 15))
			<-begin
			var lat []time.Duration
			for pass := range o.passes {
				for _, rid := range p.relations {
					rating := rng.IntN(4) // 0: "ved ikke"
					body := fmt.Sprintf(`{"answers":{"overall":%d}}`, rating)
					if rating == 0 {
						body = `{"answers":{"overall":null}}`
					}
					t0 := time.Now()
					code, err := put(ctx, hc, base+"/api/v1/rounds/"+rd.ID+"/responses/"+rid, p.token, body)
					lat = append(lat, time.Since(t0))
					mu.Lock()
					codes[code]++
					mu.Unlock()
					if err != nil {
						answerErrs.Add(1)
						if pass == 0 {
							fmt.Fprintf(out, "answer: %v\n", err)
						}
						continue
					}
					p.last[rid] = rating
				}
			}
			mu.Lock()
			answerLat = append(answerLat, lat...)
			mu.Unlock()
		}()
	}
	answerStart := time.Now()
	close(begin)
	wg.Wait()
	answering := time.Since(answerStart)
	cpu1 := sampleCPU(pids, procs)

	// Let the facilitator's stream catch up with the last counts.
	want := 0
	for _, p := range ps {
		want += len(p.last)
	}
	heard := ""
	deadline := time.After(5 * time.Second)
wait:
	for {
		select {
		case heard = <-lastEvent:
			if strings.Contains(heard, fmt.Sprintf(`"answers":%d,`, want)) {
				break wait
			}
		case <-deadline:
			break wait
		}
	}
	stopStream()
	<-streamDone

	if err := call(ctx, hc, "POST", base+"/api/v1/maps/"+m.ID+"/rounds/"+rd.ID+"/close", m.EditToken, nil, http.StatusOK, nil); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	lost, checked, err := checkRound(ctx, hc, base, m, rd.ID, ps)
	if err != nil {
		return err
	}

	fmt.Fprintf(out, "\n%-18s %9s %10s %8s %8s %8s %8s  %s\n", "request", "count", "per sec", "p50", "p90", "p99", "max", "errors (status codes)")
	printRow(out, "join", joinLat, joined, int(joinErrs.Load()), nil)
	printRow(out, "answer (PUT)", slices.Clone(answerLat), answering, int(answerErrs.Load()), codes)
	slices.Sort(answerLat)
	p99 := time.Duration(0)
	if len(answerLat) > 0 {
		p99 = answerLat[min(len(answerLat)-1, int(0.99*float64(len(answerLat))))]
	}
	fmt.Fprintf(out, "\nthe facilitator's stream heard %d round events; the last: %s\n", events.Load(), heard)
	fmt.Fprintf(out, "results: %d answers acknowledged last (%d ratings, %d \"ved ikke\"), %d ratings counted, %d lost\n",
		want, rated(ps), want-rated(ps), checked, lost)
	fmt.Fprintf(out, "answer p99 %v: target %v %s\n", round(p99), o.target, map[bool]string{true: "met", false: "NOT met"}[p99 < o.target])
	printCPU(out, cpu0, cpu1)
	if lost > 0 || joinErrs.Load() > 0 || answerErrs.Load() > 0 {
		return fmt.Errorf("%d answers lost, %d joins and %d answers failed", lost, joinErrs.Load(), answerErrs.Load())
	}
	return nil
}

// rated counts the ratings (not "ved ikke") among the answers each
// participant had acknowledged last: those the results must count.
func rated(ps []*participant) int {
	n := 0
	for _, p := range ps {
		for _, r := range p.last {
			if r > 0 {
				n++
			}
		}
	}
	return n
}

// checkRound compares the closed round's results and export with the
// answers each participant had acknowledged last: it returns how many
// acknowledged ratings are missing from the counts (or extra), and how many
// the results count.
func checkRound(ctx context.Context, hc *http.Client, base string, m *roundMap, rid string, ps []*participant) (lost, counted int, err error) {
	type stat struct {
		N      int            `json:"n"`
		Counts map[string]int `json:"counts"`
	}
	var res struct {
		Relations []struct {
			ID       string `json:"relation_id"`
			A        string `json:"a"`
			B        string `json:"b"`
			Combined *stat  `json:"combined"`
			AToB     *stat  `json:"a_to_b"`
			BToA     *stat  `json:"b_to_a"`
		} `json:"relations"`
	}
	if err := call(ctx, hc, "GET", base+"/api/v1/maps/"+m.ID+"/rounds/"+rid+"/results", m.ViewToken, nil, http.StatusOK, &res); err != nil {
		return 0, 0, fmt.Errorf("results: %w", err)
	}
	// want[relation][from][rating]
	want := map[string]map[string][4]int{}
	rated := 0
	for _, p := range ps {
		for relID, rating := range p.last {
			if want[relID] == nil {
				want[relID] = map[string][4]int{}
			}
			c := want[relID][p.from]
			c[rating]++
			want[relID][p.from] = c
			if rating > 0 {
				rated++
			}
		}
	}
	for _, r := range res.Relations {
		for _, d := range []struct {
			from string
			got  *stat
		}{{r.A, r.AToB}, {r.B, r.BToA}} {
			w := want[r.ID][d.from]
			for rating := 1; rating <= 3; rating++ {
				got := 0
				if d.got != nil {
					got = d.got.Counts[fmt.Sprint(rating)]
				}
				if diff := w[rating] - got; diff != 0 {
					lost += max(diff, -diff)
				}
				counted += got
			}
		}
	}
	var exp struct {
		Answers []json.RawMessage `json:"answers"`
	}
	if err := call(ctx, hc, "GET", base+"/api/v1/maps/"+m.ID+"/rounds/"+rid+"/export?format=json", m.ViewToken, nil, http.StatusOK, &exp); err != nil {
		return 0, 0, fmt.Errorf("export: %w", err)
	}
	if len(exp.Answers) != rated {
		lost += max(rated-len(exp.Answers), len(exp.Answers)-rated)
	}
	return lost, counted, nil
}

// call makes one request with a JSON body (or none) and decodes the JSON
// answer into out (if not nil); a status other than want is an error.
func call(ctx context.Context, hc *http.Client, method, url, token string, body []byte, want int, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %s: %.300s", method, url, resp.Status, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// put sends one answer and returns the status.
func put(ctx context.Context, hc *http.Client, url, token, body string) (int, error) {
	req, _ := http.NewRequestWithContext(ctx, "PUT", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, fmt.Errorf("%s", resp.Status)
	}
	return resp.StatusCode, nil
}
