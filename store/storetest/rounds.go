package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
)

// newRound returns a prepared round with a new id on map mapID.
func newRound(t testing.TB, mapID, title string, questions ...string) *graph.Round {
	t.Helper()
	if len(questions) == 0 {
		questions = []string{graph.QuestionOverall}
	}
	r := &graph.Round{ID: graph.NewRoundID(), MapID: mapID, Title: title, Questions: questions, MinGroup: graph.DefaultMinGroup}
	require.NoError(t, r.Prepare())
	return r
}

// join adds a participant of function from to round rid, with a token hash
// made from its id.
func join(t testing.TB, st store.DB, rid, from string) *graph.Participant {
	t.Helper()
	p := &graph.Participant{ID: graph.NewParticipantID(), RoundID: rid, From: from}
	require.NoError(t, st.Join(context.Background(), p, []byte("hash-"+p.ID)))
	return p
}

// testRounds: a round is created open, listed, read, closed once (with a
// snapshot of its medians) and deleted; one open round a map.
func testRounds(t *testing.T, e Engine) {
	ctx := context.Background()
	st := e.New(t)(t, FixedClock(time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)))
	m := DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))

	r := newRound(t, m.ID, "Runde 1", "respekt", "overall")
	require.NoError(t, st.CreateRound(ctx, r, []byte("join-hash")))
	assert.Equal(t, graph.RoundOpen, r.Status)
	assert.False(t, r.CreatedAt.IsZero())
	assert.Nil(t, r.ClosedAt)

	t.Run("Get", func(t *testing.T) {
		got, err := st.GetRound(ctx, m.ID, r.ID)
		require.NoError(t, err)
		assert.Equal(t, r, got)
		assert.Equal(t, []string{"overall", "respekt"}, got.Questions)
		got, hash, err := st.RoundAccess(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, r, got)
		assert.Equal(t, []byte("join-hash"), hash)
		list, err := st.ListRounds(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, []graph.Round{*r}, list)
	})
	t.Run("NotFound", func(t *testing.T) {
		_, err := st.GetRound(ctx, m.ID, "nope")
		assert.ErrorIs(t, err, graph.ErrNotFound)
		_, err = st.GetRound(ctx, "other-map", r.ID)
		assert.ErrorIs(t, err, graph.ErrNotFound, "a round is found only under its own map")
		_, _, err = st.RoundAccess(ctx, "nope")
		assert.ErrorIs(t, err, graph.ErrNotFound)
		_, err = st.ListRounds(ctx, "nope")
		assert.ErrorIs(t, err, graph.ErrNotFound)
		assert.ErrorIs(t, st.CreateRound(ctx, newRound(t, "nope", "x"), []byte("h")), graph.ErrNotFound)
		_, _, err = st.CloseRound(ctx, m.ID, "nope")
		assert.ErrorIs(t, err, graph.ErrNotFound)
		assert.ErrorIs(t, st.DeleteRound(ctx, m.ID, "nope"), graph.ErrNotFound)
	})
	t.Run("OneOpen", func(t *testing.T) {
		err := st.CreateRound(ctx, newRound(t, m.ID, "Runde 2"), []byte("h2"))
		var ce *graph.ConflictError
		require.ErrorAs(t, err, &ce)
		assert.ErrorIs(t, err, graph.ErrConflict)
		assert.Contains(t, ce.Message, "open round")
	})
	t.Run("Close", func(t *testing.T) {
		closed, snap, err := st.CloseRound(ctx, m.ID, r.ID)
		require.NoError(t, err)
		assert.Equal(t, graph.RoundClosed, closed.Status)
		require.NotNil(t, closed.ClosedAt)
		assert.Equal(t, snap.ID, closed.SnapshotID)
		assert.Equal(t, "Runde 1", snap.Label)
		got, err := st.GetRound(ctx, m.ID, r.ID)
		require.NoError(t, err)
		assert.Equal(t, closed, got)
		sn, err := st.GetSnapshot(ctx, m.ID, snap.ID)
		require.NoError(t, err)
		for _, rel := range sn.Map.Relations {
			assert.Equal(t, graph.Unrated, rel.Rating, "no answers: every relation unrated in the round's snapshot")
		}
		_, _, err = st.CloseRound(ctx, m.ID, r.ID)
		assert.ErrorIs(t, err, graph.ErrRoundClosed)
		// Another round may start now.
		require.NoError(t, st.CreateRound(ctx, newRound(t, m.ID, "Runde 2"), []byte("h2")))
	})
	t.Run("Delete", func(t *testing.T) {
		list, err := st.ListRounds(ctx, m.ID)
		require.NoError(t, err)
		require.Len(t, list, 2)
		assert.Equal(t, []string{"Runde 1", "Runde 2"}, []string{list[0].Title, list[1].Title})
		join(t, st, list[1].ID, "laege")
		require.NoError(t, st.DeleteRound(ctx, m.ID, list[1].ID))
		_, err = st.GetRound(ctx, m.ID, list[1].ID)
		assert.ErrorIs(t, err, graph.ErrNotFound)
		_, err = st.RoundProgress(ctx, list[1].ID)
		assert.ErrorIs(t, err, graph.ErrNotFound)
		snaps, err := st.ListSnapshots(ctx, m.ID)
		require.NoError(t, err)
		assert.Len(t, snaps, 1, "the snapshot of the closed round stays")
	})
	t.Run("GoWithTheirMap", func(t *testing.T) {
		require.NoError(t, st.DeleteMap(ctx, m.ID, 0))
		_, _, err := st.RoundAccess(ctx, r.ID)
		assert.ErrorIs(t, err, graph.ErrNotFound)
	})
}

// testRoundAnswers: participants join and answer; answers are replaced,
// checked against the relations of the participant's function, and refused
// after the close, which counts them into the snapshot.
func testRoundAnswers(t *testing.T, e Engine) {
	ctx := context.Background()
	st := e.New(t)(t, nil)
	m := DemoMap(t) // r1 hjemmepleje–laege, r2 borger–laege, r3 borger–hjemmepleje
	require.NoError(t, st.CreateMap(ctx, m, acc))
	r1, r2, r3 := m.Relations[0].ID, m.Relations[1].ID, m.Relations[2].ID
	r := newRound(t, m.ID, "Runde", "overall", "respekt")
	r.MinGroup = 2
	require.NoError(t, st.CreateRound(ctx, r, []byte("join")))

	hp := []*graph.Participant{join(t, st, r.ID, "hjemmepleje"), join(t, st, r.ID, "hjemmepleje")}
	lg := []*graph.Participant{join(t, st, r.ID, "laege"), join(t, st, r.ID, "laege")}

	t.Run("JoinUnknownFunction", func(t *testing.T) {
		p := &graph.Participant{ID: graph.NewParticipantID(), RoundID: r.ID, From: "nope"}
		err := st.Join(ctx, p, []byte("x"))
		var ve *graph.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "from", ve.Problems[0].Field)
		p.RoundID = "nope"
		p.From = "laege"
		assert.ErrorIs(t, st.Join(ctx, p, []byte("y")), graph.ErrNotFound)
	})
	t.Run("Participant", func(t *testing.T) {
		gr, got, err := st.Participant(ctx, r.ID, []byte("hash-"+lg[0].ID))
		require.NoError(t, err)
		assert.Equal(t, lg[0].ID, got.ID)
		assert.Equal(t, "laege", got.From)
		assert.Equal(t, r, gr, "the round comes with its participant")
		_, _, err = st.Participant(ctx, r.ID, []byte("wrong"))
		assert.ErrorIs(t, err, graph.ErrNotFound)
		_, _, err = st.Participant(ctx, "other", []byte("hash-"+lg[0].ID))
		assert.ErrorIs(t, err, graph.ErrNotFound, "a token opens only its own round")
	})

	put := func(p *graph.Participant, rid string, a graph.Answers) {
		t.Helper()
		require.NoError(t, st.PutAnswers(ctx, p, rid, a))
	}
	// r1: home care says Low, Low; the GP says High, Middle.
	put(hp[0], r1, graph.Answers{"overall": graph.Middle})
	put(hp[0], r1, graph.Answers{"overall": graph.Low, "respekt": graph.Unrated}) // replaces
	put(hp[1], r1, graph.Answers{"overall": graph.Low})
	put(lg[0], r1, graph.Answers{"overall": graph.High})
	put(lg[1], r1, graph.Answers{"overall": graph.Middle, "respekt": graph.High})
	put(hp[0], r3, graph.Answers{"overall": graph.Unrated})

	t.Run("Refused", func(t *testing.T) {
		for _, tt := range []struct {
			name, rid, field string
			a                graph.Answers
		}{
			{"NotYours", r2, "relation_id", graph.Answers{"overall": graph.Low}}, // borger–laege, asked by home care
			{"Unknown", "r99", "relation_id", graph.Answers{"overall": graph.Low}},
			{"NotAsked", r1, "answers.innovation", graph.Answers{"innovation": graph.Low}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				err := st.PutAnswers(ctx, hp[1], tt.rid, tt.a)
				var ve *graph.ValidationError
				require.ErrorAs(t, err, &ve)
				assert.Equal(t, tt.field, ve.Problems[0].Field)
			})
		}
	})
	t.Run("OwnAnswers", func(t *testing.T) {
		got, err := st.ParticipantAnswers(ctx, hp[0])
		require.NoError(t, err)
		assert.Equal(t, map[string]graph.Answers{
			r1: {"overall": graph.Low, "respekt": graph.Unrated},
			r3: {"overall": graph.Unrated},
		}, got)
		got, err = st.ParticipantAnswers(ctx, hp[1])
		require.NoError(t, err)
		assert.Equal(t, map[string]graph.Answers{r1: {"overall": graph.Low}}, got, "nothing stored by the refused answers")
	})
	t.Run("Progress", func(t *testing.T) {
		pr, err := st.RoundProgress(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, &graph.RoundProgress{RoundID: r.ID, Status: graph.RoundOpen, Participants: 4, Answers: 5,
			Functions: []graph.FunctionProgress{
				{FunctionID: "hjemmepleje", Participants: 2, Answers: 3},
				{FunctionID: "laege", Participants: 2, Answers: 2},
			}}, pr)
	})
	t.Run("Data", func(t *testing.T) {
		gr, gm, ps, rs, err := st.RoundData(ctx, m.ID, r.ID)
		require.NoError(t, err)
		assert.Equal(t, r.ID, gr.ID)
		assert.Equal(t, m.Relations, gm.Relations)
		assert.Len(t, ps, 4)
		assert.Len(t, rs, 7)
		res := graph.Results(gm, gr, ps, rs, graph.Danish)
		rel := res.Relation(r1)
		require.NotNil(t, rel.AToB)
		assert.Equal(t, graph.Low, rel.AToB.Median)
		assert.Equal(t, graph.High, rel.BToA.Median, "lower median of 1 and 2")
		assert.Equal(t, graph.Middle, rel.Combined.Median, "lower median of 1 2 3 3")
	})
	t.Run("Close", func(t *testing.T) {
		_, snap, err := st.CloseRound(ctx, m.ID, r.ID)
		require.NoError(t, err)
		sn, err := st.GetSnapshot(ctx, m.ID, snap.ID)
		require.NoError(t, err)
		assert.Equal(t, graph.Middle, sn.Map.Relation(r1).Rating, "the combined median")
		assert.Equal(t, graph.Unrated, sn.Map.Relation(r3).Rating, "a \"ved ikke\" is no rating")
		assert.Equal(t, m.Relations[0].Note, sn.Map.Relation(r1).Note)
		live, err := st.GetMap(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, graph.Low, live.Relation(r1).Rating, "the map itself keeps its ratings")

		err = st.PutAnswers(ctx, hp[1], r1, graph.Answers{"overall": graph.High})
		assert.ErrorIs(t, err, graph.ErrRoundClosed)
		err = st.Join(ctx, &graph.Participant{ID: graph.NewParticipantID(), RoundID: r.ID, From: "laege"}, []byte("late"))
		assert.ErrorIs(t, err, graph.ErrRoundClosed)
		got, err := st.ParticipantAnswers(ctx, hp[1])
		require.NoError(t, err)
		assert.Equal(t, graph.Low, got[r1]["overall"], "the late answer changed nothing")
		pr, err := st.RoundProgress(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, graph.RoundClosed, pr.Status)
	})
}

// testRoundParticipantFresh: the round that comes with a participant is
// the round as it is now, however often the participant was read before
// (an engine may remember them): closed after the close, gone after the
// round or its map.
func testRoundParticipantFresh(t *testing.T, e Engine) {
	ctx := context.Background()
	st := e.New(t)(t, nil)
	m := DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))
	read := func(r *graph.Round, p *graph.Participant) (*graph.Round, error) {
		t.Helper()
		gr, gp, err := st.Participant(ctx, r.ID, []byte("hash-"+p.ID))
		if err == nil {
			assert.Equal(t, p.ID, gp.ID)
		}
		return gr, err
	}
	r := newRound(t, m.ID, "Runde 1")
	require.NoError(t, st.CreateRound(ctx, r, []byte("j1")))
	p := join(t, st, r.ID, "laege")
	for range 3 {
		gr, err := read(r, p)
		require.NoError(t, err)
		assert.Equal(t, graph.RoundOpen, gr.Status)
	}
	closed, _, err := st.CloseRound(ctx, m.ID, r.ID)
	require.NoError(t, err)
	gr, err := read(r, p)
	require.NoError(t, err)
	assert.Equal(t, graph.RoundClosed, gr.Status, "closed once closed")
	assert.Equal(t, closed.SnapshotID, gr.SnapshotID)

	r2 := newRound(t, m.ID, "Runde 2")
	require.NoError(t, st.CreateRound(ctx, r2, []byte("j2")))
	p2 := join(t, st, r2.ID, "laege")
	_, err = read(r2, p2)
	require.NoError(t, err)
	require.NoError(t, st.DeleteRound(ctx, m.ID, r2.ID))
	_, err = read(r2, p2)
	assert.ErrorIs(t, err, graph.ErrNotFound, "gone with its round")

	r3 := newRound(t, m.ID, "Runde 3")
	require.NoError(t, st.CreateRound(ctx, r3, []byte("j3")))
	p3 := join(t, st, r3.ID, "laege")
	_, err = read(r3, p3)
	require.NoError(t, err)
	require.NoError(t, st.DeleteMap(ctx, m.ID, 0))
	_, err = read(r3, p3)
	assert.ErrorIs(t, err, graph.ErrNotFound, "gone with its map")
	_, err = read(r, p)
	assert.ErrorIs(t, err, graph.ErrNotFound)
}

// testRoundLimits: at most MaxRoundsPerMap rounds a map and
// MaxParticipants a round.
func testRoundLimits(t *testing.T, e Engine) {
	if testing.Short() {
		t.Skip("slow: 20 rounds and 300 participants")
	}
	ctx := context.Background()
	st := e.New(t)(t, nil)
	m := DemoMap(t)
	require.NoError(t, st.CreateMap(ctx, m, acc))
	var last *graph.Round
	for i := range graph.MaxRoundsPerMap {
		last = newRound(t, m.ID, fmt.Sprintf("Runde %d", i+1))
		require.NoError(t, st.CreateRound(ctx, last, []byte(last.ID)))
		if i < graph.MaxRoundsPerMap-1 {
			_, _, err := st.CloseRound(ctx, m.ID, last.ID)
			require.NoError(t, err)
		}
	}
	_, _, err := st.CloseRound(ctx, m.ID, last.ID)
	require.NoError(t, err)
	err = st.CreateRound(ctx, newRound(t, m.ID, "Én for meget"), []byte("x"))
	var ce *graph.ConflictError
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, ce.Message, "20 rounds")

	require.NoError(t, st.DeleteRound(ctx, m.ID, last.ID))
	r := newRound(t, m.ID, "Fuld")
	require.NoError(t, st.CreateRound(ctx, r, []byte("full")))
	var wg sync.WaitGroup
	errs := make(chan error, graph.MaxParticipants+20)
	for i := range graph.MaxParticipants + 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &graph.Participant{ID: graph.NewParticipantID(), RoundID: r.ID, From: m.Functions[i%3].ID}
			errs <- st.Join(ctx, p, []byte(p.ID))
		}()
	}
	wg.Wait()
	close(errs)
	full := 0
	for err := range errs {
		if errors.As(err, &ce) {
			full++
			continue
		}
		require.NoError(t, err)
	}
	assert.Equal(t, 20, full, "joins past the limit are refused")
	pr, err := st.RoundProgress(ctx, r.ID)
	require.NoError(t, err)
	assert.Equal(t, graph.MaxParticipants, pr.Participants)
}

// testRoundCloseCountsEveryAnswer: participants answer through two Stores
// (two instances) while the round is closed: every answer acknowledged is
// in the round's data, every one refused (ErrRoundClosed) is not, and the
// snapshot taken at the close holds exactly the answers acknowledged
// before it.
func testRoundCloseCountsEveryAnswer(t *testing.T, e Engine) {
	ctx := context.Background()
	open := e.New(t)
	stores := []store.DB{open(t, nil), open(t, nil)}
	m := DemoMap(t)
	require.NoError(t, stores[0].CreateMap(ctx, m, acc))
	r := newRound(t, m.ID, "Samtidig")
	r.MinGroup = 1
	require.NoError(t, stores[0].CreateRound(ctx, r, []byte("j")))
	rid := m.Relations[0].ID // hjemmepleje–laege

	const participants = 24
	ps := make([]*graph.Participant, participants)
	for i := range ps {
		ps[i] = join(t, stores[i%2], r.ID, []string{"hjemmepleje", "laege"}[i%2])
	}
	var mu sync.Mutex
	acked := map[string]graph.Rating{} // participant → last acknowledged rating
	var wg sync.WaitGroup
	start := make(chan struct{})
	halfway := make(chan struct{}) // closed once half the participants have an answer in
	var once sync.Once
	for i, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for k := range 20 {
				rt := graph.Rating(1 + (i+k)%3)
				err := stores[(i+k)%2].PutAnswers(ctx, p, rid, graph.Answers{"overall": rt})
				if errors.Is(err, graph.ErrRoundClosed) {
					return
				}
				if !assert.NoError(t, err) {
					return
				}
				mu.Lock()
				acked[p.ID] = rt
				if len(acked) >= participants/2 {
					once.Do(func() { close(halfway) })
				}
				mu.Unlock()
			}
		}()
	}
	close(start)
	select { // close while answers still come in
	case <-halfway:
	case <-time.After(10 * time.Second):
		t.Fatal("no answers within 10 s")
	}
	_, snap, err := stores[1].CloseRound(ctx, m.ID, r.ID)
	require.NoError(t, err)
	wg.Wait()

	_, _, _, rs, err := stores[0].RoundData(ctx, m.ID, r.ID)
	require.NoError(t, err)
	stored := map[string]graph.Rating{}
	for _, x := range rs {
		stored[x.Participant] = x.Rating
	}
	assert.Equal(t, acked, stored, "every acknowledged answer is stored, and nothing else")
	var ratings []graph.Rating
	for _, rt := range acked {
		ratings = append(ratings, rt)
	}
	sn, err := stores[0].GetSnapshot(ctx, m.ID, snap.ID)
	require.NoError(t, err)
	want := graph.Unrated
	if s := graph.Summarize(ratings); s != nil {
		want = s.Median
	}
	assert.Equal(t, want, sn.Map.Relation(rid).Rating, "the snapshot's median is that of the acknowledged answers")
	t.Logf("%d of %d participants had an answer in before the close", len(acked), participants)
}

// testRoundChanges: subscribers hear of a round's start, joins, answers,
// close (with the snapshot) and deletion — never the answers themselves —
// and on a shared database every instance hears them.
func testRoundChanges(t *testing.T, e Engine) {
	ctx := context.Background()
	open := e.New(t)
	a := open(t, nil)
	ra := record(t, a)
	var rb *recorder
	if e.SharedChanges {
		rb = record(t, open(t, nil))
	}
	m := DemoMap(t)
	require.NoError(t, a.CreateMap(ctx, m, acc))
	r := newRound(t, m.ID, "Runde")
	require.NoError(t, a.CreateRound(ctx, r, []byte("j")))
	p := join(t, a, r.ID, "laege")
	require.NoError(t, a.PutAnswers(ctx, p, m.Relations[0].ID, graph.Answers{"overall": graph.Low}))
	require.Error(t, a.PutAnswers(ctx, p, "r99", graph.Answers{"overall": graph.Low}))
	_, _, err := a.CloseRound(ctx, m.ID, r.ID)
	require.NoError(t, err)
	require.NoError(t, a.DeleteRound(ctx, m.ID, r.ID))

	round := store.Change{MapID: m.ID, Round: r.ID}
	want := []store.Change{round, round, round, {MapID: m.ID, Snapshot: true}, round, round}
	for _, rec := range []*recorder{ra, rb} {
		if rec == nil {
			continue
		}
		deadline := time.Now().Add(2 * time.Second)
		var got []store.Change
		for {
			rec.mu.Lock()
			got = nil
			for _, c := range rec.changes {
				if !c.Resync {
					got = append(got, c)
				}
			}
			rec.mu.Unlock()
			if len(got) >= len(want) || time.Now().After(deadline) {
				break
			}
			select {
			case <-rec.wake:
			case <-time.After(100 * time.Millisecond):
			}
		}
		assert.Equal(t, want, got, "the changes, in order, and nothing for the refused answer")
	}
}

// testRoundAnswersAtOnce: many answers at once, some of them refused
// (a relation not of the participant's function, a relation the map does
// not have): each gets its own outcome — an engine that writes answers in
// groups must not let one refusal fail the others — and exactly the
// accepted ones are stored.
func testRoundAnswersAtOnce(t *testing.T, e Engine) {
	ctx := context.Background()
	st := e.New(t)(t, nil)
	m := DemoMap(t) // r1 hjemmepleje–laege, r2 borger–laege, r3 borger–hjemmepleje
	require.NoError(t, st.CreateMap(ctx, m, acc))
	r := newRound(t, m.ID, "Samtidig")
	require.NoError(t, st.CreateRound(ctx, r, []byte("j")))
	const n = 60
	ps := make([]*graph.Participant, n)
	for i := range ps {
		ps[i] = join(t, st, r.ID, "hjemmepleje")
	}
	rel := []string{m.Relations[0].ID, m.Relations[1].ID, "r99"} // mine, not mine, none
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = st.PutAnswers(ctx, p, rel[i%3], graph.Answers{"overall": graph.Rating(1 + i%3)})
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if i%3 == 0 {
			assert.NoError(t, err, "answer %d", i)
			continue
		}
		var ve *graph.ValidationError
		if assert.ErrorAs(t, err, &ve, "answer %d", i) {
			assert.Equal(t, "relation_id", ve.Problems[0].Field)
		}
	}
	_, _, _, rs, err := st.RoundData(ctx, m.ID, r.ID)
	require.NoError(t, err)
	assert.Len(t, rs, n/3, "exactly the accepted answers are stored")
	for _, x := range rs {
		assert.Equal(t, rel[0], x.RelationID)
	}
}
