-- thidua schema, version 2: the cluster year's work: agreement and
-- signatures, the versioned scoring table, score sheets with the leader's
-- review, and the published ranking.

ALTER TABLE cluster_years ADD COLUMN final_rule TEXT NOT NULL DEFAULT 'cross_mean'
  CHECK (final_rule IN ('cross_mean', 'cross_trimmed_mean', 'reviewed_self'));
-- tie-break keys in order, comma separated ("penalty,groups"); see domain/scoring.h
ALTER TABLE cluster_years ADD COLUMN tie_break TEXT NOT NULL DEFAULT 'penalty,groups';
ALTER TABLE cluster_years ADD COLUMN criteria_version BIGINT NOT NULL DEFAULT 0;
-- last day (Vietnam time) of the scoring phase that is open, or NULL
ALTER TABLE cluster_years ADD COLUMN deadline TEXT;
ALTER TABLE cluster_years ADD COLUMN published_at TEXT;

-- The emulation agreement (giao ước thi đua). Its revision grows with
-- every change, and a signature names the revision it signed.
CREATE TABLE agreements (
  cluster_id  BIGINT NOT NULL,
  year        BIGINT NOT NULL,
  text        TEXT NOT NULL,
  revision    BIGINT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (cluster_id, year),
  FOREIGN KEY (cluster_id, year) REFERENCES cluster_years(cluster_id, year) ON DELETE CASCADE
);

CREATE TABLE agreement_targets (
  cluster_id  BIGINT NOT NULL,
  year        BIGINT NOT NULL,
  position    BIGINT NOT NULL,
  code        TEXT NOT NULL,
  name        TEXT NOT NULL,
  value       DOUBLE PRECISION,
  unit        TEXT,
  PRIMARY KEY (cluster_id, year, position),
  UNIQUE (cluster_id, year, code),
  FOREIGN KEY (cluster_id, year) REFERENCES agreements(cluster_id, year) ON DELETE CASCADE
);

CREATE TABLE agreement_signatures (
  cluster_id  BIGINT NOT NULL,
  year        BIGINT NOT NULL,
  org_id      BIGINT NOT NULL REFERENCES orgs(id),
  revision    BIGINT NOT NULL,
  signed_at   TEXT NOT NULL,
  signed_by   BIGINT REFERENCES users(id),
  PRIMARY KEY (cluster_id, year, org_id),
  FOREIGN KEY (cluster_id, year, org_id)
    REFERENCES cluster_year_members(cluster_id, year, org_id) ON DELETE CASCADE
);

-- Every version of a year's scoring table is kept; the year points at
-- the one in force (cluster_years.criteria_version).
CREATE TABLE criteria_versions (
  cluster_id  BIGINT NOT NULL,
  year        BIGINT NOT NULL,
  version     BIGINT NOT NULL,
  created_at  TEXT NOT NULL,
  created_by  BIGINT REFERENCES users(id),
  PRIMARY KEY (cluster_id, year, version),
  FOREIGN KEY (cluster_id, year) REFERENCES cluster_years(cluster_id, year) ON DELETE CASCADE
);

CREATE TABLE criteria (
  cluster_id      BIGINT NOT NULL,
  year            BIGINT NOT NULL,
  version         BIGINT NOT NULL,
  position        BIGINT NOT NULL,
  code            TEXT NOT NULL,
  parent_code     TEXT,
  name            TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('group', 'points', 'quantitative',
                  'pass_fail', 'per_occurrence', 'bonus', 'penalty')),
  max_points      DOUBLE PRECISION NOT NULL,
  target          DOUBLE PRECISION,
  per_occurrence  DOUBLE PRECISION,
  PRIMARY KEY (cluster_id, year, version, position),
  UNIQUE (cluster_id, year, version, code),
  FOREIGN KEY (cluster_id, year, version)
    REFERENCES criteria_versions(cluster_id, year, version) ON DELETE CASCADE
);

-- One entry of a score sheet: scoring unit = scored unit is a self score.
-- The table cannot change once scoring opens, so criterion names a code of
-- the version in force. The leader's review keeps the entry as entered
-- and records the adjusted value beside it with its reason.
CREATE TABLE scores (
  cluster_id      BIGINT NOT NULL,
  year            BIGINT NOT NULL,
  scored_org_id   BIGINT NOT NULL,
  scoring_org_id  BIGINT NOT NULL,
  criterion       TEXT NOT NULL,
  value           DOUBLE PRECISION NOT NULL CHECK (value >= 0),
  note            TEXT,
  evidence        TEXT,
  entered_at      TEXT,
  entered_by      BIGINT REFERENCES users(id),
  adjusted_value  DOUBLE PRECISION CHECK (adjusted_value >= 0),
  adjust_reason   TEXT,
  adjusted_at     TEXT,
  adjusted_by     BIGINT REFERENCES users(id),
  PRIMARY KEY (cluster_id, year, scored_org_id, scoring_org_id, criterion),
  FOREIGN KEY (cluster_id, year, scored_org_id)
    REFERENCES cluster_year_members(cluster_id, year, org_id) ON DELETE CASCADE,
  FOREIGN KEY (cluster_id, year, scoring_org_id)
    REFERENCES cluster_year_members(cluster_id, year, org_id) ON DELETE CASCADE
);
CREATE INDEX scores_scoring ON scores(cluster_id, year, scoring_org_id);

-- The ranking as published: frozen, so later reads need no recomputation.
CREATE TABLE rankings (
  cluster_id  BIGINT NOT NULL,
  year        BIGINT NOT NULL,
  org_id      BIGINT NOT NULL REFERENCES orgs(id),
  rank        BIGINT NOT NULL CHECK (rank >= 1),
  total       DOUBLE PRECISION NOT NULL,
  base        DOUBLE PRECISION NOT NULL,
  bonus       DOUBLE PRECISION NOT NULL,
  penalty     DOUBLE PRECISION NOT NULL,
  tie_key     TEXT CHECK (tie_key IN ('penalty', 'base', 'groups')),
  tied        BIGINT NOT NULL DEFAULT 0 CHECK (tied IN (0, 1)),
  PRIMARY KEY (cluster_id, year, org_id),
  FOREIGN KEY (cluster_id, year) REFERENCES cluster_years(cluster_id, year) ON DELETE CASCADE
);

-- Each ranked unit's result for every item of the table (groups included).
CREATE TABLE ranking_points (
  cluster_id  BIGINT NOT NULL,
  year        BIGINT NOT NULL,
  org_id      BIGINT NOT NULL,
  criterion   TEXT NOT NULL,
  points      DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (cluster_id, year, org_id, criterion),
  FOREIGN KEY (cluster_id, year, org_id) REFERENCES rankings(cluster_id, year, org_id)
    ON DELETE CASCADE
);
