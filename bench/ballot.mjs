// Secret-ballot throughput on loopback: a council of VOTERS members casts
// one ballot each, CONCURRENCY at a time, against the same number of
// GET /health requests from the same client as the reference; then the
// close (reseal and log truncation) is timed. Prints rates and ratios.
// A ratio near 1 means the client, not the vote, is the limit: one Node
// process sends a few thousand requests a second at most, where wrk
// (bench/http.sh) gets tens of thousands of /health from the server.
// Bounded: VOTERS requests of each kind, and every request times out.
// Usage: node bench/ballot.mjs   (VOTERS=400 CONCURRENCY=16 by default)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VOTERS = Number(process.env.VOTERS || 400);
const CONCURRENCY = Number(process.env.CONCURRENCY || 16);
const BIN = new URL('../build/thidua', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'thidua-bench-ballot-'));
const db = `sqlite:${join(dir, 'b.db')}`;

function run(args, input) {
  const r = spawnSync(args[0], args.slice(1), { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

// Council members made straight in the database: the bench logs in with
// tokens only, so no password is ever checked (argon2 would take minutes).
function seedCouncil(authorityId) {
  let sql = 'BEGIN;';
  for (let i = 0; i < VOTERS; i++) {
    const name = `bench.hoidong${i}`;
    sql += `INSERT INTO users (username, password_hash, org_id, created_at, updated_at)
      VALUES ('${name}', '!', ${authorityId}, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
      INSERT INTO user_roles (user_id, role) VALUES (last_insert_rowid(), 'council_member');`;
  }
  run(['sqlite3', db.slice('sqlite:'.length)], `${sql}COMMIT;`);
  return Array.from({ length: VOTERS }, (_, i) => run([BIN, 'user', 'token', `bench.hoidong${i}`, '--db', db]));
}

async function request(url, method, token, body) {
  const res = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10000),
  });
  await res.arrayBuffer();
  return res.status;
}

// Run n jobs, CONCURRENCY at a time; seconds taken and the statuses seen.
async function timed(n, job) {
  const statuses = {};
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < n) {
      const s = await job(next++);
      statuses[s] = (statuses[s] || 0) + 1;
    }
  }));
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, statuses };
}

let server;
try {
  run([BIN, 'init', '--db', db]);
  run([BIN, 'demo', '--db', db]);
  const authorityId = Number(run(['sqlite3', db.slice('sqlite:'.length),
    "SELECT id FROM orgs WHERE name = 'Ban Tổ chức Trung ương'"]));
  const tokens = seedCouncil(authorityId);
  const officer = run([BIN, 'user', 'token', 'btctw.thidua', '--db', db]);
  server = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start')), 10000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  const api = `${base}/api/v1`;
  const made = await fetch(`${api}/ballots`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${officer}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      kind: 'approve_each', question: 'Bench', year: 2026, authority_id: authorityId,
      threshold: 0.8, candidates: [{ label: 'A' }, { label: 'B' }, { label: 'C' }],
    }),
  }).then((r) => r.json());
  if (!made.id) throw new Error(`ballot not made: ${JSON.stringify(made)}`);
  await request(`${api}/ballots/${made.id}/open`, 'POST', officer, {});

  const health = await timed(VOTERS, () => request(`${base}/health`, 'GET', officer));
  const votes = await timed(VOTERS, (i) => request(`${api}/ballots/${made.id}/votes`, 'POST', tokens[i],
    { choices: [[1], [1, 2], [], [3]][i % 4] }));
  const close = await timed(1, () => request(`${api}/ballots/${made.id}/close`, 'POST', officer, {}));
  const result = await fetch(`${api}/ballots/${made.id}/result`, { headers: { Authorization: `Bearer ${officer}` } })
    .then((r) => r.json());
  if (votes.statuses[201] !== VOTERS || result.ballots.length !== VOTERS) {
    throw new Error(`votes lost: ${JSON.stringify(votes.statuses)}, ${result.ballots.length} published`);
  }
  const rate = (r) => VOTERS / r.seconds;
  console.log(`${VOTERS} voters, ${CONCURRENCY} at a time`);
  console.log(`${'what'.padEnd(40)} ${'per s'.padStart(10)} ${'ratio'.padStart(7)}`);
  console.log(`${'GET /health (reference)'.padEnd(40)} ${rate(health).toFixed(0).padStart(10)} ${'1.00'.padStart(7)}`);
  console.log(`${'POST /ballots/{id}/votes'.padEnd(40)} ${rate(votes).toFixed(0).padStart(10)} ${(rate(votes) / rate(health)).toFixed(2).padStart(7)}`);
  console.log(`close (reseal ${VOTERS} votes, truncate the log): ${(close.seconds * 1000).toFixed(0)} ms`);
  console.log('(a ratio near 1: this client is the limit; see bench/http.sh for the server with wrk)');
} finally {
  if (server) server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
