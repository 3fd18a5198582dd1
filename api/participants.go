package api

import (
	"crypto/subtle"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
)

// Rating rounds, the participants' side, under /api/v1/rounds/{rid}. A
// participant holds first the round's join token (from the link or QR
// code), which reads what the round asks and joins it, and then a
// participant token of their own, which reads their own answers and
// changes them until the round closes. Neither opens anything else: not
// the map's notes, not the results, not another participant's answers.
// Both travel as Authorization: Bearer, never in a URL.

const (
	ctxRound       = "relationskort.round"
	ctxParticipant = "relationskort.participant"
)

var errRoundForbidden = &apiError{http.StatusForbidden, "forbidden",
	"this token does not give access to this round, or the round does not exist", nil}

// authorizeRound returns a middleware that needs the join token of round
// :rid (participant false) or a participant token of it (participant
// true). Without a token 401; with a wrong one, or for a round that does
// not exist, 403, charged to the client's budget of wrong tokens like a
// wrong map token.
func (s *server) authorizeRound(participant bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			tok, _ := requestToken(c)
			if tok == "" {
				return missingToken(c)
			}
			if err := s.failuresBlocked(c); err != nil {
				return err
			}
			ctx := c.Request().Context()
			h := hashToken(tok)
			var r *graph.Round
			if participant {
				// One read: the round with the participant of this token.
				var p *graph.Participant
				var err error
				r, p, err = s.st.Participant(ctx, c.Param("rid"), h)
				if errors.Is(err, graph.ErrNotFound) {
					s.authFailed(c, h)
					return errRoundForbidden
				}
				if err != nil {
					return err
				}
				c.Set(ctxParticipant, p)
			} else {
				var joinHash []byte
				var err error
				r, joinHash, err = s.st.RoundAccess(ctx, c.Param("rid"))
				if errors.Is(err, graph.ErrNotFound) {
					r, joinHash = nil, dummyHash
				} else if err != nil {
					return err
				}
				if subtle.ConstantTimeCompare(h, joinHash) != 1 || r == nil {
					s.authFailed(c, h)
					return errRoundForbidden
				}
			}
			c.Set(ctxRound, r)
			return next(c)
		}
	}
}

// participantRound is what a participant sees of a round.
type participantRound struct {
	ID        string            `json:"id"`
	Title     string            `json:"title"`
	Status    graph.RoundStatus `json:"status"`
	Questions []string          `json:"questions"`
	MinGroup  int               `json:"min_group"`
}

func newParticipantRound(r *graph.Round) participantRound {
	return participantRound{ID: r.ID, Title: r.Title, Status: r.Status, Questions: r.Questions, MinGroup: r.MinGroup}
}

// inviteFunction is a function a participant may answer for.
type inviteFunction struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Group     string `json:"group,omitempty"`
	Relations int    `json:"relations"`
}

// roundInvite is the answer to the join token: what the round asks and
// the functions to choose from (those with relations), without notes.
type roundInvite struct {
	Round     participantRound `json:"round"`
	MapTitle  string           `json:"map_title"`
	Functions []inviteFunction `json:"functions"`
}

// handleRoundInvite: GET /api/v1/rounds/{rid}, with the join token.
func (s *server) handleRoundInvite(c echo.Context) error {
	r := c.Get(ctxRound).(*graph.Round)
	m, err := s.st.GetMap(c.Request().Context(), r.MapID)
	if err != nil {
		return err
	}
	out := roundInvite{Round: newParticipantRound(r), MapTitle: m.Title, Functions: []inviteFunction{}}
	for _, f := range m.Functions {
		if n := len(graph.RelationsOf(m, f.ID)); n > 0 {
			out.Functions = append(out.Functions, inviteFunction{ID: f.ID, Name: f.Name, Group: f.Group, Relations: n})
		}
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.JSON(http.StatusOK, out)
}

// participantView is what a participant reads of their own part: the
// round, their function, its relations and (once joined) their answers.
type participantView struct {
	ParticipantToken string                      `json:"participant_token,omitempty"`
	Round            participantRound            `json:"round"`
	MapTitle         string                      `json:"map_title"`
	From             string                      `json:"from"`
	FromName         string                      `json:"from_name"`
	Relations        []graph.ParticipantRelation `json:"relations"`
	Answers          map[string]graph.Answers    `json:"answers"`
}

func newParticipantView(r *graph.Round, m *graph.Map, from string) participantView {
	v := participantView{Round: newParticipantRound(r), MapTitle: m.Title, From: from, Relations: graph.RelationsOf(m, from), Answers: map[string]graph.Answers{}}
	if f := m.Function(from); f != nil {
		v.FromName = f.Name
	}
	return v
}

// handleJoin: POST /api/v1/rounds/{rid}/participants with the join token
// and {"from":"function id"}: 201 with a participant token (shown once)
// and the relations of that function to answer.
func (s *server) handleJoin(c echo.Context) error {
	r := c.Get(ctxRound).(*graph.Round)
	if r.Status != graph.RoundOpen {
		return graph.ErrRoundClosed
	}
	body, err := readJSON(c)
	if err != nil {
		return err
	}
	from, err := graph.DecodeJoinRequest(body)
	if err != nil {
		return err
	}
	tok := newToken()
	p := &graph.Participant{ID: graph.NewParticipantID(), RoundID: r.ID, From: from}
	ctx := c.Request().Context()
	if err := s.st.Join(ctx, p, hashToken(tok)); err != nil {
		return err
	}
	m, err := s.st.GetMap(ctx, r.MapID)
	if err != nil {
		return err
	}
	out := newParticipantView(r, m, from)
	out.ParticipantToken = tok
	h := c.Response().Header()
	h.Set(echo.HeaderLocation, "/api/v1/rounds/"+r.ID+"/me")
	h.Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, out)
}

// handleMe: GET /api/v1/rounds/{rid}/me, with the participant token: the
// round (is it still open?), the participant's relations and own answers,
// so that the page picks up where it was after a reload.
func (s *server) handleMe(c echo.Context) error {
	r := c.Get(ctxRound).(*graph.Round)
	p := c.Get(ctxParticipant).(*graph.Participant)
	ctx := c.Request().Context()
	m, err := s.st.GetMap(ctx, r.MapID)
	if err != nil {
		return err
	}
	out := newParticipantView(r, m, p.From)
	if out.Answers, err = s.st.ParticipantAnswers(ctx, p); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.JSON(http.StatusOK, out)
}

// answerOut is the reply to an answer.
type answerOut struct {
	RelationID string        `json:"relation_id"`
	Answers    graph.Answers `json:"answers"`
}

// handlePutAnswers: PUT /api/v1/rounds/{rid}/responses/{relation_id} with
// the participant token and {"answers":{"overall":1|2|3|null, …}} replaces
// the participant's answers about that relation. 409 round_closed after
// the close; 422 naming the field for a relation not of the participant's
// function, an unknown relation, a question the round does not ask or a
// rating other than 1, 2, 3 or null. Nothing is stored on an error.
func (s *server) handlePutAnswers(c echo.Context) error {
	r := c.Get(ctxRound).(*graph.Round)
	p := c.Get(ctxParticipant).(*graph.Participant)
	if r.Status != graph.RoundOpen {
		return graph.ErrRoundClosed
	}
	body, err := readJSON(c)
	if err != nil {
		return err
	}
	a, err := graph.DecodeAnswersRequest(body, r)
	if err != nil {
		return err
	}
	rid := c.Param("relation_id")
	if err := s.st.PutAnswers(c.Request().Context(), p, rid, a); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, answerOut{RelationID: rid, Answers: a})
}
