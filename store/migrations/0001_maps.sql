-- Maps, their functions (nodes) and relations (edges). Uniqueness of names,
-- pairs and the centre is checked by graph.Validate inside the same IMMEDIATE
-- write transaction; the schema keeps referential integrity and value ranges.
CREATE TABLE maps (
	id              TEXT PRIMARY KEY,
	title           TEXT NOT NULL,
	task            TEXT NOT NULL,
	description     TEXT NOT NULL,
	version         INTEGER NOT NULL CHECK (version > 0),
	edit_token_hash BLOB NOT NULL,
	view_token_hash BLOB NOT NULL,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE functions (
	map_id TEXT NOT NULL REFERENCES maps (id) ON DELETE CASCADE,
	id     TEXT NOT NULL,
	pos    INTEGER NOT NULL,
	name   TEXT NOT NULL,
	grp    TEXT NOT NULL,
	center INTEGER NOT NULL CHECK (center IN (0, 1)),
	x      REAL,
	y      REAL,
	note   TEXT NOT NULL,
	PRIMARY KEY (map_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE relations (
	map_id TEXT NOT NULL,
	id     TEXT NOT NULL,
	pos    INTEGER NOT NULL,
	a      TEXT NOT NULL,
	b      TEXT NOT NULL,
	rating INTEGER CHECK (rating IN (1, 2, 3)),
	note   TEXT NOT NULL,
	PRIMARY KEY (map_id, id),
	CHECK (a <> b),
	FOREIGN KEY (map_id, a) REFERENCES functions (map_id, id) ON DELETE CASCADE,
	FOREIGN KEY (map_id, b) REFERENCES functions (map_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX relations_a ON relations (map_id, a);
CREATE INDEX relations_b ON relations (map_id, b);
