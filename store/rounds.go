package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/relationskort/relationskort/graph"
)

// Rating rounds (issue 15): see store.DB for the contract. Every write is
// one IMMEDIATE transaction, so the limits (rounds a map, participants a
// round, one open round) are counted and kept in it, and an answer either
// lands before the close that counts it or is refused after.

const roundColumns = `id, map_id, title, status, questions, min_group, snapshot_id, created_at, closed_at`

type rowScanner interface{ Scan(dest ...any) error }

// scanRound reads a row of roundColumns, and any extra columns after them
// into extra.
func scanRound(row rowScanner, extra ...any) (*graph.Round, error) {
	r := &graph.Round{}
	var questions, created string
	var snapshot, closed sql.NullString
	dest := append([]any{&r.ID, &r.MapID, &r.Title, &r.Status, &questions, &r.MinGroup, &snapshot, &created, &closed}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	r.Questions = strings.Split(questions, ",")
	r.SnapshotID = snapshot.String
	var err error
	if r.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if closed.Valid {
		t, err := parseTime(closed.String)
		if err != nil {
			return nil, err
		}
		r.ClosedAt = &t
	}
	return r, nil
}

// CreateRound starts round r on map r.MapID. See store.DB.
func (s *Store) CreateRound(ctx context.Context, r *graph.Round, joinHash []byte) error {
	if r.ID == "" {
		return fmt.Errorf("create round: %w", graph.Invalid("id", "is required"))
	}
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM maps WHERE id = ?`, r.MapID).Scan(&one); err != nil {
			return err
		}
		var n, open int
		if err := tx.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE status = 'open') FROM rounds WHERE map_id = ?`,
			r.MapID).Scan(&n, &open); err != nil {
			return err
		}
		if open > 0 {
			return graph.Conflict("the map has an open round already: close it before starting another")
		}
		if n >= graph.MaxRoundsPerMap {
			return graph.Conflict("the map has %d rounds, the most it keeps: delete one before starting another", n)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO rounds (id, map_id, title, status, questions, min_group, join_hash, created_at)
			VALUES (?, ?, ?, 'open', ?, ?, ?, ?)`,
			r.ID, r.MapID, r.Title, strings.Join(r.Questions, ","), r.MinGroup, joinHash, formatTime(now))
		return err
	})
	if err != nil {
		return fmt.Errorf("create round on map %s: %w", r.MapID, err)
	}
	r.Status, r.CreatedAt, r.ClosedAt, r.SnapshotID = graph.RoundOpen, now, nil, ""
	s.changes.Publish(Change{MapID: r.MapID, Round: r.ID})
	return nil
}

// ListRounds lists the rounds of a map, oldest first. See store.DB.
func (s *Store) ListRounds(ctx context.Context, mapID string) ([]graph.Round, error) {
	list := []graph.Round{}
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM maps WHERE id = ?`, mapID).Scan(&one); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+roundColumns+` FROM rounds WHERE map_id = ? ORDER BY created_at, id`, mapID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRound(rows)
			if err != nil {
				return err
			}
			list = append(list, *r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list rounds of map %s: %w", mapID, err)
	}
	return list, nil
}

// GetRound returns round id of map mapID. See store.DB.
func (s *Store) GetRound(ctx context.Context, mapID, id string) (*graph.Round, error) {
	r, err := scanRound(s.read.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM rounds WHERE map_id = ? AND id = ?`, mapID, id))
	if err != nil {
		return nil, fmt.Errorf("load round %s of map %s: %w", id, mapID, translate(err))
	}
	return r, nil
}

// RoundAccess returns round id and the hash of its join token. See
// store.DB.
func (s *Store) RoundAccess(ctx context.Context, id string) (*graph.Round, []byte, error) {
	var hash []byte
	r, err := scanRound(s.read.QueryRowContext(ctx, `SELECT `+roundColumns+`, join_hash FROM rounds WHERE id = ?`, id), &hash)
	if err != nil {
		return nil, nil, fmt.Errorf("round access %s: %w", id, translate(err))
	}
	return r, hash, nil
}

// CloseRound closes a round and takes its snapshot in one transaction. See
// store.DB.
func (s *Store) CloseRound(ctx context.Context, mapID, id string) (*graph.Round, *graph.Snapshot, error) {
	var r *graph.Round
	var snap *graph.Snapshot
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = scanRound(tx.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM rounds WHERE map_id = ? AND id = ?`, mapID, id))
		if err != nil {
			return err
		}
		if r.Status == graph.RoundClosed {
			return graph.ErrRoundClosed
		}
		m, err := s.loadCurrent(ctx, tx, mapID)
		if err != nil {
			return err
		}
		ps, rs, err := loadAnswers(ctx, tx, id)
		if err != nil {
			return err
		}
		now := s.now()
		r.Status, r.ClosedAt = graph.RoundClosed, &now
		rm := graph.RoundMap(m, graph.Results(m, r, ps, rs, graph.Danish))
		if snap, err = insertSnapshot(ctx, tx, rm, r.Title, now); err != nil {
			return err
		}
		r.SnapshotID = snap.ID
		_, err = tx.ExecContext(ctx, `UPDATE rounds SET status = 'closed', closed_at = ?, snapshot_id = ? WHERE id = ?`,
			formatTime(now), snap.ID, id)
		return err
	})
	s.participants.void()
	if err != nil {
		return nil, nil, fmt.Errorf("close round %s of map %s: %w", id, mapID, err)
	}
	s.changes.Publish(Change{MapID: mapID, Snapshot: true})
	s.changes.Publish(Change{MapID: mapID, Round: id})
	return r, snap, nil
}

// DeleteRound deletes a round with its participants and answers. See
// store.DB.
func (s *Store) DeleteRound(ctx context.Context, mapID, id string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM rounds WHERE map_id = ? AND id = ?`, mapID, id)
		if err != nil {
			return err
		}
		return mustAffect(res)
	})
	s.participants.void()
	if err != nil {
		return fmt.Errorf("delete round %s of map %s: %w", id, mapID, err)
	}
	s.changes.Publish(Change{MapID: mapID, Round: id})
	return nil
}

// Join adds a participant to an open round. See store.DB.
func (s *Store) Join(ctx context.Context, p *graph.Participant, tokenHash []byte) error {
	now := s.now()
	var mapID string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT map_id, status FROM rounds WHERE id = ?`, p.RoundID).Scan(&mapID, &status); err != nil {
			return err
		}
		if status != string(graph.RoundOpen) {
			return graph.ErrRoundClosed
		}
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM functions WHERE map_id = ? AND id = ?`, mapID, p.From).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return graph.Invalid("from", "no function of this map has the id %q", p.From)
		}
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM participants WHERE round_id = ?`, p.RoundID).Scan(&n); err != nil {
			return err
		}
		if n >= graph.MaxParticipants {
			return graph.Conflict("the round has %d participants, the most it takes", n)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO participants (round_id, id, from_fn, token_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			p.RoundID, p.ID, p.From, tokenHash, formatTime(now))
		return err
	})
	if err != nil {
		return fmt.Errorf("join round %s: %w", p.RoundID, err)
	}
	p.CreatedAt = now
	s.changes.Publish(Change{MapID: mapID, Round: p.RoundID})
	return nil
}

// participantQuery reads a round and one of its participants by token
// hash: every answer is authorized by it, so it is one of the statements
// prepared when the store opens (readQueries).
const participantQuery = `SELECT r.id, r.map_id, r.title, r.status, r.questions, r.min_group, r.snapshot_id,
	r.created_at, r.closed_at, p.id, p.from_fn, p.created_at
	FROM participants p JOIN rounds r ON r.id = p.round_id WHERE p.round_id = ? AND p.token_hash = ?`

// Participant returns the round and its participant whose token has the
// hash tokenHash, remembered from an earlier answer when it can be
// (participantCache). See store.DB.
func (s *Store) Participant(ctx context.Context, roundID string, tokenHash []byte) (*graph.Round, *graph.Participant, error) {
	key := participantKey(roundID, tokenHash)
	if r, p, ok := s.participants.get(key); ok {
		return r, p, nil
	}
	gen := s.participants.generation()
	p := &graph.Participant{RoundID: roundID}
	var created string
	r, err := scanRound(s.rq.QueryRowContext(ctx, participantQuery, roundID, tokenHash), &p.ID, &p.From, &created)
	if err == nil {
		p.CreatedAt, err = parseTime(created)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("participant of round %s: %w", roundID, translate(err))
	}
	s.participants.put(key, gen, r, p)
	return r, p, nil
}

// checkQuestions refuses answers to a question the round (whose questions
// are the comma-separated list) does not ask, and ratings out of range.
func checkQuestions(a graph.Answers, questions string) error {
	asked := strings.Split(questions, ",")
	r := &graph.Round{Questions: asked}
	for q, rt := range a {
		if !r.Asks(q) {
			return graph.Invalid("answers."+q, "is not a question of this round (it asks %s)", strings.Join(asked, ", "))
		}
		if !rt.Valid() {
			return graph.Invalid("answers."+q, "must be 1, 2, 3 or null")
		}
	}
	return nil
}

// ParticipantAnswers returns p's own answers by relation. See store.DB.
func (s *Store) ParticipantAnswers(ctx context.Context, p *graph.Participant) (map[string]graph.Answers, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT relation_id, question, rating FROM responses
		WHERE round_id = ? AND participant_id = ?`, p.RoundID, p.ID)
	if err != nil {
		return nil, fmt.Errorf("answers in round %s: %w", p.RoundID, translate(err))
	}
	defer rows.Close()
	out := map[string]graph.Answers{}
	for rows.Next() {
		var rid, q string
		var rating sql.NullInt64
		if err := rows.Scan(&rid, &q, &rating); err != nil {
			return nil, fmt.Errorf("answers in round %s: %w", p.RoundID, err)
		}
		if out[rid] == nil {
			out[rid] = graph.Answers{}
		}
		out[rid][q] = graph.Rating(rating.Int64)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("answers in round %s: %w", p.RoundID, translate(err))
	}
	return out, nil
}

// RoundData returns the round, the map, the participants and the answers
// in one read. See store.DB.
func (s *Store) RoundData(ctx context.Context, mapID, id string) (*graph.Round, *graph.Map, []graph.Participant, []graph.Response, error) {
	var r *graph.Round
	var m *graph.Map
	var ps []graph.Participant
	var rs []graph.Response
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = scanRound(tx.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM rounds WHERE map_id = ? AND id = ?`, mapID, id))
		if err != nil {
			return err
		}
		if m, err = s.loadCurrent(ctx, tx, mapID); err != nil {
			return err
		}
		ps, rs, err = loadAnswers(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("load round %s of map %s: %w", id, mapID, err)
	}
	return r, m, ps, rs, nil
}

// loadAnswers reads the participants of round id and all their answers.
func loadAnswers(ctx context.Context, tx *sql.Tx, id string) ([]graph.Participant, []graph.Response, error) {
	ps := []graph.Participant{}
	rows, err := tx.QueryContext(ctx, `SELECT id, from_fn, created_at FROM participants WHERE round_id = ?`, id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		p := graph.Participant{RoundID: id}
		var created string
		if err := rows.Scan(&p.ID, &p.From, &created); err != nil {
			return nil, nil, err
		}
		if p.CreatedAt, err = parseTime(created); err != nil {
			return nil, nil, err
		}
		ps = append(ps, p)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rs := []graph.Response{}
	rrows, err := tx.QueryContext(ctx, `SELECT participant_id, relation_id, question, from_fn, to_fn, rating
		FROM responses WHERE round_id = ?`, id)
	if err != nil {
		return nil, nil, err
	}
	defer rrows.Close()
	for rrows.Next() {
		var x graph.Response
		var rating sql.NullInt64
		if err := rrows.Scan(&x.Participant, &x.RelationID, &x.Question, &x.From, &x.To, &rating); err != nil {
			return nil, nil, err
		}
		x.Rating = graph.Rating(rating.Int64)
		rs = append(rs, x)
	}
	return ps, rs, rrows.Err()
}

// RoundProgress counts participants and answered relations per function.
// See store.DB.
func (s *Store) RoundProgress(ctx context.Context, id string) (*graph.RoundProgress, error) {
	pr := &graph.RoundProgress{RoundID: id, Functions: []graph.FunctionProgress{}}
	err := s.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT status FROM rounds WHERE id = ?`, id).Scan(&pr.Status); err != nil {
			return err
		}
		counts := map[string]*graph.FunctionProgress{}
		var order []string
		at := func(fn string) *graph.FunctionProgress {
			if counts[fn] == nil {
				counts[fn] = &graph.FunctionProgress{FunctionID: fn}
				order = append(order, fn)
			}
			return counts[fn]
		}
		for _, q := range []struct {
			sql string
			set func(fp *graph.FunctionProgress, n int)
		}{
			{`SELECT from_fn, count(*) FROM participants WHERE round_id = ? GROUP BY from_fn ORDER BY from_fn`,
				func(fp *graph.FunctionProgress, n int) { fp.Participants = n }},
			{`SELECT from_fn, count(*) FROM (SELECT DISTINCT participant_id, relation_id, from_fn FROM responses
				WHERE round_id = ?) AS d GROUP BY from_fn ORDER BY from_fn`,
				func(fp *graph.FunctionProgress, n int) { fp.Answers = n }},
		} {
			rows, err := tx.QueryContext(ctx, q.sql, id)
			if err != nil {
				return err
			}
			for rows.Next() {
				var fn string
				var n int
				if err := rows.Scan(&fn, &n); err != nil {
					rows.Close()
					return err
				}
				q.set(at(fn), n)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		for _, fn := range order {
			fp := counts[fn]
			pr.Participants += fp.Participants
			pr.Answers += fp.Answers
			pr.Functions = append(pr.Functions, *fp)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("progress of round %s: %w", id, err)
	}
	graph.SortProgress(pr)
	return pr, nil
}
