package api

import (
	"time"

	"github.com/relationskort/relationskort/graph"
)

// The JSON bodies the API answers with, beside graph.Map (the document) and
// the analysis types of graph. Each has the shape openapi.json gives it.

// mapFields is a map document's fields without graph.Map's MarshalJSON, so
// that a response can add fields beside them.
type mapFields graph.Map

// createdMap is the 201 reply to creating or importing a map: the map and,
// beside it, its links, which are never shown again, and for an import the
// warnings of interchange.ImportWithWarnings (absent when there are none).
type createdMap struct {
	mapFields
	links
	Warnings []string `json:"warnings,omitempty"`
}

// links are a map's secrets and the page addresses that carry them.
type links struct {
	EditToken string `json:"edit_token,omitempty"`
	ViewToken string `json:"view_token"`
	EditURL   string `json:"edit_url"`
	ViewURL   string `json:"view_url"`
}

// mapLinks makes the links of map id under base; edit may be empty when
// only the view token is to be shown.
func mapLinks(base, id, edit, view string) links {
	return links{
		EditToken: edit, ViewToken: view,
		EditURL: base + "/m/" + id + "#edit=" + edit,
		ViewURL: base + "/m/" + id + "#view=" + view,
	}
}

func newCreatedMap(m *graph.Map, l links) createdMap {
	out := createdMap{mapFields: mapFields(*m), links: l}
	if out.Functions == nil {
		out.Functions = []graph.Function{}
	}
	if out.Relations == nil {
		out.Relations = []graph.Relation{}
	}
	return out
}

// mapSummary is one line of GET /api/v1/maps.
type mapSummary struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Task      string    `json:"task"`
	Version   int64     `json:"version"`
	Functions int       `json:"functions"`
	Relations int       `json:"relations"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

type mapList struct {
	Maps []mapSummary `json:"maps"`
}

func newMapList(list []graph.MapSummary) mapList {
	out := mapList{Maps: make([]mapSummary, len(list))}
	for i, ms := range list {
		out.Maps[i] = mapSummary(ms)
	}
	return out
}

// snapshot is a snapshot as the API shows it; Map is left out of listings.
type snapshot struct {
	ID        string     `json:"id"`
	MapID     string     `json:"map_id"`
	Label     string     `json:"label"`
	Version   int64      `json:"version"`
	CreatedAt time.Time  `json:"created_at"`
	Map       *graph.Map `json:"map,omitempty"`
}

type snapshotList struct {
	Snapshots []snapshot `json:"snapshots"`
}

func newSnapshotList(list []graph.Snapshot) snapshotList {
	out := snapshotList{Snapshots: make([]snapshot, len(list))}
	for i, sn := range list {
		out.Snapshots[i] = snapshot(sn)
	}
	return out
}

// health is the body of /healthz.
type health struct {
	Status string `json:"status"`
}
