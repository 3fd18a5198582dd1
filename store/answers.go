package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/relationskort/relationskort/graph"
)

// The answers of a rating round arrive all at once: a room of 200 taps
// within seconds. SQLite takes one writer at a time, and a transaction of
// its own for every answer made the last of 200 wait for 199 commits. So
// answers are committed in groups: the first answer to arrive while none
// is being written writes every answer waiting (up to maxAnswerBatch) in
// one transaction, with statements prepared when the store opens; the
// answers that arrive meanwhile wait, and the first of them writes the
// next group.
// Each answer is checked on its own inside the transaction (round open,
// relation of the participant's function, questions asked) and gets its
// own error; an error of the database fails the group, so that no answer
// is acknowledged that was not committed. A close (also a write) comes
// before or after a whole group, never inside one.

// maxAnswerBatch bounds a group, so that one commit stays short.
const maxAnswerBatch = 256

type answerJob struct {
	p     *graph.Participant
	rid   string
	a     graph.Answers
	mapID string    // set when written
	err   error     // the outcome, set before wake says false
	wake  chan bool // true: write the next group; false: done
}

type answerBatcher struct {
	mu      sync.Mutex
	pending []*answerJob
	busy    bool // a group is being written
}

// PutAnswers replaces p's answers about one relation. See store.DB.
func (s *Store) PutAnswers(ctx context.Context, p *graph.Participant, relationID string, a graph.Answers) error {
	job := &answerJob{p: p, rid: relationID, a: a, wake: make(chan bool, 1)}
	b := &s.answers
	b.mu.Lock()
	b.pending = append(b.pending, job)
	lead := !b.busy
	b.busy = true
	b.mu.Unlock()
	if !lead && !<-job.wake {
		return job.err
	}
	// This job is first in line: write the group it heads.
	b.mu.Lock()
	n := min(len(b.pending), maxAnswerBatch)
	group := append([]*answerJob(nil), b.pending[:n]...)
	b.pending = append(b.pending[:0:0], b.pending[n:]...)
	b.mu.Unlock()

	s.writeAnswers(context.WithoutCancel(ctx), group)

	b.mu.Lock()
	if len(b.pending) > 0 {
		b.pending[0].wake <- true // the next in line writes the next group
	} else {
		b.busy = false
	}
	b.mu.Unlock()
	for _, j := range group[1:] {
		j.wake <- false
	}
	return job.err
}

// The statements of an answer, prepared when the store opens
// (writeQueries): the round, the relation, and the answer replaced.
const (
	qAnswerRound    = `SELECT map_id, status, questions FROM rounds WHERE id = ?`
	qAnswerRelation = `SELECT a, b FROM relations WHERE map_id = ? AND id = ?`
	qAnswerDelete   = `DELETE FROM responses WHERE round_id = ? AND participant_id = ? AND relation_id = ?`
	qAnswerInsert   = `INSERT INTO responses (round_id, participant_id, relation_id, question, from_fn, to_fn, rating, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
)

// writeAnswers writes a group of answers in one transaction and sets each
// job's outcome; then it announces the rounds that changed.
//
// The group shares the write connection with the edits of maps (write.go),
// each in a transaction of its own: the two queues take turns at the
// connection, neither is inside the other.
func (s *Store) writeAnswers(ctx context.Context, group []*answerJob) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		g := answerGroup{q: s.wq.in(tx), rounds: map[string]roundRow{}, ends: map[[2]string][2]string{}}
		now := formatTime(s.now())
		for _, j := range group {
			var err error
			j.mapID, err = g.write(ctx, j, now)
			if err != nil && !isAnswerRefusal(err) {
				return err // the database failed: the whole group fails
			}
			j.err = err
		}
		return nil
	})
	if err != nil {
		for _, j := range group {
			j.err = err
		}
	}
	seen := map[Change]bool{}
	for _, j := range group {
		if j.err != nil {
			j.err = fmt.Errorf("answer in round %s: %w", j.p.RoundID, j.err)
			continue
		}
		c := Change{MapID: j.mapID, Round: j.p.RoundID}
		if !seen[c] {
			seen[c] = true
			s.changes.Publish(c)
		}
	}
}

// answerGroup writes the answers of one group in its transaction q. The
// group's answers are mostly of one round and a few relations, so it reads
// each round and relation once: nothing else writes while the transaction
// holds the write lock, so what it read stays true to the end of the
// group.
type answerGroup struct {
	q      querier
	rounds map[string]roundRow     // by round id
	ends   map[[2]string][2]string // relation's ends by (map, relation id)
}

// roundRow is what an answer needs of its round.
type roundRow struct{ mapID, status, questions string }

// write checks and writes one job and returns the round's map.
func (g *answerGroup) write(ctx context.Context, j *answerJob, now string) (string, error) {
	rd, ok := g.rounds[j.p.RoundID]
	if !ok {
		if err := g.q.QueryRowContext(ctx, qAnswerRound, j.p.RoundID).Scan(&rd.mapID, &rd.status, &rd.questions); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return "", fmt.Errorf("%w: the round is gone", graph.ErrNotFound)
			}
			return "", err
		}
		g.rounds[j.p.RoundID] = rd
	}
	if rd.status != string(graph.RoundOpen) {
		return "", graph.ErrRoundClosed
	}
	key := [2]string{rd.mapID, j.rid}
	ends, ok := g.ends[key]
	if !ok {
		err := g.q.QueryRowContext(ctx, qAnswerRelation, rd.mapID, j.rid).Scan(&ends[0], &ends[1])
		if errors.Is(err, sql.ErrNoRows) {
			return "", graph.Invalid("relation_id", "no relation of this map has the id %q", j.rid)
		}
		if err != nil {
			return "", err
		}
		g.ends[key] = ends
	}
	to, err := graph.RelationTarget(ends[0], ends[1], j.p.From, j.rid)
	if err != nil {
		return "", err
	}
	if err := checkQuestions(j.a, rd.questions); err != nil {
		return "", err
	}
	if _, err := g.q.ExecContext(ctx, qAnswerDelete, j.p.RoundID, j.p.ID, j.rid); err != nil {
		return "", err
	}
	for qn, rt := range j.a {
		var rating sql.NullInt64
		if rt.Rated() {
			rating = sql.NullInt64{Int64: int64(rt), Valid: true}
		}
		if _, err := g.q.ExecContext(ctx, qAnswerInsert, j.p.RoundID, j.p.ID, j.rid, qn, j.p.From, to, rating, now); err != nil {
			return "", err
		}
	}
	return rd.mapID, nil
}

// isAnswerRefusal reports whether err refuses one answer (and leaves the
// others of its group alone) rather than telling that the database failed.
func isAnswerRefusal(err error) bool {
	return errors.Is(err, graph.ErrRoundClosed) || errors.Is(err, graph.ErrInvalid) || errors.Is(err, graph.ErrNotFound)
}
