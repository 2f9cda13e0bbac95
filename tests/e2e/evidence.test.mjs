// The evidence eligibility is judged on: yearly ratings, initiatives and
// holds (discipline, inspection, complaint) of people and orgs. Creating,
// listing, changing; bad input; who may read and write whose records.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, session, assertError, demoIds } from './helpers.mjs';

let server;
let admin;
let ids;
let unitOrg; // the unit officer's unit, beneath BTCTW
let leaderOrg; // the leader officer's unit, beneath BTCTW
let farOrg; // a unit beneath Bộ Nội vụ
let childOrg; // a unit beneath the unit officer's unit
let seq = 0;
const YEAR = new Date().getUTCFullYear();

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  ids = await demoIds(server, admin);
  unitOrg = ids.userOrg.unit_officer;
  leaderOrg = ids.userOrg.leader_officer;
  farOrg = ids.clusters.find((c) => c.authority_id === ids.bnv).year.leader_id;
  const child = await admin.post('/api/v1/orgs', { name: 'Phòng chứng cứ', kind: 'unit', parent_id: unitOrg });
  assert.equal(child.status, 201, child.text);
  childOrg = child.body.id;
});
after(async () => { await server.stop(); });

async function person(org) {
  const r = await admin.post('/api/v1/people', { full_name: `Người Chứng Cứ ${++seq}`, gender: 'female', org_id: org });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

async function ok(r, status = 200) {
  assert.equal(r.status, status, r.text);
  return r.body;
}

async function auditOf(entity, id) {
  const r = await admin.get(`/api/v1/audit?entity=${entity}&entity_id=${id}&limit=500`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

// ---- ratings ----

test('a rating is put, replaced for the same year, and listed newest first', async () => {
  const p = await person(unitOrg);
  const first = await ok(await admin.put('/api/v1/ratings', { person_id: p, year: YEAR - 1, rating: 'good' }));
  assert.equal(first.person_id, p);
  assert.equal(first.org_id, null);
  assert.equal(first.year, YEAR - 1);
  assert.equal(first.rating, 'good');
  assert.match(first.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const again = await ok(await admin.put('/api/v1/ratings', { person_id: p, year: YEAR - 1, rating: 'excellent' }));
  assert.equal(again.id, first.id, 'the same year is replaced, not added');
  assert.equal(again.rating, 'excellent');
  await ok(await admin.put('/api/v1/ratings', { person_id: p, year: YEAR - 2, rating: 'not_completed' }));
  await ok(await admin.put('/api/v1/ratings', { person_id: p, year: YEAR, rating: 'completed' }));
  const list = await ok(await admin.get(`/api/v1/ratings?person_id=${p}`));
  assert.equal(list.total, 3);
  assert.deepEqual(list.items.map((r) => [r.year, r.rating]),
    [[YEAR, 'completed'], [YEAR - 1, 'excellent'], [YEAR - 2, 'not_completed']]);
  const page = await ok(await admin.get(`/api/v1/ratings?person_id=${p}&limit=1&offset=1`));
  assert.equal(page.total, 3);
  assert.deepEqual(page.items.map((r) => r.year), [YEAR - 1]);
  // Each write is in the audit chain, the replacement with what it replaced.
  const trail = await auditOf('rating', first.id);
  assert.deepEqual(trail.map((a) => a.action).sort(), ['create', 'update']);
  const upd = trail.find((a) => a.action === 'update');
  assert.equal(upd.before.rating, 'good');
  assert.equal(upd.after.rating, 'excellent');
});

test('an org is rated apart from its people', async () => {
  const org = await ok(await admin.post('/api/v1/orgs', { name: 'Đơn vị xếp loại', kind: 'unit', parent_id: ids.btctw }), 201);
  const r = await ok(await admin.put('/api/v1/ratings', { org_id: org.id, year: YEAR - 1, rating: 'excellent' }));
  assert.equal(r.org_id, org.id);
  assert.equal(r.person_id, null);
  const p = await person(org.id);
  await ok(await admin.put('/api/v1/ratings', { person_id: p, year: YEAR - 1, rating: 'good' }));
  const orgList = await ok(await admin.get(`/api/v1/ratings?org_id=${org.id}`));
  assert.deepEqual(orgList.items.map((x) => [x.org_id, x.rating]), [[org.id, 'excellent']]);
  const personList = await ok(await admin.get(`/api/v1/ratings?person_id=${p}`));
  assert.deepEqual(personList.items.map((x) => [x.person_id, x.rating]), [[p, 'good']]);
});

test('bad ratings are refused with the field at fault', async () => {
  const p = await person(unitOrg);
  const base = { person_id: p, year: YEAR - 1, rating: 'good' };
  const cases = [
    [{ org_id: unitOrg }, 'invalid_subject', 'person_id'],
    [{ person_id: undefined }, 'invalid_subject', 'person_id'],
    [{ person_id: null }, 'invalid_subject', 'person_id'],
    [{ rating: 'outstanding' }, 'invalid_value', 'rating'],
    [{ rating: 'Good' }, 'invalid_value', 'rating'],
    [{ rating: 3 }, 'invalid_value', 'rating'],
    [{ rating: undefined }, 'required', 'rating'],
    [{ rating: null }, 'required', 'rating'],
    [{ year: undefined }, 'required', 'year'],
    [{ year: 1999 }, 'out_of_range', 'year'],
    [{ year: YEAR + 2 }, 'out_of_range', 'year'],
    [{ year: 2025.5 }, 'wrong_type', 'year'],
    [{ year: '2025' }, 'wrong_type', 'year'],
    [{ person_id: 0 }, 'out_of_range', 'person_id'],
    [{ person_id: '1' }, 'wrong_type', 'person_id'],
    [{ person_id: 999999 }, 'unknown_person', 'person_id'],
    [{ person_id: undefined, org_id: 999999 }, 'unknown_org', 'org_id'],
    [{ note: 'x' }, 'unknown_field', undefined],
    [{ id: 1 }, 'unknown_field', undefined],
  ];
  for (const [change, code, field] of cases) {
    const body = { ...base, ...change };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const r = await admin.put('/api/v1/ratings', body);
    assertError(r, 422, code);
    if (field) assert.equal(r.body.error.field, field, JSON.stringify(change));
  }
  assertError(await admin.req('PUT', '/api/v1/ratings', undefined, { raw: '{"person_id":', headers: { 'Content-Type': 'application/json' } }), 400, 'malformed_json');
  assertError(await admin.req('PUT', '/api/v1/ratings', undefined, { raw: '[]', headers: { 'Content-Type': 'application/json' } }), 400);
  assert.equal((await ok(await admin.get(`/api/v1/ratings?person_id=${p}`))).total, 0, 'nothing was stored');
  // The edges that are allowed.
  await ok(await admin.put('/api/v1/ratings', { ...base, year: 2000 }));
  await ok(await admin.put('/api/v1/ratings', { ...base, year: YEAR + 1 }));
});

test('lists name their subject: exactly one known person or org', async () => {
  const p = await person(unitOrg);
  for (const path of ['/api/v1/ratings', '/api/v1/holds', '/api/v1/initiatives']) {
    assertError(await admin.get(path), 400, 'filter_required');
    assertError(await admin.get(`${path}?limit=10`), 400, 'filter_required');
    for (const q of ['person_id=x', 'person_id=0', 'person_id=-1', 'limit=0', 'limit=501', 'offset=-1']) {
      const query = q.startsWith('person_id=') ? q : `person_id=${p}&${q}`;
      assertError(await admin.get(`${path}?${query}`), 400, 'invalid_query');
    }
    assertError(await admin.get(`${path}?person_id=999999`), 404, 'not_found');
  }
  for (const path of ['/api/v1/ratings', '/api/v1/holds']) {
    assertError(await admin.get(`${path}?person_id=${p}&org_id=${unitOrg}`), 400, 'invalid_query');
    assertError(await admin.get(`${path}?org_id=999999`), 404, 'not_found');
    assertError(await admin.get(`${path}?org_id=abc`), 400, 'invalid_query');
  }
  // Initiatives are a person's only.
  assertError(await admin.get(`/api/v1/initiatives?org_id=${unitOrg}`), 400, 'filter_required');
});

// ---- initiatives ----

test('an initiative is recorded, read back and listed; used_by is the server\'s', async () => {
  const p = await person(unitOrg);
  const made = await ok(await admin.post('/api/v1/initiatives', {
    person_id: p, title: '  Sáng kiến   số hóa hồ sơ   thi đua ', level: 'ministry_province', year: YEAR - 1,
  }), 201);
  assert.equal(made.title, 'Sáng kiến số hóa hồ sơ thi đua');
  assert.equal(made.level, 'ministry_province');
  assert.equal(made.used_by, null);
  assert.equal(made.person_id, p);
  assert.deepEqual(await ok(await admin.get(`/api/v1/initiatives/${made.id}`)), made);
  await ok(await admin.post('/api/v1/initiatives', { person_id: p, title: 'Đề tài cấp cơ sở', level: 'grassroots', year: YEAR - 3 }), 201);
  await ok(await admin.post('/api/v1/initiatives', { person_id: p, title: 'Đề tài cấp quốc gia', level: 'national', year: YEAR }), 201);
  const list = await ok(await admin.get(`/api/v1/initiatives?person_id=${p}`));
  assert.equal(list.total, 3);
  assert.deepEqual(list.items.map((i) => i.year), [YEAR, YEAR - 1, YEAR - 3]);
  const trail = await auditOf('initiative', made.id);
  assert.deepEqual(trail.map((a) => a.action), ['create']);
  assertError(await admin.get('/api/v1/initiatives/999999'), 404, 'not_found');
  assertError(await admin.req('PATCH', `/api/v1/initiatives/${made.id}`, { title: 'x' }), 405, 'method_not_allowed');
});

test('bad initiatives are refused with the field at fault', async () => {
  const p = await person(unitOrg);
  const base = { person_id: p, title: 'Sáng kiến kiểm tra', level: 'grassroots', year: YEAR - 1 };
  const cases = [
    [{ level: 'state' }, 'invalid_value', 'level'],
    [{ level: 'province' }, 'invalid_value', 'level'],
    [{ level: undefined }, 'required', 'level'],
    [{ title: undefined }, 'required', 'title'],
    [{ title: '' }, 'empty', 'title'],
    [{ title: '   ' }, 'empty', 'title'],
    [{ title: 'x'.repeat(501) }, 'too_long', 'title'],
    [{ title: 'a\u0007b' }, 'control_character', 'title'],
    [{ title: 7 }, 'wrong_type', 'title'],
    [{ year: 1999 }, 'out_of_range', 'year'],
    [{ year: YEAR + 2 }, 'out_of_range', 'year'],
    [{ year: undefined }, 'required', 'year'],
    [{ person_id: undefined }, 'required', 'person_id'],
    [{ person_id: 999999 }, 'unknown_person', 'person_id'],
    [{ used_by: 1 }, 'read_only', 'used_by'],
    [{ used_by: null }, 'read_only', 'used_by'],
    [{ id: 5 }, 'read_only', 'id'],
    [{ org_id: unitOrg }, 'unknown_field', undefined],
    [{ authors: ['x'] }, 'unknown_field', undefined],
  ];
  for (const [change, code, field] of cases) {
    const body = { ...base, ...change };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const r = await admin.post('/api/v1/initiatives', body);
    assertError(r, 422, code);
    if (field) assert.equal(r.body.error.field, field, JSON.stringify(change));
  }
  assert.equal((await ok(await admin.get(`/api/v1/initiatives?person_id=${p}`))).total, 0, 'nothing was stored');
  const longest = await ok(await admin.post('/api/v1/initiatives', { ...base, title: 'ệ'.repeat(500) }), 201);
  assert.equal(longest.title, 'ệ'.repeat(500));
});

// ---- holds ----

test('a hold is opened, ended, reopened and listed; an org has holds of its own', async () => {
  const p = await person(unitOrg);
  const h = await ok(await admin.post('/api/v1/holds', {
    person_id: p, kind: 'discipline', started_on: `${YEAR - 1}-03-01`, note: 'Khiển trách\ntheo quyết định số 12',
  }), 201);
  assert.equal(h.kind, 'discipline');
  assert.equal(h.ended_on, null);
  assert.equal(h.note, 'Khiển trách\ntheo quyết định số 12');
  assert.equal(h.org_id, null);
  assert.deepEqual(await ok(await admin.get(`/api/v1/holds/${h.id}`)), h);
  const ended = await ok(await admin.patch(`/api/v1/holds/${h.id}`, { ended_on: `${YEAR - 1}-09-01` }));
  assert.equal(ended.ended_on, `${YEAR - 1}-09-01`);
  assert.equal(ended.note, h.note, 'an absent note is kept');
  // Sending back what was read changes nothing but the given fields.
  const echoed = await ok(await admin.patch(`/api/v1/holds/${h.id}`, { ...ended, note: null }));
  assert.equal(echoed.note, null);
  assert.equal(echoed.ended_on, ended.ended_on);
  const reopened = await ok(await admin.patch(`/api/v1/holds/${h.id}`, { ended_on: null, note: 'Mở lại' }));
  assert.equal(reopened.ended_on, null);
  assert.equal(reopened.note, 'Mở lại');
  const same = await ok(await admin.patch(`/api/v1/holds/${h.id}`, { ended_on: `${YEAR - 1}-03-01` }));
  assert.equal(same.ended_on, same.started_on, 'a hold may end the day it starts');
  await ok(await admin.post('/api/v1/holds', { person_id: p, kind: 'complaint', started_on: `${YEAR}-01-15`, ended_on: `${YEAR + 1}-01-14` }), 201);
  const list = await ok(await admin.get(`/api/v1/holds?person_id=${p}`));
  assert.deepEqual(list.items.map((x) => x.kind), ['complaint', 'discipline']);
  const trail = await auditOf('hold', h.id);
  assert.equal(trail.length, 5);
  assert.ok(trail.some((a) => a.action === 'update' && a.before.ended_on === null && a.after.ended_on === `${YEAR - 1}-09-01`));
  // An org's inspection.
  const o = await ok(await admin.post('/api/v1/holds', { org_id: childOrg, kind: 'inspection', started_on: `${YEAR}-02-01` }), 201);
  assert.equal(o.org_id, childOrg);
  assert.equal(o.person_id, null);
  const orgList = await ok(await admin.get(`/api/v1/holds?org_id=${childOrg}`));
  assert.deepEqual(orgList.items.map((x) => x.id), [o.id]);
  assertError(await admin.get('/api/v1/holds/999999'), 404, 'not_found');
  assertError(await admin.patch('/api/v1/holds/999999', { ended_on: null }), 404, 'not_found');
});

test('bad holds are refused with the field at fault', async () => {
  const p = await person(unitOrg);
  const base = { person_id: p, kind: 'inspection', started_on: `${YEAR - 1}-05-10` };
  const cases = [
    [{ org_id: unitOrg }, 'invalid_subject', 'person_id'],
    [{ person_id: undefined }, 'invalid_subject', 'person_id'],
    [{ person_id: 999999 }, 'unknown_person', 'person_id'],
    [{ person_id: undefined, org_id: 999999 }, 'unknown_org', 'org_id'],
    [{ kind: 'suspension' }, 'invalid_value', 'kind'],
    [{ kind: undefined }, 'required', 'kind'],
    [{ started_on: undefined }, 'required', 'started_on'],
    [{ started_on: null }, 'required', 'started_on'],
    [{ started_on: `${YEAR - 1}-02-30` }, 'invalid_date', 'started_on'],
    [{ started_on: '10/05/2025' }, 'invalid_date', 'started_on'],
    [{ started_on: 20250510 }, 'invalid_date', 'started_on'],
    [{ started_on: '1999-12-31' }, 'out_of_range', 'started_on'],
    [{ started_on: `${YEAR + 2}-01-01` }, 'out_of_range', 'started_on'],
    [{ ended_on: `${YEAR - 1}-05-09` }, 'ended_before_started', 'ended_on'],
    [{ ended_on: `${YEAR - 1}-13-01` }, 'invalid_date', 'ended_on'],
    [{ ended_on: `${YEAR + 2}-01-01` }, 'out_of_range', 'ended_on'],
    [{ note: 'x'.repeat(1001) }, 'too_long', 'note'],
    [{ note: 'a\u001bb' }, 'control_character', 'note'],
    [{ note: 5 }, 'wrong_type', 'note'],
    [{ reason: 'x' }, 'unknown_field', undefined],
    [{ id: 3 }, 'unknown_field', undefined],
  ];
  for (const [change, code, field] of cases) {
    const body = { ...base, ...change };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const r = await admin.post('/api/v1/holds', body);
    assertError(r, 422, code);
    if (field) assert.equal(r.body.error.field, field, JSON.stringify(change));
  }
  assert.equal((await ok(await admin.get(`/api/v1/holds?person_id=${p}`))).total, 0, 'nothing was stored');
  // A patch changes the end and the note, nothing else.
  const h = await ok(await admin.post('/api/v1/holds', base), 201);
  const patches = [
    [{ ended_on: `${YEAR - 1}-05-09` }, 'ended_before_started', 'ended_on'],
    [{ ended_on: 'soon' }, 'invalid_date', 'ended_on'],
    [{ kind: 'discipline' }, 'read_only', 'kind'],
    [{ started_on: `${YEAR - 1}-01-01` }, 'read_only', 'started_on'],
    [{ person_id: p + 1 }, 'read_only', 'person_id'],
    [{ org_id: unitOrg }, 'read_only', 'org_id'],
    [{ id: h.id + 1 }, 'read_only', 'id'],
    [{ note: 'y'.repeat(1001) }, 'too_long', 'note'],
    [{ extra: 1 }, 'unknown_field', undefined],
  ];
  for (const [change, code, field] of patches) {
    const r = await admin.patch(`/api/v1/holds/${h.id}`, change);
    assertError(r, 422, code);
    if (field) assert.equal(r.body.error.field, field, JSON.stringify(change));
  }
  assert.deepEqual(await ok(await admin.get(`/api/v1/holds/${h.id}`)), h, 'the refused patches changed nothing');
  assertError(await admin.req('PATCH', `/api/v1/holds/${h.id}`, undefined, { raw: 'null', headers: { 'Content-Type': 'application/json' } }), 400);
});

// ---- who may ----

test('a unit officer records evidence for its own unit\'s people only', async () => {
  const uo = await session(server, 'unit_officer');
  const mine = await person(unitOrg);
  const neighbour = await person(leaderOrg);
  const child = await person(childOrg);
  const far = await person(farOrg);
  await ok(await uo.put('/api/v1/ratings', { person_id: mine, year: YEAR - 1, rating: 'excellent' }));
  await ok(await uo.post('/api/v1/initiatives', { person_id: mine, title: 'Sáng kiến của đơn vị', level: 'grassroots', year: YEAR - 1 }), 201);
  const h = await ok(await uo.post('/api/v1/holds', { person_id: mine, kind: 'complaint', started_on: `${YEAR}-01-02` }), 201);
  await ok(await uo.patch(`/api/v1/holds/${h.id}`, { ended_on: `${YEAR}-02-02` }));
  for (const path of ['ratings', 'initiatives', 'holds']) {
    assert.equal((await ok(await uo.get(`/api/v1/${path}?person_id=${mine}`))).total, 1, path);
  }
  for (const other of [neighbour, child, far]) {
    assertError(await uo.put('/api/v1/ratings', { person_id: other, year: YEAR - 1, rating: 'excellent' }), 403, 'forbidden');
    assertError(await uo.post('/api/v1/initiatives', { person_id: other, title: 'Sáng kiến lạ', level: 'grassroots', year: YEAR - 1 }), 403, 'forbidden');
    assertError(await uo.post('/api/v1/holds', { person_id: other, kind: 'discipline', started_on: `${YEAR}-01-02` }), 403, 'forbidden');
    for (const path of ['ratings', 'initiatives', 'holds']) {
      assertError(await uo.get(`/api/v1/${path}?person_id=${other}`), 403, 'forbidden');
    }
  }
  // Records of others, read or changed by id.
  const theirHold = await ok(await admin.post('/api/v1/holds', { person_id: neighbour, kind: 'discipline', started_on: `${YEAR}-01-03` }), 201);
  const theirInit = await ok(await admin.post('/api/v1/initiatives', { person_id: neighbour, title: 'Của đơn vị bạn', level: 'grassroots', year: YEAR }), 201);
  assertError(await uo.get(`/api/v1/holds/${theirHold.id}`), 403, 'forbidden');
  assertError(await uo.patch(`/api/v1/holds/${theirHold.id}`, { ended_on: `${YEAR}-01-04` }), 403, 'forbidden');
  assertError(await uo.get(`/api/v1/initiatives/${theirInit.id}`), 403, 'forbidden');
  assert.equal((await ok(await admin.get(`/api/v1/holds/${theirHold.id}`))).ended_on, null);
  for (const other of [neighbour, child, far]) {
    assert.equal((await ok(await admin.get(`/api/v1/ratings?person_id=${other}`))).total, 0);
  }
  // Its own unit is rated by its superior, never by itself; an org's
  // records are readable by anyone who may read orgs.
  assertError(await uo.put('/api/v1/ratings', { org_id: unitOrg, year: YEAR - 1, rating: 'excellent' }), 403, 'forbidden');
  assertError(await uo.put('/api/v1/ratings', { org_id: childOrg, year: YEAR - 1, rating: 'excellent' }), 403, 'forbidden');
  assertError(await uo.post('/api/v1/holds', { org_id: unitOrg, kind: 'inspection', started_on: `${YEAR}-01-02` }), 403, 'forbidden');
  await ok(await admin.put('/api/v1/ratings', { org_id: farOrg, year: YEAR - 1, rating: 'good' }));
  assert.equal((await ok(await uo.get(`/api/v1/ratings?org_id=${farOrg}`))).total, 1);
  await ok(await uo.get(`/api/v1/holds?org_id=${unitOrg}`));
});

test('an authority officer rates people and units beneath it, not itself nor another authority\'s', async () => {
  const ao = await session(server, 'authority_officer');
  const inUnit = await person(unitOrg);
  const inChild = await person(childOrg);
  const far = await person(farOrg);
  for (const p of [inUnit, inChild]) {
    await ok(await ao.put('/api/v1/ratings', { person_id: p, year: YEAR - 1, rating: 'good' }));
    await ok(await ao.post('/api/v1/initiatives', { person_id: p, title: 'Đề tài của Ban', level: 'national', year: YEAR - 1 }), 201);
    await ok(await ao.post('/api/v1/holds', { person_id: p, kind: 'inspection', started_on: `${YEAR}-03-01` }), 201);
    await ok(await ao.get(`/api/v1/holds?person_id=${p}`));
  }
  for (const org of [unitOrg, childOrg, leaderOrg]) {
    await ok(await ao.put('/api/v1/ratings', { org_id: org, year: YEAR - 1, rating: 'excellent' }));
    const h = await ok(await ao.post('/api/v1/holds', { org_id: org, kind: 'inspection', started_on: `${YEAR}-03-01` }), 201);
    await ok(await ao.patch(`/api/v1/holds/${h.id}`, { ended_on: `${YEAR}-04-01` }));
  }
  // The authority itself is rated by whoever is above it (here: admin only).
  assertError(await ao.put('/api/v1/ratings', { org_id: ids.btctw, year: YEAR - 1, rating: 'excellent' }), 403, 'forbidden');
  assertError(await ao.put('/api/v1/ratings', { org_id: farOrg, year: YEAR - 1, rating: 'excellent' }), 403, 'forbidden');
  assertError(await ao.post('/api/v1/holds', { org_id: farOrg, kind: 'inspection', started_on: `${YEAR}-03-01` }), 403, 'forbidden');
  assertError(await ao.put('/api/v1/ratings', { person_id: far, year: YEAR - 1, rating: 'good' }), 403, 'forbidden');
  assertError(await ao.post('/api/v1/holds', { person_id: far, kind: 'discipline', started_on: `${YEAR}-03-01` }), 403, 'forbidden');
  assertError(await ao.get(`/api/v1/holds?person_id=${far}`), 403, 'forbidden');
  const farHold = await ok(await admin.post('/api/v1/holds', { org_id: farOrg, kind: 'complaint', started_on: `${YEAR}-03-01` }), 201);
  assertError(await ao.patch(`/api/v1/holds/${farHold.id}`, { ended_on: `${YEAR}-03-02` }), 403, 'forbidden');
  assert.equal((await ok(await ao.get(`/api/v1/holds/${farHold.id}`))).id, farHold.id, 'an org\'s holds are readable');
  assert.equal((await ok(await admin.get(`/api/v1/ratings?person_id=${far}`))).total, 0);
  assert.equal((await ok(await admin.get(`/api/v1/ratings?org_id=${ids.btctw}`))).total, 0);
});

test('a council member reads its subtree\'s evidence and writes none', async () => {
  const cm = await session(server, 'council_member');
  const p = await person(unitOrg);
  const far = await person(farOrg);
  await ok(await admin.put('/api/v1/ratings', { person_id: p, year: YEAR - 1, rating: 'good' }));
  const h = await ok(await admin.post('/api/v1/holds', { person_id: p, kind: 'discipline', started_on: `${YEAR}-01-05` }), 201);
  assert.equal((await ok(await cm.get(`/api/v1/ratings?person_id=${p}`))).total, 1);
  assert.equal((await ok(await cm.get(`/api/v1/holds/${h.id}`))).id, h.id);
  assertError(await cm.get(`/api/v1/holds?person_id=${far}`), 403, 'forbidden');
  assertError(await cm.put('/api/v1/ratings', { person_id: p, year: YEAR - 1, rating: 'excellent' }), 403, 'forbidden');
  assertError(await cm.patch(`/api/v1/holds/${h.id}`, { ended_on: `${YEAR}-01-06` }), 403, 'forbidden');
  assertError(await cm.post('/api/v1/initiatives', { person_id: p, title: 'X', level: 'grassroots', year: YEAR }), 403, 'forbidden');
  assert.equal((await ok(await admin.get(`/api/v1/ratings?person_id=${p}`))).items[0].rating, 'good');
});

test('viewers and delegates see no evidence at all, nor an unfiltered list of holds', async () => {
  const p = await person(unitOrg);
  const h = await ok(await admin.post('/api/v1/holds', { person_id: p, kind: 'discipline', started_on: `${YEAR}-01-05` }), 201);
  const i = await ok(await admin.post('/api/v1/initiatives', { person_id: p, title: 'Sáng kiến', level: 'grassroots', year: YEAR }), 201);
  for (const role of ['viewer', 'delegate']) {
    const c = await session(server, role);
    for (const path of ['/api/v1/holds', `/api/v1/holds?person_id=${p}`, `/api/v1/holds?org_id=${unitOrg}`,
      `/api/v1/holds/${h.id}`, `/api/v1/ratings?person_id=${p}`, `/api/v1/ratings?org_id=${unitOrg}`,
      `/api/v1/initiatives?person_id=${p}`, `/api/v1/initiatives/${i.id}`]) {
      assertError(await c.get(path), 403, 'forbidden');
    }
    assertError(await c.put('/api/v1/ratings', { person_id: p, year: YEAR - 1, rating: 'good' }), 403, 'forbidden');
    assertError(await c.post('/api/v1/holds', { person_id: p, kind: 'complaint', started_on: `${YEAR}-01-05` }), 403, 'forbidden');
    assertError(await c.patch(`/api/v1/holds/${h.id}`, { ended_on: null }), 403, 'forbidden');
    assertError(await c.post('/api/v1/initiatives', { person_id: p, title: 'X', level: 'grassroots', year: YEAR }), 403, 'forbidden');
  }
  // Even those who may read holds must name whose.
  for (const role of ['admin', 'authority_officer', 'unit_officer', 'council_member']) {
    assertError(await (await session(server, role)).get('/api/v1/holds'), 400, 'filter_required');
  }
  assert.equal((await ok(await admin.get(`/api/v1/holds?person_id=${p}`))).total, 1);
});

test('deleting a person takes its evidence with it', async () => {
  const p = await person(unitOrg);
  await ok(await admin.put('/api/v1/ratings', { person_id: p, year: YEAR - 1, rating: 'good' }));
  const h = await ok(await admin.post('/api/v1/holds', { person_id: p, kind: 'discipline', started_on: `${YEAR}-01-05` }), 201);
  assert.equal((await admin.del(`/api/v1/people/${p}`)).status, 204);
  assertError(await admin.get(`/api/v1/holds/${h.id}`), 404, 'not_found');
  assertError(await admin.get(`/api/v1/ratings?person_id=${p}`), 404, 'not_found');
});
