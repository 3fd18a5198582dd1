-- Snapshots freeze a map as it was ("Opstart september"); they are
-- immutable and go with their map.
CREATE TABLE snapshots (
	map_id     TEXT NOT NULL REFERENCES maps (id) ON DELETE CASCADE,
	id         TEXT NOT NULL,
	label      TEXT NOT NULL,
	version    INTEGER NOT NULL,
	document   TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (map_id, id)
) STRICT, WITHOUT ROWID;
