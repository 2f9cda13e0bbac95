// Exemplary models: recording, editing, reviewing and retiring them; who
// may do which; the statistics of a year with the reconciliation identity,
// rolled up through the org tree, a cluster and the country; compilations.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer, session, as, assertError, demoIds, sql, PG } from './helpers.mjs';

let server;
let admin;
let ao; // authority officer of BTCTW
let uo; // unit officer of a unit beneath BTCTW
let ids;
let unitOrg;
let farOrg; // a unit beneath Bộ Nội vụ
let seq = 0;
const YEAR = Number(new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 4));

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  ao = await session(server, 'authority_officer');
  uo = await session(server, 'unit_officer');
  ids = await demoIds(server, admin);
  unitOrg = ids.userOrg.unit_officer;
  farOrg = ids.clusters.find((c) => c.authority_id === ids.bnv).year.leader_id;
});
after(async () => { await server.stop(); });

async function ok(r, status = 200) {
  assert.equal(r.status, status, r.text);
  return r.body;
}

async function org(name, kind, parent_id, client = admin) {
  return (await ok(await client.post('/api/v1/orgs', { name, kind, ...(parent_id ? { parent_id } : {}) }), 201)).id;
}

async function model(org_id, year, extra = {}, client = admin) {
  return ok(await client.post('/api/v1/models', {
    name: `Mô hình dân vận khéo ${++seq}`, org_id, field: 'Kinh tế', year, ...extra,
  }), 201);
}

async function auditOf(entity, id) {
  return (await ok(await admin.get(`/api/v1/audit?entity=${entity}&entity_id=${id}&limit=500`))).items;
}

const counts = (o) => ({ new: o.new, retired: o.retired, active_start: o.active_start, active_end: o.active_end, total_ever: o.total_ever });

test('a unit records a model, reads it back, edits it; every write is audited', async () => {
  const m = await model(unitOrg, YEAR - 1, { description: 'Vận động nhân dân hiến đất làm đường' }, uo);
  assert.equal(m.status, 'active');
  assert.equal(m.org_id, unitOrg);
  assert.equal(m.retired_year, null);
  assert.equal(m.retired_reason, null);
  assert.equal(typeof m.org_name, 'string');
  const got = await ok(await admin.get(`/api/v1/models/${m.id}`));
  assert.deepEqual(got, m);
  const patched = await ok(await uo.patch(`/api/v1/models/${m.id}`, { ...got, field: 'Văn hóa - xã hội', description: null }));
  assert.equal(patched.field, 'Văn hóa - xã hội');
  assert.equal(patched.description, null);
  // The server's fields are read-only here: no retiring by PATCH.
  assertError(await uo.patch(`/api/v1/models/${m.id}`, { status: 'retired' }), 422, 'read_only');
  assertError(await uo.patch(`/api/v1/models/${m.id}`, { org_id: farOrg }), 422, 'read_only');
  const trail = await auditOf('model', m.id);
  assert.deepEqual(trail.map((a) => a.action).sort(), ['create', 'update']);
});

test('bad models are refused with the field named', async () => {
  const base = { name: 'Mô hình', org_id: unitOrg, field: 'Kinh tế', year: 2022 };
  assertError(await admin.post('/api/v1/models', { ...base, year: 1944 }), 422, 'out_of_range');
  assertError(await admin.post('/api/v1/models', { ...base, year: YEAR + 1 }), 422, 'out_of_range');
  assertError(await admin.post('/api/v1/models', { ...base, name: '  ' }), 422);
  assertError(await admin.post('/api/v1/models', { ...base, field: undefined }), 422, 'required');
  assertError(await admin.post('/api/v1/models', { ...base, status: 'retired' }), 422, 'unknown_field');
  assertError(await admin.post('/api/v1/models', { ...base, org_id: 999999 }), 422, 'unknown_org');
  assertError(await admin.post('/api/v1/models', { ...base, year: '2022' }), 422);
  const r = await admin.post('/api/v1/models', { ...base, name: 'x'.repeat(301) });
  assertError(r, 422);
  assert.equal(r.body.error.field, 'name');
  assertError(await admin.get('/api/v1/models/999999'), 404, 'not_found');
  assertError(await admin.get('/api/v1/models?status=gone'), 400, 'invalid_query');
  assertError(await admin.get('/api/v1/models?subtree=yes'), 400, 'invalid_query');
});

test('a unit writes only its own models, and never retires or reviews them', async () => {
  assertError(await uo.post('/api/v1/models', { name: 'Mô hình hàng xóm', org_id: farOrg, field: 'Kinh tế', year: 2022 }), 403, 'forbidden');
  const mine = await model(unitOrg, 2022, {}, uo);
  assertError(await uo.post(`/api/v1/models/${mine.id}/retire`, { year: 2024, reason: 'Tự rút' }), 403, 'forbidden');
  assertError(await uo.post(`/api/v1/models/${mine.id}/reviews`, { year: 2024, outcome: 'keep' }), 403, 'forbidden');
  const far = await model(farOrg, 2022);
  assertError(await ao.post(`/api/v1/models/${far.id}/retire`, { year: 2024, reason: 'Ngoài phạm vi' }), 403, 'forbidden');
  assertError(await uo.patch(`/api/v1/models/${far.id}`, { field: 'Khác' }), 403, 'forbidden');
});

test('the authority retires a model: year from the date, both must agree, once only', async () => {
  const m = await model(unitOrg, 2021);
  assertError(await ao.post(`/api/v1/models/${m.id}/retire`, { reason: 'Không hiệu quả' }), 422, 'required');
  assertError(await ao.post(`/api/v1/models/${m.id}/retire`, { year: 2023 }), 422, 'required');
  assertError(await ao.post(`/api/v1/models/${m.id}/retire`, { year: 2023, date: '2024-01-02', reason: 'x' }), 422, 'year_date_mismatch');
  assertError(await ao.post(`/api/v1/models/${m.id}/retire`, { year: 2020, reason: 'x' }), 422, 'out_of_range');
  assertError(await ao.post(`/api/v1/models/${m.id}/retire`, { date: `${YEAR + 1}-01-01`, reason: 'x' }), 422);
  assertError(await ao.post(`/api/v1/models/${m.id}/retire`, { date: '2023-02-30', reason: 'x' }), 422, 'invalid_date');
  const r = await ok(await ao.post(`/api/v1/models/${m.id}/retire`, { date: '2023-06-15', reason: 'Không còn hiệu quả' }));
  assert.equal(r.status, 'retired');
  assert.equal(r.retired_year, 2023);
  assert.equal(r.retired_on, '2023-06-15');
  assert.equal(r.retired_reason, 'Không còn hiệu quả');
  assertError(await ao.post(`/api/v1/models/${m.id}/retire`, { year: 2024, reason: 'Lần nữa' }), 409, 'already_retired');
  // A retired model's year cannot move past its retirement.
  assertError(await admin.patch(`/api/v1/models/${m.id}`, { year: 2024 }), 422, 'out_of_range');
  const trail = await auditOf('model', m.id);
  const retire = trail.find((a) => a.action === 'retire');
  assert.equal(retire.before.status, 'active');
  assert.equal(retire.after.status, 'retired');
});

test('reviews keep, strengthen or retire a model; retiring needs a note', async () => {
  const m = await model(unitOrg, 2020);
  const keep = await ok(await ao.post(`/api/v1/models/${m.id}/reviews`, { year: 2022, outcome: 'keep', note: 'Duy trì tốt' }), 201);
  assert.equal(keep.outcome, 'keep');
  assert.equal(keep.model.status, 'active');
  assert.equal(keep.reviewed_by, ids.btctw);
  await ok(await ao.post(`/api/v1/models/${m.id}/reviews`, { year: 2023, outcome: 'strengthen' }), 201);
  assertError(await ao.post(`/api/v1/models/${m.id}/reviews`, { year: 2024, outcome: 'retire' }), 422, 'required');
  assertError(await ao.post(`/api/v1/models/${m.id}/reviews`, { year: 2019, outcome: 'keep' }), 422, 'out_of_range');
  assertError(await ao.post(`/api/v1/models/${m.id}/reviews`, { year: 2024, outcome: 'drop' }), 422);
  const ret = await ok(await ao.post(`/api/v1/models/${m.id}/reviews`, { year: 2024, outcome: 'retire', note: 'Hết hiệu quả' }), 201);
  assert.equal(ret.model.status, 'retired');
  assert.equal(ret.model.retired_year, 2024);
  assert.equal(ret.model.retired_reason, 'Hết hiệu quả');
  assertError(await ao.post(`/api/v1/models/${m.id}/reviews`, { year: 2025, outcome: 'keep' }), 409, 'already_retired');
  const list = await ok(await uo.get(`/api/v1/models/${m.id}/reviews`));
  assert.equal(list.total, 3);
  assert.deepEqual(list.items.map((r) => [r.year, r.outcome]), [[2024, 'retire'], [2023, 'strengthen'], [2022, 'keep']]);
  assertError(await uo.get('/api/v1/models/999999/reviews'), 404);
});

test('the list filters by org (and subtree), year, field, status and a diacritic-free query, in Vietnamese order', async () => {
  const root = await org(`Tỉnh lọc mô hình ${++seq}`, 'authority');
  const a = await org('Huyện Ân Thi', 'unit', root);
  const a1 = await org('Xã Đào Dương', 'unit', a);
  for (const [o, name, year, field] of [
    [a, 'Đường hoa nông thôn mới', 2021, 'Kinh tế'],
    [a, 'Dân vận khéo trong thu gom rác', 2022, 'Môi trường'],
    [a1, 'Ăn ở sạch sẽ', 2022, 'Môi trường'],
    [a1, 'Bếp ăn tình thương', 2023, 'Xã hội'],
  ]) await model(o, year, { name, field });
  const names = async (q) => (await ok(await uo.get(`/api/v1/models?${q}`))).items.map((m) => m.name);
  assert.deepEqual(await names(`org_id=${a}`), ['Dân vận khéo trong thu gom rác', 'Đường hoa nông thôn mới']);
  assert.deepEqual(await names(`org_id=${a}&subtree=true`),
    ['Ăn ở sạch sẽ', 'Bếp ăn tình thương', 'Dân vận khéo trong thu gom rác', 'Đường hoa nông thôn mới']);
  assert.deepEqual(await names(`org_id=${root}&subtree=true&year=2022`), ['Ăn ở sạch sẽ', 'Dân vận khéo trong thu gom rác']);
  assert.deepEqual(await names(`org_id=${root}&subtree=true&field=${encodeURIComponent('Môi trường')}`), ['Ăn ở sạch sẽ', 'Dân vận khéo trong thu gom rác']);
  assert.deepEqual(await names(`org_id=${root}&subtree=true&q=duong%20hoa`), ['Đường hoa nông thôn mới']);
  assert.deepEqual(await names(`org_id=${root}&subtree=true&q=AN%20O`), ['Ăn ở sạch sẽ']);
  assert.deepEqual(await names(`org_id=${root}&subtree=true&status=retired`), []);
  const page = await ok(await uo.get(`/api/v1/models?org_id=${root}&subtree=true&limit=1&offset=1`));
  assert.equal(page.total, 4);
  assert.equal(page.items[0].name, 'Bếp ăn tình thương');
});

// A fresh province: its own models (root), county A with a commune beneath
// it, county B; figures worked by hand for 2023.
async function province(client = admin) {
  const root = await org(`Tỉnh thống kê ${++seq}`, 'authority', undefined, client);
  const a = await org(`Huyện A ${seq}`, 'unit', root, client);
  const a1 = await org(`Xã A1 ${seq}`, 'unit', a, client);
  const b = await org(`Huyện B ${seq}`, 'unit', root, client);
  const add = (o, year) => model(o, year, {}, client);
  const retire = async (m, year) => ok(await client.post(`/api/v1/models/${m.id}/retire`, { year, reason: 'Không hiệu quả' }));
  await add(root, 2020);
  await retire(await add(root, 2021), 2023);
  await add(a, 2019);
  await retire(await add(a, 2023), 2023); // recognized and retired in the same year
  await add(a1, 2023);
  await retire(await add(a1, 2020), 2022);
  await add(a1, 2024);
  await add(b, 2022);
  await add(b, 2023);
  await retire(await add(b, 2019), 2023);
  return { root, a, a1, b };
}

test('statistics of an org: its own line and each child with everything beneath it; totals add up and reconcile', async () => {
  const p = await province();
  const s = await ok(await uo.get(`/api/v1/models/stats?org=${p.root}&year=2023`));
  assert.equal(s.year, 2023);
  assert.equal(s.org_id, p.root);
  assert.equal(s.cluster_id, null);
  assert.equal(s.reconciled, true);
  const line = (id) => counts(s.by_org.find((l) => l.org_id === id));
  // root: 2020 active; 2021 retired 2023
  assert.deepEqual(line(p.root), { new: 0, retired: 1, active_start: 2, active_end: 1, total_ever: 2 });
  // A and its commune: 2019; 2023 (retired 2023); 2023; 2020 (retired 2022); 2024 not yet
  assert.deepEqual(line(p.a), { new: 2, retired: 1, active_start: 1, active_end: 2, total_ever: 4 });
  // B: 2022; 2023; 2019 retired 2023
  assert.deepEqual(line(p.b), { new: 1, retired: 1, active_start: 2, active_end: 2, total_ever: 3 });
  assert.equal(s.by_org.length, 3);
  assert.deepEqual(counts(s.totals), { new: 3, retired: 3, active_start: 5, active_end: 5, total_ever: 9 });
  for (const l of [...s.by_org, s.totals]) assert.equal(l.active_end, l.active_start + l.new - l.retired);
  // Ten years of series up to the year, the last one the totals'.
  assert.deepEqual(s.series.map((x) => x.year), [2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023]);
  assert.deepEqual(s.series.at(-1), { year: 2023, new: 3, retired: 3, active_end: 5 });
  assert.deepEqual(s.series.find((x) => x.year === 2022), { year: 2022, new: 1, retired: 1, active_end: 5 });
  // One year on: the end of 2023 is the start of 2024.
  const next = await ok(await uo.get(`/api/v1/models/stats?org=${p.root}&year=2024`));
  assert.equal(next.totals.active_start, s.totals.active_end);
  assert.deepEqual(counts(next.totals), { new: 1, retired: 0, active_start: 5, active_end: 6, total_ever: 10 });
  // A county alone: its own models, and its commune's line.
  const a = await ok(await uo.get(`/api/v1/models/stats?org=${p.a}&year=2023`));
  assert.deepEqual(a.by_org.map((l) => l.org_id).sort(), [p.a, p.a1].sort());
  assert.deepEqual(counts(a.totals), line(p.a));
});

test('statistics roll up to the country by province and to a cluster by member', async () => {
  const p = await province();
  const org = await ok(await uo.get(`/api/v1/models/stats?org=${p.root}&year=2023`));
  const country = await ok(await uo.get('/api/v1/models/stats?year=2023'));
  assert.equal(country.org_id, null);
  const mine = country.by_org.find((l) => l.org_id === p.root);
  assert.ok(mine, 'the new province has its line');
  assert.deepEqual(counts(mine), counts(org.totals));
  const sum = (k) => country.by_org.reduce((t, l) => t + l[k], 0);
  for (const k of ['new', 'retired', 'active_start', 'active_end', 'total_ever']) assert.equal(country.totals[k], sum(k), k);
  // A cluster of the two counties (its rotation stands for the members of a year it has not planned).
  const c = await ok(await admin.post('/api/v1/clusters', { name: `Cụm thống kê ${seq}`, authority_id: p.root, rotation: [p.a, p.b] }), 201);
  const cs = await ok(await uo.get(`/api/v1/models/stats?cluster=${c.id}&year=2023`));
  assert.equal(cs.cluster_id, c.id);
  assert.deepEqual(cs.by_org.map((l) => l.org_id).sort(), [p.a, p.b].sort());
  const orgLine = (id) => counts(org.by_org.find((l) => l.org_id === id));
  assert.deepEqual(counts(cs.by_org.find((l) => l.org_id === p.a)), orgLine(p.a));
  assert.deepEqual(counts(cs.totals), { new: 3, retired: 2, active_start: 3, active_end: 4, total_ever: 7 });
});

test('statistics refuse what they cannot answer', async () => {
  assertError(await uo.get('/api/v1/models/stats?org=999999'), 404);
  assertError(await uo.get('/api/v1/models/stats?cluster=999999'), 404);
  assertError(await uo.get(`/api/v1/models/stats?org=${unitOrg}&cluster=1`), 400, 'invalid_query');
  assertError(await uo.get('/api/v1/models/stats?year=1800'), 400);
  assertError(await uo.get('/api/v1/models/stats?year=abc'), 400);
  const now = await ok(await uo.get('/api/v1/models/stats'));
  assert.equal(now.year, YEAR);
});

test('a broken row is an internal error, never an answer that does not reconcile', async () => {
  // Only a write behind the API's back can break the rule; the schema's
  // checks keep the retired year after the year: move the year past it.
  // A server of its own, whose 500 is expected (the shared one must have none).
  const broken = await startServer();
  try {
    const root = await as(broken, 'admin');
    const p = await province(root);
    const update = `UPDATE models SET year = 2023 WHERE org_id = ${p.a1} AND retired_year = 2022`;
    if (PG) {
      sql(broken, "DO $$ DECLARE r record; BEGIN FOR r IN SELECT conname FROM pg_constraint WHERE conrelid = 'models'::regclass AND contype = 'c' LOOP EXECUTE format('ALTER TABLE models DROP CONSTRAINT %I', r.conname); END LOOP; END $$");
      sql(broken, update);
    } else {
      sql(broken, `PRAGMA ignore_check_constraints = 1; ${update}`);
    }
    assertError(await root.get(`/api/v1/models/stats?org=${p.root}&year=2023`), 500, 'statistics_mismatch');
    assertError(await root.get('/api/v1/models/stats?year=2023'), 500, 'statistics_mismatch');
    assert.equal((await root.get(`/api/v1/models/stats?org=${p.b}&year=2023`)).status, 200, 'other branches still answer');
  } finally {
    await broken.kill();
    rmSync(broken.dir, { recursive: true, force: true });
  }
});

test('compilations rank models of the org\'s subtree that were active in the period', async () => {
  const p = await province();
  const list = await ok(await admin.get(`/api/v1/models?org_id=${p.root}&subtree=true&limit=500`));
  const byYear = (y, st = 'active') => list.items.find((m) => m.year === y && m.status === st);
  const m2019 = byYear(2019);
  const m2022 = byYear(2022);
  const retired2022 = list.items.find((m) => m.retired_year === 2022);
  const m2024 = byYear(2024);
  const body = {
    org_id: p.root, title: 'Các mô hình tiêu biểu giai đoạn 2021–2023', from_year: 2021, to_year: 2023,
    rationale: 'Hiệu quả rõ rệt, được nhân rộng', items: [{ model_id: m2022.id, note: 'Tiêu biểu nhất' }, { model_id: m2019.id }, { model_id: retired2022.id }],
  };
  assertError(await uo.post('/api/v1/compilations', body), 403, 'forbidden');
  const bad = async (items, code, field) => {
    const r = await admin.post('/api/v1/compilations', { ...body, items });
    assertError(r, 422, code);
    assert.equal(r.body.error.field, field);
  };
  await bad([{ model_id: m2019.id }, { model_id: m2019.id }], 'duplicate_model', 'items[1].model_id');
  await bad([{ model_id: m2019.id }, { model_id: m2024.id }], 'not_active_in_period', 'items[1].model_id');
  await bad([{ model_id: 999999 }], 'unknown_model', 'items[0].model_id');
  const far = await model(farOrg, 2022);
  await bad([{ model_id: m2019.id }, { model_id: m2022.id }, { model_id: far.id }], 'outside_org', 'items[2].model_id');
  await bad([{ model: 1 }], 'unknown_field', 'items[0]');
  assertError(await admin.post('/api/v1/compilations', { ...body, items: [] }), 422);
  assertError(await admin.post('/api/v1/compilations', { ...body, from_year: 2024 }), 422, 'invalid_period');
  const made = await ok(await admin.post('/api/v1/compilations', body), 201);
  assert.equal(made.item_count, 3);
  assert.deepEqual(made.items.map((i) => [i.rank, i.model_id]), [[1, m2022.id], [2, m2019.id], [3, retired2022.id]]);
  assert.equal(made.items[0].note, 'Tiêu biểu nhất');
  assert.equal(made.items[2].status, 'retired');
  assert.equal(typeof made.items[0].org_name, 'string');
  assert.deepEqual(await ok(await uo.get(`/api/v1/compilations/${made.id}`)), made);
  // PUT replaces the ranking; the period and org stay.
  const put = await ok(await admin.put(`/api/v1/compilations/${made.id}`, { ...made, title: 'Mười mô hình', items: [{ model_id: m2019.id }, { model_id: m2022.id }] }));
  assert.equal(put.title, 'Mười mô hình');
  assert.deepEqual(put.items.map((i) => i.model_id), [m2019.id, m2022.id]);
  assertError(await admin.put(`/api/v1/compilations/${made.id}`, { ...put, from_year: 2020 }), 422, 'read_only');
  const listed = await ok(await uo.get(`/api/v1/compilations?org_id=${p.root}&year=2022`));
  assert.equal(listed.total, 1);
  assert.equal(listed.items[0].item_count, 2);
  assert.equal((await ok(await uo.get(`/api/v1/compilations?org_id=${p.root}&year=2024`))).total, 0);
  assert.deepEqual((await auditOf('compilation', made.id)).map((a) => a.action).sort(), ['create', 'update']);
  assert.equal((await admin.del(`/api/v1/compilations/${made.id}`)).status, 204);
  assertError(await uo.get(`/api/v1/compilations/${made.id}`), 404);
});
