package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
	"github.com/relationskort/relationskort/store/postgres/pgtest"
	"github.com/relationskort/relationskort/store/storetest"
)

// BenchmarkEdit compares the two ways to run an edit transaction: READ
// COMMITTED with the map's row locked first (rowlock, what the store does)
// and SERIALIZABLE with retries on serialization failures (serializable).
// 16 writers change the ratings of relations, either all on one map (a workshop
// room: every edit collides) or each on a map of its own (many rooms). It
// reports edits per second, p99 latency, retries per edit and the share of
// edits that failed after maxAttempts tries (SERIALIZABLE only):
//
//	RELATIONSKORT_TEST_POSTGRES=… go test ./store/postgres -run '^$' -bench Edit -benchtime 3s
func BenchmarkEdit(b *testing.B) {
	for _, mode := range []string{"rowlock", "serializable"} {
		for _, maps := range []string{"onemap", "manymaps"} {
			b.Run(mode+"/"+maps, func(b *testing.B) { benchEdit(b, mode == "serializable", maps == "onemap") })
		}
	}
}

func benchEdit(b *testing.B, serializable, oneMap bool) {
	ctx := context.Background()
	u := pgtest.NewSchema(b)
	st := openB(b, u)
	st.SetSerializableForTest(serializable)
	const writers = 16
	ids := make([]string, writers)
	for w := range writers {
		if w > 0 && oneMap {
			ids[w] = ids[0]
			continue
		}
		m := storetest.DemoMap(b)
		require.NoError(b, st.CreateMap(ctx, m, store.Access{EditHash: []byte("e"), ViewHash: []byte("v")}))
		ids[w] = m.ID
	}
	rid := func(m *graph.Map, i int) string { return m.Relations[i%len(m.Relations)].ID }
	var next, failed atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	retries0 := st.RetriesForTest()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for {
				i := int(next.Add(1))
				if i > b.N {
					break
				}
				t0 := time.Now()
				_, err := st.Update(ctx, ids[w], 0, func(m *graph.Map) error {
					r := m.Relation(rid(m, i))
					// always a change: the next rating, 1 → 2 → 3 → 1
					_, err := m.UpdateRelation(r.ID, &graph.RelationPatch{SetRating: true, Rating: r.Rating%3 + 1})
					return err
				})
				if errors.Is(err, graph.ErrUnavailable) && serializable {
					failed.Add(1) // gave up after maxAttempts serialization failures
					continue
				}
				if err != nil {
					b.Error(err)
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "edits/s")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(st.RetriesForTest()-retries0)/float64(b.N), "retries/edit")
		b.ReportMetric(float64(failed.Load())/float64(b.N), "failed/edit")
	}
}

func openB(b *testing.B, u string) interface {
	store.DB
	SetSerializableForTest(bool)
	RetriesForTest() int64
} {
	b.Helper()
	st, err := openStore(u)
	if err != nil {
		b.Fatal(fmt.Errorf("open: %w", err))
	}
	b.Cleanup(func() { st.Close() })
	return st
}
