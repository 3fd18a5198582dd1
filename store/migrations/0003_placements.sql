-- The remembered automatic layout of a map, per layout and format (the
-- key): where its last drawing put each function, so that the next one
-- starts there. Not part of the map's document and not versioned with
-- it; a layout reset forgets them.
CREATE TABLE placements (
	map_id   TEXT NOT NULL REFERENCES maps (id) ON DELETE CASCADE,
	key      TEXT NOT NULL,
	version  INTEGER NOT NULL,
	scale    REAL NOT NULL,
	points   TEXT NOT NULL,
	saved_at TEXT NOT NULL,
	PRIMARY KEY (map_id, key)
) STRICT, WITHOUT ROWID;
