-- The remembered automatic layout of a map, per layout and format (the
-- key): where its last drawing put each function, so that the next one
-- starts there. Not part of the map's document and not versioned with
-- it; a layout reset forgets them.
CREATE TABLE placements (
	map_id   text NOT NULL REFERENCES maps (id) ON DELETE CASCADE,
	key      text NOT NULL,
	version  bigint NOT NULL,
	scale    double precision NOT NULL,
	points   jsonb NOT NULL,
	saved_at timestamptz NOT NULL,
	PRIMARY KEY (map_id, key)
);
