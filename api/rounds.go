package api

import (
	"bytes"
	"crypto/hmac"
	cryptorand "crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
	"github.com/relationskort/relationskort/graph/interchange"
)

// Rating rounds (issue 15), the facilitator's side: start a round on a map,
// show its join link (and QR code), follow it, close it, read its results.
// The participants' side is in participants.go.
//
// The join link is /r/{rid}#join=TOKEN: the token travels in the fragment,
// like the map links, so it never reaches a server log. The join token is
// derived from the map's edit token (joinToken), so that whoever holds the
// edit link can show the join link again at any time, though the server
// keeps only its hash. A round started with the admin token gets a random
// join token, shown once.

// joinToken derives the join token of round rid from the map's edit token
// with HMAC-SHA256: it tells nothing of the edit token, and differs from
// round to round.
func joinToken(edit, rid string) string {
	mac := hmac.New(sha256.New, []byte(edit))
	mac.Write([]byte("relationskort join token v1 " + rid))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// joinURL is the participants' page of round rid with its join token.
func joinURL(base, rid, tok string) string { return base + "/r/" + rid + "#join=" + tok }

// roundURL is the API path of a round.
func roundURL(mapID, rid string) string { return mapURL(mapID) + "/rounds/" + rid }

// roundOut is a round as the facilitator's routes show it; the join token
// and link only to the holder of the edit token, the progress only when
// one round is asked for.
type roundOut struct {
	graph.Round
	JoinToken string               `json:"join_token,omitempty"`
	JoinURL   string               `json:"join_url,omitempty"`
	Progress  *graph.RoundProgress `json:"progress,omitempty"`
}

type roundList struct {
	Rounds []graph.Round `json:"rounds"`
}

// handleCreateRound: POST /api/v1/maps/{id}/rounds with {"title":…,
// "questions":[…], "min_group":n} starts a round: 201 with the round, its
// join token and its join link.
func (s *server) handleCreateRound(c echo.Context) error {
	body, err := readJSON(c)
	if err != nil {
		return err
	}
	r, err := graph.DecodeRoundRequest(body)
	if err != nil {
		return err
	}
	r.ID, r.MapID = graph.NewRoundID(), c.Param("id")
	tok := newToken()
	if c.Get(ctxLevel) == levelEdit {
		bearer, _ := requestToken(c)
		tok = joinToken(bearer, r.ID)
	}
	if err := s.st.CreateRound(c.Request().Context(), r, hashToken(tok)); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderLocation, roundURL(r.MapID, r.ID))
	h.Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, roundOut{Round: *r, JoinToken: tok, JoinURL: joinURL(s.baseURL(c), r.ID, tok)})
}

// handleListRounds: GET /api/v1/maps/{id}/rounds, oldest first.
func (s *server) handleListRounds(c echo.Context) error {
	list, err := s.st.ListRounds(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, no-cache")
	return c.JSON(http.StatusOK, roundList{Rounds: list})
}

// handleGetRound: GET /api/v1/maps/{id}/rounds/{rid}: the round with its
// progress; with the edit token also its join token and link.
func (s *server) handleGetRound(c echo.Context) error {
	ctx := c.Request().Context()
	r, hash, err := s.st.RoundAccess(ctx, c.Param("rid"))
	if err == nil && r.MapID != c.Param("id") {
		err = graph.ErrNotFound
	}
	if err != nil {
		return err
	}
	out := roundOut{Round: *r}
	if tok, ok := s.derivedJoinToken(c, r.ID, hash); ok {
		out.JoinToken, out.JoinURL = tok, joinURL(s.baseURL(c), r.ID, tok)
	}
	if out.Progress, err = s.st.RoundProgress(ctx, r.ID); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.JSON(http.StatusOK, out)
}

// derivedJoinToken returns the join token of round rid derived from the
// request's edit token, if the request holds the edit token and the token
// derives the one whose hash the round keeps.
func (s *server) derivedJoinToken(c echo.Context, rid string, hash []byte) (string, bool) {
	if c.Get(ctxLevel) != levelEdit {
		return "", false
	}
	bearer, _ := requestToken(c)
	tok := joinToken(bearer, rid)
	return tok, subtle.ConstantTimeCompare(hashToken(tok), hash) == 1
}

// handleCloseRound: POST /api/v1/maps/{id}/rounds/{rid}/close closes the
// round and takes the snapshot of its medians (label: the round's title):
// 200 with the closed round, whose snapshot_id names the snapshot.
func (s *server) handleCloseRound(c echo.Context) error {
	r, _, err := s.st.CloseRound(c.Request().Context(), c.Param("id"), c.Param("rid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, roundOut{Round: *r})
}

// handleDeleteRound: DELETE /api/v1/maps/{id}/rounds/{rid}, with its
// participants and answers (its snapshot stays).
func (s *server) handleDeleteRound(c echo.Context) error {
	if err := s.st.DeleteRound(c.Request().Context(), c.Param("id"), c.Param("rid")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// roundResults loads round :rid of map :id and sums it up in lang; the
// results of an open round are refused (graph.ErrRoundOpen): see
// graph.RoundResults.
func (s *server) roundResults(c echo.Context, rid string, lang graph.Lang) (*graph.RoundResults, *graph.Map, []graph.Response, error) {
	r, m, ps, rs, err := s.st.RoundData(c.Request().Context(), c.Param("id"), rid)
	if err != nil {
		return nil, nil, nil, err
	}
	if r.Status != graph.RoundClosed {
		return nil, nil, nil, graph.ErrRoundOpen
	}
	return graph.Results(m, r, ps, rs, lang), m, rs, nil
}

// handleRoundResults: GET /api/v1/maps/{id}/rounds/{rid}/results[?lang=]
// — per relation the combined, directional and dimension figures under the
// anonymity rule (graph.RoundResults), once the round is closed.
func (s *server) handleRoundResults(c echo.Context) error {
	lang, err := langParam(c)
	if err != nil {
		return err
	}
	if err := s.chargeRead(c); err != nil {
		return err
	}
	res, _, _, err := s.roundResults(c, c.Param("rid"), lang)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, no-cache")
	return c.JSON(http.StatusOK, res)
}

// handleRoundQR: GET /api/v1/maps/{id}/rounds/{rid}/qr.svg, with the edit
// token: the QR code of the round's join link, for the room's screen.
func (s *server) handleRoundQR(c echo.Context) error {
	r, hash, err := s.st.RoundAccess(c.Request().Context(), c.Param("rid"))
	if err == nil && r.MapID != c.Param("id") {
		err = graph.ErrNotFound
	}
	if err != nil {
		return err
	}
	if c.Get(ctxLevel) != levelEdit {
		return &apiError{http.StatusForbidden, "forbidden", "the join link is derived from the edit token: send it", nil}
	}
	tok, ok := s.derivedJoinToken(c, r.ID, hash)
	if !ok {
		return &apiError{http.StatusConflict, "conflict",
			"this round's join link cannot be derived from this edit token (the round was started with another token)", nil}
	}
	svg, err := qrSVG(joinURL(s.baseURL(c), r.ID, tok))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, "image/svg+xml; charset=utf-8", svg)
}

// roundParam reads ?round= of the drawings and the analysis: the id of a
// closed round of the map, or "" when not given. A round the map does not
// have is a 400 naming the parameter; an open one answers round_open.
func (s *server) roundParam(c echo.Context) (string, error) {
	rid := c.QueryParam("round")
	if rid == "" {
		return "", nil
	}
	r, err := s.st.GetRound(c.Request().Context(), c.Param("id"), rid)
	if errors.Is(err, graph.ErrNotFound) {
		return "", badParameter("round", "no round of this map has the id "+strconv.Quote(rid))
	}
	if err != nil {
		return "", err
	}
	if r.Status != graph.RoundClosed {
		return "", graph.ErrRoundOpen
	}
	return rid, nil
}

// handleRoundExport: GET /api/v1/maps/{id}/rounds/{rid}/export
// ?format=json|csv[&table=aggregates|answers][&lang=] — the round's results
// and its answers one by one where a direction is shown, shuffled, without
// participants (interchange.ExportRound), once the round is closed.
func (s *server) handleRoundExport(c echo.Context) error {
	format, table := c.QueryParam("format"), c.QueryParam("table")
	if format == "" {
		format = "json"
	}
	if !slices.Contains(interchange.RoundFormats, format) {
		return badParameter("format", "must be json or csv")
	}
	lang, err := langParam(c)
	if err != nil {
		return err
	}
	if err := s.chargeRead(c); err != nil {
		return err
	}
	res, _, rs, err := s.roundResults(c, c.Param("rid"), lang)
	if err != nil {
		return err
	}
	answers := res.ShownAnswers(rs)
	shuffle(answers)
	var buf bytes.Buffer
	if err := interchange.ExportRound(&buf, res, answers, format, table); err != nil {
		return asBadParameter(err)
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", interchange.RoundContentDisposition(res, format, table))
	h.Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, interchange.ContentType(format, table), buf.Bytes())
}

// shuffle puts the answers in an order drawn from crypto/rand, so that
// nothing in it follows the order or time of answering.
func shuffle(xs []graph.Response) {
	var seed [32]byte
	if _, err := cryptorand.Read(seed[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	rand.New(rand.NewChaCha8(seed)).Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
}
