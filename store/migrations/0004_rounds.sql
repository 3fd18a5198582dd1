-- Rating rounds (issue 15): a round on a map, the participants who joined
-- it (anonymous: their function and the hash of their token) and their
-- answers, one row per participant, relation and question. An answer keeps
-- the ends it was given for (from_fn → to_fn), so that it counts only while
-- the relation joins those two functions. At most one open round a map;
-- the limits of rounds and participants are checked in the IMMEDIATE write
-- transaction.
CREATE TABLE rounds (
	id          TEXT PRIMARY KEY,
	map_id      TEXT NOT NULL REFERENCES maps (id) ON DELETE CASCADE,
	title       TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
	questions   TEXT NOT NULL, -- comma-separated: overall,samarbejde,…
	min_group   INTEGER NOT NULL CHECK (min_group BETWEEN 1 AND 10),
	join_hash   BLOB NOT NULL,
	snapshot_id TEXT,
	created_at  TEXT NOT NULL,
	closed_at   TEXT
) STRICT;

CREATE INDEX rounds_map ON rounds (map_id, created_at);
CREATE UNIQUE INDEX rounds_one_open ON rounds (map_id) WHERE status = 'open';

CREATE TABLE participants (
	round_id   TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
	id         TEXT NOT NULL,
	from_fn    TEXT NOT NULL,
	token_hash BLOB NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	PRIMARY KEY (round_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE responses (
	round_id       TEXT NOT NULL,
	participant_id TEXT NOT NULL,
	relation_id    TEXT NOT NULL,
	question       TEXT NOT NULL,
	from_fn        TEXT NOT NULL,
	to_fn          TEXT NOT NULL,
	rating         INTEGER CHECK (rating IN (1, 2, 3)), -- NULL: ved ikke
	updated_at     TEXT NOT NULL,
	PRIMARY KEY (round_id, participant_id, relation_id, question),
	FOREIGN KEY (round_id, participant_id) REFERENCES participants (round_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
