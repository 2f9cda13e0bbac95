-- thidua schema, version 5: emulation movements and who registered for
-- them, exemplary models ("Dân vận khéo") with their reviews and ranked
-- compilations, indicator definitions and the yearly reports of values.

-- A movement is launched by an org for its units (every unit beneath it)
-- with a period and goals; units register to take part.
CREATE TABLE movements (
  id          INTEGER PRIMARY KEY,
  org_id      INTEGER NOT NULL REFERENCES orgs(id),
  name        TEXT NOT NULL,
  goals       TEXT,
  starts_on   TEXT NOT NULL,
  ends_on     TEXT NOT NULL,
  name_key    TEXT NOT NULL,
  sort_key    BLOB NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  CHECK (ends_on >= starts_on)
);
CREATE INDEX movements_org ON movements(org_id, starts_on);
CREATE INDEX movements_period ON movements(starts_on, id);

CREATE TABLE movement_registrations (
  movement_id    INTEGER NOT NULL REFERENCES movements(id) ON DELETE CASCADE,
  org_id         INTEGER NOT NULL REFERENCES orgs(id),
  commitment     TEXT,
  registered_at  TEXT NOT NULL,
  PRIMARY KEY (movement_id, org_id)
);
CREATE INDEX movement_registrations_org ON movement_registrations(org_id);

-- An exemplary model of an org, recognized in a year. A retired model
-- keeps its row: statistics count it as active from its year until its
-- retired_year, so active at year end = active at the start + new −
-- retired holds for every year by construction.
CREATE TABLE models (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL,
  org_id          INTEGER NOT NULL REFERENCES orgs(id),
  field           TEXT NOT NULL,
  year            INTEGER NOT NULL,
  description     TEXT,
  status          TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  retired_year    INTEGER,
  retired_on      TEXT,
  retired_reason  TEXT,
  name_key        TEXT NOT NULL,
  sort_key        BLOB NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  CHECK ((status = 'retired') = (retired_year IS NOT NULL)),
  CHECK (status = 'active' OR (retired_reason IS NOT NULL AND retired_year >= year)),
  CHECK (retired_on IS NULL OR status = 'retired')
);
CREATE INDEX models_org_year ON models(org_id, year);
CREATE INDEX models_sort ON models(sort_key, id);
CREATE INDEX models_retired ON models(org_id, retired_year) WHERE retired_year IS NOT NULL;

-- The periodic review of a model: keep it, strengthen it, or retire it
-- (which also retires the model). reviewed_by is the reviewing org.
CREATE TABLE model_reviews (
  id           INTEGER PRIMARY KEY,
  model_id     INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  year         INTEGER NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('keep', 'strengthen', 'retire')),
  note         TEXT,
  reviewed_by  INTEGER REFERENCES orgs(id),
  created_at   TEXT NOT NULL
);
CREATE INDEX model_reviews_model ON model_reviews(model_id, year);

-- A ranked selection of models (e.g. the 100 most typical of 2021–2025)
-- made by an org, with the reasons for the choice.
CREATE TABLE compilations (
  id          INTEGER PRIMARY KEY,
  org_id      INTEGER NOT NULL REFERENCES orgs(id),
  title       TEXT NOT NULL,
  from_year   INTEGER NOT NULL,
  to_year     INTEGER NOT NULL,
  rationale   TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  CHECK (to_year >= from_year)
);
CREATE INDEX compilations_org ON compilations(org_id, to_year);

CREATE TABLE compilation_items (
  compilation_id  INTEGER NOT NULL REFERENCES compilations(id) ON DELETE CASCADE,
  rank            INTEGER NOT NULL CHECK (rank >= 1),
  model_id        INTEGER NOT NULL REFERENCES models(id),
  note            TEXT,
  PRIMARY KEY (compilation_id, rank),
  UNIQUE (compilation_id, model_id)
);
CREATE INDEX compilation_items_model ON compilation_items(model_id);

-- What units report each year. aggregate says how values roll up:
-- sum (added over units), avg (mean over the units that reported), last
-- (a stock: each unit's latest value up to the year, added over units).
-- derived_from names a count the people registry also gives, which a
-- report must agree with where the registry holds the unit's people.
CREATE TABLE indicators (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  unit          TEXT NOT NULL,
  aggregate     TEXT NOT NULL CHECK (aggregate IN ('sum', 'avg', 'last')),
  derived_from  TEXT CHECK (derived_from IN ('party_admissions', 'party_members')),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

-- One report per unit and year; its values per indicator. Drafts never
-- count in statistics.
CREATE TABLE reports (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES orgs(id),
  year          INTEGER NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted')),
  submitted_at  TEXT,
  accepted_at   TEXT,
  accepted_by   INTEGER REFERENCES orgs(id),
  note          TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (org_id, year)
);
CREATE INDEX reports_year ON reports(year, status);

CREATE TABLE report_values (
  report_id     INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  indicator_id  INTEGER NOT NULL REFERENCES indicators(id),
  value         REAL NOT NULL,
  PRIMARY KEY (report_id, indicator_id)
);
CREATE INDEX report_values_indicator ON report_values(indicator_id);

-- Party admissions by org and date, for the registry-derived counts.
CREATE INDEX people_party_admission ON people(org_id, party_admission_date)
  WHERE party_admission_date IS NOT NULL;
