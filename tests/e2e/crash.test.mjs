// Crash durability (issue 11): clients write concurrently (people made
// and changed, votes cast in an open ballot) while the server is killed
// with SIGKILL at a random moment, again and again, each time restarted on
// the same database. After every restart each write the server
// acknowledged is there, whole; a write that was not acknowledged is
// there whole or not at all; the audit chain verifies and the database is
// consistent. THIDUA_CRASH_CYCLES sets the number of kills (make soak).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, session, demoIds, newToken, bearer, thidua, sql, PG } from './helpers.mjs';

const CYCLES = Number(process.env.THIDUA_CRASH_CYCLES || 5);
const UNITS = 6; // the voters of each cycle's ballot
const WRITERS = 3; // clients making and changing people at once
const WINDOW_MS = [150, 1200]; // when, after the load starts, the kill comes
const MAX_WRITES = 400; // per writer per cycle: the loops end even if the kill never lands
const YEAR = 2026;
const NAME = 'Người Chịu Tải';

let server;
after(async () => { if (server) await server.stop(); });

async function made(r, status = 201) {
  const a = await r;
  assert.equal(a.status, status, a.text);
  return a.body;
}

// A cluster of UNITS new units, each with a unit officer's API token (the
// tokens are stored, so they outlive every restart), and an admin token.
async function setUp(s) {
  const admin = await session(s, 'admin');
  const ids = await demoIds(s, admin);
  const units = [];
  const voters = [];
  for (let i = 0; i < UNITS; i++) {
    const org = await made(admin.post('/api/v1/orgs',
      { name: `Đơn vị chịu tải ${i + 1}`, kind: 'unit', parent_id: ids.btctw }));
    units.push(org.id);
    const username = `crash.unit${i + 1}`;
    await made(admin.post('/api/v1/users',
      { username, password: 'mật-khẩu-đủ-dài-1', roles: ['unit_officer'], org_id: org.id }));
    voters.push({ org: org.id, username });
  }
  const cluster = await made(admin.post('/api/v1/clusters',
    { name: 'Cụm thi đua chịu tải', authority_id: ids.btctw, rotation: units }));
  await made(admin.put(`/api/v1/clusters/${cluster.id}/years/${YEAR}`,
    { members: units, leader_id: units[0], deputy_ids: [units[1]] }));
  const adminToken = newToken(s, s.logins.admin.username);
  for (const v of voters) v.token = newToken(s, v.username);
  return { cluster, units, voters, adminToken, btctw: ids.btctw };
}

// What the clients were told, across every cycle.
const people = new Map(); // id → {org_id, birth_year, position (acknowledged), tried (sent, unanswered)}
const ballots = []; // {id, voted: Map org → receipt_hash}

// One writer: make a person, then give it a position; each step recorded
// only once acknowledged. Ends at the first failed request (the kill).
async function writer(s, F, w, cycle) {
  const c = bearer(s, F.adminToken);
  for (let i = 0; i < MAX_WRITES; i++) {
    const birth_year = 1960 + ((cycle * 7 + w * 3 + i) % 40);
    let r;
    try {
      r = await c.post('/api/v1/people',
        { full_name: `${NAME} ${cycle}.${w}.${i}`, gender: i % 2 ? 'female' : 'male', org_id: F.units[w], birth_year });
    } catch { return; }
    assert.equal(r.status, 201, r.text);
    const p = { org_id: F.units[w], birth_year, position: null, tried: null };
    people.set(r.body.id, p);
    p.tried = `Chuyên viên ${cycle}.${w}.${i}`;
    try {
      r = await c.patch(`/api/v1/people/${r.body.id}`, { position: p.tried });
    } catch { return; }
    assert.equal(r.status, 200, r.text);
    p.position = p.tried;
    p.tried = null;
  }
}

// One unit's vote, after a random pause inside the window.
async function voter(s, v, ballot) {
  await new Promise((res) => setTimeout(res, Math.random() * WINDOW_MS[1]));
  if (s.proc.signalCode) return;
  let r;
  try {
    r = await bearer(s, v.token).post(`/api/v1/ballots/${ballot.id}/votes`, { choices: [1] });
  } catch { return; }
  assert.equal(r.status, 201, r.text);
  ballot.voted.set(v.org, r.body.receipt_hash);
}

// A ballot of the cluster year, open (acknowledged before the load starts).
async function openBallot(s, F, cycle) {
  const leader = bearer(s, F.voters[0].token);
  const b = await made(leader.post('/api/v1/ballots', {
    kind: 'single', question: `Biểu quyết chịu tải ${cycle}`, threshold: 0, cluster_id: F.cluster.id,
    year: YEAR, candidates: [{ org_id: F.units[0] }, { org_id: F.units[1] }],
  }));
  await made(leader.post(`/api/v1/ballots/${b.id}/open`, {}), 200);
  const ballot = { id: b.id, voted: new Map() };
  ballots.push(ballot);
  return ballot;
}

const rows = (s, q) => sql(s, q).split('\n').filter(Boolean).map((l) => l.split('|'));
const count = (s, q) => Number(sql(s, q));

function checkPeople(s) {
  const stored = new Map(rows(s,
    `SELECT id, org_id, birth_year, COALESCE(position, '') FROM people WHERE full_name LIKE '${NAME} %'`)
    .map(([id, org, year, position]) => [Number(id), { org: Number(org), year: Number(year), position }]));
  for (const [id, p] of people) {
    const got = stored.get(id);
    assert.ok(got, `acknowledged person ${id} is missing`);
    assert.equal(got.org, p.org_id, `person ${id}: org`);
    assert.equal(got.year, p.birth_year, `person ${id}: birth year`);
    // The acknowledged position, or the one sent when the kill came.
    assert.ok([p.position ?? '', p.tried].includes(got.position), `person ${id}: position ${got.position}`);
  }
  // Nothing half-applied: every stored person (acknowledged or not) came
  // with its audit record, and so did every change of position.
  const unaudited = (action, also = '') => count(s, `SELECT count(*) FROM people p
    WHERE full_name LIKE '${NAME} %' ${also} AND NOT EXISTS (SELECT 1 FROM audit_log a
    WHERE a.entity = 'person' AND a.entity_id = CAST(p.id AS TEXT) AND a.action = '${action}')`);
  assert.equal(unaudited('create'), 0, 'a person stored without its audit record');
  assert.equal(unaudited('update', 'AND position IS NOT NULL'), 0, 'a position stored without its audit record');
}

// Each ballot's voters marked voted, receipts and stored ballots, in one query.
function stored(s) {
  const ids = ballots.map((b) => b.id).join(',');
  const by = new Map(ballots.map((b) => [b.id, { voted: new Set(), receipts: new Set(), votes: 0 }]));
  for (const [kind, id, value] of rows(s, `
    SELECT 'v', ballot_id, CAST(voter_id AS TEXT) FROM ballot_voters WHERE ballot_id IN (${ids}) AND voted = 'online'
    UNION ALL SELECT 'r', ballot_id, receipt_hash FROM ballot_receipts WHERE ballot_id IN (${ids})
    UNION ALL SELECT 'n', ballot_id, CAST(count(*) AS TEXT) FROM ballot_votes WHERE ballot_id IN (${ids}) GROUP BY ballot_id`)) {
    const b = by.get(Number(id));
    if (kind === 'v') b.voted.add(Number(value));
    else if (kind === 'r') b.receipts.add(value);
    else b.votes = Number(value);
  }
  return by;
}

function checkBallots(s) {
  const by = stored(s);
  for (const b of ballots) {
    const { voted, receipts, votes } = by.get(b.id);
    for (const [org, hash] of b.voted) {
      assert.ok(voted.has(org), `ballot ${b.id}: unit ${org}'s acknowledged vote is not marked`);
      assert.ok(receipts.has(hash), `ballot ${b.id}: unit ${org}'s receipt is missing`);
    }
    // A vote is its mark, its ballot and its receipt, or none of them.
    assert.equal(votes, voted.size, `ballot ${b.id}: ${votes} ballots for ${voted.size} voters marked`);
    assert.equal(receipts.size, voted.size, `ballot ${b.id}: ${receipts.size} receipts for ${voted.size} voters`);
  }
}

function checkDatabase(s) {
  const v = thidua(['audit', 'verify', '--db', s.db]);
  assert.equal(v.status, 0, `audit verify: ${v.stdout}${v.stderr}`);
  if (!PG) {
    assert.equal(sql(s, 'PRAGMA integrity_check'), 'ok');
    assert.equal(sql(s, 'PRAGMA foreign_key_check'), '');
  }
  // The chain's head is its last record (both backends).
  assert.equal(count(s, 'SELECT count(*) FROM audit_head h WHERE h.last_seq = (SELECT max(seq) FROM audit_log)'), 1,
    'the audit head is not the last record');
}

// The units whose vote went unacknowledged vote again: refused as a second
// vote when theirs was stored, accepted when it was not.
async function revote(s, F, ballot) {
  for (const v of F.voters) {
    if (ballot.voted.has(v.org)) continue;
    const r = await bearer(s, v.token).post(`/api/v1/ballots/${ballot.id}/votes`, { choices: [2] });
    assert.ok([201, 409].includes(r.status), r.text);
    if (r.status === 201) ballot.voted.set(v.org, r.body.receipt_hash);
  }
}

test(`acknowledged writes survive ${CYCLES} kills with SIGKILL under load, whole`, async () => {
  server = await startServer();
  const F = await setUp(server);
  let kills = 0;
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const ballot = await openBallot(server, F, cycle);
    const s = server;
    const load = [
      ...Array.from({ length: WRITERS }, (_, w) => writer(s, F, w, cycle)),
      ...F.voters.map((v) => voter(s, v, ballot)),
    ];
    const delay = WINDOW_MS[0] + Math.random() * (WINDOW_MS[1] - WINDOW_MS[0]);
    await new Promise((res) => setTimeout(res, delay));
    await s.kill();
    assert.equal(s.proc.signalCode, 'SIGKILL');
    kills++;
    await Promise.all(load);
    server = await startServer({ reuse: s });
    checkPeople(server);
    checkBallots(server);
    checkDatabase(server);
    await revote(server, F, ballot);
    checkBallots(server);
  }
  assert.equal(kills, CYCLES);
  assert.ok(people.size > 0, 'no write was acknowledged');
});
