// The two backends' migrations build the same schema: every table with
// the same columns in the same order, the same indexes by name. A
// migration written for one backend and forgotten for the other fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PG, thidua, sql, sqlite, newDatabase } from './helpers.mjs';

const skip = !PG && 'needs PostgreSQL: runs in the PostgreSQL pass of make test';

function columnsSqlite(path) {
  return sqlite(path, "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p"
    + " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid").split('\n');
}

function columnsPg(db) {
  return sql({ db }, "SELECT table_name || '.' || column_name FROM information_schema.columns"
    + " WHERE table_schema = 'public' ORDER BY table_name COLLATE \"C\", ordinal_position").split('\n');
}

function indexesSqlite(path) {
  return sqlite(path, "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .split('\n');
}

function indexesPg(db) {
  // primary keys and UNIQUE constraints are named by the backend; the named indexes are ours
  return sql({ db }, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
    + " AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key' ORDER BY indexname COLLATE \"C\"").split('\n');
}

test('SQLite and PostgreSQL migrations make the same tables, columns and indexes', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'thidua-schema-'));
  try {
    const path = join(dir, 's.db');
    assert.equal(thidua(['init', '--db', `sqlite:${path}`]).status, 0);
    const pg = newDatabase(dir);
    assert.equal(thidua(['init', '--db', pg]).status, 0);
    assert.deepEqual(columnsPg(pg), columnsSqlite(path));
    assert.deepEqual(indexesPg(pg), indexesSqlite(path));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
