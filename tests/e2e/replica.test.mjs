// Read replicas (PostgreSQL): a primary and a streaming replica of its
// own, with replay paused on the replica so that which one answered shows.
// Reads go to the replica, writes to the primary; a caller that has
// written reads from the primary until the replica has caught up; a
// session ended on the primary is refused at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PG, startServer, as, bearer, newToken, loadDemo, thidua, sql, waitFor, assertError,
} from './helpers.mjs';

const CLUSTER = new URL('../pg/cluster.sh', import.meta.url).pathname;
const skip = !PG && 'needs PostgreSQL: runs in the PostgreSQL pass of make test';

let dir, primary, replica, server;

function cluster(...args) {
  const r = spawnSync('bash', [CLUSTER, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function database(base, name) {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'thidua-replica-'));
  chmodSync(dir, 0o755); // the servers run as the postgres user when the tests run as root
  const primaryBase = cluster('start', join(dir, 'primary'));
  sql({ db: primaryBase }, 'CREATE DATABASE thidua');
  primary = database(primaryBase, 'thidua');
  assert.equal(thidua(['init', '--db', primary]).status, 0);
  const logins = loadDemo(primary);
  replica = database(cluster('replica', join(dir, 'replica'), join(dir, 'primary')), 'thidua');
  await waitFor(() => sql({ db: replica }, 'SELECT COUNT(*) FROM users') === sql({ db: primary }, 'SELECT COUNT(*) FROM users'), 30000, 'the replica to catch up');
  server = await startServer({ reuse: { dir: join(dir, 'server'), db: primary, logins }, args: ['--db-replica', replica] });
});

after(async () => {
  if (skip) return;
  if (server) await server.stop();
  cluster('stop', join(dir, 'replica'));
  cluster('stop', join(dir, 'primary'));
  rmSync(dir, { recursive: true, force: true });
});

const pause = () => sql({ db: replica }, 'SELECT pg_wal_replay_pause()');
const resume = () => sql({ db: replica }, 'SELECT pg_wal_replay_resume()');

test('reads go to the replica, writes and reads of one\'s own writes to the primary', { skip }, async () => {
  const admin = await as(server, 'admin');
  const script = bearer(server, newToken(server, server.logins.admin.username));
  pause();
  try {
    // A write while the replica stands still: the primary takes it and says where its log is.
    const made = await admin.post('/api/v1/orgs', { name: 'Sở Bản Sao', kind: 'authority' });
    assert.equal(made.status, 201, made.text);
    const seen = made.headers.get('x-thidua-seen');
    assert.match(seen, /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/);
    const path = `/api/v1/orgs/${made.body.id}`;
    // The browser session carries the position in its cookie: it reads its write.
    assert.equal((await admin.get(path)).status, 200);
    // A script that does not say what it has seen reads the replica, which lacks the org …
    assertError(await script.get(path), 404);
    // … and one that does reads the primary.
    assert.equal((await script.get(path, { headers: { 'X-Thidua-Seen': seen } })).status, 200);
    // A position that is not one is ignored, not passed on.
    assertError(await script.get(path, { headers: { 'X-Thidua-Seen': "0/0'; SELECT 1" } }), 404);

    // A session ended on the primary is refused at once, whatever the replica still holds.
    const other = await as(server, 'admin');
    const copy = { cookie: other.cookie };
    assert.equal((await other.del('/api/v1/session')).status, 204);
    const stale = await fetch(server.url + '/api/v1/orgs?limit=1', { headers: { Cookie: copy.cookie } });
    assert.equal(stale.status, 401);
  } finally {
    resume();
  }
  // Once the replica has replayed the write, everyone reads it there.
  const path = '/api/v1/orgs?q=ban%20sao';
  await waitFor(async () => (await script.get(path)).body.total === 1, 30000, 'the replica to replay');
  assert.equal(sql({ db: replica }, "SELECT COUNT(*) FROM orgs WHERE name = 'Sở Bản Sao'"), '1');
});

test('--db-replica needs a PostgreSQL primary and replica', { skip }, () => {
  let r = thidua(['serve', '--db', `sqlite:${join(dir, 'x.db')}`, '--db-replica', replica, '--listen', '127.0.0.1:0']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /needs a PostgreSQL primary/);
  r = thidua(['serve', '--db', primary, '--db-replica', 'sqlite:x.db', '--listen', '127.0.0.1:0']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /postgresql:\/\/ URL/);
});
