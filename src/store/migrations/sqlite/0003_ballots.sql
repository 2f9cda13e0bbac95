-- thidua schema, version 3: secret ballots of cluster conferences and of
-- the authority's emulation council.
--
-- Secrecy is in the shape of the tables: ballot_votes holds the choices
-- under a random key, nothing else — no voter, no receipt, no time, no row
-- number (WITHOUT ROWID) — and every row of a ballot is the same size;
-- ballot_receipts holds the receipts' hashes, apart; ballot_voters says
-- who took part. Closing a ballot rewrites all three in key order, so the
-- file keeps no trace of the order of casting.

CREATE TABLE ballots (
  id              INTEGER PRIMARY KEY,
  authority_id    INTEGER NOT NULL REFERENCES orgs(id),
  cluster_id      INTEGER REFERENCES clusters(id),
  year            INTEGER NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('single', 'approve_each', 'choose_n')),
  question        TEXT NOT NULL,
  seats           INTEGER NOT NULL CHECK (seats >= 0),
  max_choices     INTEGER NOT NULL CHECK (max_choices >= 0),
  -- shares in parts per 10,000 (80 % = 8000)
  threshold       INTEGER NOT NULL CHECK (threshold BETWEEN 0 AND 10000),
  threshold_base  TEXT NOT NULL CHECK (threshold_base IN ('eligible', 'cast')),
  quorum          INTEGER NOT NULL CHECK (quorum BETWEEN 0 AND 10000),
  voter_kind      TEXT NOT NULL CHECK (voter_kind IN ('units', 'users')),
  status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
  created_by      INTEGER REFERENCES users(id),
  created_at      TEXT NOT NULL,
  opened_at       TEXT,
  closed_at       TEXT,
  -- paper ballots of a hybrid conference, entered as counts with the minutes
  paper_ballots   INTEGER CHECK (paper_ballots >= 0),
  paper_blank     INTEGER CHECK (paper_blank >= 0),
  paper_invalid   INTEGER CHECK (paper_invalid >= 0),
  paper_minutes   TEXT,
  paper_at        TEXT,
  CHECK ((paper_ballots IS NULL) = (paper_at IS NULL))
);
CREATE INDEX ballots_cluster_year ON ballots (cluster_id, year);
CREATE INDEX ballots_authority ON ballots (authority_id, year);

CREATE TABLE ballot_candidates (
  ballot_id    INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
  id           INTEGER NOT NULL CHECK (id >= 1),
  org_id       INTEGER REFERENCES orgs(id),
  person_id    INTEGER REFERENCES people(id),
  label        TEXT NOT NULL,
  priority     INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
  paper_votes  INTEGER NOT NULL DEFAULT 0 CHECK (paper_votes >= 0),
  -- place among the chair's casting votes at a tie (1, 2 …), NULL: none
  casting      INTEGER CHECK (casting >= 1),
  PRIMARY KEY (ballot_id, id),
  CHECK (org_id IS NULL OR person_id IS NULL)
) WITHOUT ROWID;

-- Who may vote, and whether they did: 'online' or 'paper', NULL not yet.
-- voter_id is an org (voter_kind 'units') or a user ('users').
CREATE TABLE ballot_voters (
  ballot_id  INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
  voter_id   INTEGER NOT NULL,
  voted      TEXT CHECK (voted IN ('online', 'paper')),
  PRIMARY KEY (ballot_id, voter_id)
) WITHOUT ROWID;

-- The ballots cast online: one mark per candidate ('1' chosen, '0' not).
CREATE TABLE ballot_votes (
  ballot_id  INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
  id         TEXT NOT NULL,
  choices    TEXT NOT NULL,
  PRIMARY KEY (ballot_id, id)
) WITHOUT ROWID;

-- The SHA-256 of each receipt handed out: proof of being counted, and of
-- nothing else.
CREATE TABLE ballot_receipts (
  ballot_id     INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
  receipt_hash  TEXT NOT NULL,
  PRIMARY KEY (ballot_id, receipt_hash)
) WITHOUT ROWID;
