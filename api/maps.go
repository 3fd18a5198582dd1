package api

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
)

// mapURL is the API path of a map.
func mapURL(id string) string { return "/api/v1/maps/" + id }

// handleCreateMap: POST /api/v1/maps with a (possibly partial) document.
// Answers 201 with the map and, beside it, the edit and view tokens, which
// are never shown again.
func (s *server) handleCreateMap(c echo.Context) error {
	body, err := readJSON(c)
	if err != nil {
		return err
	}
	m, err := graph.DecodeMapRequest(body)
	if err != nil {
		return err
	}
	return s.createMap(c, m)
}

// createMap stores a decoded document as a new map and writes the 201 reply
// (shared by create and import).
func (s *server) createMap(c echo.Context, m *graph.Map, warnings ...string) error {
	if err := m.PrepareStored(); err != nil {
		return err
	}
	edit, view, acc := newAccess()
	var err error
	for range 3 { // an id collision is astronomically unlikely; retry anyway
		m.ID = graph.NewMapID()
		if err = s.st.CreateMap(c.Request().Context(), m, acc); !errors.Is(err, graph.ErrConflict) {
			break
		}
	}
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderLocation, mapURL(m.ID))
	h.Set("ETag", etag(m.Version))
	h.Set("Cache-Control", "no-store")
	out := newCreatedMap(m, mapLinks(s.baseURL(c), m.ID, edit, view))
	out.Warnings = warnings
	return c.JSON(http.StatusCreated, out)
}

// baseURL is the scheme and host the links of a new map point at.
func (s *server) baseURL(c echo.Context) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	return c.Scheme() + "://" + c.Request().Host
}

// handleGetMap: GET /api/v1/maps/{id}.
func (s *server) handleGetMap(c echo.Context) error {
	m, err := s.st.GetMap(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, no-cache")
	if notModified(c, etag(m.Version)) {
		c.Response().Header().Set("ETag", etag(m.Version))
		return c.NoContent(http.StatusNotModified)
	}
	return writeJSON(c, http.StatusOK, m.Version, m)
}

// handleReplaceMap: PUT /api/v1/maps/{id} replaces the whole document.
func (s *server) handleReplaceMap(c echo.Context) error {
	body, err := readJSON(c)
	if err != nil {
		return err
	}
	doc, err := graph.DecodeMapRequest(body)
	if err != nil {
		return err
	}
	if err := doc.PrepareStored(); err != nil {
		return err
	}
	v, err := ifMatch(c)
	if err != nil {
		return err
	}
	m, err := s.st.Update(c.Request().Context(), c.Param("id"), v, func(m *graph.Map) error {
		m.Title, m.Task, m.Description = doc.Title, doc.Task, doc.Description
		m.Functions, m.Relations = doc.Functions, doc.Relations
		return nil
	})
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, m.Version, m)
}

// handlePatchMap: PATCH /api/v1/maps/{id} changes title, task, description.
func (s *server) handlePatchMap(c echo.Context) error {
	body, err := readJSON(c)
	if err != nil {
		return err
	}
	p, err := graph.DecodeMapPatch(body)
	if err != nil {
		return err
	}
	v, err := ifMatch(c)
	if err != nil {
		return err
	}
	m, err := s.st.Update(c.Request().Context(), c.Param("id"), v, p.Apply)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, m.Version, m)
}

// handleDeleteMap: DELETE /api/v1/maps/{id}, with its snapshots.
func (s *server) handleDeleteMap(c echo.Context) error {
	v, err := ifMatch(c)
	if err != nil {
		return err
	}
	if err := s.st.DeleteMap(c.Request().Context(), c.Param("id"), v); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// handleListMaps: GET /api/v1/maps, for the admin token only.
func (s *server) handleListMaps(c echo.Context) error {
	list, err := s.st.ListMaps(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newMapList(list))
}

// edit runs one in-memory edit of map :id under If-Match and answers with
// what reply returns, the new version as ETag.
func (s *server) edit(c echo.Context, status int, fn func(m *graph.Map) (any, error)) error {
	v, err := ifMatch(c)
	if err != nil {
		return err
	}
	var out any
	m, err := s.st.Update(c.Request().Context(), c.Param("id"), v, func(m *graph.Map) error {
		var err error
		out, err = fn(m)
		return err
	})
	if err != nil {
		return err
	}
	if out == nil {
		c.Response().Header().Set("ETag", etag(m.Version))
		return c.NoContent(http.StatusNoContent)
	}
	return writeJSON(c, status, m.Version, out)
}

// handleAddFunction: POST /api/v1/maps/{id}/functions.
func (s *server) handleAddFunction(c echo.Context) error {
	body, err := readJSON(c)
	if err != nil {
		return err
	}
	f, err := graph.DecodeFunction(body)
	if err != nil {
		return err
	}
	if f.ID != "" && !graph.ValidID(f.ID) {
		return graph.Invalid("id", "must be 1–64 characters of A–Z, a–z, 0–9, _ and -")
	}
	return s.edit(c, http.StatusCreated, func(m *graph.Map) (any, error) {
		added, err := m.AddFunction(*f)
		if err != nil {
			return nil, err
		}
		c.Response().Header().Set(echo.HeaderLocation, mapURL(m.ID)+"/functions/"+added.ID)
		return added, nil
	})
}

// handlePatchFunction: PATCH /api/v1/maps/{id}/functions/{fid}.
func (s *server) handlePatchFunction(c echo.Context) error {
	body, err := readJSON(c)
	if err != nil {
		return err
	}
	p, err := graph.DecodeFunctionPatch(body)
	if err != nil {
		return err
	}
	return s.edit(c, http.StatusOK, func(m *graph.Map) (any, error) {
		return m.UpdateFunction(c.Param("fid"), p)
	})
}

// handleDeleteFunction: DELETE /api/v1/maps/{id}/functions/{fid}, with the
// function's relations.
func (s *server) handleDeleteFunction(c echo.Context) error {
	return s.edit(c, http.StatusNoContent, func(m *graph.Map) (any, error) {
		return nil, m.DeleteFunction(c.Param("fid"))
	})
}

// handleAddRelation: POST /api/v1/maps/{id}/relations.
func (s *server) handleAddRelation(c echo.Context) error {
	body, err := readJSON(c)
	if err != nil {
		return err
	}
	r, err := graph.DecodeRelation(body)
	if err != nil {
		return err
	}
	if r.ID != "" && !graph.ValidID(r.ID) {
		return graph.Invalid("id", "must be 1–64 characters of A–Z, a–z, 0–9, _ and -")
	}
	return s.edit(c, http.StatusCreated, func(m *graph.Map) (any, error) {
		added, err := m.AddRelation(*r)
		if err != nil {
			return nil, err
		}
		c.Response().Header().Set(echo.HeaderLocation, mapURL(m.ID)+"/relations/"+added.ID)
		return added, nil
	})
}

// handlePatchRelation: PATCH /api/v1/maps/{id}/relations/{rid}.
func (s *server) handlePatchRelation(c echo.Context) error {
	body, err := readJSON(c)
	if err != nil {
		return err
	}
	p, err := graph.DecodeRelationPatch(body)
	if err != nil {
		return err
	}
	return s.edit(c, http.StatusOK, func(m *graph.Map) (any, error) {
		return m.UpdateRelation(c.Param("rid"), p)
	})
}

// handleDeleteRelation: DELETE /api/v1/maps/{id}/relations/{rid}.
func (s *server) handleDeleteRelation(c echo.Context) error {
	return s.edit(c, http.StatusNoContent, func(m *graph.Map) (any, error) {
		return nil, m.DeleteRelation(c.Param("rid"))
	})
}

// handleRotateTokens: POST /api/v1/maps/{id}/tokens makes new edit and view
// tokens; the old ones stop working at once, and the event streams opened
// with them end.
func (s *server) handleRotateTokens(c echo.Context) error {
	edit, view, acc := newAccess()
	id := c.Param("id")
	old, err := s.st.Access(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if err := s.st.SetAccess(c.Request().Context(), id, acc); err != nil {
		return err
	}
	// the store announces the rotation (store.Change.Revoked), on
	// PostgreSQL to every instance, and the hub ends the old streams
	s.rotated.add(time.Now(), old.EditHash, old.ViewHash)
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, mapLinks(s.baseURL(c), id, edit, view))
}

// handleLinks: GET /api/v1/maps/{id}/links, with the edit token, answers the
// map's edit and view links (the view token is derived from the edit token,
// see viewToken), so that a facilitator who opened an edit link can share
// the view link.
func (s *server) handleLinks(c echo.Context) error {
	tok, _ := requestToken(c)
	if c.Get(ctxLevel) != levelEdit {
		return &apiError{http.StatusForbidden, "forbidden", "the links are derived from the edit token: send it", nil}
	}
	view := viewToken(tok)
	acc, err := s.st.Access(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare(hashToken(view), acc.ViewHash) != 1 {
		return &apiError{http.StatusConflict, "conflict", "this map's view token cannot be derived; rotate the tokens to get new links", nil}
	}
	l := mapLinks(s.baseURL(c), c.Param("id"), tok, view)
	l.EditToken = "" // the caller has it; the reply shows only what it derived
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, l)
}
