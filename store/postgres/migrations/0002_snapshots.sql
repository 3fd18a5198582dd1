-- Snapshots freeze a map as it was ("Opstart september"); they are
-- immutable and go with their map. The document is the map's JSON.
CREATE TABLE snapshots (
	map_id     text NOT NULL REFERENCES maps (id) ON DELETE CASCADE,
	id         text NOT NULL,
	label      text NOT NULL,
	version    bigint NOT NULL,
	document   jsonb NOT NULL,
	created_at timestamptz NOT NULL,
	PRIMARY KEY (map_id, id)
);
