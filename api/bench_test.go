package api_test

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/relationskort/relationskort/static"
)

// BenchmarkRequests measures the handler cost of the requests of a
// workshop under load, against a real SQLite file; compare them with
// BenchmarkRequests/GetMap (one map read) as the baseline of the same run.
//
// Besides the time per request (ns/op: wall time, two requests at a time
// on two cores) it reports the CPU time of the whole process per request
// (cpu-ns/op, from getrusage: handlers, SQLite, garbage collection). On a
// machine shared with other work the wall time says how much CPU the
// benchmark got; the CPU time per request barely moves.
func BenchmarkRequests(b *testing.B) {
	doc, err := fs.ReadFile(static.Files, "examples/flyafgang.json")
	if err != nil {
		b.Fatal("the example map is missing: ", err)
	}
	ts := newTestServer(b)
	c := ts.create(b, string(doc))
	base := "/api/v1/maps/" + c.ID
	run := func(b *testing.B, method, path, token, body string) {
		b.ReportAllocs()
		cpu0 := processCPU()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				var r *http.Request
				p := strings.ReplaceAll(path, "{i}", fmt.Sprint(i%len(c.Relations)))
				if body != "" {
					r = httptest.NewRequest(method, p, strings.NewReader(fmt.Sprintf(body, 1+i%3)))
					r.Header.Set("Content-Type", "application/json")
				} else {
					r = httptest.NewRequest(method, p, nil)
				}
				r.Header.Set("Authorization", "Bearer "+token)
				rec := httptest.NewRecorder()
				ts.e.ServeHTTP(rec, r)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s %s: %d %s", method, p, rec.Code, rec.Body.String())
				}
				i++
			}
		})
		b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
	b.Run("GetMap", func(b *testing.B) { run(b, "GET", base, c.ViewToken, "") })
	b.Run("MapSVGCached", func(b *testing.B) { run(b, "GET", base+"/map.svg", c.ViewToken, "") })
	b.Run("Analysis", func(b *testing.B) { run(b, "GET", base+"/analysis", c.ViewToken, "") })
	b.Run("RatingWrite", func(b *testing.B) {
		rid := c.Relations[0].ID
		run(b, "PATCH", base+"/relations/"+rid, c.EditToken, `{"rating":%d}`)
	})
}

// BenchmarkRoundAnswers measures the answers of a rating round given all
// at once (issue 15's load, without the network): 100 participants on the
// 12-function map, 100 goroutines each answering its own relations in
// turn, so that the answers are committed in groups as in the room.
func BenchmarkRoundAnswers(b *testing.B) {
	doc, err := fs.ReadFile(static.Files, "examples/flyafgang.json")
	if err != nil {
		b.Fatal("the example map is missing: ", err)
	}
	ts := newTestServer(b)
	c := ts.create(b, string(doc))
	r := ts.startRound(b, c.ID, c.EditToken, `{"title":"Belastning","min_group":1}`)
	type person struct {
		token     string
		relations []string
	}
	var people []person
	for i := range 100 {
		from := c.Relations[i%len(c.Relations)].A
		var rels []string
		for _, rl := range c.Relations {
			if rl.A == from || rl.B == from {
				rels = append(rels, rl.ID)
			}
		}
		people = append(people, person{ts.joinAs(b, r.ID, r.JoinToken, from), rels})
	}
	var next atomic.Int64
	b.SetParallelism(max(1, 100/runtime.GOMAXPROCS(0)))
	b.ReportAllocs()
	cpu0 := processCPU()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		p := people[int(next.Add(1)-1)%len(people)]
		i := 0
		for pb.Next() {
			path := "/api/v1/rounds/" + r.ID + "/responses/" + p.relations[i%len(p.relations)]
			req := httptest.NewRequest("PUT", path, strings.NewReader(fmt.Sprintf(`{"answers":{"overall":%d}}`, 1+i%3)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+p.token)
			rec := httptest.NewRecorder()
			ts.e.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("PUT %s: %d %s", path, rec.Code, rec.Body.String())
			}
			i++
		}
	})
	b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
}
