package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/store"
)

// Rating rounds (issue 15): see store.DB for the contract. Locks: a join
// and the close lock the round's row FOR UPDATE (the participant limit
// holds across instances; a close waits for the answers in progress), an
// answer FOR SHARE (answers run side by side); the close locks the map's
// row first, as a snapshot does, so that snapshot ids follow one another.

const roundColumns = `id, map_id, title, status, questions, min_group, snapshot_id, created_at, closed_at`

// scanRound reads a row of roundColumns, and any extra columns after them
// into extra.
func scanRound(row pgx.Row, extra ...any) (*graph.Round, error) {
	r := &graph.Round{}
	var snapshot *string
	dest := append([]any{&r.ID, &r.MapID, &r.Title, &r.Status, &r.Questions, &r.MinGroup, &snapshot, &r.CreatedAt, &r.ClosedAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	if snapshot != nil {
		r.SnapshotID = *snapshot
	}
	r.CreatedAt = r.CreatedAt.UTC()
	if r.ClosedAt != nil {
		t := r.ClosedAt.UTC()
		r.ClosedAt = &t
	}
	return r, nil
}

// CreateRound starts round r on map r.MapID. See store.DB. It holds the
// map's row lock, so that two instances cannot both start an open round.
func (s *Store) CreateRound(ctx context.Context, r *graph.Round, joinHash []byte) error {
	if r.ID == "" {
		return fmt.Errorf("create round: %w", graph.Invalid("id", "is required"))
	}
	now := s.now()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM maps WHERE id = $1`+s.forUpdate(), r.MapID).Scan(&one); err != nil {
			return err
		}
		var n, open int
		if err := tx.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE status = 'open') FROM rounds WHERE map_id = $1`,
			r.MapID).Scan(&n, &open); err != nil {
			return err
		}
		if open > 0 {
			return graph.Conflict("the map has an open round already: close it before starting another")
		}
		if n >= graph.MaxRoundsPerMap {
			return graph.Conflict("the map has %d rounds, the most it keeps: delete one before starting another", n)
		}
		b := &pgx.Batch{}
		b.Queue(`INSERT INTO rounds (id, map_id, title, status, questions, min_group, join_hash, created_at)
			VALUES ($1, $2, $3, 'open', $4, $5, $6, $7)`, r.ID, r.MapID, r.Title, r.Questions, r.MinGroup, joinHash, now)
		s.queueNotify(b, store.Change{MapID: r.MapID, Round: r.ID})
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("create round on map %s: %w", r.MapID, err)
	}
	r.Status, r.CreatedAt, r.ClosedAt, r.SnapshotID = graph.RoundOpen, now, nil, ""
	return nil
}

// ListRounds lists the rounds of a map, oldest first. See store.DB.
func (s *Store) ListRounds(ctx context.Context, mapID string) ([]graph.Round, error) {
	var list []graph.Round
	err := s.inReadTx(ctx, func(tx pgx.Tx) error {
		list = []graph.Round{}
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM maps WHERE id = $1`, mapID).Scan(&one); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+roundColumns+` FROM rounds WHERE map_id = $1 ORDER BY created_at, id`, mapID)
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
	var r *graph.Round
	err := s.query(ctx, func() (err error) {
		r, err = scanRound(s.pool.QueryRow(ctx, `SELECT `+roundColumns+` FROM rounds WHERE map_id = $1 AND id = $2`, mapID, id))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load round %s of map %s: %w", id, mapID, err)
	}
	return r, nil
}

// RoundAccess returns round id and the hash of its join token. See
// store.DB.
func (s *Store) RoundAccess(ctx context.Context, id string) (*graph.Round, []byte, error) {
	var r *graph.Round
	var hash []byte
	err := s.query(ctx, func() (err error) {
		r, err = scanRound(s.pool.QueryRow(ctx, `SELECT `+roundColumns+`, join_hash FROM rounds WHERE id = $1`, id), &hash)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("round access %s: %w", id, err)
	}
	return r, hash, nil
}

// CloseRound closes a round and takes its snapshot in one transaction. See
// store.DB.
func (s *Store) CloseRound(ctx context.Context, mapID, id string) (*graph.Round, *graph.Snapshot, error) {
	var r *graph.Round
	var snap *graph.Snapshot
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		m, err := s.loadCurrent(ctx, tx, mapID, true)
		if err != nil {
			return err
		}
		r, err = scanRound(tx.QueryRow(ctx, `SELECT `+roundColumns+` FROM rounds WHERE map_id = $1 AND id = $2`+s.forUpdate(), mapID, id))
		if err != nil {
			return err
		}
		if r.Status == graph.RoundClosed {
			return graph.ErrRoundClosed
		}
		ps, rs, err := loadAnswers(ctx, tx, id)
		if err != nil {
			return err
		}
		now := s.now()
		r.Status, r.ClosedAt = graph.RoundClosed, &now
		rm := graph.RoundMap(m, graph.Results(m, r, ps, rs, graph.Danish))
		b := &pgx.Batch{}
		if snap, err = s.queueSnapshot(ctx, tx, b, rm, r.Title, now); err != nil {
			return err
		}
		r.SnapshotID = snap.ID
		b.Queue(`UPDATE rounds SET status = 'closed', closed_at = $1, snapshot_id = $2 WHERE id = $3`, now, snap.ID, id)
		s.queueNotify(b, store.Change{MapID: mapID, Snapshot: true})
		s.queueNotify(b, store.Change{MapID: mapID, Round: id})
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return nil, nil, fmt.Errorf("close round %s of map %s: %w", id, mapID, err)
	}
	return r, snap, nil
}

// DeleteRound deletes a round with its participants and answers. See
// store.DB.
func (s *Store) DeleteRound(ctx context.Context, mapID, id string) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM rounds WHERE map_id = $1 AND id = $2`, mapID, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return pgx.ErrNoRows
		}
		b := &pgx.Batch{}
		s.queueNotify(b, store.Change{MapID: mapID, Round: id})
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("delete round %s of map %s: %w", id, mapID, err)
	}
	return nil
}

// Join adds a participant to an open round. See store.DB.
func (s *Store) Join(ctx context.Context, p *graph.Participant, tokenHash []byte) error {
	now := s.now()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var mapID, status string
		if err := tx.QueryRow(ctx, `SELECT map_id, status FROM rounds WHERE id = $1`+s.forUpdate(), p.RoundID).Scan(&mapID, &status); err != nil {
			return err
		}
		if status != string(graph.RoundOpen) {
			return graph.ErrRoundClosed
		}
		var exists bool
		var n int
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM functions WHERE map_id = $1 AND id = $2),
			(SELECT count(*) FROM participants WHERE round_id = $3)`, mapID, p.From, p.RoundID).Scan(&exists, &n); err != nil {
			return err
		}
		if !exists {
			return graph.Invalid("from", "no function of this map has the id %q", p.From)
		}
		if n >= graph.MaxParticipants {
			return graph.Conflict("the round has %d participants, the most it takes", n)
		}
		b := &pgx.Batch{}
		b.Queue(`INSERT INTO participants (round_id, id, from_fn, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)`,
			p.RoundID, p.ID, p.From, tokenHash, now)
		s.queueNotify(b, store.Change{MapID: mapID, Round: p.RoundID})
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("join round %s: %w", p.RoundID, err)
	}
	p.CreatedAt = now
	return nil
}

// Participant returns the round and its participant whose token has the
// hash tokenHash, in one query. See store.DB.
func (s *Store) Participant(ctx context.Context, roundID string, tokenHash []byte) (*graph.Round, *graph.Participant, error) {
	var r *graph.Round
	p := &graph.Participant{RoundID: roundID}
	err := s.query(ctx, func() (err error) {
		r, err = scanRound(s.pool.QueryRow(ctx, `SELECT r.id, r.map_id, r.title, r.status, r.questions, r.min_group,
			r.snapshot_id, r.created_at, r.closed_at, p.id, p.from_fn, p.created_at
			FROM participants p JOIN rounds r ON r.id = p.round_id WHERE p.round_id = $1 AND p.token_hash = $2`,
			roundID, tokenHash), &p.ID, &p.From, &p.CreatedAt)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("participant of round %s: %w", roundID, err)
	}
	p.CreatedAt = p.CreatedAt.UTC()
	return r, p, nil
}

// PutAnswers replaces p's answers about one relation. See store.DB.
func (s *Store) PutAnswers(ctx context.Context, p *graph.Participant, relationID string, a graph.Answers) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var mapID, status string
		var questions []string
		lock := " FOR SHARE"
		if s.serializable {
			lock = ""
		}
		if err := tx.QueryRow(ctx, `SELECT map_id, status, questions FROM rounds WHERE id = $1`+lock, p.RoundID).
			Scan(&mapID, &status, &questions); err != nil {
			return err
		}
		if status != string(graph.RoundOpen) {
			return graph.ErrRoundClosed
		}
		var ra, rb string
		err := tx.QueryRow(ctx, `SELECT a, b FROM relations WHERE map_id = $1 AND id = $2`, mapID, relationID).Scan(&ra, &rb)
		if errors.Is(err, pgx.ErrNoRows) {
			return graph.Invalid("relation_id", "no relation of this map has the id %q", relationID)
		}
		if err != nil {
			return err
		}
		to, err := graph.RelationTarget(ra, rb, p.From, relationID)
		if err != nil {
			return err
		}
		r := &graph.Round{Questions: questions}
		for q, rt := range a {
			if !r.Asks(q) || !rt.Valid() {
				return graph.Invalid("answers."+q, "is not a question of this round, or not 1, 2, 3 or null")
			}
		}
		now := s.now()
		b := &pgx.Batch{}
		b.Queue(`DELETE FROM responses WHERE round_id = $1 AND participant_id = $2 AND relation_id = $3`, p.RoundID, p.ID, relationID)
		for q, rt := range a {
			var rating *int16
			if rt.Rated() {
				v := int16(rt)
				rating = &v
			}
			b.Queue(`INSERT INTO responses (round_id, participant_id, relation_id, question, from_fn, to_fn, rating, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, p.RoundID, p.ID, relationID, q, p.From, to, rating, now)
		}
		s.queueNotify(b, store.Change{MapID: mapID, Round: p.RoundID})
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("answer in round %s: %w", p.RoundID, err)
	}
	return nil
}

// ParticipantAnswers returns p's own answers by relation. See store.DB.
func (s *Store) ParticipantAnswers(ctx context.Context, p *graph.Participant) (map[string]graph.Answers, error) {
	var out map[string]graph.Answers
	err := s.query(ctx, func() error {
		out = map[string]graph.Answers{}
		rows, err := s.pool.Query(ctx, `SELECT relation_id, question, rating FROM responses
			WHERE round_id = $1 AND participant_id = $2`, p.RoundID, p.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var rid, q string
			var rating *int16
			if err := rows.Scan(&rid, &q, &rating); err != nil {
				return err
			}
			if out[rid] == nil {
				out[rid] = graph.Answers{}
			}
			out[rid][q] = graph.Unrated
			if rating != nil {
				out[rid][q] = graph.Rating(*rating)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("answers in round %s: %w", p.RoundID, err)
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
	err := s.inReadTx(ctx, func(tx pgx.Tx) error {
		var err error
		r, err = scanRound(tx.QueryRow(ctx, `SELECT `+roundColumns+` FROM rounds WHERE map_id = $1 AND id = $2`, mapID, id))
		if err != nil {
			return err
		}
		if m, err = s.loadCurrent(ctx, tx, mapID, false); err != nil {
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

// loadAnswers reads the participants of round id and all their answers,
// in one round trip.
func loadAnswers(ctx context.Context, tx pgx.Tx, id string) ([]graph.Participant, []graph.Response, error) {
	ps := []graph.Participant{}
	rs := []graph.Response{}
	b := &pgx.Batch{}
	b.Queue(`SELECT id, from_fn, created_at FROM participants WHERE round_id = $1`, id).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			p := graph.Participant{RoundID: id}
			if err := rows.Scan(&p.ID, &p.From, &p.CreatedAt); err != nil {
				return err
			}
			p.CreatedAt = p.CreatedAt.UTC()
			ps = append(ps, p)
		}
		return rows.Err()
	})
	b.Queue(`SELECT participant_id, relation_id, question, from_fn, to_fn, rating FROM responses WHERE round_id = $1`, id).
		Query(func(rows pgx.Rows) error {
			for rows.Next() {
				var x graph.Response
				var rating *int16
				if err := rows.Scan(&x.Participant, &x.RelationID, &x.Question, &x.From, &x.To, &rating); err != nil {
					return err
				}
				if rating != nil {
					x.Rating = graph.Rating(*rating)
				}
				rs = append(rs, x)
			}
			return rows.Err()
		})
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, nil, err
	}
	return ps, rs, nil
}

// RoundProgress counts participants and answered relations per function.
// See store.DB.
func (s *Store) RoundProgress(ctx context.Context, id string) (*graph.RoundProgress, error) {
	var pr *graph.RoundProgress
	err := s.inReadTx(ctx, func(tx pgx.Tx) error {
		pr = &graph.RoundProgress{RoundID: id, Functions: []graph.FunctionProgress{}}
		if err := tx.QueryRow(ctx, `SELECT status FROM rounds WHERE id = $1`, id).Scan(&pr.Status); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT coalesce(p.from_fn, a.from_fn), coalesce(p.n, 0), coalesce(a.n, 0)
			FROM (SELECT from_fn, count(*) AS n FROM participants WHERE round_id = $1 GROUP BY from_fn) AS p
			FULL JOIN (SELECT from_fn, count(*) AS n FROM (SELECT DISTINCT participant_id, relation_id, from_fn
				FROM responses WHERE round_id = $1) AS d GROUP BY from_fn) AS a ON a.from_fn = p.from_fn`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var fp graph.FunctionProgress
			if err := rows.Scan(&fp.FunctionID, &fp.Participants, &fp.Answers); err != nil {
				return err
			}
			pr.Participants += fp.Participants
			pr.Answers += fp.Answers
			pr.Functions = append(pr.Functions, fp)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("progress of round %s: %w", id, err)
	}
	graph.SortProgress(pr)
	return pr, nil
}

// queueSnapshot queues the insert of m (a state of its map, m.ID) as a new
// snapshot under label, with the next free id s1, s2, …, and returns the
// snapshot. The map's row must be locked in tx (ids are counted under it).
// CreateSnapshot and CloseRound share it.
func (s *Store) queueSnapshot(ctx context.Context, tx pgx.Tx, b *pgx.Batch, m *graph.Map, label string, now time.Time) (*graph.Snapshot, error) {
	doc, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM snapshots WHERE map_id = $1`, m.ID).Scan(&n); err != nil {
		return nil, err
	}
	id := fmt.Sprintf("s%d", n+1)
	for {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM snapshots WHERE map_id = $1 AND id = $2)`, m.ID, id).Scan(&exists); err != nil {
			return nil, err
		}
		if !exists {
			break
		}
		n++
		id = fmt.Sprintf("s%d", n+1)
	}
	b.Queue(`INSERT INTO snapshots (map_id, id, label, version, document, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, m.ID, id, label, m.Version, doc, now)
	return &graph.Snapshot{ID: id, MapID: m.ID, Label: label, Version: m.Version, CreatedAt: now, Map: m}, nil
}
