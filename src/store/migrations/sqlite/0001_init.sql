-- thidua schema, version 1: organizations, people, accounts, clusters, audit.
-- Text keys (name_key, sort_key) are computed by the server (src/core/text.c)
-- so that every backend searches and sorts the same way.

CREATE TABLE orgs (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  short_name    TEXT,
  kind          TEXT NOT NULL CHECK (kind IN ('authority', 'unit')),
  parent_id     INTEGER REFERENCES orgs(id),
  province      TEXT,
  active_from   TEXT,
  active_until  TEXT,
  successor_id  INTEGER REFERENCES orgs(id),
  name_key      TEXT NOT NULL,
  sort_key      BLOB NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX orgs_sort ON orgs(sort_key, id);
CREATE INDEX orgs_successor ON orgs(successor_id);

CREATE TABLE people (
  id                    INTEGER PRIMARY KEY,
  full_name             TEXT NOT NULL,
  gender                TEXT NOT NULL CHECK (gender IN ('male', 'female')),
  birth_year            INTEGER,
  org_id                INTEGER NOT NULL REFERENCES orgs(id),
  position              TEXT,
  party_member          INTEGER NOT NULL DEFAULT 0 CHECK (party_member IN (0, 1)),
  party_admission_date  TEXT,
  name_key              TEXT NOT NULL,
  sort_key              BLOB NOT NULL,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
);
CREATE INDEX people_org_sort ON people(org_id, sort_key, id);
CREATE INDEX people_sort ON people(sort_key, id);

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE,
  password_hash  TEXT NOT NULL,
  org_id         INTEGER REFERENCES orgs(id),
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);

CREATE TABLE user_roles (
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role     TEXT NOT NULL CHECK (role IN ('admin', 'authority_officer',
           'council_member', 'leader_officer', 'unit_officer', 'delegate', 'viewer')),
  PRIMARY KEY (user_id, role)
);

-- Tokens are stored only as their BLAKE2b hash: a leaked table yields no
-- usable session or API token.
CREATE TABLE sessions (
  token_hash  BLOB PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  last_seen   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id          INTEGER PRIMARY KEY,
  token_hash  BLOB NOT NULL UNIQUE,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL,
  revoked     INTEGER NOT NULL DEFAULT 0
);

-- Failed logins per key ("user:NAME" or "ip:ADDR") in the current window;
-- kept in the database so several server processes share the count.
CREATE TABLE login_failures (
  key           TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL,
  window_start  INTEGER NOT NULL
);

CREATE TABLE clusters (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  authority_id  INTEGER NOT NULL REFERENCES orgs(id),
  name_key      TEXT NOT NULL,
  sort_key      BLOB NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX clusters_authority ON clusters(authority_id);

-- The order in which member units take turns leading the cluster.
CREATE TABLE cluster_rotation (
  cluster_id  INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  org_id      INTEGER NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (cluster_id, position),
  UNIQUE (cluster_id, org_id)
);

CREATE TABLE cluster_years (
  cluster_id  INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  year        INTEGER NOT NULL,
  leader_id   INTEGER NOT NULL REFERENCES orgs(id),
  status      TEXT NOT NULL DEFAULT 'planning' CHECK (status IN ('planning',
              'agreement_signed', 'in_progress', 'self_assessment',
              'cross_assessment', 'results_published', 'closed')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (cluster_id, year)
);

CREATE TABLE cluster_year_members (
  cluster_id  INTEGER NOT NULL,
  year        INTEGER NOT NULL,
  org_id      INTEGER NOT NULL REFERENCES orgs(id),
  is_deputy   INTEGER NOT NULL DEFAULT 0 CHECK (is_deputy IN (0, 1)),
  PRIMARY KEY (cluster_id, year, org_id),
  FOREIGN KEY (cluster_id, year) REFERENCES cluster_years(cluster_id, year) ON DELETE CASCADE
);
CREATE INDEX cluster_year_members_org ON cluster_year_members(org_id, year);

-- The audit trail is a hash chain: each row's hash covers the previous
-- row's hash and the row's own fields, and audit_head holds the last seq
-- and hash, so an edited, deleted or truncated row is detected.
CREATE TABLE audit_log (
  seq          INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  actor_id     INTEGER,
  actor_name   TEXT NOT NULL,
  action       TEXT NOT NULL,
  entity       TEXT NOT NULL,
  entity_id    TEXT NOT NULL,
  before_json  TEXT,
  after_json   TEXT,
  request_id   TEXT NOT NULL,
  prev_hash    BLOB NOT NULL,
  hash         BLOB NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);

CREATE TABLE audit_head (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq   INTEGER NOT NULL,
  last_hash  BLOB NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, X'');
