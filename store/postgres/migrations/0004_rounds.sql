-- Rating rounds (issue 15); the same tables as SQLite's 0003_rounds.sql, in
-- PostgreSQL's types. Joins lock the round's row (FOR UPDATE) so that the
-- participant limit holds across instances; answers take it FOR SHARE, so
-- that they run side by side and a close (FOR UPDATE) waits for those in
-- progress and counts every one acknowledged.
CREATE TABLE rounds (
	id          text PRIMARY KEY,
	map_id      text NOT NULL REFERENCES maps (id) ON DELETE CASCADE,
	title       text NOT NULL,
	status      text NOT NULL CHECK (status IN ('open', 'closed')),
	questions   text[] NOT NULL,
	min_group   integer NOT NULL CHECK (min_group BETWEEN 1 AND 10),
	join_hash   bytea NOT NULL,
	snapshot_id text,
	created_at  timestamptz NOT NULL,
	closed_at   timestamptz
);

CREATE INDEX rounds_map ON rounds (map_id, created_at);
CREATE UNIQUE INDEX rounds_one_open ON rounds (map_id) WHERE status = 'open';

CREATE TABLE participants (
	round_id   text NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
	id         text NOT NULL,
	from_fn    text NOT NULL,
	token_hash bytea NOT NULL UNIQUE,
	created_at timestamptz NOT NULL,
	PRIMARY KEY (round_id, id)
);

CREATE TABLE responses (
	round_id       text NOT NULL,
	participant_id text NOT NULL,
	relation_id    text NOT NULL,
	question       text NOT NULL,
	from_fn        text NOT NULL,
	to_fn          text NOT NULL,
	rating         smallint CHECK (rating IN (1, 2, 3)), -- NULL: ved ikke
	updated_at     timestamptz NOT NULL,
	PRIMARY KEY (round_id, participant_id, relation_id, question),
	FOREIGN KEY (round_id, participant_id) REFERENCES participants (round_id, id) ON DELETE CASCADE
);
