// Emulation movements: launched by an authority for every unit beneath
// it, with goals and a period; units register (or their authority does)
// until the movement ends; who registered and who has not. Creating,
// listing with filters, changing, deleting; bad input; who may do what.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, session, assertError, demoIds } from './helpers.mjs';

let server;
let admin;
let ao; // authority officer of BTCTW
let uo; // unit officer of a unit directly beneath BTCTW
let ids;
let unitOrg;
let tree; // a province's authority beneath BTCTW, with its units
let seq = 0;
const YEAR = new Date().getUTCFullYear();

async function ok(r, status = 200) {
  assert.equal(r.status, status, r.text);
  return r.body;
}

async function org(name, kind, parent, extra = {}) {
  return (await ok(await admin.post('/api/v1/orgs', { name, kind, parent_id: parent, ...extra }), 201)).id;
}

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  ao = await session(server, 'authority_officer');
  uo = await session(server, 'unit_officer');
  ids = await demoIds(server, admin);
  unitOrg = ids.userOrg.unit_officer;
  // Tỉnh ủy (authority) → four boards (units), one with a unit beneath
  // it, a sub-authority (not a unit: never expected), and a board merged
  // away before 2021 (not expected for a movement after that).
  const top = await org('Tỉnh ủy Phong Trào', 'authority', ids.btctw);
  tree = {
    top,
    kiemTra: await org('Ủy ban Kiểm tra Tỉnh ủy', 'unit', top),
    tuyenGiao: await org('Ban Tuyên giáo Tỉnh ủy', 'unit', top),
    danVan: await org('Ban Dân vận Tỉnh ủy', 'unit', top),
    doiNgoai: await org('Ban Đối ngoại Tỉnh ủy', 'unit', top),
    sub: await org('Huyện ủy Mường Tè', 'authority', top),
    old: await org('Ban Kinh tế Tỉnh ủy', 'unit', top, { active_until: '2020-12-31' }),
  };
  tree.deep = await org('Phòng Dân vận cơ sở', 'unit', tree.danVan);
  tree.subUnit = await org('Ban Dân vận Huyện ủy Mường Tè', 'unit', tree.sub);
});
after(async () => { await server.stop(); });

const running = () => ({ starts_on: `${YEAR - 1}-01-01`, ends_on: `${YEAR + 1}-12-31` });

async function movement(launcher, extra = {}, by = admin) {
  const body = { org_id: launcher, name: `Phong trào thử ${++seq}`, goals: 'Mục tiêu', ...running(), ...extra };
  return ok(await by.post('/api/v1/movements', body), 201);
}

// An ended movement with a registration: made while the period was open,
// then moved into the past (registrations stay on record).
async function endedMovement(launcher, registrant) {
  const m = await movement(launcher);
  await ok(await admin.post(`/api/v1/movements/${m.id}/registrations`, { org_id: registrant }), 201);
  await ok(await admin.patch(`/api/v1/movements/${m.id}`, { starts_on: '2021-01-01', ends_on: '2021-12-31' }));
  return m;
}

async function auditOf(entity, id) {
  const r = await admin.get(`/api/v1/audit?entity=${entity}&entity_id=${encodeURIComponent(id)}&limit=500`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

test('an authority officer launches a movement; it is read back, audited and listed', async () => {
  const m = await movement(tree.top, { name: '  Dân vận khéo  ', goals: 'Nâng cao chất lượng\ncông tác dân vận' }, ao);
  assert.equal(m.name, 'Dân vận khéo');
  assert.equal(m.org_id, tree.top);
  assert.equal(m.org_name, 'Tỉnh ủy Phong Trào');
  assert.equal(m.goals, 'Nâng cao chất lượng\ncông tác dân vận');
  assert.equal(m.status, 'running');
  assert.equal(m.registered, 0);
  assert.deepEqual(await ok(await uo.get(`/api/v1/movements/${m.id}`)), m);
  const audit = await auditOf('movement', m.id);
  assert.equal(audit.length, 1);
  assert.equal(audit[0].action, 'create');
  const list = await ok(await uo.get(`/api/v1/movements?org_id=${tree.top}`));
  assert.ok(list.items.some((x) => x.id === m.id));
  assertError(await admin.get('/api/v1/movements/999999'), 404, 'not_found');
});

test('the list filters by org, year, name (without diacritics) and status, and pages', async () => {
  const launcher = await org(`Ban Tổ chức lọc ${++seq}`, 'authority', ids.btctw);
  const past = await movement(launcher, { name: 'Thi đua văn hóa công sở', starts_on: '2021-03-01', ends_on: '2022-06-30' });
  const now = await movement(launcher, { name: 'Dân vận khéo giai đoạn mới' });
  const next = await movement(launcher, { name: 'Phong trào sắp tới', starts_on: `${YEAR + 1}-01-01`, ends_on: `${YEAR + 1}-12-31` });
  const names = async (q) => (await ok(await admin.get(`/api/v1/movements?org_id=${launcher}${q}`))).items.map((x) => x.id);
  // latest start first
  assert.deepEqual(await names(''), [next.id, now.id, past.id]);
  assert.deepEqual(await names('&year=2022'), [past.id]);
  assert.deepEqual(await names('&year=2023'), []);
  assert.deepEqual(await names(`&year=${YEAR}`), [now.id]);
  assert.deepEqual(await names('&q=dan%20van%20KHEO'), [now.id]);
  assert.deepEqual(await names('&q=c%C3%B4ng%20s%E1%BB%9F'), [past.id]);
  assert.deepEqual(await names('&status=ended'), [past.id]);
  assert.deepEqual(await names('&status=running'), [now.id]);
  assert.deepEqual(await names('&status=upcoming'), [next.id]);
  assert.deepEqual((await ok(await admin.get(`/api/v1/movements?org_id=${launcher}&status=upcoming`))).items[0].status, 'upcoming');
  const page = await ok(await admin.get(`/api/v1/movements?org_id=${launcher}&limit=2&offset=1`));
  assert.equal(page.total, 3);
  assert.equal(page.limit, 2);
  assert.equal(page.offset, 1);
  assert.deepEqual(page.items.map((x) => x.id), [now.id, past.id]);
  assertError(await admin.get('/api/v1/movements?status=soon'), 400, 'invalid_query');
  assertError(await admin.get('/api/v1/movements?year=abc'), 400);
  assertError(await admin.get('/api/v1/movements?org_id=0'), 400);
});

test('bad movements are refused with the field named, and change nothing', async () => {
  const base = { org_id: tree.top, name: 'Phong trào', ...running() };
  const cases = [
    [{ ...base, name: undefined }, 422, 'required', 'name'],
    [{ ...base, name: '   ' }, 422, 'empty', 'name'],
    [{ ...base, name: 'x'.repeat(301) }, 422, null, 'name'],
    [{ ...base, goals: 'x'.repeat(8001) }, 422, null, 'goals'],
    [{ ...base, org_id: undefined }, 422, 'required', 'org_id'],
    [{ ...base, org_id: 999999 }, 422, 'unknown_org', 'org_id'],
    [{ ...base, starts_on: '2025-02-29' }, 422, null, 'starts_on'],
    [{ ...base, ends_on: 'mai' }, 422, null, 'ends_on'],
    [{ ...base, starts_on: `${YEAR}-06-01`, ends_on: `${YEAR}-05-31` }, 422, 'ends_before_start', 'ends_on'],
    [{ ...base, starts_on: '1999-01-01' }, 422, 'out_of_range', 'starts_on'],
    [{ ...base, starts_on: `${YEAR + 2}-01-01`, ends_on: `${YEAR + 2}-12-31` }, 422, 'out_of_range', 'starts_on'],
    [{ ...base, starts_on: '2021-01-01', ends_on: '2032-01-01' }, 422, 'out_of_range', 'ends_on'],
    [{ ...base, status: 'running' }, 422, 'unknown_field', undefined],
  ];
  const before = (await ok(await admin.get('/api/v1/movements?limit=1'))).total;
  for (const [body, status, code, field] of cases) {
    const r = await admin.post('/api/v1/movements', body);
    assertError(r, status, code);
    assert.equal(r.body.error.field, field, r.text);
  }
  assertError(await admin.req('POST', '/api/v1/movements', undefined, { raw: '{"name": ', headers: { 'Content-Type': 'application/json' } }), 400);
  assert.equal((await ok(await admin.get('/api/v1/movements?limit=1'))).total, before);
  // the longest name and goals fit
  await movement(tree.top, { name: 'ệ'.repeat(300), goals: 'ệ'.repeat(8000) });
});

test('only the launching org\'s authority (or an admin) launches, changes and deletes', async () => {
  assertError(await uo.post('/api/v1/movements', { org_id: unitOrg, name: 'Của đơn vị', ...running() }), 403, 'forbidden');
  assertError(await ao.post('/api/v1/movements', { org_id: ids.bnv, name: 'Của Bộ Nội vụ', ...running() }), 403, 'forbidden');
  const far = await movement(ids.bnv);
  assertError(await ao.patch(`/api/v1/movements/${far.id}`, { name: 'Đổi' }), 403, 'forbidden');
  assertError(await ao.req('DELETE', `/api/v1/movements/${far.id}`), 403, 'forbidden');
  const mine = await movement(tree.top);
  assertError(await ao.patch(`/api/v1/movements/${mine.id}`, { org_id: ids.bnv }), 403, 'forbidden');
  assert.equal((await ok(await admin.get(`/api/v1/movements/${mine.id}`))).org_id, tree.top);
});

test('a movement is changed: name, goals, period; a read answer sent back is accepted', async () => {
  const m = await movement(tree.top, {}, ao);
  const changed = await ok(await ao.patch(`/api/v1/movements/${m.id}`, { name: 'Tên mới', goals: null, ends_on: `${YEAR + 2}-12-31` }));
  assert.equal(changed.name, 'Tên mới');
  assert.equal(changed.goals, null);
  assert.equal(changed.ends_on, `${YEAR + 2}-12-31`);
  assert.equal(changed.starts_on, m.starts_on);
  const again = await ok(await ao.patch(`/api/v1/movements/${m.id}`, changed));
  assert.equal(again.name, 'Tên mới');
  assertError(await ao.patch(`/api/v1/movements/${m.id}`, { ...changed, id: m.id + 1 }), 422, 'read_only');
  assertError(await ao.patch(`/api/v1/movements/${m.id}`, { ends_on: `${YEAR - 2}-01-01` }), 422, 'ends_before_start');
  assertError(await ao.patch(`/api/v1/movements/${m.id}`, { name: null }), 422, 'required');
  assertError(await ao.patch(`/api/v1/movements/${m.id}`, { colour: 'đỏ' }), 422, 'unknown_field');
  const audit = await auditOf('movement', m.id);
  assert.deepEqual(audit.map((a) => a.action).sort(), ['create', 'update', 'update']);
  // moved to another launching org while nobody has registered, not after
  const moved = await ok(await ao.patch(`/api/v1/movements/${m.id}`, { org_id: ids.btctw }));
  assert.equal(moved.org_id, ids.btctw);
  await ok(await uo.post(`/api/v1/movements/${m.id}/registrations`, {}), 201);
  assertError(await ao.patch(`/api/v1/movements/${m.id}`, { org_id: tree.top }), 409, 'has_registrations');
});

test('the expected units are every unit beneath the launching org, at any depth, in Vietnamese order', async () => {
  const m = await movement(tree.top, { starts_on: '2021-01-01', ends_on: `${YEAR}-12-31` });
  const r = await ok(await uo.get(`/api/v1/movements/${m.id}/registrations`));
  assert.deepEqual(r.items, []);
  assert.deepEqual(r.not_registered.map((u) => u.name), [
    'Ban Dân vận Huyện ủy Mường Tè', 'Ban Dân vận Tỉnh ủy', 'Ban Đối ngoại Tỉnh ủy',
    'Ban Tuyên giáo Tỉnh ủy', 'Phòng Dân vận cơ sở', 'Ủy ban Kiểm tra Tỉnh ủy',
  ]);
  assert.equal(r.expected, 6);
  assert.equal(r.registered, 0);
  // the board merged away in 2020 is expected for a movement of 2020
  const old = await movement(tree.top, { starts_on: '2020-01-01', ends_on: '2020-12-31' });
  const o = await ok(await admin.get(`/api/v1/movements/${old.id}/registrations`));
  assert.ok(o.not_registered.some((u) => u.org_id === tree.old));
  assert.equal(o.expected, 7);
  assertError(await admin.get('/api/v1/movements/999999/registrations'), 404, 'not_found');
});

test('units register themselves or are registered by their authority; who has not is listed', async () => {
  const m = await movement(ids.btctw, {}, ao);
  // the unit officer registers its own unit without naming it
  const reg = await ok(await uo.post(`/api/v1/movements/${m.id}/registrations`, { commitment: '  Xây dựng 5 mô hình  ' }), 201);
  assert.equal(reg.org_id, unitOrg);
  assert.equal(reg.movement_id, m.id);
  assert.equal(reg.commitment, 'Xây dựng 5 mô hình');
  assert.match(reg.registered_at, /^\d{4}-\d\d-\d\dT/);
  assertError(await uo.post(`/api/v1/movements/${m.id}/registrations`, {}), 409, 'already_registered');
  // the authority registers a unit beneath it, at any depth
  await ok(await ao.post(`/api/v1/movements/${m.id}/registrations`, { org_id: tree.deep }), 201);
  // a unit never registers another
  assertError(await uo.post(`/api/v1/movements/${m.id}/registrations`, { org_id: tree.danVan }), 403, 'forbidden');
  // an authority is not a unit; an org outside the launching org's tree is not expected
  assertError(await ao.post(`/api/v1/movements/${m.id}/registrations`, { org_id: tree.sub }), 422, 'not_expected');
  const bnvUnit = ids.clusters.find((c) => c.authority_id === ids.bnv).rotation[0];
  assertError(await admin.post(`/api/v1/movements/${m.id}/registrations`, { org_id: bnvUnit }), 422, 'not_expected');
  assertError(await admin.post(`/api/v1/movements/${m.id}/registrations`, { org_id: 999999 }), 422, 'unknown_org');
  assertError(await admin.post(`/api/v1/movements/${m.id}/registrations`, {}), 422, 'required');
  assertError(await uo.post(`/api/v1/movements/${m.id}/registrations`, { commitment: 'x'.repeat(1001) }), 422);
  assertError(await uo.post(`/api/v1/movements/${m.id}/registrations`, { note: 'x' }), 422, 'unknown_field');
  assertError(await uo.post('/api/v1/movements/999999/registrations', {}), 404, 'not_found');

  const r = await ok(await admin.get(`/api/v1/movements/${m.id}/registrations`));
  assert.deepEqual(r.items.map((x) => x.org_id).sort(), [unitOrg, tree.deep].sort());
  assert.equal(r.registered, 2);
  assert.equal(r.expected, r.registered + r.not_registered.length);
  assert.ok(!r.not_registered.some((u) => u.org_id === unitOrg || u.org_id === tree.deep));
  assert.ok(r.not_registered.some((u) => u.org_id === tree.danVan));
  assert.equal((await ok(await admin.get(`/api/v1/movements/${m.id}`))).registered, 2);
  const audit = await auditOf('movement_registration', `${m.id}/${unitOrg}`);
  assert.equal(audit.length, 1);

  // withdrawing: the unit itself, once
  assertError(await uo.req('DELETE', `/api/v1/movements/${m.id}/registrations/${tree.deep}`), 403, 'forbidden');
  assert.equal((await uo.req('DELETE', `/api/v1/movements/${m.id}/registrations/${unitOrg}`)).status, 204);
  assertError(await uo.req('DELETE', `/api/v1/movements/${m.id}/registrations/${unitOrg}`), 404, 'not_registered');
  assertError(await admin.req('DELETE', `/api/v1/movements/${m.id}/registrations/999999`), 404);
  const after = await ok(await admin.get(`/api/v1/movements/${m.id}/registrations`));
  assert.equal(after.registered, 1);
  assert.ok(after.not_registered.some((u) => u.org_id === unitOrg));
  assert.equal((await auditOf('movement_registration', `${m.id}/${unitOrg}`)).length, 2);
});

test('after a movement ends, nobody registers or withdraws', async () => {
  const m = await endedMovement(ids.btctw, tree.danVan);
  assert.equal((await ok(await admin.get(`/api/v1/movements/${m.id}`))).status, 'ended');
  assertError(await uo.post(`/api/v1/movements/${m.id}/registrations`, {}), 409, 'movement_ended');
  assertError(await admin.req('DELETE', `/api/v1/movements/${m.id}/registrations/${tree.danVan}`), 409, 'movement_ended');
  // before it starts, a unit may already register
  const soon = await movement(ids.btctw, { starts_on: `${YEAR + 1}-01-01`, ends_on: `${YEAR + 1}-12-31` });
  await ok(await uo.post(`/api/v1/movements/${soon.id}/registrations`, {}), 201);
});

test('a movement is deleted only while nobody has registered', async () => {
  const m = await movement(tree.top, {}, ao);
  await ok(await ao.post(`/api/v1/movements/${m.id}/registrations`, { org_id: tree.kiemTra }), 201);
  assertError(await ao.req('DELETE', `/api/v1/movements/${m.id}`), 409, 'has_registrations');
  assert.equal((await ao.req('DELETE', `/api/v1/movements/${m.id}/registrations/${tree.kiemTra}`)).status, 204);
  assert.equal((await ao.req('DELETE', `/api/v1/movements/${m.id}`)).status, 204);
  assertError(await admin.get(`/api/v1/movements/${m.id}`), 404, 'not_found');
  assert.deepEqual((await auditOf('movement', m.id)).map((a) => a.action).sort(), ['create', 'delete']);
});

test('the demo holds "Dân vận khéo" 2021–2025 and a movement of this year, most units registered', async () => {
  const dvk = await ok(await admin.get('/api/v1/movements?q=dan%20van%20kheo&year=2021'));
  assert.ok(dvk.total >= 1, 'no demo movement');
  const m = dvk.items[0];
  assert.equal(m.starts_on, '2021-01-01');
  assert.equal(m.ends_on, '2025-12-31');
  assert.equal(m.org_id, ids.btctw);
  const r = await ok(await admin.get(`/api/v1/movements/${m.id}/registrations`));
  assert.ok(r.registered > r.expected / 2 && r.not_registered.length > 0, JSON.stringify({ e: r.expected, r: r.registered }));
  const now = await ok(await admin.get('/api/v1/movements?year=2026'));
  assert.ok(now.items.some((x) => x.starts_on.startsWith('2026')));
});
