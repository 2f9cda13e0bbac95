// A whole cluster year through the API, for a new cluster of 13 units: the
// agreement and its signatures, the scoring table, self and cross scores,
// the leader's review, the published ranking (checked against totals
// computed here from the entries sent) and the handover to next year; with
// the bad-input and authorization cases of each step. The tests run in
// order and share the year's state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, session, bearer, newToken, assertError, demoIds, thidua, sql } from './helpers.mjs';

const N = 13;
const YEAR = 2026;
const FUTURE = '2099-12-31';

let server;
let admin;
let officer; // the demo authority officer (BTCTW)
let viewer;
let demoUnit; // the demo unit officer: a unit of demo cluster 1, not of ours
let ids;
const units = []; // our 13 units, in rotation order
const tok = {}; // org id → its unit officer's client (API token)
const username = {}; // org id → its unit officer's user name
let outsiderOrg; // a BTCTW unit outside the cluster, with its officer
let outsider;
let cluster;
let Y; // /api/v1/clusters/{id}/years/2026
let leaderOrg;
let L; // the leader unit's officer

const sorted = (a) => [...a].sort((x, y) => x - y);
// Virtual today in Vietnam (UTC+7), shifted by days.
const vnDate = (days = 0) => new Date(Date.now() + 7 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

async function ok(promise, status = 200) {
  const r = await promise;
  assert.equal(r.status, status, r.text);
  return r.body;
}

async function yearOf(path = Y) {
  return ok(officer.get(path));
}

async function newUnit(name) {
  return ok(officer.post('/api/v1/orgs', { name, kind: 'unit', parent_id: ids.btctw }), 201);
}

async function newOfficer(org, name) {
  await ok(admin.post('/api/v1/users', {
    username: name, password: 'correct horse battery staple', roles: ['unit_officer'], org_id: org,
  }), 201);
  username[org] = name;
  return bearer(server, newToken(server, name));
}

// ---------------------------------------------------------------------------
// The scoring table of the year, with every kind of criterion, nested groups
// with caps, bonus and penalty groups and a penalty at the top level.
const TABLE = [
  { code: 'I', name: 'Thực hiện nhiệm vụ chuyên môn', kind: 'group', max_points: 50, children: [
    { code: 'I.1', name: 'Tham mưu công tác tổ chức xây dựng Đảng', kind: 'points', max_points: 20 },
    { code: 'I.2', name: 'Kết nạp đảng viên so với chỉ tiêu (%)', kind: 'quantitative', max_points: 15, target: 100 },
    { code: 'I.3', name: 'Báo cáo đúng hạn, đủ nội dung', kind: 'pass_fail', max_points: 5 },
    { code: 'I.4', name: 'Đào tạo, bồi dưỡng cán bộ', kind: 'group', max_points: 12, children: [
      { code: 'I.4.a', name: 'Lớp bồi dưỡng (3 điểm/lớp)', kind: 'per_occurrence', max_points: 9, per_occurrence: 3 },
      { code: 'I.4.b', name: 'Chất lượng đào tạo', kind: 'points', max_points: 6 },
    ] },
  ] },
  { code: 'II', name: 'Xây dựng cơ quan, phong trào thi đua', kind: 'group', max_points: 30, children: [
    { code: 'II.1', name: 'Văn hóa công sở', kind: 'points', max_points: 18 },
    { code: 'II.2', name: 'Mô hình "Dân vận khéo" (2,5 điểm/mô hình)', kind: 'per_occurrence', max_points: 7.5, per_occurrence: 2.5 },
    { code: 'II.3', name: 'Cán bộ được luân chuyển', kind: 'quantitative', max_points: 10, target: 40 },
  ] },
  { code: 'III', name: 'Điểm thưởng (tối đa 5 điểm)', kind: 'group', max_points: 5, children: [
    { code: 'III.1', name: 'Sáng kiến được công nhận', kind: 'bonus', max_points: 4 },
    { code: 'III.2', name: 'Khen thưởng đột xuất', kind: 'bonus', max_points: 3 },
  ] },
  { code: 'IV', name: 'Điểm trừ (tối đa 6 điểm)', kind: 'group', max_points: 6, children: [
    { code: 'IV.1', name: 'Chậm triển khai nhiệm vụ', kind: 'penalty', max_points: 5 },
    { code: 'IV.2', name: 'Cán bộ bị kỷ luật', kind: 'penalty', max_points: 4 },
  ] },
  { code: 'V', name: 'Vi phạm chế độ báo cáo', kind: 'penalty', max_points: 3 },
];
const FINAL_RULE = 'cross_trimmed_mean';
const TIE_BREAK = ['base', 'penalty'];

// A first draft, nested as deep as allowed (four levels).
const DRAFT = [
  { code: 'A', name: 'Nhiệm vụ', kind: 'group', max_points: 0, children: [
    { code: 'A.1', name: 'Tổ chức', kind: 'group', max_points: 0, children: [
      { code: 'A.1.1', name: 'Bộ máy', kind: 'group', max_points: 0, children: [
        { code: 'A.1.1.1', name: 'Sắp xếp bộ máy', kind: 'points', max_points: 10 },
      ] },
    ] },
  ] },
];

const KEY = {
  points: 'points', bonus: 'points', penalty: 'points',
  quantitative: 'value', pass_fail: 'passed', per_occurrence: 'count',
};

// ---------------------------------------------------------------------------
// The rules, written again from the issue: how entries become a ranking.

function flatten(items, parent = null, depth = 0, out = []) {
  for (const it of items) {
    const c = {
      code: it.code, kind: it.kind, max: it.max_points ?? 0, target: it.target,
      per: it.per_occurrence, parent, depth, children: [],
    };
    out.push(c);
    if (parent) out.find((p) => p.code === parent).children.push(c);
    if (it.kind === 'group') flatten(it.children, it.code, depth + 1, out);
  }
  return out;
}

const leavesOf = (items) => flatten(items).filter((c) => c.kind !== 'group');

// Points in hundredths, rounded half away from zero (after settling the
// binary noise of x × 100 to a millionth).
function centi(x) {
  const c = Math.round(x * 100 * 1e6) / 1e6;
  return Math.sign(c) * Math.round(Math.abs(c));
}

// What one entry earns by itself (quantitative entries need the best unit).
function entryPoints(c, v) {
  let p;
  if (c.kind === 'pass_fail') p = v ? c.max : 0;
  else if (c.kind === 'per_occurrence') p = v * c.per;
  else p = v;
  return Math.min(p, c.max);
}

// Below the target: half the max in proportion; at or above the best
// unit's value: the max; between the target and the best: from half the
// max to the max, linearly.
function quantitativePoints(c, best, actual) {
  if (actual >= best && actual >= c.target) return c.max;
  if (actual < c.target) return 0.5 * c.max * actual / c.target;
  return 0.5 * c.max + 0.5 * c.max * (actual - c.target) / (best - c.target);
}

// entries: Map "scored/scoring/code" → value as entered (booleans as 1/0);
// adjustments: the same for the leader's reviewed values.
function expectedRanking(items, members, entries, adjustments, rule, tieBreak) {
  const flat = flatten(items);
  const byOrg = sorted(members);
  const pts = Object.fromEntries(members.map((u) => [u, {}]));
  for (const c of flat.filter((x) => x.kind !== 'group')) {
    const result = {};
    for (const u of members) {
      const cross = [];
      let self = null;
      for (const s of byOrg) {
        const k = `${u}/${s}/${c.code}`;
        let v = adjustments.has(k) ? adjustments.get(k) : entries.get(k);
        if (v === undefined) continue;
        if (c.kind !== 'quantitative') v = entryPoints(c, v);
        if (s === u) self = v;
        else cross.push(v);
      }
      const sum = cross.reduce((a, b) => a + b, 0);
      if (rule === 'reviewed_self') result[u] = self ?? 0;
      else if (rule === 'cross_trimmed_mean' && cross.length >= 3) {
        result[u] = (sum - Math.min(...cross) - Math.max(...cross)) / (cross.length - 2);
      } else result[u] = cross.length ? sum / cross.length : 0;
    }
    const best = Math.max(0, ...members.map((u) => result[u]));
    for (const u of members) {
      pts[u][c.code] = centi(c.kind === 'quantitative' ? quantitativePoints(c, best, result[u]) : result[u]);
    }
  }
  const top = flat.filter((c) => c.depth === 0);
  const category = (k) => (k === 'bonus' ? 'bonus' : k === 'penalty' ? 'penalty' : 'base');
  // A node's signed value; a group sums its children and is clamped to ±max.
  function value(u, c, counting, groups) {
    if (c.kind !== 'group') {
      if (!counting.includes(category(c.kind))) return 0;
      return c.kind === 'penalty' ? -pts[u][c.code] : pts[u][c.code];
    }
    let v = c.children.reduce((a, ch) => a + value(u, ch, counting, groups), 0);
    const cap = centi(c.max);
    if (cap > 0) v = Math.max(-cap, Math.min(cap, v));
    if (groups) groups[c.code] = v;
    return v;
  }
  const rows = members.map((u) => {
    const groupValues = {};
    const all = top.reduce((a, c) => a + value(u, c, ['base', 'bonus', 'penalty'], groupValues), 0);
    const points = {};
    for (const c of flat) points[c.code] = (c.kind === 'group' ? groupValues[c.code] : pts[u][c.code]) / 100;
    return {
      org_id: u,
      c: {
        total: Math.max(0, all),
        base: top.reduce((a, c) => a + value(u, c, ['base']), 0),
        bonus: top.reduce((a, c) => a + value(u, c, ['bonus']), 0),
        penalty: 0 - top.reduce((a, c) => a + value(u, c, ['penalty']), 0),
        top: top.map((c) => (c.kind === 'group' ? groupValues[c.code] : c.kind === 'penalty' ? -pts[u][c.code] : pts[u][c.code])),
      },
      groups: Object.fromEntries(top.map((c) => [c.code, points[c.code]])),
      points,
    };
  });
  // Ties on total: the keys in order; penalty: fewer first; base: more
  // first; groups: more in the first top-level item, then the next, …
  const keyCompare = {
    penalty: (a, b) => a.c.penalty - b.c.penalty,
    base: (a, b) => b.c.base - a.c.base,
    groups: (a, b) => {
      for (let i = 0; i < a.c.top.length; i++) if (a.c.top[i] !== b.c.top[i]) return b.c.top[i] - a.c.top[i];
      return 0;
    },
  };
  const compare = (a, b) => {
    if (a.c.total !== b.c.total) return { c: b.c.total - a.c.total, key: null };
    for (const k of tieBreak) {
      const c = keyCompare[k](a, b);
      if (c !== 0) return { c, key: k };
    }
    return { c: 0, key: null };
  };
  rows.sort((a, b) => compare(a, b).c || a.org_id - b.org_id);
  rows.forEach((row, i) => {
    row.rank = i + 1;
    row.tied = false;
    row.tie_key = null;
  });
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1];
    const row = rows[i];
    if (prev.c.total !== row.c.total) continue;
    const { c, key } = compare(prev, row);
    if (c === 0) row.rank = prev.rank;
    row.tied = prev.tied = true;
    row.tie_key = key;
    if (prev.tie_key === null) prev.tie_key = key;
  }
  for (const row of rows) if (rows.some((o) => o !== row && o.rank === row.rank)) row.tie_key = null;
  return rows.map((r) => ({
    org_id: r.org_id, rank: r.rank, total: r.c.total / 100, base: r.c.base / 100,
    bonus: r.c.bonus / 100, penalty: r.c.penalty / 100, tied: r.tied,
    tie_key: r.tie_key, groups: r.groups, points: r.points,
  }));
}

// The rows as the server answers them, with the fields the model computes.
const rowsOf = (body) => body.items.map((r) => ({
  org_id: r.org_id, rank: r.rank, total: r.total, base: r.base, bonus: r.bonus,
  penalty: r.penalty, tied: r.tied, tie_key: r.tie_key, groups: r.groups, points: r.points,
}));

// ---------------------------------------------------------------------------
// The entries: a seeded generator, and units whose entries are set by hand
// to make the cases (clamps, rounding, the quantitative scale, ties).

function rng(seed) {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(2026);
const two = (lo, hi) => Math.round((lo + rand() * (hi - lo)) * 100) / 100;
const twelve = (f) => Array.from({ length: N - 1 }, (_, i) => f(i));
const fill = (v) => twelve(() => v);

function randomProfile() {
  return {
    'I.1': twelve(() => two(5, 15)),
    'I.2': twelve(() => Math.round(rand() * 1400) / 10),
    'I.3': twelve(() => rand() < 0.8),
    'I.4.a': twelve(() => Math.floor(rand() * 6)),
    'I.4.b': twelve(() => two(0, 6)),
    'II.1': twelve(() => two(8, 18)),
    'II.2': twelve(() => Math.floor(rand() * 5)),
    'II.3': twelve(() => Math.round(rand() * 699) / 10),
    'III.1': twelve(() => two(0, 3)),
    'III.2': twelve(() => two(0, 2)),
    'IV.1': twelve(() => two(0, 2)),
    'IV.2': twelve(() => two(0, 2)),
    V: twelve(() => two(0, 1)),
  };
}

// Indexes into units (the rotation order) of the units with a part to play.
const Z = 0; // the best unit: every cap and clamp reached
const A = 1; // I.2 at half the target
const P = 2; // ties with Q on total; Q has one point more base and penalty
const B = 3; // I.2 between target and best; I.1 with a half hundredth to round
const X = 4; // the leader adjusts one of its entries
const Q = 5;
const C = 6; // I.2 at the target; I.3 passed by 9 of 12
const R = 7; // R and S receive the very same entries: a shared rank
const W = 8; // penalties beyond the penalty group's limit
const S = 9;
const LEADER = 11;

function buildProfiles() {
  const p = Array.from({ length: N }, () => randomProfile());
  Object.assign(p[Z], {
    'I.1': fill(19.5), 'I.2': fill(150), 'I.3': fill(true), 'I.4.a': fill(5), 'I.4.b': fill(6),
    'II.1': fill(18), 'II.2': fill(4), 'II.3': fill(70), 'III.1': fill(4), 'III.2': fill(3),
    'IV.1': fill(0), 'IV.2': fill(0), V: fill(0),
  });
  p[A]['I.2'] = fill(50);
  p[B]['I.2'] = fill(125);
  p[B]['I.1'] = [10.01, 10, 10, 10, 10, 0.5, 10, 10, 10, 19.5, 10, 10.04];
  p[C]['I.2'] = fill(100);
  p[C]['I.3'] = [true, true, true, false, true, true, false, true, true, false, true, true];
  Object.assign(p[W], { 'IV.1': fill(5), 'IV.2': fill(4), V: fill(3) });
  p[Q] = structuredClone(p[P]);
  p[Q]['I.1'] = p[P]['I.1'].map((v) => Math.round((v + 1) * 100) / 100);
  p[Q]['IV.1'] = p[P]['IV.1'].map((v) => Math.round((v + 1) * 100) / 100);
  p[S] = structuredClone(p[R]);
  return p;
}

const entries = new Map(); // every entry the server accepted
const adjustments = new Map();
const asNumber = (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

function sheetBody(leaves, pick) {
  return leaves.map((c) => ({ criterion: c.code, [KEY[c.kind]]: pick(c) }));
}

async function score(client, scored, scores, scoring) {
  const body = { scored_org_id: scored, scores };
  if (scoring !== undefined) body.scoring_org_id = scoring;
  const r = await client.post(`${Y}/scores`, body);
  if (r.status === 200) {
    for (const s of scores) {
      const k = ['points', 'value', 'passed', 'count'].find((x) => x in s);
      entries.set(`${scored}/${scoring ?? client.org}/${s.criterion}`, asNumber(s[k]));
    }
  }
  return r;
}

// ---------------------------------------------------------------------------

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  officer = await session(server, 'authority_officer');
  viewer = await session(server, 'viewer');
  demoUnit = await session(server, 'unit_officer');
  ids = await demoIds(server, admin);
  for (let i = 0; i < N; i++) {
    const org = await newUnit(`Ban Tổ chức Tỉnh ủy thử nghiệm ${String(i + 1).padStart(2, '0')}`);
    units.push(org.id);
    tok[org.id] = await newOfficer(org.id, `cy.unit${String(i + 1).padStart(2, '0')}`);
    tok[org.id].org = org.id;
  }
  outsiderOrg = (await newUnit('Ban Tổ chức Tỉnh ủy ngoài cụm')).id;
  outsider = await newOfficer(outsiderOrg, 'cy.outsider');
  outsider.org = outsiderOrg;
  cluster = await ok(officer.post('/api/v1/clusters',
    { name: 'Cụm thi đua thử nghiệm 13 tỉnh', authority_id: ids.btctw, rotation: units }), 201);
  Y = `/api/v1/clusters/${cluster.id}/years/${YEAR}`;
  leaderOrg = units[LEADER];
  L = tok[leaderOrg];
  await ok(officer.put(Y, { members: units, leader_id: leaderOrg, deputy_ids: [units[12], units[0]] }), 201);
});
after(async () => { await server.stop(); });

test('a new year starts in planning; your_powers says who may do what', async () => {
  const y = await yearOf();
  assert.equal(y.status, 'planning');
  assert.deepEqual(sorted(y.members), sorted(units));
  assert.equal(y.leader_id, leaderOrg);
  assert.deepEqual(sorted(y.deputy_ids), sorted([units[12], units[0]]));
  assert.equal(y.final_rule, 'cross_mean');
  assert.deepEqual(y.tie_break, ['penalty', 'groups']);
  assert.equal(y.criteria_version, 0);
  assert.equal(y.deadline, null);
  assert.equal(y.published_at, null);
  assert.deepEqual(y.your_powers, ['authority']);
  assert.deepEqual((await ok(L.get(Y))).your_powers, ['leader', 'member']);
  assert.deepEqual((await ok(tok[units[0]].get(Y))).your_powers, ['member']);
  assert.deepEqual((await ok(admin.get(Y))).your_powers, ['authority']);
  for (const c of [viewer, outsider, demoUnit, await session(server, 'leader_officer')]) {
    assert.deepEqual((await ok(c.get(Y))).your_powers, []);
  }
  // Nothing is written yet.
  const ag = await ok(L.get(`${Y}/agreement`));
  assert.equal(ag.revision, 0);
  assert.equal(ag.text, null);
  assert.deepEqual(ag.signatures, []);
  assert.equal(ag.all_signed, false);
  assert.deepEqual(sorted(ag.unsigned_ids), sorted(units));
  const cr = await ok(L.get(`${Y}/criteria`));
  assert.equal(cr.version, 0);
  assert.deepEqual(cr.items, []);
  assertError(await tok[units[0]].post(`${Y}/agreement/signatures`, {}), 409, 'no_agreement');
  assertError(await L.get(`${Y}/handover`), 404, 'no_handover');
});

// The tree as GET answers it, without the derived "entry" key.
function tree(items) {
  return items.map((it) => {
    const { entry: _e, children, ...rest } = it;
    return children ? { ...rest, children: tree(children) } : rest;
  });
}

test('the scoring table: invalid trees and rules are refused; versions are kept', async () => {
  const leaf = (code, extra = {}) => ({ code, name: `Tiêu chí ${code}`, kind: 'points', max_points: 5, ...extra });
  const deep = (levels) => {
    let node = leaf(`L${levels}`);
    for (let i = levels - 1; i >= 1; i--) node = { code: `L${i}`, name: `Nhóm ${i}`, kind: 'group', children: [node] };
    return [node];
  };
  const cases = [
    [{ items: [leaf('I.1'), leaf('I.1')] }, 'duplicate'],
    [{ items: [{ code: 'G', name: 'Nhóm rỗng', kind: 'group', children: [] }] }, 'empty_group'],
    [{ items: [{ code: 'G', name: 'Nhóm rỗng', kind: 'group' }] }, 'empty_group'],
    [{ items: deep(5) }, 'too_deep'],
    [{ items: [leaf('K', { kind: 'stars' })] }, 'invalid_value'],
    [{ items: [leaf('K', { kind: 5 })] }, 'invalid_value'],
    [{ items: [leaf('K', { kind: 'points', children: [leaf('K.1')] })] }, 'not_a_group'],
    [{ items: [leaf('K', { kind: 'quantitative' })] }, 'out_of_range'],
    [{ items: [leaf('K', { kind: 'quantitative', target: 0 })] }, 'out_of_range'],
    [{ items: [leaf('K', { kind: 'per_occurrence' })] }, 'out_of_range'],
    [{ items: [leaf('K', { max_points: 0 })] }, 'out_of_range'],
    [{ items: [leaf('K', { max_points: 1001 })] }, 'out_of_range'],
    [{ items: [leaf('K', { max_points: 2.345 })] }, 'too_precise'],
    [{ items: [leaf('K', { max_points: undefined })] }, 'required'],
    [{ items: [leaf('K K')] }, 'invalid_code'],
    [{ items: [leaf('K', { name: '' })] }, 'empty'],
    [{ items: [leaf('K', { weight: 2 })] }, 'unknown_field'],
    [{ items: [] }, 'required'],
    [{ items: 'I' }, 'wrong_type'],
    [{ final_rule: 'cross_mean' }, 'required'],
    [{ items: [leaf('K')], final_rule: 'median' }, 'invalid_value'],
    [{ items: [leaf('K')], tie_break: ['penalty', 'penalty'] }, 'invalid_value'],
    [{ items: [leaf('K')], tie_break: ['seniority'] }, 'invalid_value'],
    [{ items: [leaf('K')], tie_break: 'penalty' }, 'invalid_value'],
    [{ items: [leaf('K')], version: 3 }, 'unknown_field'],
  ];
  for (const [body, code] of cases) {
    const r = await L.put(`${Y}/criteria`, body);
    assertError(r, 422, code);
    const field = body.version ? undefined : body.final_rule && body.items ? 'final_rule' : body.tie_break ? 'tie_break' : 'items';
    if (field) assert.equal(r.body.error.field, field, r.text);
  }
  // Only the leader unit and the authority write the table.
  assertError(await tok[units[0]].put(`${Y}/criteria`, { items: DRAFT }), 403, 'forbidden');
  assertError(await outsider.put(`${Y}/criteria`, { items: DRAFT }), 403, 'forbidden');
  assertError(await viewer.put(`${Y}/criteria`, { items: DRAFT }), 403, 'forbidden');
  assert.equal((await yearOf()).criteria_version, 0);

  // Four levels are allowed: the draft is version 1.
  const v1 = await ok(L.put(`${Y}/criteria`, { items: DRAFT }));
  assert.equal(v1.version, 1);
  assert.equal(v1.current_version, 1);
  assert.deepEqual(v1.signatures_invalidated, []);
  assert.deepEqual(tree(v1.items), DRAFT);
  assert.equal(v1.items[0].children[0].children[0].children[0].entry, 'points');
  // The same table again is no new version.
  const same = await ok(L.put(`${Y}/criteria`, { items: v1.items }));
  assert.equal(same.version, 1);
  assert.equal((await yearOf()).criteria_version, 1);
});

test('the agreement: members sign once each; a change voids the signatures; the 13th moves the year', async () => {
  const targets = [
    { code: 'T1', name: 'Kết nạp đảng viên mới', value: 1200, unit: 'đảng viên' },
    { code: 'T2', name: 'Cán bộ được đào tạo, bồi dưỡng', value: 350.5, unit: 'lượt' },
    { code: 'T3', name: 'Không có cán bộ bị kỷ luật', value: null, unit: null },
  ];
  const text1 = 'GIAO ƯỚC THI ĐUA NĂM 2026\nCác đơn vị trong Cụm cam kết thực hiện tốt nhiệm vụ được giao.';
  assertError(await tok[units[0]].put(`${Y}/agreement`, { text: text1, targets }), 403, 'forbidden');
  assertError(await L.put(`${Y}/agreement`, { targets }), 422, 'required');
  assertError(await L.put(`${Y}/agreement`, { text: text1, targets: [targets[0], targets[0]] }), 422, 'duplicate');
  assertError(await L.put(`${Y}/agreement`, { text: text1, signed: true }), 422, 'unknown_field');
  const a1 = await ok(L.put(`${Y}/agreement`, { text: text1, targets }));
  assert.equal(a1.revision, 1);
  assert.equal(a1.text, text1);
  assert.deepEqual(a1.targets, targets);
  assert.deepEqual(a1.signatures_invalidated, []);
  assert.equal(a1.status, 'planning');

  // Three units sign; a second signature, one for another unit, and one by
  // someone who is not a member are refused.
  for (const i of [0, 1, 2]) {
    const s = await ok(tok[units[i]].post(`${Y}/agreement/signatures`, {}), 201);
    assert.equal(s.org_id, units[i]);
    assert.equal(s.status, 'planning');
    assert.equal(s.signatures.length, i + 1);
    assert.equal(s.signatures.at(-1).revision, 1);
    assert.match(s.signatures.at(-1).signed_at, /^\d{4}-\d\d-\d\dT/);
  }
  assertError(await tok[units[0]].post(`${Y}/agreement/signatures`, {}), 409, 'already_signed');
  assertError(await tok[units[3]].post(`${Y}/agreement/signatures`, { org_id: units[4] }), 403, 'forbidden');
  assertError(await outsider.post(`${Y}/agreement/signatures`, {}), 403, 'forbidden');
  assertError(await demoUnit.post(`${Y}/agreement/signatures`, {}), 403, 'forbidden');
  assertError(await officer.post(`${Y}/agreement/signatures`, {}), 403, 'forbidden');
  assertError(await admin.post(`${Y}/agreement/signatures`, {}), 403, 'forbidden');
  assertError(await viewer.post(`${Y}/agreement/signatures`, {}), 403, 'forbidden');
  assertError(await L.post(`${Y}/status`, { status: 'agreement_signed' }), 409, 'automatic_transition');
  // Sending the same text again changes nothing.
  const unchanged = await ok(L.put(`${Y}/agreement`, { text: text1, targets }));
  assert.equal(unchanged.revision, 1);
  assert.deepEqual(unchanged.signatures_invalidated, []);
  assert.equal(unchanged.signatures.length, 3);

  // The leader changes the text: the three signatures are void, and it says so.
  const text2 = `${text1}\nBổ sung: phong trào "Dân vận khéo".`;
  const a2 = await ok(L.put(`${Y}/agreement`, { text: text2, targets }));
  assert.equal(a2.revision, 2);
  assert.deepEqual(sorted(a2.signatures_invalidated), sorted(units.slice(0, 3)));
  assert.deepEqual(a2.signatures, []);
  assert.equal(a2.status, 'planning');

  // Now all 13 sign; the year moves on with the 13th only.
  for (let i = 0; i < N; i++) {
    const s = await ok(tok[units[i]].post(`${Y}/agreement/signatures`, {}), 201);
    assert.equal(s.signatures.length, i + 1);
    assert.equal(s.all_signed, i === N - 1);
    assert.equal(s.status, i === N - 1 ? 'agreement_signed' : 'planning', `after ${i + 1} signatures`);
    assert.equal((await yearOf()).status, s.status);
  }
  const signedAll = await ok(viewer.get(`${Y}/agreement`));
  assert.deepEqual(sorted(signedAll.signatures.map((s) => s.org_id)), sorted(units));
  assert.ok(signedAll.signatures.every((s) => s.revision === 2));
  assert.deepEqual(signedAll.unsigned_ids, []);
  assertError(await tok[units[5]].post(`${Y}/agreement/signatures`, {}), 409, 'agreement_in_force');

  // A change after everyone signed voids all 13 and takes the year back to planning.
  const text3 = `${text2}\nSửa lần 3.`;
  const a3 = await ok(L.put(`${Y}/agreement`, { text: text3, targets }));
  assert.deepEqual(sorted(a3.signatures_invalidated), sorted(units));
  assert.equal(a3.status, 'planning');
  assert.equal((await yearOf()).status, 'planning');

  // With no signatures standing, the real scoring table replaces the draft.
  const v2 = await ok(L.put(`${Y}/criteria`, { items: TABLE, final_rule: FINAL_RULE, tie_break: TIE_BREAK }));
  assert.equal(v2.version, 2);
  assert.deepEqual(v2.signatures_invalidated, []);
  assert.deepEqual(tree(v2.items), TABLE);
  assert.equal(v2.final_rule, FINAL_RULE);
  assert.deepEqual(v2.tie_break, TIE_BREAK);
  assert.equal(v2.max_total, 80); // I capped at 50, II at 30; bonus and penalty add no maximum
  const entryKeys = Object.fromEntries(flatten(v2.items).map((c) => [c.code, c.kind]));
  assert.equal(entryKeys['I.4.a'], 'per_occurrence');
  const read = await ok(tok[units[3]].get(`${Y}/criteria`));
  const { signatures_invalidated: _void, ...v2Table } = v2;
  assert.deepEqual(read, v2Table);
  const old = await ok(viewer.get(`${Y}/criteria?version=1`));
  assert.equal(old.version, 1);
  assert.equal(old.current_version, 2);
  assert.deepEqual(tree(old.items), DRAFT);
  assertError(await viewer.get(`${Y}/criteria?version=3`), 404);
  assertError(await viewer.get(`${Y}/criteria?version=0`), 400, 'invalid_query');
  const y = await yearOf();
  assert.equal(y.criteria_version, 2);
  assert.equal(y.final_rule, FINAL_RULE);
  assert.deepEqual(y.tie_break, TIE_BREAK);

  for (let i = N - 1; i >= 0; i--) {
    const s = await ok(tok[units[i]].post(`${Y}/agreement/signatures`, {}), 201);
    assert.equal(s.status, i === 0 ? 'agreement_signed' : 'planning');
    assert.ok(s.signatures.every((x) => x.revision === 3));
  }
});

test('status moves: by their owners, in order; the table is needed before scoring opens', async () => {
  assertError(await L.post(`${Y}/status`, { status: 'self_assessment' }), 409, 'out_of_order');
  assertError(await L.post(`${Y}/status`, { status: 'planning' }), 409, 'out_of_order');
  assertError(await L.post(`${Y}/status`, { status: 'agreement_signed' }), 409, 'out_of_order');
  assertError(await L.post(`${Y}/status`, { status: 'finished' }), 422, 'invalid_value');
  assertError(await L.post(`${Y}/status`, {}), 422, 'required');
  assertError(await L.post(`${Y}/status`, { status: 'in_progress', when: 'now' }), 422, 'unknown_field');
  assertError(await tok[units[0]].post(`${Y}/status`, { status: 'in_progress' }), 403, 'forbidden');
  assertError(await outsider.post(`${Y}/status`, { status: 'in_progress' }), 403, 'forbidden');
  assertError(await viewer.post(`${Y}/status`, { status: 'in_progress' }), 403, 'forbidden');
  assert.equal((await yearOf()).status, 'agreement_signed');
  const ip = await ok(L.post(`${Y}/status`, { status: 'in_progress' }));
  assert.equal(ip.status, 'in_progress');
  assert.deepEqual(ip.your_powers, ['leader', 'member']);
  assertError(await L.post(`${Y}/status`, { status: 'cross_assessment' }), 409, 'out_of_order');
  // Scoring is not open yet.
  const leaves = leavesOf(TABLE);
  assertError(await score(tok[units[0]], units[0], sheetBody(leaves.slice(0, 1), () => 1)), 409, 'phase_closed');
  assertError(await L.put(`${Y}/deadline`, { deadline: FUTURE }), 409, 'phase_closed');
  assertError(await L.post(`${Y}/status`, { status: 'self_assessment', deadline: vnDate(-1) }), 422, 'deadline_in_past');
  assertError(await L.post(`${Y}/status`, { status: 'self_assessment', deadline: '2026-02-30' }), 422, 'invalid_date');
  const sa = await ok(L.post(`${Y}/status`, { status: 'self_assessment', deadline: FUTURE }));
  assert.equal(sa.status, 'self_assessment');
  assert.equal(sa.deadline, FUTURE);
  // Once scoring has opened, the agreement and the table are fixed.
  assertError(await L.put(`${Y}/criteria`, { items: DRAFT }), 409, 'scoring_started');
  assertError(await officer.put(`${Y}/criteria`, { items: TABLE, final_rule: 'cross_mean' }), 409, 'scoring_started');
  assertError(await L.put(`${Y}/agreement`, { text: 'Khác' }), 409, 'scoring_started');
  assertError(await tok[units[0]].post(`${Y}/agreement/signatures`, {}), 409, 'agreement_in_force');
  assertError(await officer.put(Y, { members: units, leader_id: leaderOrg }), 409, 'year_not_planning');
  assertError(await L.post(`${Y}/handover`, { by_rotation: true }), 409, 'results_not_published');
});

const profiles = buildProfiles();
const leaves = leavesOf(TABLE);

function selfSheet(i) {
  // A unit scores itself generously; notes and evidence on the first criteria.
  return leaves.map((c, k) => {
    const v = profiles[i][c.code][(i + k) % (N - 1)];
    const s = { criterion: c.code, [KEY[c.kind]]: v };
    if (k < 2) {
      s.note = `Đơn vị tự chấm: ${c.code}`;
      s.evidence = `https://vanban.example.vn/${units[i]}/${c.code}.pdf`;
    }
    return s;
  });
}

test('self-assessment: validation of entries, only for one\'s own unit, in the right phase, before the deadline', async () => {
  const u0 = tok[units[0]];
  const me = units[0];
  const bad = [
    [[{ criterion: 'IX', points: 1 }], 'unknown_criterion'],
    [[{ criterion: 'I', points: 1 }], 'not_a_criterion'],
    [[{ points: 1 }], 'required'],
    [[{ criterion: 'I.2', points: 80 }], 'wrong_entry'],
    [[{ criterion: 'I.1', value: 10 }], 'wrong_entry'],
    [[{ criterion: 'I.3', points: 5 }], 'wrong_entry'],
    [[{ criterion: 'I.4.a', points: 3 }], 'wrong_entry'],
    [[{ criterion: 'I.1', points: 10, value: 10 }], 'wrong_entry'],
    [[{ criterion: 'I.1', points: 20.01 }], 'over_maximum'],
    [[{ criterion: 'III.1', points: 4.5 }], 'over_maximum'],
    [[{ criterion: 'V', points: 3.01 }], 'over_maximum'],
    [[{ criterion: 'I.1', points: 12.345 }], 'too_precise'],
    [[{ criterion: 'I.1', points: -1 }], 'out_of_range'],
    [[{ criterion: 'I.1', points: '12' }], 'wrong_type'],
    [[{ criterion: 'I.1' }], 'required'],
    [[{ criterion: 'I.3', passed: 1 }], 'wrong_type'],
    [[{ criterion: 'I.4.a', count: 1.5 }], 'out_of_range'],
    [[{ criterion: 'I.4.a', count: -2 }], 'out_of_range'],
    [[{ criterion: 'I.2', value: -5 }], 'out_of_range'],
    [[{ criterion: 'I.1', points: 10 }, { criterion: 'I.1', points: 11 }], 'duplicate'],
    [[{ criterion: 'I.1', points: 10, score: 3 }], 'unknown_field'],
    [[{ criterion: 'I.1', points: 10, note: 5 }], 'wrong_type'],
    [[], 'required'],
    [[5], 'wrong_type'],
  ];
  for (const [scores, code] of bad) {
    const r = await score(u0, me, scores);
    assertError(r, 422, code);
    assert.equal(r.body.error.field, 'scores', r.text);
  }
  assertError(await u0.post(`${Y}/scores`, { scores: selfSheet(0) }), 422, 'required');
  assertError(await u0.post(`${Y}/scores`, { scored_org_id: me, scores: 'all' }), 422, 'required');
  assertError(await score(u0, outsiderOrg, selfSheet(0)), 422, 'not_a_member');
  // A unit never scores on behalf of another.
  assertError(await score(u0, units[1], selfSheet(1), units[1]), 403, 'forbidden');
  assertError(await score(u0, me, selfSheet(0), units[1]), 403, 'forbidden');
  assertError(await score(L, units[1], selfSheet(1), units[1]), 403, 'forbidden');
  // Nor does anyone outside the cluster, the authority or a viewer.
  assertError(await score(outsider, me, selfSheet(0)), 403, 'forbidden');
  assertError(await score(outsider, outsiderOrg, selfSheet(0)), 403, 'forbidden');
  assertError(await score(demoUnit, me, selfSheet(0)), 403, 'forbidden');
  assertError(await score(officer, me, selfSheet(0), me), 403, 'forbidden');
  assertError(await score(viewer, me, selfSheet(0)), 403, 'forbidden');
  // Cross scores wait for their phase.
  assertError(await score(u0, units[1], selfSheet(1)), 409, 'phase_closed');
  assert.equal(entries.size, 0, 'no refused entry was stored');
  assert.equal((await ok(L.get(`${Y}/scores`))).total, 0);

  // Deadline: the whole day in Vietnam counts; after it, no more entries.
  sql(server, `UPDATE cluster_years SET deadline = '${vnDate(0)}' WHERE cluster_id = ${cluster.id} AND year = ${YEAR}`);
  await ok(score(u0, me, selfSheet(0).slice(0, 2)));
  sql(server, `UPDATE cluster_years SET deadline = '${vnDate(-1)}' WHERE cluster_id = ${cluster.id} AND year = ${YEAR}`);
  const late = await score(u0, me, selfSheet(0));
  assertError(late, 409, 'deadline_passed');
  assertError(await score(tok[units[1]], units[1], selfSheet(1)), 409, 'deadline_passed');
  assertError(await L.put(`${Y}/deadline`, { deadline: vnDate(-1) }), 422, 'deadline_in_past');
  assertError(await tok[units[1]].put(`${Y}/deadline`, { deadline: FUTURE }), 403, 'forbidden');
  assertError(await L.put(`${Y}/deadline`, {}), 422, 'required');
  const extended = await ok(L.put(`${Y}/deadline`, { deadline: FUTURE }));
  assert.equal(extended.deadline, FUTURE);
  assert.equal(extended.status, 'self_assessment');
  const mine = await ok(u0.get(`${Y}/scores?scored_org_id=${me}`));
  assert.equal(mine.total, 2);

  // Every unit scores itself; the first sheet in two parts.
  const first = await ok(score(u0, me, selfSheet(0).slice(2)));
  assert.equal(first.kind, 'self');
  assert.equal(first.leaves, leaves.length);
  assert.equal(first.items.length, leaves.length);
  assert.equal(first.items[0].note, 'Đơn vị tự chấm: I.1');
  assert.equal(first.items[0].evidence, `https://vanban.example.vn/${me}/I.1.pdf`);
  assert.equal(first.items[0].kind, 'points');
  // Entries read back with their kind's key and the points they earn alone.
  const perOcc = first.items.find((s) => s.criterion === 'I.4.a');
  assert.equal(perOcc.points, Math.min(perOcc.count * 3, 9));
  assert.equal(first.items.find((s) => s.criterion === 'I.2').points, null);
  assert.equal(typeof first.items.find((s) => s.criterion === 'I.3').passed, 'boolean');
  for (let i = 1; i < N; i++) {
    if (i === 12) continue;
    const sheet = await ok(score(tok[units[i]], units[i], selfSheet(i)));
    assert.equal(sheet.items.length, leaves.length);
  }
  // One sheet is not complete: cross-assessment waits, unless forced.
  await ok(score(tok[units[12]], units[12], selfSheet(12).slice(0, 5)));
  const early = await L.post(`${Y}/status`, { status: 'cross_assessment', deadline: FUTURE });
  assertError(early, 409, 'scores_incomplete');
  assert.match(early.body.error.message, new RegExp(`1 self sheet is incomplete, e.g. unit ${units[12]} scoring unit ${units[12]} \\(5 of ${leaves.length} criteria\\)`));
  await ok(score(tok[units[12]], units[12], selfSheet(12).slice(5)));
  // The leader adjusts other units only; its own unit is the authority's to review.
  assertError(await L.post(`${Y}/scores/adjustments`,
    { scored_org_id: leaderOrg, scoring_org_id: leaderOrg, criterion: 'I.1', points: 1, reason: 'Tự sửa' }), 403, 'own_unit');
  assertError(await tok[units[0]].post(`${Y}/scores/adjustments`,
    { scored_org_id: units[1], scoring_org_id: units[1], criterion: 'I.1', points: 1, reason: 'x' }), 403, 'forbidden');
});

test('drafts stay private: a member sees only the sheets it entered until the results are published', async () => {
  const me = units[3];
  const u = tok[me];
  const own = await ok(u.get(`${Y}/scores?limit=500`));
  assert.equal(own.total, leaves.length);
  assert.ok(own.items.every((s) => s.scoring_org_id === me && s.scored_org_id === me));
  assert.equal(own.status, 'self_assessment');
  assert.equal(own.deadline, FUTURE);
  // Progress counts entries, never values; a member follows only its own.
  assert.deepEqual(own.progress, [{ org_id: me, self_entered: leaves.length, leaves: leaves.length, cross_complete: 0, cross_expected: N - 1 }]);
  const all = await ok(L.get(`${Y}/scores?limit=1`));
  assert.equal(all.progress.length, N);
  assert.ok(all.progress.every((p) => p.self_entered === leaves.length && p.cross_complete === 0 && p.cross_expected === N - 1));
  assert.deepEqual(await ok(u.get(`${Y}/scores?limit=500&scoring_org_id=${me}`)), own);
  const otherAsked = await ok(u.get(`${Y}/scores?scored_org_id=${units[4]}`));
  assert.equal(otherAsked.total, 0, 'its own (absent) cross scores of unit 4, not unit 4\'s sheet');
  for (const c of [u, tok[units[0]]]) {
    assertError(await c.get(`${Y}/scores?scoring_org_id=${units[4]}`), 403, 'scores_not_published');
  }
  for (const c of [viewer, outsider, demoUnit]) {
    assertError(await c.get(`${Y}/scores`), 403, 'scores_not_published');
    assertError(await c.get(`${Y}/scores?scoring_org_id=${me}`), 403, 'scores_not_published');
  }
  // The leader and the authority review every sheet.
  for (const c of [L, officer, admin]) {
    const all = await ok(c.get(`${Y}/scores?limit=500`));
    assert.equal(all.total, N * leaves.length);
    assert.equal(all.items.length, N * leaves.length);
    const page = await ok(c.get(`${Y}/scores?limit=5&offset=10&scoring_org_id=${units[4]}`));
    assert.equal(page.total, leaves.length);
    assert.equal(page.items.length, 3);
  }
  // The ranking is previewed by the leader and the authority only.
  for (const c of [u, viewer, outsider, demoUnit]) assertError(await c.get(`${Y}/ranking`), 403, 'not_published');
  const preview = await ok(L.get(`${Y}/ranking`));
  assert.equal(preview.published, false);
  assert.equal(preview.published_at, null);
  assert.equal((await ok(officer.get(`${Y}/ranking`))).published, false);
});

// The 12 cross scores of scored unit i, the k-th scorer (in org id order) giving entry k.
function crossSheet(scoredIndex, scoringOrg) {
  const scorers = sorted(units.filter((o) => o !== units[scoredIndex]));
  const k = scorers.indexOf(scoringOrg);
  return leaves.map((c) => ({ criterion: c.code, [KEY[c.kind]]: profiles[scoredIndex][c.code][k] }));
}

test('cross-assessment: every unit scores the 12 others, never itself; the leader reviews with a reason', async () => {
  const cross = await ok(L.post(`${Y}/status`, { status: 'cross_assessment', deadline: FUTURE }));
  assert.equal(cross.status, 'cross_assessment');
  // Self scores are closed now; a unit cannot cross-score itself.
  assertError(await score(tok[units[0]], units[0], selfSheet(0)), 409, 'phase_closed');
  assertError(await score(tok[units[0]], units[1], crossSheet(1, units[0]), units[2]), 403, 'forbidden');
  assertError(await score(outsider, units[1], crossSheet(1, units[0])), 403, 'forbidden');
  const order = [];
  for (let s = 0; s < N; s++) for (let d = 0; d < N; d++) if (s !== d) order.push([s, d]);
  const last = order.pop();
  for (const [s, d] of order) {
    const r = await score(tok[units[s]], units[d], crossSheet(d, units[s]));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.kind, 'cross');
  }
  // A member reads its own sheets of others, never the scores others gave it.
  const me = units[6];
  const seen = await ok(tok[me].get(`${Y}/scores?limit=500`));
  assert.ok(seen.items.every((x) => x.scoring_org_id === me));
  assert.equal(seen.total, N * leaves.length);
  const aboutMe = await ok(tok[me].get(`${Y}/scores?limit=500&scored_org_id=${me}`));
  assert.equal(aboutMe.total, leaves.length);
  assert.ok(aboutMe.items.every((x) => x.scoring_org_id === me));
  assertError(await tok[me].get(`${Y}/scores?scored_org_id=${me}&scoring_org_id=${units[0]}`), 403, 'scores_not_published');
  assert.deepEqual(seen.progress.map((p) => p.org_id), [me]);
  const progress = Object.fromEntries((await ok(L.get(`${Y}/scores?limit=1`))).progress.map((p) => [p.org_id, p]));
  assert.equal(progress[units[last[0]]].cross_complete, N - 2);
  assert.equal(progress[units[0]].cross_complete, N - 1);

  // Publishing waits for the last sheet (unless forced, see the small cluster).
  const incomplete = await L.post(`${Y}/ranking/publish`, {});
  assertError(incomplete, 409, 'scores_incomplete');
  assert.match(incomplete.body.error.message, new RegExp(`1 cross sheet is incomplete, e.g. unit ${units[last[0]]} scoring unit ${units[last[1]]}`));
  await ok(score(tok[units[last[0]]], units[last[1]], crossSheet(last[1], units[last[0]])));
  assert.equal(entries.size, N * N * leaves.length);

  // The preview before the review matches the rules.
  const before = expectedRanking(TABLE, units, entries, adjustments, FINAL_RULE, TIE_BREAK);
  assert.deepEqual(rowsOf(await ok(L.get(`${Y}/ranking`))), before);

  // The leader's review: the highest I.1 score unit X received is cut to 1.
  const xOrg = units[X];
  const scorers = sorted(units.filter((o) => o !== xOrg));
  const high = scorers.reduce((a, b) => (entries.get(`${xOrg}/${b}/I.1`) > entries.get(`${xOrg}/${a}/I.1`) ? b : a));
  const adj = { scored_org_id: xOrg, scoring_org_id: high, criterion: 'I.1', points: 1, reason: 'Thiếu minh chứng cho nội dung I.1' };
  assertError(await L.post(`${Y}/scores/adjustments`, { ...adj, reason: undefined }), 422, 'required');
  assertError(await L.post(`${Y}/scores/adjustments`, { ...adj, points: 21 }), 422, 'over_maximum');
  assertError(await L.post(`${Y}/scores/adjustments`, { ...adj, points: undefined, value: 1 }), 422, 'wrong_entry');
  assertError(await L.post(`${Y}/scores/adjustments`, { ...adj, criterion: 'IX' }), 422, 'unknown_criterion');
  assertError(await L.post(`${Y}/scores/adjustments`, { ...adj, scoring_org_id: outsiderOrg }), 422, 'not_a_member');
  assertError(await tok[units[0]].post(`${Y}/scores/adjustments`, adj), 403, 'forbidden');
  assertError(await L.post(`${Y}/scores/adjustments`, { ...adj, scored_org_id: leaderOrg }), 403, 'own_unit');
  const reviewed = await ok(L.post(`${Y}/scores/adjustments`, adj));
  assert.equal(reviewed.points, entries.get(`${xOrg}/${high}/I.1`), 'the entry as made stays');
  assert.equal(reviewed.adjusted.points, 1);
  assert.equal(reviewed.adjusted.reason, adj.reason);
  assert.match(reviewed.adjusted.adjusted_at, /^\d{4}-/);
  adjustments.set(`${xOrg}/${high}/I.1`, 1);
  // The scorer sees the review of its own sheet.
  const theirs = await ok(tok[high].get(`${Y}/scores?scored_org_id=${xOrg}`));
  assert.equal(theirs.items.find((s) => s.criterion === 'I.1').adjusted.points, 1);
  // The authority may review the leader unit's own scores.
  const lScorer = units[0];
  const authorityAdj = await ok(officer.post(`${Y}/scores/adjustments`,
    { scored_org_id: leaderOrg, scoring_org_id: lScorer, criterion: 'II.2', count: 0, reason: 'Mô hình chưa được công nhận' }));
  assert.equal(authorityAdj.adjusted.count, 0);
  assert.equal(authorityAdj.adjusted.points, 0);
  adjustments.set(`${leaderOrg}/${lScorer}/II.2`, 0);
  const after = expectedRanking(TABLE, units, entries, adjustments, FINAL_RULE, TIE_BREAK);
  const totalOf = (rows, org) => rows.find((r) => r.org_id === org).total;
  assert.notEqual(totalOf(after, xOrg), totalOf(before, xOrg), 'the review changes unit X\'s result');
});

let published;

test('publish: the ranking matches totals computed from the entries sent', async () => {
  assertError(await tok[units[0]].post(`${Y}/ranking/publish`, {}), 403, 'forbidden');
  assertError(await L.post(`${Y}/ranking/publish`, { force: 'yes' }), 422, 'wrong_type');
  const r = await L.post(`${Y}/ranking/publish`, {});
  assert.equal(r.status, 200, r.text);
  published = r.body;
  assert.equal(published.published, true);
  assert.match(published.published_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(published.final_rule, FINAL_RULE);
  assert.deepEqual(published.tie_break, TIE_BREAK);
  assert.equal(published.max_total, 80);
  assert.deepEqual(published.groups.map((g) => [g.code, g.kind]),
    [['I', 'group'], ['II', 'group'], ['III', 'group'], ['IV', 'group'], ['V', 'penalty']]);
  const expected = expectedRanking(TABLE, units, entries, adjustments, FINAL_RULE, TIE_BREAK);
  assert.deepEqual(rowsOf(published), expected);

  // The cases the entries were made for, by hand.
  const row = (i) => published.items.find((x) => x.org_id === units[i]);
  const z = row(Z);
  assert.equal(z.points['I.4.a'], 9, 'each count of 5 capped at 9');
  assert.equal(z.points['I.4'], 12, 'the group I.4 (9 + 6) clamped at 12');
  assert.equal(z.points['I.2'], 15, 'the best unit earns the full 15');
  assert.equal(z.groups.I, 50, '19.5 + 15 + 5 + 12 clamped at 50');
  assert.equal(z.points['II.2'], 7.5, 'four models of 2.5 capped at 7.5');
  assert.equal(z.groups.II, 30, '18 + 7.5 + 10 clamped at 30');
  assert.equal(z.groups.III, 5, 'bonus 4 + 3 clamped at 5');
  assert.equal(z.total, 85);
  assert.equal(z.base, 80);
  assert.equal(z.bonus, 5);
  assert.equal(z.penalty, 0);
  assert.equal(z.rank, 1);
  assert.equal(row(A).points['I.2'], 3.75, '50 of a target of 100: 0.5 × 15 × 0.5');
  assert.equal(row(C).points['I.2'], 7.5, 'at the target: half the max');
  assert.equal(row(B).points['I.2'], 11.25, '125 between 100 and the best 150: 7.5 + 7.5 × 25/50');
  assert.equal(row(B).points['I.1'], 10.01, '(10.01 + 8 × 10 + 10.04) / 10 = 10.005, trimmed of 0.5 and 19.5, rounds up');
  assert.equal(row(C).points['I.3'], 4, '9 of 12 passed; trimmed: 8 of 10 × 5');
  const w = row(W);
  assert.equal(w.points['IV.1'], 5);
  assert.equal(w.points['IV.2'], 4);
  assert.equal(w.groups.IV, -6, 'penalties 5 + 4 limited to 6');
  assert.equal(w.groups.V, 3);
  assert.equal(w.penalty, 9, '6 after the group limit, and 3');
  // Q has one point more in I.1 and one more penalty than P: equal totals,
  // and the tie-break's first key (base) puts Q first.
  const p = row(P);
  const q = row(Q);
  assert.equal(p.total, q.total);
  assert.equal(Math.round((q.base - p.base) * 100), 100);
  assert.equal(Math.round((q.penalty - p.penalty) * 100), 100);
  assert.equal(q.rank + 1, p.rank);
  assert.equal(published.items.indexOf(q) + 1, published.items.indexOf(p));
  assert.equal(p.tied, true);
  assert.equal(q.tied, true);
  assert.equal(p.tie_key, 'base');
  assert.equal(q.tie_key, 'base');
  // R and S received the same entries: they share their rank, and the next rank is skipped.
  const rr = row(R);
  const s = row(S);
  assert.equal(rr.total, s.total);
  assert.equal(rr.rank, s.rank);
  assert.equal(rr.tied, true);
  assert.equal(rr.tie_key, null);
  assert.equal(s.tie_key, null);
  const afterShared = published.items[published.items.indexOf(rr.org_id < s.org_id ? s : rr) + 1];
  if (afterShared) assert.equal(afterShared.rank, rr.rank + 2);
  // Other units are in order of total, ranks 1..13.
  for (let i = 1; i < N; i++) assert.ok(published.items[i - 1].total >= published.items[i].total);
  assert.deepEqual(sorted(published.items.map((x) => x.org_id)), sorted(units));
  // The rows' sums: base + bonus − penalty = total (no unit is below 0).
  for (const x of published.items) assert.equal(Math.round((x.base + x.bonus - x.penalty) * 100), Math.round(x.total * 100));
});

test('after publication: the ranking is frozen and open to all; closing is the authority\'s', async () => {
  const y = await yearOf();
  assert.equal(y.status, 'results_published');
  assert.equal(y.published_at, published.published_at);
  assert.equal(y.deadline, null);
  for (const c of [tok[units[0]], viewer, outsider, demoUnit, L, officer]) {
    const r = await ok(c.get(`${Y}/ranking`));
    assert.deepEqual(r, published);
  }
  // Every sheet is open now.
  const theirs = await ok(tok[units[0]].get(`${Y}/scores?scoring_org_id=${units[5]}&limit=500`));
  assert.equal(theirs.total, N * leaves.length);
  assert.equal((await ok(viewer.get(`${Y}/scores?limit=1`))).total, N * N * leaves.length);
  // Nothing changes the scores any more.
  assertError(await score(tok[units[0]], units[1], crossSheet(1, units[0])), 409, 'phase_closed');
  assertError(await L.post(`${Y}/scores/adjustments`,
    { scored_org_id: units[1], scoring_org_id: units[0], criterion: 'I.1', points: 2, reason: 'muộn' }), 409, 'review_closed');
  assertError(await L.put(`${Y}/deadline`, { deadline: FUTURE }), 409, 'phase_closed');
  assertError(await L.post(`${Y}/ranking/publish`, {}), 409, 'out_of_order');
  assertError(await L.post(`${Y}/status`, { status: 'results_published' }), 409, 'out_of_order');
  assertError(await L.post(`${Y}/status`, { status: 'cross_assessment' }), 409, 'out_of_order');
  assertError(await L.put(`${Y}/criteria`, { items: TABLE }), 409, 'scoring_started');
  // Only the authority closes the year.
  assertError(await L.post(`${Y}/status`, { status: 'closed' }), 403, 'forbidden');
  assertError(await tok[units[0]].post(`${Y}/status`, { status: 'closed' }), 403, 'forbidden');
  assert.equal((await yearOf()).status, 'results_published');
});

let Y2;

test('handover by rotation: 2027 with the next leader, same members, the table copied, powers moved', async () => {
  // The rule against a second year in a row, and who may override it.
  assertError(await tok[units[0]].post(`${Y}/handover`, { by_rotation: true }), 403, 'forbidden');
  assertError(await outsider.post(`${Y}/handover`, { by_rotation: true }), 403, 'forbidden');
  const repeat = { leader_id: leaderOrg, deputy_ids: [units[0]] };
  assertError(await L.post(`${Y}/handover`, repeat), 409, 'leader_repeat');
  assertError(await L.post(`${Y}/handover`, { ...repeat, override: true }), 403, 'forbidden');
  assertError(await officer.post(`${Y}/handover`, repeat), 409, 'leader_repeat');
  assertError(await L.post(`${Y}/handover`, { by_rotation: true, leader_id: units[0] }), 422, 'unexpected');
  assertError(await L.post(`${Y}/handover`, {}), 422, 'required');
  assertError(await L.post(`${Y}/handover`, { by_rotation: false }), 422, 'required');
  assertError(await L.post(`${Y}/handover`, { leader_id: String(units[0]), deputy_ids: [units[1]] }), 422, 'wrong_type');
  assertError(await L.post(`${Y}/handover`, { leader_id: units[0] }), 422, 'required');
  assertError(await L.post(`${Y}/handover`, { by_rotation: true, deputy_ids: [units[3]] }), 422, 'unexpected');
  assertError(await L.post(`${Y}/handover`, { leader_id: units[0], deputy_ids: [] }), 422, 'required');
  assertError(await L.post(`${Y}/handover`, { leader_id: outsiderOrg, deputy_ids: [units[0]] }), 422, 'not_a_member');
  assertError(await L.post(`${Y}/handover`, { leader_id: units[0], deputy_ids: [units[0]] }), 422, 'leader_is_deputy');
  assertError(await L.post(`${Y}/handover`, { by_rotation: true, members: units.slice(0, 5) }), 403, 'forbidden');
  assertError(await L.post(`${Y}/handover`, { by_rotation: true, successor: 1 }), 422, 'unknown_field');
  assertError(await L.get(`${Y}/handover`), 404, 'no_handover');

  // By rotation: after units[11] come units[12], then units[0] and units[1]
  // as deputies (as many as this year had).
  const h = await ok(L.post(`${Y}/handover`, { by_rotation: true }), 201);
  assert.equal(h.cluster_id, cluster.id);
  assert.equal(h.year, YEAR + 1);
  assert.equal(h.leader_id, units[12]);
  assert.deepEqual(h.deputy_ids, [units[0], units[1]]);
  assert.deepEqual(sorted(h.members), sorted(units));
  assert.equal(h.override, false);
  const got = await ok(tok[units[5]].get(`${Y}/handover`));
  assert.deepEqual(got, { cluster_id: h.cluster_id, year: h.year, leader_id: h.leader_id, deputy_ids: h.deputy_ids, members: h.members });
  assertError(await L.post(`${Y}/handover`, { by_rotation: true }), 409, 'next_year_exists');
  assertError(await officer.post(`${Y}/handover`, { leader_id: units[3], deputy_ids: [units[4]] }), 409, 'next_year_exists');

  Y2 = `/api/v1/clusters/${cluster.id}/years/${YEAR + 1}`;
  const y2 = await yearOf(Y2);
  assert.equal(y2.status, 'planning');
  assert.equal(y2.leader_id, units[12]);
  assert.deepEqual(y2.deputy_ids, [units[0], units[1]]);
  assert.deepEqual(sorted(y2.members), sorted(units));
  assert.equal(y2.criteria_version, 1);
  assert.equal(y2.final_rule, FINAL_RULE);
  assert.deepEqual(y2.tie_break, TIE_BREAK);
  assert.equal(y2.deadline, null);
  assert.equal(y2.published_at, null);
  assert.deepEqual((await ok(admin.get(`/api/v1/clusters/${cluster.id}`))).years, [YEAR + 1, YEAR]);
  const t2 = await ok(viewer.get(`${Y2}/criteria`));
  assert.equal(t2.version, 1);
  assert.equal(t2.current_version, 1);
  assert.deepEqual(tree(t2.items), TABLE);
  assert.equal(t2.max_total, 80);
  const ag2 = await ok(viewer.get(`${Y2}/agreement`));
  assert.equal(ag2.revision, 0);
  assert.deepEqual(ag2.signatures, []);

  // The leader's powers follow the year.
  const newLeader = tok[units[12]];
  assert.deepEqual((await ok(newLeader.get(Y2))).your_powers, ['leader', 'member']);
  assert.deepEqual((await ok(L.get(Y2))).your_powers, ['member']);
  assert.deepEqual((await ok(L.get(Y))).your_powers, ['leader', 'member']);
  assert.deepEqual((await ok(newLeader.get(Y))).your_powers, ['member']);
  assertError(await L.put(`${Y2}/agreement`, { text: 'Giao ước 2027' }), 403, 'forbidden');
  assertError(await L.put(`${Y2}/criteria`, { items: DRAFT }), 403, 'forbidden');
  const ag = await ok(newLeader.put(`${Y2}/agreement`, { text: 'GIAO ƯỚC THI ĐUA NĂM 2027' }));
  assert.equal(ag.revision, 1);
  // The new leader may start from another table and copy last year's back.
  const draft = await ok(newLeader.put(`${Y2}/criteria`, { items: DRAFT, final_rule: 'cross_mean' }));
  assert.equal(draft.version, 2);
  assertError(await newLeader.post(`${Y2}/criteria/copy`, { from_year: YEAR + 1 }), 422, 'same_year');
  assertError(await newLeader.post(`${Y2}/criteria/copy`, { from_year: 2020 }), 422, 'unknown_year');
  assertError(await L.post(`${Y2}/criteria/copy`, { from_year: YEAR }), 403, 'forbidden');
  const copied = await ok(newLeader.post(`${Y2}/criteria/copy`, { from_year: YEAR }));
  assert.equal(copied.version, 3);
  assert.deepEqual(tree(copied.items), TABLE);
  assert.equal(copied.final_rule, FINAL_RULE);
  assert.deepEqual(copied.tie_break, TIE_BREAK);

  // Now the authority closes 2026; the leader could not.
  const closed = await ok(officer.post(`${Y}/status`, { status: 'closed' }));
  assert.equal(closed.status, 'closed');
  assertError(await officer.post(`${Y}/status`, { status: 'planning' }), 409, 'out_of_order');
  assert.deepEqual(await ok(viewer.get(`${Y}/ranking`)), published);
});

test('a small cluster: forced moves, reviewed_self, no tie-break keys, explicit handover and the authority\'s override', async () => {
  const m = units.slice(0, 4);
  const [u0, u1, u2, u3] = m;
  const c = await ok(officer.post('/api/v1/clusters', { name: 'Cụm thi đua nhỏ', authority_id: ids.btctw }), 201);
  const Yb = `/api/v1/clusters/${c.id}/years/${YEAR}`;
  await ok(officer.put(Yb, { members: m, leader_id: u0, deputy_ids: [u1] }), 201);
  const lead = tok[u0];
  await ok(lead.put(`${Yb}/agreement`, { text: 'Giao ước cụm nhỏ' }));
  for (const o of m) await ok(tok[o].post(`${Yb}/agreement/signatures`, {}), 201);
  assert.equal((await yearOf(Yb)).status, 'agreement_signed');
  await ok(lead.post(`${Yb}/status`, { status: 'in_progress' }));
  assertError(await lead.post(`${Yb}/status`, { status: 'self_assessment' }), 409, 'no_scoring_table');
  // The table is part of what was signed: setting it now voids the signatures.
  const small = [
    { code: 'A', name: 'Chuyên môn', kind: 'group', max_points: 0, children: [
      { code: 'A.1', name: 'Tham mưu', kind: 'points', max_points: 10 },
      { code: 'A.2', name: 'Chỉ tiêu', kind: 'quantitative', max_points: 10, target: 20 },
    ] },
    { code: 'B', name: 'Thưởng', kind: 'bonus', max_points: 2 },
    { code: 'C', name: 'Trừ', kind: 'penalty', max_points: 2 },
  ];
  const t = await ok(lead.put(`${Yb}/criteria`, { items: small, final_rule: 'reviewed_self', tie_break: [] }));
  assert.deepEqual(sorted(t.signatures_invalidated), sorted(m));
  assert.deepEqual(t.tie_break, []);
  assert.equal((await yearOf(Yb)).status, 'planning');
  for (const o of m) await ok(tok[o].post(`${Yb}/agreement/signatures`, {}), 201);
  await ok(lead.post(`${Yb}/status`, { status: 'in_progress' }));
  await ok(lead.post(`${Yb}/status`, { status: 'self_assessment' }));

  const mine = new Map();
  const adj = new Map();
  const selfScore = async (o, scores) => {
    await ok(tok[o].post(`${Yb}/scores`, { scored_org_id: o, scores }));
    for (const s of scores) mine.set(`${o}/${o}/${s.criterion}`, asNumber(s.points ?? s.value));
  };
  // After the review u0 and u1 tie on total (u1 has 1 more base and 1
  // more penalty); u2 is partial, u3 has entered nothing.
  await selfScore(u0, [{ criterion: 'A.1', points: 8 }, { criterion: 'A.2', value: 30 }, { criterion: 'B', points: 1 }, { criterion: 'C', points: 0.5 }]);
  await selfScore(u1, [{ criterion: 'A.1', points: 8 }, { criterion: 'A.2', value: 30 }, { criterion: 'B', points: 1 }, { criterion: 'C', points: 1.5 }]);
  await selfScore(u2, [{ criterion: 'A.2', value: 10 }]);
  const notYet = await lead.post(`${Yb}/status`, { status: 'cross_assessment' });
  assertError(notYet, 409, 'scores_incomplete');
  assert.match(notYet.body.error.message, /^2 self sheets are incomplete/);
  assertError(await lead.post(`${Yb}/status`, { status: 'cross_assessment', force: 1 }), 422, 'wrong_type');
  const forced = await ok(lead.post(`${Yb}/status`, { status: 'cross_assessment', force: true }));
  assert.equal(forced.status, 'cross_assessment');
  await ok(tok[u1].post(`${Yb}/scores`, { scored_org_id: u2, scores: [{ criterion: 'A.1', points: 9 }] }));
  // The review: the leader raises u2's A.2 but cannot enter u3's A.1 in
  // u3's name; the authority reviews the leader unit's own entry.
  await ok(lead.post(`${Yb}/scores/adjustments`, { scored_org_id: u2, scoring_org_id: u2, criterion: 'A.2', value: 25, reason: 'Số liệu đã được xác minh' }));
  adj.set(`${u2}/${u2}/A.2`, 25);
  assertError(await lead.post(`${Yb}/scores/adjustments`, { scored_org_id: u3, scoring_org_id: u3, criterion: 'A.1', points: 4, reason: 'Theo báo cáo tổng kết' }), 409, 'no_entry');
  // Nor review the cross entries its own unit gave.
  await ok(tok[u0].post(`${Yb}/scores`, { scored_org_id: u3, scores: [{ criterion: 'A.1', points: 3 }] }));
  assertError(await lead.post(`${Yb}/scores/adjustments`, { scored_org_id: u3, scoring_org_id: u0, criterion: 'A.1', points: 9, reason: 'x' }), 403, 'own_unit');
  assertError(await lead.post(`${Yb}/scores/adjustments`, { scored_org_id: u0, scoring_org_id: u0, criterion: 'A.1', points: 6, reason: 'x' }), 403, 'own_unit');
  await ok(officer.post(`${Yb}/scores/adjustments`, { scored_org_id: u0, scoring_org_id: u0, criterion: 'A.1', points: 7, reason: 'Điều chỉnh của Ban' }));
  adj.set(`${u0}/${u0}/A.1`, 7);
  // Publishing under reviewed_self checks the self sheets: 2 are incomplete.
  const incomplete = await lead.post(`${Yb}/ranking/publish`, {});
  assertError(incomplete, 409, 'scores_incomplete');
  assert.match(incomplete.body.error.message, /^2 self sheets are incomplete/);
  const pub = await ok(lead.post(`${Yb}/ranking/publish`, { force: true }));
  const expected = expectedRanking(small, m, mine, adj, 'reviewed_self', []);
  assert.deepEqual(rowsOf(pub), expected);
  const row = (o) => pub.items.find((x) => x.org_id === o);
  // u0: 7 (reviewed) + 10 + 1 − 0.5; u1: 8 + 10 + 1 − 1.5: with no tie-break
  // keys the tie is shared, though u0 has fewer penalty points.
  assert.equal(row(u0).total, 17.5);
  assert.equal(row(u1).total, 17.5);
  assert.equal(row(u0).rank, 1);
  assert.equal(row(u1).rank, 1);
  assert.equal(row(u0).tied, true);
  assert.equal(row(u0).tie_key, null);
  assert.equal(row(u2).rank, 3);
  assert.equal(row(u2).points['A.1'], 0, 'a cross score does not count under reviewed_self');
  assert.equal(row(u2).points['A.2'], 7.5, '25 between 20 and the best 30');
  assert.equal(row(u3).points['A.1'], 0, 'u3 entered nothing itself');
  assert.equal(row(u3).points['A.2'], 0, 'nobody scored it');
  const yb = await yearOf(Yb);
  assert.equal(yb.status, 'results_published');

  // No rotation: the leader must be named.
  assertError(await lead.post(`${Yb}/handover`, { by_rotation: true }), 409, 'no_rotation');
  assertError(await lead.post(`${Yb}/handover`, { leader_id: u0, deputy_ids: [u2], override: true }), 403, 'forbidden');
  assertError(await officer.post(`${Yb}/handover`, { leader_id: u0, deputy_ids: [u2] }), 409, 'leader_repeat');
  const h = await ok(lead.post(`${Yb}/handover`, { leader_id: u2, deputy_ids: [u0, u3] }), 201);
  assert.equal(h.leader_id, u2);
  assert.deepEqual(h.deputy_ids, [u0, u3]);
  assert.equal(h.override, false);
  const Yb2 = `/api/v1/clusters/${c.id}/years/${YEAR + 1}`;
  const yb2 = await yearOf(Yb2);
  assert.equal(yb2.status, 'planning');
  assert.equal(yb2.leader_id, u2);
  assert.deepEqual(sorted(yb2.members), sorted(m));
  assert.equal(yb2.final_rule, 'reviewed_self');
  assert.deepEqual(yb2.tie_break, []);
  assert.equal(yb2.criteria_version, 1);
  assert.deepEqual(tree((await ok(viewer.get(`${Yb2}/criteria`))).items), small);
  assert.deepEqual((await ok(tok[u2].get(Yb2))).your_powers, ['leader', 'member']);
  assert.deepEqual((await ok(lead.get(Yb2))).your_powers, ['member']);

  // 2027, led by u2, under cross_mean with penalty as the tie-break key.
  const lead2 = tok[u2];
  await ok(lead2.put(`${Yb2}/agreement`, { text: 'Giao ước cụm nhỏ năm 2027' }));
  const t2 = await ok(lead2.put(`${Yb2}/criteria`, { items: small, final_rule: 'cross_mean', tie_break: ['penalty'] }));
  assert.equal(t2.version, 1, 'the same tree as the copied one: only the rules change');
  assert.equal(t2.final_rule, 'cross_mean');
  // The four sign at once: one of them completes the agreement, once.
  const signs = await Promise.all(m.map((o) => tok[o].post(`${Yb2}/agreement/signatures`, {})));
  assert.deepEqual(signs.map((r) => r.status), [201, 201, 201, 201]);
  assert.equal(signs.filter((r) => r.body.status === 'agreement_signed').length, 1);
  assert.equal((await yearOf(Yb2)).status, 'agreement_signed');
  const moves2 = (await ok(admin.get(`/api/v1/audit?entity=cluster_year&entity_id=${c.id}/${YEAR + 1}`))).items
    .filter((a) => a.action === 'transition');
  assert.deepEqual(moves2.map((a) => a.after.status), ['agreement_signed']);
  await ok(lead2.post(`${Yb2}/status`, { status: 'in_progress' }));
  await ok(lead2.post(`${Yb2}/status`, { status: 'self_assessment' }));
  await ok(lead2.post(`${Yb2}/status`, { status: 'cross_assessment', force: true }));
  const given = new Map();
  const crossScore = async (from, to, [a1, a2, bonus, pen]) => {
    const scores = [{ criterion: 'A.1', points: a1 }, { criterion: 'A.2', value: a2 }, { criterion: 'B', points: bonus }];
    if (pen !== undefined) scores.push({ criterion: 'C', points: pen });
    await ok(tok[from].post(`${Yb2}/scores`, { scored_org_id: to, scores }));
    for (const x of scores) given.set(`${to}/${from}/${x.criterion}`, x.points ?? x.value);
  };
  // u0 and u1 end equal on total (7 + 5 + 1 and 8 + 5 + 1 − 1); penalty
  // puts u0 first. u3 never scores u2, whose mean is over two sheets.
  await crossScore(u1, u0, [6, 20, 1, 0]);
  await crossScore(u2, u0, [8, 20, 1, 0]);
  await crossScore(u3, u0, [7, 20, 1, 0]);
  for (const from of [u0, u2, u3]) await crossScore(from, u1, [8, 20, 1, 1]);
  await crossScore(u0, u2, [9, 40, 2]);
  await crossScore(u1, u2, [9.5, 35, 0]);
  await crossScore(u0, u3, [3, 10, 0, 0.5]);
  await crossScore(u1, u3, [4, 11, 0, 0.5]);
  await crossScore(u2, u3, [5.55, 12, 0, 0.5]);
  assertError(await lead2.post(`${Yb2}/ranking/publish`, {}), 409, 'scores_incomplete');
  const pub2 = await ok(lead2.post(`${Yb2}/ranking/publish`, { force: true }));
  assert.deepEqual(rowsOf(pub2), expectedRanking(small, m, given, new Map(), 'cross_mean', ['penalty']));
  const row2 = (o) => pub2.items.find((x) => x.org_id === o);
  assert.deepEqual(pub2.items.map((x) => x.org_id), [u2, u0, u1, u3]);
  assert.equal(row2(u2).points['A.1'], 9.25);
  assert.equal(row2(u2).points['A.2'], 10, 'the best unit: mean 37.5');
  assert.equal(row2(u0).points['A.2'], 5, 'at the target 20');
  assert.equal(row2(u3).points['A.1'], 4.18, '(3 + 4 + 5.55) / 3');
  assert.equal(row2(u3).points['A.2'], 2.75, '11 of 20: 0.5 × 10 × 0.55');
  assert.equal(row2(u0).total, 13);
  assert.equal(row2(u1).total, 13);
  assert.deepEqual([row2(u0).rank, row2(u1).rank], [2, 3]);
  assert.deepEqual([row2(u0).tie_key, row2(u1).tie_key], ['penalty', 'penalty']);

  // 2027 → 2028: the authority lets u2 lead again, with new members.
  const again = { leader_id: u2, deputy_ids: [u3], override: true };
  assertError(await tok[u2].post(`${Yb2}/handover`, again), 403, 'forbidden');
  assertError(await officer.post(`${Yb2}/handover`, { ...again, override: false }), 409, 'leader_repeat');
  assertError(await officer.post(`${Yb2}/handover`, { ...again, members: [u2, u3, ids.btctw] }), 422, 'wrong_org_kind');
  const o = await ok(officer.post(`${Yb2}/handover`, { ...again, members: [u2, u3, outsiderOrg] }), 201);
  assert.equal(o.override, true);
  assert.equal(o.leader_id, u2);
  const yb3 = await yearOf(`/api/v1/clusters/${c.id}/years/${YEAR + 2}`);
  assert.deepEqual(sorted(yb3.members), sorted([u2, u3, outsiderOrg]));
  assert.equal(yb3.leader_id, u2);
  assert.deepEqual(yb3.deputy_ids, [u3]);
  // The newcomer is a member of 2028 only.
  assert.deepEqual((await ok(outsider.get(`/api/v1/clusters/${c.id}/years/${YEAR + 2}`))).your_powers, ['member']);
  assert.deepEqual((await ok(outsider.get(Yb2))).your_powers, []);
});

test('the audit log records transitions, signatures, scores, reviews and the handover', async () => {
  const audit = async (entity, entityId) => {
    const q = `/api/v1/audit?limit=500&entity=${entity}${entityId ? `&entity_id=${encodeURIComponent(entityId)}` : ''}`;
    const r = await ok(admin.get(q));
    return [...r.items].sort((a, b) => a.seq - b.seq);
  };
  const key = `${cluster.id}/${YEAR}`;
  const yearLog = await audit('cluster_year', key);
  const moves = yearLog.filter((a) => a.action === 'transition');
  assert.deepEqual(moves.map((a) => a.after.status), [
    'agreement_signed', 'planning', 'agreement_signed', 'in_progress', 'self_assessment',
    'cross_assessment', 'results_published', 'closed',
  ]);
  assert.deepEqual(moves.map((a) => a.before.status), [
    'planning', 'agreement_signed', 'planning', 'agreement_signed', 'in_progress',
    'self_assessment', 'cross_assessment', 'results_published',
  ]);
  assert.deepEqual(moves.map((a) => a.actor_name), [
    username[units[N - 1]], username[leaderOrg], username[units[0]], username[leaderOrg],
    username[leaderOrg], username[leaderOrg], username[leaderOrg], server.logins.authority_officer.username,
  ]);
  assert.equal(moves[4].after.deadline, FUTURE);
  assert.ok(moves.every((a) => a.after.forced === false));
  assert.ok(yearLog.some((a) => a.action === 'deadline' && a.after.deadline === FUTURE && a.actor_name === username[leaderOrg]));
  assert.equal(yearLog[0].action, 'create');

  const agreementLog = await audit('agreement', key);
  const count = (log, action) => log.filter((a) => a.action === action).length;
  assert.equal(count(agreementLog, 'create'), 1);
  assert.equal(count(agreementLog, 'update'), 2);
  assert.equal(count(agreementLog, 'sign'), 3 + N + N);
  const voids = agreementLog.filter((a) => a.action === 'invalidate_signatures');
  assert.deepEqual(voids.map((a) => sorted(a.before.signatures)), [sorted(units.slice(0, 3)), sorted(units)]);
  const sign = agreementLog.find((a) => a.action === 'sign');
  assert.equal(sign.actor_name, username[units[0]]);
  assert.deepEqual(sign.after, { org_id: units[0], revision: 1 });
  assert.deepEqual((await audit('criteria', key)).map((a) => a.action), ['create', 'update']);

  const sheets = (await audit('score_sheet')).filter((a) => a.entity_id.startsWith(`${key}/`));
  // 13 self sheets (two of them sent in two parts) and 156 cross sheets.
  assert.equal(sheets.length, N + 2 + N * (N - 1));
  assert.ok(sheets.every((a) => a.action === 'score'));
  const one = sheets.find((a) => a.entity_id === `${key}/${units[3]}/${units[3]}`);
  assert.equal(one.actor_name, username[units[3]]);
  assert.deepEqual(one.after[0], { criterion: 'I.1', entry: selfSheet(3)[0].points, note: 'Đơn vị tự chấm: I.1' });
  const crossOne = sheets.find((a) => a.entity_id === `${key}/${units[1]}/${units[2]}`);
  assert.equal(crossOne.actor_name, username[units[2]]);
  assert.equal(crossOne.after.length, leaves.length);

  const reviewLog = await audit('score');
  const reviews = reviewLog.filter((a) => a.entity_id.startsWith(`${key}/`));
  assert.equal(reviews.length, 2, JSON.stringify(reviewLog.map((a) => [a.action, a.entity_id])));
  assert.equal(reviews.length, 2);
  const [first, second] = reviews;
  assert.equal(first.action, 'adjust');
  assert.equal(first.actor_name, username[leaderOrg]);
  assert.match(first.entity_id, new RegExp(`^${key}/${units[X]}/\\d+/I\\.1$`));
  assert.equal(first.after.adjusted, 1);
  assert.equal(first.after.reason, 'Thiếu minh chứng cho nội dung I.1');
  assert.equal(first.before.adjusted, null);
  assert.equal(second.actor_name, server.logins.authority_officer.username);

  const hand = await audit('cluster_year', `${cluster.id}/${YEAR + 1}`);
  const h = hand.find((a) => a.action === 'handover');
  assert.ok(h, JSON.stringify(hand));
  assert.equal(h.actor_name, username[leaderOrg]);
  assert.equal(h.after.leader_id, units[12]);
  assert.deepEqual(h.after.deputy_ids, [units[0], units[1]]);
  assert.equal(h.after.override, false);
  // The chain holds.
  const v = thidua(['audit', 'verify', '--db', server.db]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
});

test('membership changes keep the signatures of members who stay; the last unsigned member leaving moves the year on', async () => {
  const orgs = [];
  for (const name of ['Ban Tổ chức thử A', 'Ban Tổ chức thử B', 'Ban Tổ chức thử C', 'Ban Tổ chức thử D']) {
    orgs.push((await newUnit(name)).id);
  }
  const [A, B, C, D] = orgs;
  const cl = await ok(officer.post('/api/v1/clusters', { name: 'Cụm thử thành viên', authority_id: ids.btctw, rotation: orgs }), 201);
  const path = `/api/v1/clusters/${cl.id}/years/${YEAR}`;
  await ok(officer.put(path, { members: [A, B, C], leader_id: A, deputy_ids: [B] }), 201);
  const ta = await newOfficer(A, 'thu.a');
  const tb = await newOfficer(B, 'thu.b');
  await ok(ta.put(`${path}/agreement`, { text: 'Giao ước thử', targets: [] }));
  await ok(ta.post(`${path}/agreement/signatures`, {}), 201);
  await ok(tb.post(`${path}/agreement/signatures`, {}), 201);

  // Adding a member keeps A's and B's signatures; D has not signed.
  let y = await ok(officer.put(path, { members: [A, B, C, D], leader_id: A, deputy_ids: [B] }));
  assert.equal(y.status, 'planning');
  let ag = await ok(officer.get(`${path}/agreement`));
  assert.deepEqual(sorted(ag.signatures.map((s) => s.org_id)), sorted([A, B]));
  assert.deepEqual(sorted(ag.unsigned_ids), sorted([C, D]));

  // Removing the two who have not signed: every member has, so the year moves on.
  y = await ok(officer.put(path, { members: [A, B], leader_id: A, deputy_ids: [B] }));
  assert.equal(y.status, 'agreement_signed');
  assert.equal((await yearOf(path)).status, 'agreement_signed');
  ag = await ok(officer.get(`${path}/agreement`));
  assert.equal(ag.all_signed, true);
  const log = (await ok(admin.get(`/api/v1/audit?entity=cluster_year&entity_id=${cl.id}/${YEAR}&limit=10`))).items;
  const move = log.find((e) => e.action === 'transition');
  assert.deepEqual([move.before.status, move.after.status], ['planning', 'agreement_signed']);
  assert.equal(move.actor_name, server.logins.authority_officer.username);
});

test('a two-unit year: options only where they apply, reviews only of entries made, published_at stamped, rotation with the outgoing leader as deputy', async () => {
  const A = (await newUnit('Ban Tổ chức hai đơn vị A')).id;
  const B = (await newUnit('Ban Tổ chức hai đơn vị B')).id;
  const cl = await ok(officer.post('/api/v1/clusters', { name: 'Cụm hai đơn vị', authority_id: ids.btctw, rotation: [A, B] }), 201);
  const P = `/api/v1/clusters/${cl.id}/years/${YEAR}`;
  await ok(officer.put(P, { members: [A, B], leader_id: A, deputy_ids: [B] }), 201);
  const ta = await newOfficer(A, 'hai.a');
  const tb = await newOfficer(B, 'hai.b');
  await ok(ta.put(`${P}/agreement`, { text: 'Giao ước hai đơn vị', targets: [] }));
  // Criteria: a field that belongs to another kind, and an empty tie-break key, are refused.
  assertError(await ta.put(`${P}/criteria`, { items: [{ code: 'A', name: 'Điểm', kind: 'points', max_points: 10, target: 5 }] }), 422, 'not_applicable');
  assertError(await ta.put(`${P}/criteria`, { items: [{ code: 'A', name: 'Điểm', kind: 'points', max_points: 10 }], tie_break: [''] }), 422, 'invalid_value');
  await ok(ta.put(`${P}/criteria`, { items: [{ code: 'A', name: 'Điểm', kind: 'points', max_points: 10 }] }));
  for (const c of [ta, tb]) await ok(c.post(`${P}/agreement/signatures`, {}), 201);
  // A deadline belongs to opening a scoring phase, force to closing one.
  assertError(await ta.post(`${P}/status`, { status: 'in_progress', deadline: FUTURE }), 422, 'unexpected');
  assertError(await ta.post(`${P}/status`, { status: 'in_progress', force: true }), 422, 'unexpected');
  await ok(ta.post(`${P}/status`, { status: 'in_progress' }));
  await ok(ta.post(`${P}/status`, { status: 'self_assessment' }));
  await ok(tb.post(`${P}/scores`, { scored_org_id: B, scores: [{ criterion: 'A', points: 8 }] }));
  await ok(ta.post(`${P}/scores`, { scored_org_id: A, scores: [{ criterion: 'A', points: 9 }] }));
  await ok(ta.post(`${P}/status`, { status: 'cross_assessment' }));
  await ok(tb.post(`${P}/scores`, { scored_org_id: A, scores: [{ criterion: 'A', points: 7 }] }));
  // A cross entry nobody made cannot be created by a review, and the
  // leader never reviews what its own unit gave or received.
  assertError(await officer.post(`${P}/scores/adjustments`, { scored_org_id: B, scoring_org_id: A, criterion: 'A', points: 1, reason: 'x' }), 409, 'no_entry');
  assertError(await ta.post(`${P}/scores/adjustments`, { scored_org_id: A, scoring_org_id: B, criterion: 'A', points: 1, reason: 'x' }), 403, 'own_unit');
  const adjusted = await ok(officer.post(`${P}/scores/adjustments`, { scored_org_id: A, scoring_org_id: B, criterion: 'A', points: 6.5, reason: 'Đối chiếu minh chứng' }));
  assert.equal(adjusted.points, 7);
  assert.equal(adjusted.adjusted.points, 6.5);
  assertError(await officer.post(`${P}/scores/adjustments`, { scored_org_id: A, scoring_org_id: B, criterion: 'A', points: 11, reason: 'x' }), 422, 'over_maximum');
  const wrongKey = await officer.post(`${P}/scores/adjustments`, { scored_org_id: A, scoring_org_id: B, criterion: 'A', value: 1, reason: 'x' });
  assertError(wrongKey, 422, 'wrong_entry');
  assert.equal(wrongKey.body.error.field, 'value');
  // Publishing through /status stamps the year as /ranking/publish does.
  const published = await ok(ta.post(`${P}/status`, { status: 'results_published', force: true }));
  assert.equal(published.status, 'results_published');
  assert.ok(published.published_at, JSON.stringify(published));
  const ranking = await ok(tb.get(`${P}/ranking`));
  assert.deepEqual(ranking.items.map((r) => [r.org_id, r.total]), [[A, 6.5], [B, 0]]);
  // Two units: B leads next and A, the outgoing leader, deputizes.
  const h = await ok(ta.post(`${P}/handover`, { by_rotation: true }), 201);
  assert.equal(h.leader_id, B);
  assert.deepEqual(h.deputy_ids, [A]);
});
