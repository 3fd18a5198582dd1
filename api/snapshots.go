package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/relationskort/relationskort/graph"
)

// handleCreateSnapshot: POST /api/v1/maps/{id}/snapshots with
// {"label":"Opstart september"} freezes the map as it is.
func (s *server) handleCreateSnapshot(c echo.Context) error {
	body, err := readJSON(c)
	if err != nil {
		return err
	}
	label, err := graph.DecodeSnapshotRequest(body)
	if err != nil {
		return err
	}
	sn, err := s.st.CreateSnapshot(c.Request().Context(), c.Param("id"), label)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, mapURL(c.Param("id"))+"/snapshots/"+sn.ID)
	return c.JSON(http.StatusCreated, snapshot(*sn))
}

// handleListSnapshots: GET /api/v1/maps/{id}/snapshots, oldest first,
// without the documents.
func (s *server) handleListSnapshots(c echo.Context) error {
	list, err := s.st.ListSnapshots(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newSnapshotList(list))
}

// handleGetSnapshot: GET /api/v1/maps/{id}/snapshots/{sid}, with the map
// as it was.
func (s *server) handleGetSnapshot(c echo.Context) error {
	sn, err := s.st.GetSnapshot(c.Request().Context(), c.Param("id"), c.Param("sid"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	return c.JSON(http.StatusOK, snapshot(*sn))
}
