// /api/v1/clusters and their years: members, leader, deputies, status.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, session, assertError, demoIds, sql } from './helpers.mjs';

let server;
let admin;
let officer;
let ids;
let c1; // demo cluster organized by BTCTW
let c3; // demo cluster organized by Bộ Nội vụ
let btctwUnits; // unit ids beneath BTCTW
let bnvUnits;

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  officer = await session(server, 'authority_officer');
  ids = await demoIds(server, admin);
  c1 = ids.clusters.find((c) => c.authority_id === ids.btctw);
  c3 = ids.clusters.find((c) => c.authority_id === ids.bnv);
  const units = (await admin.get('/api/v1/orgs?kind=unit&limit=500')).body.items;
  btctwUnits = units.filter((o) => o.parent_id === ids.btctw).map((o) => o.id);
  bnvUnits = units.filter((o) => o.parent_id === ids.bnv).map((o) => o.id);
});
after(async () => { await server.stop(); });

const sorted = (a) => [...a].sort((x, y) => x - y);

async function createCluster(c, body) {
  const r = await c.post('/api/v1/clusters', body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('the demo has three clusters, each with a 2026 year; the first also has its finished 2025', async () => {
  const r = await admin.get('/api/v1/clusters');
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body).sort(), ['items', 'limit', 'offset', 'total']);
  assert.equal(r.body.total, 3);
  for (const c of r.body.items) {
    const first = c.id === c1.id;
    assert.deepEqual(Object.keys(c).sort(), ['authority_id', 'id', 'name', 'rotation']);
    assert.ok(c.rotation.length >= 2);
    const one = await admin.get(`/api/v1/clusters/${c.id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body.years, first ? [2026, 2025] : [2026]);
    assert.deepEqual({ ...one.body, years: undefined }, { ...c, years: undefined });
    const y = await admin.get(`/api/v1/clusters/${c.id}/years/2026`);
    assert.equal(y.status, 200);
    assert.deepEqual(Object.keys(y.body).sort(), [
      'cluster_id', 'criteria_version', 'deadline', 'deputy_ids', 'final_rule', 'leader_id', 'members',
      'published_at', 'status', 'tie_break', 'year', 'your_powers',
    ]);
    assert.deepEqual(y.body.your_powers, ['authority']);
    assert.equal(y.body.cluster_id, c.id);
    assert.equal(y.body.year, 2026);
    // The first cluster's 2026 is in self-assessment, the others plan theirs.
    assert.equal(y.body.status, first ? 'self_assessment' : 'planning');
    assert.deepEqual(sorted(y.body.members), sorted(c.rotation));
    assert.equal(y.body.leader_id, c.rotation[0]);
    assert.deepEqual(sorted(y.body.deputy_ids), sorted(c.rotation.slice(1, 3)));
  }
  // The leader_officer and unit_officer demo users sit in cluster 1.
  assert.equal(ids.userOrg.leader_officer, c1.rotation[0]);
  assert.equal(ids.userOrg.unit_officer, c1.rotation[1]);
});

test('filters: authority_id, member_id, q without diacritics', async () => {
  const byBnv = await admin.get(`/api/v1/clusters?authority_id=${ids.bnv}`);
  assert.deepEqual(byBnv.body.items.map((c) => c.id), [c3.id]);
  const byBtctw = await admin.get(`/api/v1/clusters?authority_id=${ids.btctw}`);
  assert.equal(byBtctw.body.total, 2);
  const member = await admin.get(`/api/v1/clusters?member_id=${ids.userOrg.unit_officer}`);
  assert.deepEqual(member.body.items.map((c) => c.id), [c1.id]);
  const q = await admin.get('/api/v1/clusters?q=mien%20nui%20phia%20bac');
  assert.deepEqual(q.body.items.map((c) => c.id), [c1.id]);
  const both = await admin.get(`/api/v1/clusters?authority_id=${ids.bnv}&member_id=${ids.userOrg.unit_officer}`);
  assert.equal(both.body.total, 0);
  const none = await admin.get('/api/v1/clusters?member_id=999999');
  assert.equal(none.body.total, 0);
  const page = await admin.get('/api/v1/clusters?limit=1&offset=1');
  assert.equal(page.body.items.length, 1);
  assert.equal(page.body.total, 3);
});

test('every logged-in role reads clusters and years', async () => {
  for (const role of Object.keys(server.logins)) {
    const c = await session(server, role);
    assert.equal((await c.get('/api/v1/clusters')).status, 200, role);
    assert.equal((await c.get(`/api/v1/clusters/${c3.id}`)).status, 200, role);
    assert.equal((await c.get(`/api/v1/clusters/${c3.id}/years/2026`)).status, 200, role);
  }
});

test('create and patch a cluster; rotation keeps its order', async () => {
  const rotation = [btctwUnits[5], btctwUnits[2], btctwUnits[9]];
  const c = await createCluster(admin, { name: 'Cụm thử nghiệm  số  4 ', authority_id: ids.btctw, rotation });
  assert.equal(c.name, 'Cụm thử nghiệm số 4');
  assert.equal(c.authority_id, ids.btctw);
  assert.deepEqual(c.rotation, rotation);
  const read = await admin.get(`/api/v1/clusters/${c.id}`);
  assert.deepEqual(read.body, { ...c, years: [] });
  const p = await admin.patch(`/api/v1/clusters/${c.id}`, { rotation: [rotation[2], rotation[0]] });
  assert.equal(p.status, 200, p.text);
  assert.deepEqual(p.body.rotation, [rotation[2], rotation[0]]);
  assert.equal(p.body.name, c.name);
  const renamed = await admin.patch(`/api/v1/clusters/${c.id}`, { name: 'Cụm đổi tên' });
  assert.deepEqual(renamed.body.rotation, [rotation[2], rotation[0]]);
  assert.equal((await admin.get('/api/v1/clusters?q=cum%20doi%20ten')).body.total, 1);
  const emptied = await admin.patch(`/api/v1/clusters/${c.id}`, { rotation: [] });
  assert.deepEqual(emptied.body.rotation, []);
  const noRotation = await createCluster(admin, { name: 'Cụm chưa luân phiên', authority_id: ids.bnv });
  assert.deepEqual(noRotation.rotation, []);
});

test('cluster validation', async () => {
  const A = ids.btctw;
  const cases = [
    [{ authority_id: A }, 422, 'required', 'name'],
    [{ name: 'x' }, 422, 'required', 'authority_id'],
    [{ name: '', authority_id: A }, 422, 'empty', 'name'],
    [{ name: 'x', authority_id: btctwUnits[0] }, 422, 'wrong_org_kind', 'authority_id'],
    [{ name: 'x', authority_id: 999999 }, 422, 'unknown_org', 'authority_id'],
    [{ name: 'x', authority_id: 'one' }, 422, 'wrong_type', 'authority_id'],
    [{ name: 'x', authority_id: A, rotation: [A, btctwUnits[0]] }, 422, 'wrong_org_kind', 'rotation'],
    [{ name: 'x', authority_id: A, rotation: [btctwUnits[0], 999999] }, 422, 'unknown_org', 'rotation'],
    [{ name: 'x', authority_id: A, rotation: [btctwUnits[0], btctwUnits[0]] }, 422, 'duplicate', 'rotation'],
    [{ name: 'x', authority_id: A, rotation: [0] }, 422, 'wrong_type', 'rotation'],
    [{ name: 'x', authority_id: A, rotation: ['3'] }, 422, 'wrong_type', 'rotation'],
    [{ name: 'x', authority_id: A, rotation: 3 }, 422, 'wrong_type', 'rotation'],
    [{ name: 'x', authority_id: A, rotation: [[3]] }, 422, 'wrong_type', 'rotation'],
    [{ name: 'x', authority_id: A, rotation: Array.from({ length: 201 }, (_, i) => i + 1) }, 422, 'too_many', 'rotation'],
    [{ name: 'x', authority_id: A, years: 5, leader: 3 }, 422, 'unknown_field', undefined],
  ];
  for (const [body, status, code, field] of cases) {
    const r = await admin.post('/api/v1/clusters', body);
    assertError(r, status, code);
    if (field) assert.equal(r.body.error.field, field, JSON.stringify(body).slice(0, 100));
  }
  assert.equal((await admin.get('/api/v1/clusters?q=x')).body.items.filter((c) => c.name === 'x').length, 0);
  assertError(await admin.patch(`/api/v1/clusters/${c1.id}`, { authority_id: btctwUnits[0] }), 422, 'wrong_org_kind');
  assertError(await admin.patch(`/api/v1/clusters/${c1.id}`, { name: null }), 422, 'required');
  assertError(await admin.patch('/api/v1/clusters/999999', { name: 'y' }), 404, 'not_found');
  assertError(await admin.get('/api/v1/clusters/999999'), 404, 'not_found');
  // The refused patches left cluster 1 as it was.
  const now = await admin.get(`/api/v1/clusters/${c1.id}`);
  const { year: _y, ...demoC1 } = c1;
  assert.deepEqual(now.body, { ...demoC1, years: [2026, 2025] });
});

test('put a new year (201), replace it (200), read it back', async () => {
  const c = await createCluster(admin, { name: 'Cụm có năm', authority_id: ids.btctw, rotation: btctwUnits.slice(0, 4) });
  const members = btctwUnits.slice(0, 4);
  const body = { members, leader_id: members[1], deputy_ids: [members[3]] };
  const put = await admin.put(`/api/v1/clusters/${c.id}/years/2027`, body);
  assert.equal(put.status, 201, put.text);
  assert.equal(put.body.cluster_id, c.id);
  assert.equal(put.body.year, 2027);
  assert.equal(put.body.status, 'planning');
  assert.equal(put.body.leader_id, members[1]);
  assert.deepEqual(sorted(put.body.members), sorted(members));
  assert.deepEqual(put.body.deputy_ids, [members[3]]);
  const get = await admin.get(`/api/v1/clusters/${c.id}/years/2027`);
  // GET adds the caller's powers in the year to what PUT answered.
  assert.deepEqual(get.body.your_powers, ['authority']);
  assert.deepEqual({ ...get.body, members: sorted(get.body.members) },
    { ...put.body, members: sorted(put.body.members), your_powers: ['authority'] });
  assert.equal(put.body.final_rule, 'cross_mean');
  assert.deepEqual(put.body.tie_break, ['penalty', 'groups']);
  assert.equal(put.body.criteria_version, 0);
  assert.equal(put.body.deadline, null);
  assert.equal(put.body.published_at, null);
  const replaced = await admin.put(`/api/v1/clusters/${c.id}/years/2027`, { members: members.slice(0, 2), leader_id: members[0] });
  assert.equal(replaced.status, 200, replaced.text);
  assert.deepEqual(replaced.body.deputy_ids, []);
  const again = await admin.get(`/api/v1/clusters/${c.id}/years/2027`);
  assert.deepEqual(sorted(again.body.members), sorted(members.slice(0, 2)));
  assert.equal(again.body.leader_id, members[0]);
  assert.deepEqual(again.body.deputy_ids, []);
  await admin.put(`/api/v1/clusters/${c.id}/years/2000`, body);
  await admin.put(`/api/v1/clusters/${c.id}/years/2100`, body);
  assert.deepEqual((await admin.get(`/api/v1/clusters/${c.id}`)).body.years, [2100, 2027, 2000]);
  // member_id finds the cluster through any year.
  const found = await admin.get(`/api/v1/clusters?member_id=${members[3]}`);
  assert.ok(found.body.items.some((x) => x.id === c.id));
  // Echoing back what GET returned is accepted.
  const echo = await admin.put(`/api/v1/clusters/${c.id}/years/2027`, again.body);
  assert.equal(echo.status, 200, echo.text);
});

test('year validation', async () => {
  const m = btctwUnits.slice(0, 3);
  const url = `/api/v1/clusters/${c1.id}/years/2030`;
  const cases = [
    [{ leader_id: m[0] }, 'required', 'members'],
    [{ members: m }, 'required', 'leader_id'],
    [{ members: [m[0]], leader_id: m[0] }, 'too_few_members', 'members'],
    [{ members: [], leader_id: m[0] }, 'too_few_members', 'members'],
    [{ members: [m[0], m[0]], leader_id: m[0] }, 'duplicate', 'members'],
    [{ members: m, leader_id: bnvUnits[0] }, 'not_a_member', 'leader_id'],
    [{ members: m, leader_id: m[0], deputy_ids: [m[0]] }, 'leader_is_deputy', 'deputy_ids'],
    [{ members: m, leader_id: m[0], deputy_ids: [bnvUnits[0]] }, 'not_a_member', 'deputy_ids'],
    [{ members: m, leader_id: m[0], deputy_ids: [m[1], m[1]] }, 'duplicate', 'deputy_ids'],
    [{ members: [...m, ids.btctw], leader_id: m[0] }, 'wrong_org_kind', 'members'],
    [{ members: [...m, 999999], leader_id: m[0] }, 'unknown_org', 'members'],
    [{ members: m, leader_id: 'm0' }, 'wrong_type', 'leader_id'],
    [{ members: m.join(','), leader_id: m[0] }, 'wrong_type', 'members'],
    [{ members: [...m, -1], leader_id: m[0] }, 'wrong_type', 'members'],
    [{ members: m, leader_id: m[0], deputy_ids: 5 }, 'wrong_type', 'deputy_ids'],
    [{ members: Array.from({ length: 201 }, (_, i) => i + 1), leader_id: 1 }, 'too_many', 'members'],
    [{ members: m, leader_id: m[0], status: 'closed', note: 'x' }, 'unknown_field', undefined],
  ];
  for (const [body, code, field] of cases) {
    const r = await admin.put(url, body);
    assertError(r, 422, code);
    if (field) assert.equal(r.body.error.field, field, JSON.stringify(body).slice(0, 100));
  }
  assertError(await admin.get(url), 404, 'not_found');
  assert.deepEqual((await admin.get(`/api/v1/clusters/${c1.id}`)).body.years, [2026, 2025]);
});

test('years outside 2000..2100 and unknown clusters are 404', async () => {
  const body = { members: btctwUnits.slice(0, 2), leader_id: btctwUnits[0] };
  for (const y of ['1999', '2101', '9999', '4294969322', '18446744073709553642', '999999999999999999']) {
    assertError(await admin.get(`/api/v1/clusters/${c1.id}/years/${y}`), 404, 'not_found');
    assertError(await admin.put(`/api/v1/clusters/${c1.id}/years/${y}`, body), 404, 'not_found');
  }
  assertError(await admin.get(`/api/v1/clusters/${c1.id}/years/2024`), 404, 'not_found');
  assertError(await admin.get('/api/v1/clusters/999999/years/2026'), 404, 'not_found');
  assertError(await admin.put('/api/v1/clusters/999999/years/2026', body), 404, 'not_found');
  assert.deepEqual((await admin.get(`/api/v1/clusters/${c1.id}`)).body.years, [2026, 2025]);
});

test('a year can only be replaced while planning (409 after)', async () => {
  const c2 = ids.clusters.find((c) => c.authority_id === ids.btctw && c.id !== c1.id);
  const url = `/api/v1/clusters/${c2.id}/years/2026`;
  const before = (await admin.get(url)).body;
  const same = await admin.put(url, before);
  assert.equal(same.status, 200, same.text);
  sql(server, `UPDATE cluster_years SET status = 'in_progress' WHERE cluster_id = ${c2.id} AND year = 2026`);
  const now = await admin.get(url);
  assert.equal(now.body.status, 'in_progress');
  const r = await admin.put(url, { members: before.members.slice(0, 3), leader_id: before.members[0] });
  assertError(r, 409, 'year_not_planning');
  const after = await admin.get(url);
  assert.deepEqual(after.body, { ...before, status: 'in_progress' });
  // Validation of the body does not hide the state conflict, and other years are free.
  const next = await admin.put(`/api/v1/clusters/${c2.id}/years/2027`, { members: before.members.slice(0, 3), leader_id: before.members[0] });
  assert.equal(next.status, 201, next.text);
});

test('an authority officer manages the clusters of its authority and those beneath it', async () => {
  const mine = await createCluster(officer, { name: 'Cụm của Ban', authority_id: ids.btctw, rotation: btctwUnits.slice(0, 3) });
  assert.equal((await officer.patch(`/api/v1/clusters/${mine.id}`, { name: 'Cụm của Ban (sửa)' })).status, 200);
  const y = await officer.put(`/api/v1/clusters/${mine.id}/years/2027`, { members: btctwUnits.slice(0, 3), leader_id: btctwUnits[0] });
  assert.equal(y.status, 201, y.text);
  assert.equal((await officer.put(`/api/v1/clusters/${c1.id}/years/2028`, { members: c1.rotation.slice(0, 2), leader_id: c1.rotation[0] })).status, 201);
  // A sub-authority beneath BTCTW is in reach too.
  const sub = await admin.post('/api/v1/orgs', { name: 'Ban Tổ chức khu vực', kind: 'authority', parent_id: ids.btctw });
  assert.equal(sub.status, 201);
  const subCluster = await createCluster(officer, { name: 'Cụm của ban khu vực', authority_id: sub.body.id });
  assert.equal(subCluster.authority_id, sub.body.id);
  // Bộ Nội vụ's clusters are not.
  assertError(await officer.post('/api/v1/clusters', { name: 'Cụm của Bộ', authority_id: ids.bnv }), 403, 'forbidden');
  assertError(await officer.patch(`/api/v1/clusters/${c3.id}`, { name: 'x' }), 403, 'forbidden');
  assertError(await officer.put(`/api/v1/clusters/${c3.id}/years/2027`, { members: bnvUnits.slice(0, 2), leader_id: bnvUnits[0] }), 403, 'forbidden');
  // Nor may it hand its own cluster over to another authority.
  assertError(await officer.patch(`/api/v1/clusters/${mine.id}`, { authority_id: ids.bnv }), 403, 'forbidden');
  assert.equal((await admin.get(`/api/v1/clusters/${mine.id}`)).body.authority_id, ids.btctw);
  assertError(await admin.get(`/api/v1/clusters/${c3.id}/years/2027`), 404);
  assert.notEqual((await admin.get(`/api/v1/clusters/${c3.id}`)).body.name, 'x');
});

test('no other role writes clusters', async () => {
  for (const role of ['council_member', 'leader_officer', 'unit_officer', 'delegate', 'viewer']) {
    const c = await session(server, role);
    assertError(await c.post('/api/v1/clusters', { name: 'x', authority_id: ids.btctw }), 403, 'forbidden');
    assertError(await c.patch(`/api/v1/clusters/${c1.id}`, { name: 'x' }), 403, 'forbidden');
    assertError(await c.put(`/api/v1/clusters/${c1.id}/years/2026`, { members: c1.rotation, leader_id: c1.rotation[0] }), 403, 'forbidden');
  }
  const y = await admin.get(`/api/v1/clusters/${c1.id}/years/2026`);
  assert.equal(y.body.leader_id, c1.rotation[0]);
});

test('an authority officer cannot put another authority\'s units in its clusters', async () => {
  const y = await officer.put(`/api/v1/clusters/${c1.id}/years/2031`,
    { members: [btctwUnits[0], bnvUnits[0], bnvUnits[1]], leader_id: bnvUnits[0] });
  assertError(y, 403, 'forbidden');
  assert.equal(y.body.error.field, 'members');
  const r = await officer.patch(`/api/v1/clusters/${c1.id}`, { rotation: [...c1.rotation, bnvUnits[0]] });
  assertError(r, 403, 'forbidden');
  const ok = await officer.put(`/api/v1/clusters/${c1.id}/years/2031`,
    { members: btctwUnits.slice(0, 3), leader_id: btctwUnits[0] });
  assert.equal(ok.status, 201, ok.text);
});

test('an org that organizes or belongs to a cluster cannot change kind', async () => {
  assertError(await admin.patch(`/api/v1/orgs/${ids.btctw}`, { kind: 'unit' }), 409, 'in_use');
  assertError(await admin.patch(`/api/v1/orgs/${c1.rotation[0]}`, { kind: 'authority' }), 409, 'in_use');
  const fresh = await admin.post('/api/v1/orgs', { name: 'Đơn vị chưa vào cụm', kind: 'unit' });
  assert.equal(fresh.status, 201, fresh.text);
  const flipped = await admin.patch(`/api/v1/orgs/${fresh.body.id}`, { kind: 'authority' });
  assert.equal(flipped.status, 200, flipped.text);
});

test('server-owned fields may be sent back unchanged but never changed', async () => {
  const year = (await admin.get(`/api/v1/clusters/${c3.id}/years/2026`)).body;
  const same = await admin.put(`/api/v1/clusters/${c3.id}/years/2026`, year);
  assert.equal(same.status, 200, same.text);
  for (const [field, value] of [['status', 'closed'], ['year', 2027], ['cluster_id', c1.id]]) {
    const r = await admin.put(`/api/v1/clusters/${c3.id}/years/2026`, { ...year, [field]: value });
    assertError(r, 422, 'read_only');
    assert.equal(r.body.error.field, field);
  }
  assertError(await admin.post('/api/v1/orgs', { id: 5, name: 'Có id sẵn', kind: 'unit' }), 422, 'read_only');
  assertError(await admin.patch(`/api/v1/clusters/${c3.id}`, { id: c1.id }), 422, 'read_only');
  assert.equal((await admin.patch(`/api/v1/clusters/${c3.id}`, { id: c3.id })).status, 200);
});
