// Indicators and the units' yearly reports: the catalog, a report from
// draft to accepted (and returned), who may write, accept and read whose,
// agreement with the people registry, and /stats/indicators: the roll-up
// over the org tree and a cluster, the change and percentage at their
// edges, drafts never counted.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, session, assertError, demoIds, thidua } from './helpers.mjs';

let server;
let admin;
let ao; // authority officer of BTCTW
let uo; // unit officer of a unit beneath BTCTW
let lo; // leader officer of another unit beneath BTCTW
let ids;
let seq = 0;
const YEAR = new Date().getUTCFullYear();
// The demo's units have reports for the last three years: tests that write
// for them use years before those.
const PAST = YEAR - 10;

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  ao = await session(server, 'authority_officer');
  uo = await session(server, 'unit_officer');
  lo = await session(server, 'leader_officer');
  ids = await demoIds(server, admin);
});
after(async () => { await server.stop(); });

async function ok(r, status = 200) {
  assert.equal(r.status, status, r.text);
  return r.body;
}

const code = (base) => `t${++seq}_${base}`;

async function indicator(body) {
  return ok(await admin.post('/api/v1/indicators', { name: 'Chỉ tiêu thử', unit: 'người', aggregate: 'sum', ...body }), 201);
}

async function org(name, kind, parent_id) {
  return (await ok(await admin.post('/api/v1/orgs', { name: `${name} ${++seq}`, kind, ...(parent_id ? { parent_id } : {}) }), 201)).id;
}

const report = (client, body) => client.post('/api/v1/reports', body);

// ---- the catalog ----

test('the admin keeps the catalog; everyone reads it', async () => {
  const c = code('models_new');
  const made = await indicator({ code: c, name: 'Mô hình mới', unit: 'mô hình' });
  assert.equal(made.code, c);
  assert.equal(made.aggregate, 'sum');
  assert.equal(made.derived_from, null);
  const list = await ok(await uo.get('/api/v1/indicators?limit=500'));
  assert.ok(list.items.some((i) => i.code === c));
  assert.equal((await ok(await uo.get(`/api/v1/indicators/${made.id}`))).name, 'Mô hình mới');
  assertError(await ao.post('/api/v1/indicators', { code: code('x'), name: 'X', unit: 'x', aggregate: 'sum' }), 403, 'forbidden');
  assertError(await admin.post('/api/v1/indicators', { code: c, name: 'Trùng', unit: 'x', aggregate: 'sum' }), 409, 'code_taken');
  for (const bad of ['Models', 'mô_hình', 'a-b', '', 'x'.repeat(41)]) {
    const r = await admin.post('/api/v1/indicators', { code: bad, name: 'X', unit: 'x', aggregate: 'sum' });
    assert.equal(r.status, 422, `${bad}: ${r.text}`);
    assert.equal(r.body.error.field, 'code');
  }
  assertError(await admin.post('/api/v1/indicators', { code: code('x'), name: 'X', unit: 'x', aggregate: 'mean' }), 422, 'invalid_value');
  assertError(await admin.post('/api/v1/indicators', { code: code('x'), name: 'X', unit: 'x', aggregate: 'avg', derived_from: 'party_members' }), 422, 'invalid_value');
  assertError(await admin.post('/api/v1/indicators', { code: code('x'), name: 'X', unit: 'x', aggregate: 'sum', colour: 'red' }), 422, 'unknown_field');
  assertError(await admin.post('/api/v1/indicators', { code: code('x'), unit: 'x', aggregate: 'sum' }), 422, 'required');
  assertError(await uo.get('/api/v1/indicators/999999'), 404);
});

test('an indicator is renamed freely; its code and aggregate are fixed once reported', async () => {
  const ind = await indicator({ code: code('fixed') });
  const renamed = await ok(await admin.patch(`/api/v1/indicators/${ind.id}`, { name: 'Tên mới', aggregate: 'avg' }));
  assert.equal(renamed.name, 'Tên mới');
  assert.equal(renamed.aggregate, 'avg');
  await ok(await report(admin, { org_id: ids.userOrg.unit_officer, year: PAST - 8, values: { [ind.code]: 4 } }), 201);
  assertError(await admin.patch(`/api/v1/indicators/${ind.id}`, { code: code('other') }), 409, 'indicator_in_use');
  assertError(await admin.patch(`/api/v1/indicators/${ind.id}`, { aggregate: 'sum' }), 409, 'indicator_in_use');
  const whole = await ok(await admin.patch(`/api/v1/indicators/${ind.id}`, { ...renamed, name: 'Tên sau', unit: 'lượt' }));
  assert.equal(whole.unit, 'lượt');
  assertError(await admin.patch(`/api/v1/indicators/${ind.id}`, { id: ind.id + 1 }), 422, 'read_only');
  assertError(await uo.patch(`/api/v1/indicators/${ind.id}`, { name: 'Không được' }), 403);
});

// ---- reports ----

test('a unit reports for itself, never for another unit', async () => {
  const ind = await indicator({ code: code('cadres') });
  const mine = ids.userOrg.unit_officer;
  const r = await ok(await report(uo, { year: PAST - 1, values: { [ind.code]: 753 } }), 201);
  assert.equal(r.org_id, mine, 'org_id defaults to the caller\'s org');
  assert.equal(r.status, 'draft');
  assert.equal(r.values[ind.code], 753);
  assert.equal(r.submitted_at, null);
  // another unit, the authority, or a unit in another tree: 403, nothing written
  for (const other of [ids.userOrg.leader_officer, ids.btctw, ids.clusters.find((c) => c.authority_id === ids.bnv).rotation[0]]) {
    assertError(await report(uo, { org_id: other, year: PAST - 1, values: { [ind.code]: 1 } }), 403, 'forbidden');
  }
  const listed = await ok(await admin.get(`/api/v1/reports?org_id=${ids.userOrg.leader_officer}&year=${PAST - 1}`));
  assert.equal(listed.total, 0);
  // the authority officer writes for a unit beneath it
  await ok(await report(ao, { org_id: ids.userOrg.leader_officer, year: PAST - 1, values: { [ind.code]: 5 } }), 201);
  // the same org and year is replaced, not added
  const again = await ok(await report(uo, { year: PAST - 1, values: { [ind.code]: 760 }, status: 'submitted' }));
  assert.equal(again.id, r.id);
  assert.equal(again.status, 'submitted');
  assert.match(again.submitted_at, /^\d{4}-\d\d-\d\dT/);
  assert.equal(again.values[ind.code], 760);
});

test('bad reports are refused with the field named', async () => {
  const ind = await indicator({ code: code('bad') });
  const y = PAST - 2;
  const cases = [
    [{ year: y, values: { nope_code: 1 } }, 422, 'unknown_indicator', 'values.nope_code'],
    [{ year: y, values: { 'Bad Code': 1 } }, 422, 'unknown_indicator', 'values.Bad Code'],
    [{ year: y, values: { [ind.code]: -1 } }, 422, 'out_of_range', `values.${ind.code}`],
    [{ year: y, values: { [ind.code]: 1e16 } }, 422, 'out_of_range', `values.${ind.code}`],
    [{ year: y, values: { [ind.code]: '12' } }, 422, 'wrong_type', `values.${ind.code}`],
    [{ year: y, values: [1, 2] }, 422, 'wrong_type', 'values'],
    [{ year: YEAR + 1, values: {} }, 422, 'out_of_range', 'year'],
    [{ year: 1999, values: {} }, 422, 'out_of_range', 'year'],
    [{ values: {} }, 422, 'required', 'year'],
    [{ year: y, values: {}, status: 'accepted' }, 422, 'invalid_value', 'status'],
    [{ year: y, values: {}, extra: 1 }, 422, 'unknown_field', undefined],
    [{ year: y, org_id: 99999999, values: {} }, 422, 'unknown_org', 'org_id'],
  ];
  for (const [body, status, codeWant, field] of cases) {
    const r = await report(uo, body);
    assertError(r, status, codeWant);
    assert.equal(r.body.error.field, field, JSON.stringify(body));
  }
  // a null value means no value
  const r = await ok(await report(uo, { year: y, values: { [ind.code]: null } }), 201);
  assert.deepEqual(r.values, {});
  assertError(await admin.post('/api/v1/reports', '{"year": 2020, "values": {"a": 1, "a": 2}}'), 400);
});

test('the authority accepts or returns a submitted report; accepted is final until reopened', async () => {
  const ind = await indicator({ code: code('trained') });
  const y = PAST - 3;
  const r = await ok(await report(uo, { year: y, values: { [ind.code]: 1450 } }), 201);
  assertError(await ao.post(`/api/v1/reports/${r.id}/accept`, {}), 409, 'not_submitted');
  await ok(await report(uo, { year: y, values: { [ind.code]: 1450 }, status: 'submitted' }));
  // the unit cannot accept its own report (no role for it)
  assertError(await uo.post(`/api/v1/reports/${r.id}/accept`, {}), 403);
  assertError(await ao.post(`/api/v1/reports/${r.id}/return`, {}), 422, 'required');
  const back = await ok(await ao.post(`/api/v1/reports/${r.id}/return`, { note: 'Bổ sung số liệu quý IV' }));
  assert.equal(back.status, 'draft');
  assert.equal(back.note, 'Bổ sung số liệu quý IV');
  assert.equal(back.submitted_at, null);
  assertError(await ao.post(`/api/v1/reports/${r.id}/return`, { note: 'Lần nữa' }), 409, 'not_submitted');
  const again = await ok(await report(uo, { year: y, values: { [ind.code]: 1460 }, status: 'submitted' }));
  assert.equal(again.note, 'Bổ sung số liệu quý IV', 'the note stays until accepted');
  assertError(await ao.post(`/api/v1/reports/${r.id}/accept`, { extra: true }), 422, 'unknown_field');
  const accepted = await ok(await ao.post(`/api/v1/reports/${r.id}/accept`, {}));
  assert.equal(accepted.status, 'accepted');
  assert.equal(accepted.accepted_by, ids.btctw);
  assert.match(accepted.accepted_at, /^\d{4}-/);
  assert.equal(accepted.note, null);
  assertError(await report(uo, { year: y, values: { [ind.code]: 1 }, status: 'submitted' }), 409, 'report_accepted');
  assertError(await report(uo, { year: y, values: { [ind.code]: 1 } }), 409, 'report_accepted');
  assertError(await ao.post(`/api/v1/reports/${r.id}/accept`, {}), 409, 'not_submitted');
  // the authority reopens it
  const reopened = await ok(await ao.post(`/api/v1/reports/${r.id}/return`, { note: 'Mở lại để điều chỉnh' }));
  assert.equal(reopened.status, 'draft');
  assert.equal(reopened.accepted_by, null);
  // every move is in the audit chain
  const audit = await ok(await admin.get(`/api/v1/audit?entity=report&entity_id=${r.id}&limit=50`));
  const actions = audit.items.map((a) => a.action).reverse();
  assert.deepEqual(actions, ['create', 'update', 'return', 'update', 'accept', 'return']);
});

test('an authority never accepts its own organization\'s report', async () => {
  const ind = await indicator({ code: code('own') });
  const r = await ok(await report(ao, { org_id: ids.btctw, year: PAST - 1, values: { [ind.code]: 3 }, status: 'submitted' }), 201);
  assertError(await ao.post(`/api/v1/reports/${r.id}/accept`, {}), 403, 'own_report');
  assertError(await ao.post(`/api/v1/reports/${r.id}/return`, { note: 'x' }), 403, 'own_report');
  assert.equal((await ok(await admin.get(`/api/v1/reports/${r.id}`))).status, 'submitted');
  await ok(await admin.post(`/api/v1/reports/${r.id}/accept`, {}));
});

test('reports are read by the unit itself and the authorities above it', async () => {
  const ind = await indicator({ code: code('read') });
  const y = PAST - 4;
  const a = await ok(await report(uo, { year: y, values: { [ind.code]: 1 }, status: 'submitted' }), 201);
  const b = await ok(await report(lo, { year: y, values: { [ind.code]: 2 }, status: 'submitted' }), 201);
  assert.equal((await ok(await uo.get(`/api/v1/reports/${a.id}`))).id, a.id);
  assertError(await uo.get(`/api/v1/reports/${b.id}`), 403);
  assert.equal((await ok(await ao.get(`/api/v1/reports/${b.id}`))).id, b.id);
  const own = await ok(await uo.get(`/api/v1/reports?year=${y}&limit=500`));
  assert.ok(own.items.length >= 1);
  for (const it of own.items) assert.equal(it.org_id, ids.userOrg.unit_officer);
  assertError(await uo.get(`/api/v1/reports?org_id=${ids.userOrg.leader_officer}`), 403);
  const inbox = await ok(await ao.get(`/api/v1/reports?status=submitted&year=${y}&limit=500`));
  const orgsSeen = inbox.items.map((i) => i.org_id);
  assert.ok(orgsSeen.includes(ids.userOrg.unit_officer) && orgsSeen.includes(ids.userOrg.leader_officer));
  assert.ok(inbox.items.every((i) => i.status === 'submitted' && typeof i.org_name === 'string'));
  assertError(await ao.get('/api/v1/reports?status=returned'), 400, 'invalid_query');
  assertError(await admin.get('/api/v1/reports?org_id=99999999'), 404);
  const viewer = await session(server, 'viewer');
  assertError(await viewer.get('/api/v1/reports'), 403);
});

// ---- the people registry ----

test('party counts must agree with the people registry when it holds the unit\'s people', async () => {
  const adm = await indicator({ code: code('party_new'), derived_from: 'party_admissions' });
  const mem = await indicator({ code: code('party_all'), aggregate: 'last', derived_from: 'party_members' });
  const authority = await org('Ban Tổ chức đăng ký', 'authority');
  const unit = await org('Chi bộ đăng ký', 'unit', authority);
  const y = YEAR - 1;
  // no registry data yet: any figure goes
  await ok(await report(admin, { org_id: unit, year: y - 1, values: { [adm.code]: 40 }, status: 'submitted' }), 201);
  for (const date of [`${y}-03-02`, `${y}-09-30`, `${y - 3}-05-19`, `${y + 1}-01-01`]) {
    await ok(await admin.post('/api/v1/people', { full_name: `Đảng Viên ${++seq}`, gender: 'male', org_id: unit, party_member: true, party_admission_date: date }), 201);
  }
  await ok(await admin.post('/api/v1/people', { full_name: 'Quần Chúng Ưu Tú', gender: 'female', org_id: unit }), 201);
  // admitted in y: 2; members at the end of y: 3
  const bad = await report(admin, { org_id: unit, year: y, values: { [adm.code]: 1, [mem.code]: 3 }, status: 'submitted' });
  assertError(bad, 409, 'registry_mismatch');
  assert.equal(bad.body.error.field, `values.${adm.code}`);
  assert.match(bad.body.error.message, /1.*2/);
  assertError(await report(admin, { org_id: unit, year: y, values: { [adm.code]: 2, [mem.code]: 4 }, status: 'submitted' }), 409, 'registry_mismatch');
  // a draft is not checked; a missing value is not compared
  const draft = await ok(await report(admin, { org_id: unit, year: y, values: { [adm.code]: 1 } }), 201);
  assert.equal(draft.registry[adm.code], 2);
  assert.equal(draft.registry[mem.code], 3);
  const sent = await ok(await report(admin, { org_id: unit, year: y, values: { [adm.code]: 2, [mem.code]: 3 }, status: 'submitted' }));
  assert.equal(sent.status, 'submitted');
  // the registry changes before acceptance: accepting checks again
  await ok(await admin.post('/api/v1/people', { full_name: 'Đảng Viên Muộn', gender: 'female', org_id: unit, party_member: true, party_admission_date: `${y}-11-11` }), 201);
  assertError(await admin.post(`/api/v1/reports/${sent.id}/accept`, {}), 409, 'registry_mismatch');
  // statistics set the registry's count beside the value
  const st = await ok(await admin.get(`/api/v1/stats/indicators?org=${authority}&year=${y}`));
  const item = st.items.find((i) => i.code === adm.code);
  assert.equal(item.value, 2);
  assert.equal(item.registry, 3);
  assert.equal(st.items.find((i) => i.code === mem.code).registry, 4);
  const plain = st.items.find((i) => i.code !== adm.code && i.code !== mem.code);
  assert.equal(plain.registry, null);
});

// ---- statistics ----

test('statistics roll up over the org tree with the change and percentage at its edges', async () => {
  const sum = await indicator({ code: code('sum') });
  const avg = await indicator({ code: code('avg'), aggregate: 'avg' });
  const last = await indicator({ code: code('last'), aggregate: 'last' });
  const zero = await indicator({ code: code('zero') });
  const authority = await org('Tỉnh ủy thống kê', 'authority');
  const u1 = await org('Ban Tổ chức huyện A', 'unit', authority);
  const u2 = await org('Ban Tổ chức huyện B', 'unit', authority);
  const sub = await org('Huyện ủy C', 'authority', authority);
  const u3 = await org('Ban Tổ chức xã C1', 'unit', sub);
  await org('Ban Tổ chức xã C2', 'unit', sub); // expected, never reports
  const y = YEAR - 1;
  const put = (o, year, values, status = 'submitted') => report(admin, { org_id: o, year, values, status }).then((r) => assert.ok(r.status < 300, r.text));
  await put(u1, y - 1, { [sum.code]: 10, [avg.code]: 4, [last.code]: 100, [zero.code]: 0 });
  await put(u2, y - 1, { [sum.code]: 20, [avg.code]: 8, [last.code]: 50, [zero.code]: 0 });
  await put(u1, y, { [sum.code]: 15, [avg.code]: 6, [zero.code]: 5 }); // no stock: last carries 100
  await put(u2, y, { [sum.code]: 12, [avg.code]: 9, [last.code]: 60, [zero.code]: 0 });
  await put(u3, y, { [sum.code]: 7, [avg.code]: 3, [last.code]: 40 });
  await put(u3, y - 1, { [sum.code]: 1000 }, 'draft'); // drafts never count

  const st = await ok(await uo.get(`/api/v1/stats/indicators?org=${authority}&year=${y}`));
  assert.equal(st.year, y);
  assert.equal(st.org_id, authority);
  const it = (items, c) => items.find((i) => i.code === c);
  const s = it(st.items, sum.code);
  assert.deepEqual([s.value, s.previous, s.change, s.change_pct], [34, 30, 4, 13.33]);
  assert.equal(s.reporting, 3);
  assert.equal(s.expected, 4);
  const a = it(st.items, avg.code);
  assert.equal(a.value, 6); // (6 + 9 + 3) / 3
  assert.equal(a.previous, 6); // (4 + 8) / 2
  assert.equal(a.change, 0);
  assert.equal(a.change_pct, 0);
  const l = it(st.items, last.code);
  assert.deepEqual([l.value, l.previous, l.change, l.change_pct], [200, 150, 50, 33.33]);
  assert.equal(l.reporting, 2, 'a stock carried over is not a report of the year');
  const z = it(st.items, zero.code);
  assert.deepEqual([z.value, z.previous, z.change, z.change_pct], [5, 0, 5, null], 'previous 0: no percentage');

  // by org: the authority's own line, its two units, the sub-authority with its units
  const lines = Object.fromEntries(st.by_org.map((b) => [b.org_id, b]));
  assert.deepEqual(new Set(Object.keys(lines).map(Number)), new Set([authority, u1, u2, sub]));
  assert.equal(it(lines[sub].items, sum.code).value, 7);
  assert.equal(it(lines[sub].items, sum.code).previous, null, 'the draft does not count');
  assert.equal(it(lines[sub].items, sum.code).change, null);
  assert.equal(it(lines[sub].items, sum.code).change_pct, null);
  assert.equal(it(lines[sub].items, sum.code).expected, 2);
  assert.equal(it(lines[authority].items, sum.code).value, null);
  assert.equal(it(lines[u2].items, sum.code).change_pct, -40);
  // the lines add up to the total (sum and last)
  for (const c of [sum.code, last.code]) {
    const total = st.by_org.reduce((acc, b) => acc + (it(b.items, c).value ?? 0), 0);
    assert.equal(total, it(st.items, c).value, c);
  }
  // the series: ten years up to y
  assert.equal(st.series.length, 10);
  assert.equal(st.series[9].year, y);
  assert.equal(st.series[9].values[sum.code], 34);
  assert.equal(st.series[8].values[sum.code], 30);
  assert.equal(st.series[0].values[sum.code], null);

  // a unit's own figures: org= a unit
  const one = await ok(await uo.get(`/api/v1/stats/indicators?org=${u2}&year=${y}`));
  assert.equal(it(one.items, sum.code).value, 12);
  assert.equal(it(one.items, sum.code).expected, 1);
  // the year before it all: nothing reported, so null everywhere
  const early = await ok(await uo.get(`/api/v1/stats/indicators?org=${authority}&year=${y - 5}`));
  assert.equal(it(early.items, sum.code).value, null);
  assert.equal(it(early.items, sum.code).change_pct, null);

  // the whole country: each province (root) is a line, the new authority among them
  const country = await ok(await uo.get(`/api/v1/stats/indicators?year=${y}`));
  assert.equal(country.org_id, null);
  assert.equal(it(country.by_org.find((b) => b.org_id === authority).items, sum.code).value, 34);
  assert.ok(country.by_org.some((b) => b.org_id === ids.btctw));

  // a cluster of two of the units for the year
  const cl = await ok(await admin.post('/api/v1/clusters', { name: `Cụm thống kê ${++seq}`, authority_id: authority, rotation: [u1, u2] }), 201);
  await ok(await admin.put(`/api/v1/clusters/${cl.id}/years/${y}`, { members: [u1, u3], leader_id: u1 }), 201);
  const byCluster = await ok(await uo.get(`/api/v1/stats/indicators?cluster=${cl.id}&year=${y}`));
  assert.equal(byCluster.cluster_id, cl.id);
  assert.equal(it(byCluster.items, sum.code).value, 22);
  assert.deepEqual(byCluster.by_org.map((b) => b.org_id).sort(), [u1, u3].sort());
  // with no members that year, the rotation
  const rot = await ok(await uo.get(`/api/v1/stats/indicators?cluster=${cl.id}&year=${y - 1}`));
  assert.equal(it(rot.items, sum.code).value, 30);
});

test('statistics refuse bad queries', async () => {
  assertError(await uo.get('/api/v1/stats/indicators?org=1&cluster=1'), 400, 'invalid_query');
  assertError(await uo.get('/api/v1/stats/indicators?org=99999999'), 404);
  assertError(await uo.get('/api/v1/stats/indicators?cluster=99999999'), 404);
  assert.equal((await uo.get('/api/v1/stats/indicators?year=abc')).status, 400);
  assert.equal((await uo.get('/api/v1/stats/indicators?year=1999')).status, 400);
  const viewer = await session(server, 'viewer');
  const r = await ok(await viewer.get('/api/v1/stats/indicators'));
  assert.equal(r.year, YEAR);
});

// ---- thidua import reports ----

function importFile(name, text) {
  const path = join(server.dir, name);
  writeFileSync(path, text);
  return thidua(['import', 'reports', path, '--db', server.db]);
}

test('thidua import reports: a good file goes in whole and counts in the statistics', async () => {
  const a = await indicator({ code: code('imp_a') });
  const b = await indicator({ code: code('imp_b'), aggregate: 'avg' });
  const authority = await org('Tỉnh ủy nhập liệu', 'authority');
  const u1 = await org('Ban nhập A', 'unit', authority);
  const u2 = await org('Ban nhập B', 'unit', authority);
  const y = YEAR - 1;
  const r = importFile('good.csv', `\ufeffyear,${b.code},org_id,status,${a.code}\r\n${y - 1},2.5,${u1},accepted,100\r\n${y},,${u1},submitted,113.7\r\n${y},4,${u2},draft,50\r\n`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported 3 reports/);
  const st = await ok(await admin.get(`/api/v1/stats/indicators?org=${authority}&year=${y}`));
  const item = st.items.find((i) => i.code === a.code);
  assert.deepEqual([item.value, item.previous, item.change_pct], [113.7, 100, 13.7]);
  assert.equal(st.items.find((i) => i.code === b.code).value, null, 'a blank cell is no value; drafts do not count');
  const list = await ok(await admin.get(`/api/v1/reports?org_id=${u1}`));
  assert.deepEqual(list.items.map((i) => [i.year, i.status]), [[y, 'submitted'], [y - 1, 'accepted']]);
  assert.deepEqual(list.items[0].values, { [a.code]: 113.7 });
});

test('thidua import reports: a corrected file of drafts replaces the reports it made before', async () => {
  const a = await indicator({ code: code('imp_again') });
  const authority = await org('Tỉnh ủy nhập lại', 'authority');
  const u1 = await org('Ban nhập lại A', 'unit', authority);
  const u2 = await org('Ban nhập lại B', 'unit', authority);
  const y = YEAR - 1;
  const first = importFile('drafts.csv', `org_id,year,status,${a.code}\n${u1},${y},draft,10\n${u2},${y},draft,20\n`);
  assert.equal(first.status, 0, first.stderr);
  const again = importFile('drafts2.csv', `org_id,year,status,${a.code}\n${u1},${y},draft,11\n${u2},${y},draft,21\n`);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /imported 2 reports/);
  const list = await ok(await admin.get(`/api/v1/reports?org_id=${u2}`));
  assert.deepEqual(list.items.map((i) => i.values[a.code]), [21]);
});

test('thidua import reports: bad rows are reported with row and column, and nothing goes in', async () => {
  const a = await indicator({ code: code('imp_bad') });
  const party = await indicator({ code: code('imp_party'), derived_from: 'party_admissions' });
  const authority = await org('Tỉnh ủy lỗi', 'authority');
  const u1 = await org('Ban lỗi A', 'unit', authority);
  const y = YEAR - 1;
  await ok(await admin.post('/api/v1/people', { full_name: 'Đảng Viên Nhập', gender: 'male', org_id: u1, party_member: true, party_admission_date: `${y}-02-03` }), 201);
  await ok(await report(admin, { org_id: u1, year: y - 3, values: {}, status: 'submitted' }), 201);
  const accepted = await ok(await report(admin, { org_id: ids.userOrg.unit_officer, year: y - 5, values: {}, status: 'submitted' }), 201);
  await ok(await admin.post(`/api/v1/reports/${accepted.id}/accept`, {}));
  const before = (await ok(await admin.get('/api/v1/reports?limit=1'))).total;
  const rows = [
    `${u1},${y},submitted,1,1`, // good
    `${u1},${y + 2},draft,1,`, // the future
    `99999999,${y},draft,1,`, // no such org
    `${u1},${y - 1},approved,1,`, // no such status
    `${u1},${y - 2},draft,-4,`, // negative
    `${u1},${y - 2},draft,abc,`, // not a number
    `${u1},${y},draft,1,`, // twice in the file
    `${ids.userOrg.unit_officer},${y - 5},draft,1,`, // accepted already
    `${u1},${y - 4},submitted,,7`, // the registry counts 0 admissions that year
    `${u1},${y - 3},draft,1`, // too few fields
  ];
  const r = importFile('bad.csv', `org_id,year,status,${a.code},${party.code}\n${rows.join('\n')}\n`);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /row 3, year/);
  assert.match(r.stderr, /row 4, org_id/);
  assert.match(r.stderr, /row 5, status/);
  assert.match(r.stderr, new RegExp(`row 6, ${a.code}`));
  assert.match(r.stderr, new RegExp(`row 7, ${a.code}`));
  assert.match(r.stderr, /row 8, org_id: this org and year are in the file twice/);
  assert.match(r.stderr, /9 of 10 rows have errors; nothing imported/);
  assert.equal((await ok(await admin.get('/api/v1/reports?limit=1'))).total, before, 'nothing imported');

  const header = importFile('header.csv', `org_id,year,status,no_such_code\n${u1},${y},draft,1\n`);
  assert.notEqual(header.status, 0);
  assert.match(header.stderr, /no_such_code/);
  const lacking = importFile('lacking.csv', `org_id,${a.code}\n${u1},1\n`);
  assert.notEqual(lacking.status, 0);
  assert.match(lacking.stderr, /lacks the column 'year'/);
  const twice = importFile('twice.csv', `org_id,year,status,${a.code},${a.code}\n`);
  assert.match(twice.stderr, /appears twice/);
});

// ---- the demo ----

test('the demo has the five indicators and three years of reports agreeing with the registry', async () => {
  const cat = await ok(await uo.get('/api/v1/indicators?limit=500'));
  for (const c of ['models_new', 'cadres_rotated', 'cadres_trained', 'party_members_new', 'party_orgs_new']) {
    assert.ok(cat.items.some((i) => i.code === c), c);
  }
  assert.equal(cat.items.find((i) => i.code === 'party_members_new').derived_from, 'party_admissions');
  const st = await ok(await uo.get(`/api/v1/stats/indicators?org=${ids.btctw}&year=${YEAR - 1}`));
  const models = st.items.find((i) => i.code === 'models_new');
  assert.ok(models.value > 0 && models.previous > 0 && models.change_pct !== null, JSON.stringify(models));
  const party = st.items.find((i) => i.code === 'party_members_new');
  for (const line of st.by_org) {
    const p = line.items.find((i) => i.code === 'party_members_new');
    if (p.registry !== null && p.reporting === p.expected && p.expected > 0) assert.equal(p.value, p.registry, line.name);
  }
  assert.ok(party.reporting > 0);
  const states = new Set((await ok(await admin.get(`/api/v1/reports?year=${YEAR - 1}&limit=500`))).items.map((r) => r.status));
  assert.deepEqual([...states].sort(), ['accepted', 'draft', 'submitted']);
});
