-- Maps, their functions (nodes) and relations (edges); the same tables as
-- SQLite's 0001_maps.sql, in PostgreSQL's types. Uniqueness of names, pairs
-- and the centre is checked by graph.Validate inside the write transaction,
-- which holds the map's row lock; the schema keeps referential integrity and
-- value ranges.
CREATE TABLE maps (
	id              text PRIMARY KEY,
	title           text NOT NULL,
	task            text NOT NULL,
	description     text NOT NULL,
	version         bigint NOT NULL CHECK (version > 0),
	edit_token_hash bytea NOT NULL,
	view_token_hash bytea NOT NULL,
	created_at      timestamptz NOT NULL,
	updated_at      timestamptz NOT NULL
);

CREATE INDEX maps_updated_at ON maps (updated_at DESC, id);

CREATE TABLE functions (
	map_id text NOT NULL REFERENCES maps (id) ON DELETE CASCADE,
	id     text NOT NULL,
	pos    integer NOT NULL,
	name   text NOT NULL,
	grp    text NOT NULL,
	center boolean NOT NULL,
	x      double precision,
	y      double precision,
	note   text NOT NULL,
	PRIMARY KEY (map_id, id)
);

CREATE TABLE relations (
	map_id text NOT NULL,
	id     text NOT NULL,
	pos    integer NOT NULL,
	a      text NOT NULL,
	b      text NOT NULL,
	rating smallint CHECK (rating IN (1, 2, 3)),
	note   text NOT NULL,
	PRIMARY KEY (map_id, id),
	CHECK (a <> b),
	FOREIGN KEY (map_id, a) REFERENCES functions (map_id, id) ON DELETE CASCADE,
	FOREIGN KEY (map_id, b) REFERENCES functions (map_id, id) ON DELETE CASCADE
);

CREATE INDEX relations_a ON relations (map_id, a);
CREATE INDEX relations_b ON relations (map_id, b);
