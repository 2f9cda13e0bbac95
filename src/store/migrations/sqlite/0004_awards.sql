-- thidua schema, version 4: the law as rule sets, the evidence eligibility
-- is judged on (ratings, initiatives, holds), award proposals, the
-- authority's decisions and the award history.

-- A rule set is one legal regime with its effective period. Its body is
-- the JSON document the server validates (src/domain/rules.c); the period
-- is copied out so that the set in force on a date is found by index.
CREATE TABLE rule_sets (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE,
  effective_from   TEXT NOT NULL,
  effective_until  TEXT,
  body             TEXT NOT NULL,
  revision         INTEGER NOT NULL DEFAULT 1,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  CHECK (effective_until IS NULL OR effective_until >= effective_from)
);
CREATE INDEX rule_sets_period ON rule_sets(effective_from);

-- Yearly task ratings of a person (by its unit) or of an org (by its
-- superior): excellent, good, completed, not completed.
CREATE TABLE ratings (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER REFERENCES people(id) ON DELETE CASCADE,
  org_id      INTEGER REFERENCES orgs(id) ON DELETE CASCADE,
  year        INTEGER NOT NULL,
  rating      TEXT NOT NULL CHECK (rating IN ('excellent', 'good', 'completed',
              'not_completed')),
  updated_at  TEXT NOT NULL,
  CHECK ((person_id IS NULL) <> (org_id IS NULL))
);
CREATE UNIQUE INDEX ratings_person ON ratings(person_id, year) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX ratings_org ON ratings(org_id, year) WHERE org_id IS NOT NULL;

-- Initiatives and research topics a person authored, with the level at
-- which they were recognized. One backs one award only: used_by names the
-- proposal it backs, and nothing else may use it while that stands.
CREATE TABLE initiatives (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  title       TEXT NOT NULL,
  level       TEXT NOT NULL CHECK (level IN ('grassroots', 'ministry_province',
              'national')),
  year        INTEGER NOT NULL,
  used_by     INTEGER REFERENCES proposals(id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX initiatives_person ON initiatives(person_id, year);
CREATE INDEX initiatives_used_by ON initiatives(used_by) WHERE used_by IS NOT NULL;

-- Discipline, inspection or complaint under way: awards are frozen while
-- one is open on the day of judging. recorded_by is the org whose officer
-- opened it (NULL: an admin): only it, or an org above it, may end it, so
-- a unit cannot lift the freeze its superior put on its own nominee.
CREATE TABLE holds (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER REFERENCES people(id) ON DELETE CASCADE,
  org_id      INTEGER REFERENCES orgs(id) ON DELETE CASCADE,
  recorded_by INTEGER REFERENCES orgs(id),
  kind        TEXT NOT NULL CHECK (kind IN ('discipline', 'inspection', 'complaint')),
  started_on  TEXT NOT NULL,
  ended_on    TEXT,
  note        TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  CHECK ((person_id IS NULL) <> (org_id IS NULL)),
  CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX holds_person ON holds(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX holds_org ON holds(org_id) WHERE org_id IS NOT NULL;

CREATE TABLE decisions (
  id            INTEGER PRIMARY KEY,
  authority_id  INTEGER NOT NULL REFERENCES orgs(id),
  number        TEXT NOT NULL,
  date          TEXT NOT NULL,
  signer        TEXT NOT NULL,
  created_by    INTEGER REFERENCES users(id),
  created_at    TEXT NOT NULL,
  UNIQUE (authority_id, number)
);
CREATE INDEX decisions_date ON decisions(authority_id, date);

-- A proposal is judged by the rule set in force for its year (rule_set_id,
-- fixed when it is made). ballot_result keeps the cluster ballot's figures
-- for the nominee as they were when the proposal was made.
CREATE TABLE proposals (
  id                 INTEGER PRIMARY KEY,
  award_type         TEXT NOT NULL,
  rule_set_id        INTEGER NOT NULL REFERENCES rule_sets(id),
  nominee_person_id  INTEGER REFERENCES people(id),
  nominee_org_id     INTEGER REFERENCES orgs(id),
  proposer_org_id    INTEGER NOT NULL REFERENCES orgs(id),
  authority_id       INTEGER NOT NULL REFERENCES orgs(id),
  cluster_id         INTEGER REFERENCES clusters(id),
  year               INTEGER NOT NULL,
  ballot_id          INTEGER REFERENCES ballots(id),
  ballot_result      TEXT,
  council_ballot_id  INTEGER REFERENCES ballots(id),
  grounds            TEXT NOT NULL,
  status             TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted',
                     'under_review', 'approved', 'returned', 'rejected')),
  review_note        TEXT,
  decision_id        INTEGER REFERENCES decisions(id),
  created_by         INTEGER REFERENCES users(id),
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  CHECK ((nominee_person_id IS NULL) <> (nominee_org_id IS NULL)),
  CHECK (decision_id IS NULL OR status = 'approved')
);
CREATE INDEX proposals_authority ON proposals(authority_id, year, status);
CREATE INDEX proposals_proposer ON proposals(proposer_org_id, year);
CREATE INDEX proposals_cluster ON proposals(cluster_id, year, award_type)
  WHERE cluster_id IS NOT NULL;
CREATE INDEX proposals_council_ballot ON proposals(council_ballot_id)
  WHERE council_ballot_id IS NOT NULL;
CREATE INDEX proposals_decision ON proposals(decision_id) WHERE decision_id IS NOT NULL;
-- A nominee has one live proposal per award type and year.
CREATE UNIQUE INDEX proposals_person_once ON proposals(nominee_person_id, award_type, year)
  WHERE nominee_person_id IS NOT NULL AND status <> 'rejected';
CREATE UNIQUE INDEX proposals_org_once ON proposals(nominee_org_id, award_type, year)
  WHERE nominee_org_id IS NOT NULL AND status <> 'rejected';

-- The award history. An award comes from a decision made here, or is
-- recorded from before go-live with the reference of its paper decision.
-- authority_id and cluster_id are what quotas count by.
CREATE TABLE awards (
  id            INTEGER PRIMARY KEY,
  award_type    TEXT NOT NULL,
  person_id     INTEGER REFERENCES people(id),
  org_id        INTEGER REFERENCES orgs(id),
  year          INTEGER NOT NULL,
  decision_id   INTEGER REFERENCES decisions(id),
  decision_ref  TEXT,
  proposal_id   INTEGER UNIQUE REFERENCES proposals(id),
  authority_id  INTEGER REFERENCES orgs(id),
  cluster_id    INTEGER REFERENCES clusters(id),
  created_at    TEXT NOT NULL,
  CHECK ((person_id IS NULL) <> (org_id IS NULL)),
  CHECK (decision_id IS NOT NULL OR decision_ref IS NOT NULL)
);
CREATE UNIQUE INDEX awards_person ON awards(person_id, year, award_type)
  WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX awards_org ON awards(org_id, year, award_type) WHERE org_id IS NOT NULL;
CREATE INDEX awards_year ON awards(year, award_type);
CREATE INDEX awards_cluster ON awards(cluster_id, year, award_type) WHERE cluster_id IS NOT NULL;
CREATE INDEX awards_authority ON awards(authority_id, year, award_type)
  WHERE authority_id IS NOT NULL;
CREATE INDEX awards_decision ON awards(decision_id) WHERE decision_id IS NOT NULL;
