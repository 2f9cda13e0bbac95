// /api/v1/orgs: listing, search, hierarchy, mergers, writes and their rules.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, session, assertError, demoIds } from './helpers.mjs';

let server;
let admin;
let officer; // authority_officer of BTCTW
let ids;
before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  officer = await session(server, 'authority_officer');
  ids = await demoIds(server, admin);
});
after(async () => { await server.stop(); });

const ORG_KEYS = ['id', 'name', 'short_name', 'kind', 'parent_id', 'province', 'active_from', 'active_until', 'successor_id'];

async function create(c, body) {
  const r = await c.post('/api/v1/orgs', body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('the list has the envelope, every org field, and the demo hierarchy', async () => {
  const r = await admin.get('/api/v1/orgs?limit=500');
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body).sort(), ['items', 'limit', 'offset', 'total']);
  assert.equal(r.body.limit, 500);
  assert.equal(r.body.offset, 0);
  assert.equal(r.body.items.length, r.body.total);
  for (const o of r.body.items) {
    for (const k of ORG_KEYS) assert.ok(k in o, `${k} in ${JSON.stringify(o)}`);
    assert.ok(o.kind === 'unit' || o.kind === 'authority');
  }
  const authorities = r.body.items.filter((o) => o.kind === 'authority');
  assert.deepEqual(authorities.map((o) => o.name).sort(), ['Ban Tổ chức Trung ương', 'Bộ Nội vụ']);
  for (const a of authorities) assert.equal(a.parent_id, null);
  const btctw = authorities.find((o) => o.name === 'Ban Tổ chức Trung ương');
  assert.equal(btctw.short_name, 'BTCTW');
  for (const u of r.body.items.filter((o) => o.kind === 'unit')) assert.ok([ids.btctw, ids.bnv].includes(u.parent_id));
  // The default page is 50.
  const d = await admin.get('/api/v1/orgs');
  assert.equal(d.body.limit, 50);
  assert.equal(d.body.items.length, Math.min(50, d.body.total));
});

test('paging walks the whole list without gaps or repeats', async () => {
  const all = (await admin.get('/api/v1/orgs?limit=500')).body;
  const seen = [];
  for (let off = 0; off < all.total; off += 7) {
    const p = await admin.get(`/api/v1/orgs?limit=7&offset=${off}`);
    assert.equal(p.status, 200);
    assert.equal(p.body.total, all.total);
    assert.equal(p.body.offset, off);
    seen.push(...p.body.items.map((o) => o.id));
  }
  assert.deepEqual(seen, all.items.map((o) => o.id));
  const past = await admin.get(`/api/v1/orgs?offset=${all.total + 10}`);
  assert.equal(past.status, 200);
  assert.deepEqual(past.body.items, []);
  assert.equal(past.body.total, all.total);
});

test('filters: kind, parent_id, province, and combinations', async () => {
  const auth = await admin.get('/api/v1/orgs?kind=authority');
  assert.equal(auth.body.total, 2);
  const units = await admin.get('/api/v1/orgs?kind=unit&limit=500');
  const all = await admin.get('/api/v1/orgs?limit=500');
  assert.equal(units.body.total + 2, all.body.total);
  const underBnv = await admin.get(`/api/v1/orgs?parent_id=${ids.bnv}&limit=500`);
  assert.ok(underBnv.body.total > 0);
  for (const o of underBnv.body.items) assert.equal(o.parent_id, ids.bnv);
  assert.equal(underBnv.body.total, all.body.items.filter((o) => o.parent_id === ids.bnv).length);
  const hue = await admin.get(`/api/v1/orgs?province=${encodeURIComponent('Huế')}`);
  assert.equal(hue.body.total, 1);
  assert.equal(hue.body.items[0].name, 'Sở Nội vụ thành phố Huế');
  const none = await admin.get(`/api/v1/orgs?kind=authority&parent_id=${ids.bnv}`);
  assert.equal(none.body.total, 0);
  const nobody = await admin.get('/api/v1/orgs?parent_id=999999');
  assert.equal(nobody.body.total, 0);
});

test('search ignores case and Vietnamese diacritics, and đ matches d', async () => {
  const plain = await admin.get('/api/v1/orgs?q=tuyen%20quang');
  assert.equal(plain.status, 200);
  assert.deepEqual(plain.body.items.map((o) => o.name), ['Ban Tổ chức Tỉnh ủy Tuyên Quang']);
  const marked = await admin.get(`/api/v1/orgs?q=${encodeURIComponent('TUYÊN QUANG')}`);
  assert.deepEqual(marked.body.items.map((o) => o.id), plain.body.items.map((o) => o.id));
  const d = await admin.get('/api/v1/orgs?q=dien%20bien');
  assert.deepEqual(d.body.items.map((o) => o.name), ['Ban Tổ chức Tỉnh ủy Điện Biên']);
  const dd = await admin.get(`/api/v1/orgs?q=${encodeURIComponent('đà nẵng')}`);
  assert.deepEqual(dd.body.items.map((o) => o.name), ['Sở Nội vụ thành phố Đà Nẵng']);
  const part = await admin.get('/api/v1/orgs?q=noi%20vu&limit=500');
  assert.ok(part.body.total >= 19);
  for (const o of part.body.items) assert.match(o.name, /Nội vụ/);
  // LIKE wildcards are searched for literally.
  for (const q of ['%', '_', '%25', '\\']) {
    const r = await admin.get(`/api/v1/orgs?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.total, 0, `q=${q}`);
  }
  // Decomposed (NFD) input finds precomposed names.
  const nfd = await admin.get(`/api/v1/orgs?q=${encodeURIComponent('Lai Châu'.normalize('NFD'))}`);
  assert.equal(nfd.body.total, 1);
});

test('the list is in Vietnamese alphabetical order', async () => {
  const parent = await create(admin, { name: 'Khối thử thứ tự', kind: 'authority' });
  for (const name of ['Em', 'Đông', 'Dung', 'Ân', 'An', 'Ăn', 'Bình']) {
    await create(admin, { name, kind: 'unit', parent_id: parent.id });
  }
  const r = await admin.get(`/api/v1/orgs?parent_id=${parent.id}`);
  assert.deepEqual(r.body.items.map((o) => o.name), ['An', 'Ăn', 'Ân', 'Bình', 'Dung', 'Đông', 'Em']);
});

test('one org has all its fields and the predecessors merged into it', async () => {
  const tq = (await admin.get('/api/v1/orgs?q=tuyen%20quang')).body.items[0];
  const r = await admin.get(`/api/v1/orgs/${tq.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.name, 'Ban Tổ chức Tỉnh ủy Tuyên Quang');
  assert.equal(r.body.province, 'Tuyên Quang');
  assert.equal(r.body.active_from, '2025-07-01');
  assert.equal(r.body.active_until, null);
  assert.equal(r.body.parent_id, ids.btctw);
  assert.equal(r.body.predecessor_ids.length, 1);
  const hg = await admin.get(`/api/v1/orgs/${r.body.predecessor_ids[0]}`);
  assert.equal(hg.body.name, 'Ban Tổ chức Tỉnh ủy Hà Giang');
  assert.equal(hg.body.successor_id, tq.id);
  assert.equal(hg.body.active_until, '2025-06-30');
  assert.deepEqual(hg.body.predecessor_ids, []);
  // Phú Thọ absorbed two provinces.
  const pt = (await admin.get('/api/v1/orgs?q=phu%20tho')).body.items[0];
  const full = await admin.get(`/api/v1/orgs/${pt.id}`);
  const names = [];
  for (const id of full.body.predecessor_ids) names.push((await admin.get(`/api/v1/orgs/${id}`)).body.name);
  assert.deepEqual(names.sort(), ['Ban Tổ chức Tỉnh ủy Hòa Bình', 'Ban Tổ chức Tỉnh ủy Vĩnh Phúc']);
});

test('predecessors reach back through chains of mergers', async () => {
  const top = await create(admin, { name: 'Đơn vị sáp nhập cuối', kind: 'unit', parent_id: ids.btctw });
  const mid = await create(admin, { name: 'Đơn vị sáp nhập giữa', kind: 'unit', parent_id: ids.btctw, successor_id: top.id, active_until: '2025-06-30' });
  const old = await create(admin, { name: 'Đơn vị sáp nhập đầu', kind: 'unit', parent_id: ids.btctw, successor_id: mid.id, active_until: '2020-12-31' });
  const r = await admin.get(`/api/v1/orgs/${top.id}`);
  assert.deepEqual(r.body.predecessor_ids, [mid.id, old.id].sort((a, b) => a - b));
});

test('every logged-in role reads orgs', async () => {
  for (const role of Object.keys(server.logins)) {
    const c = await session(server, role);
    const r = await c.get('/api/v1/orgs?limit=1');
    assert.equal(r.status, 200, role);
    assert.equal((await c.get(`/api/v1/orgs/${ids.bnv}`)).status, 200, role);
  }
});

test('unknown org ids are 404', async () => {
  assertError(await admin.get('/api/v1/orgs/999999'), 404, 'not_found');
  assertError(await admin.patch('/api/v1/orgs/999999', { name: 'x' }), 404, 'not_found');
  assertError(await admin.del('/api/v1/orgs/999999'), 404, 'not_found');
  assertError(await admin.get('/api/v1/orgs/999999999999999999'), 404, 'not_found');
});

test('create normalizes text: NFC, trimmed, inner spaces squeezed; answer equals a later read', async () => {
  const name = '  Ban   Tổ chức\u00a0Huyện ủy  Mường Tè '.normalize('NFD');
  const o = await create(admin, { name, short_name: ' BTC MT ', kind: 'unit', parent_id: ids.btctw, province: 'Lai Châu', active_from: '2025-07-01' });
  assert.equal(o.name, 'Ban Tổ chức Huyện ủy Mường Tè');
  assert.equal(o.name, o.name.normalize('NFC'));
  assert.equal(o.short_name, 'BTC MT');
  assert.equal(o.province, 'Lai Châu');
  const read = await admin.get(`/api/v1/orgs/${o.id}`);
  const { predecessor_ids: preds, ...rest } = read.body;
  assert.deepEqual(rest, o);
  assert.deepEqual(preds, []);
  const found = await admin.get('/api/v1/orgs?q=muong%20te');
  assert.deepEqual(found.body.items.map((x) => x.id), [o.id]);
});

test('optional fields may be omitted, null or blank', async () => {
  const o = await create(admin, { name: 'Cơ quan tối giản', kind: 'authority' });
  for (const k of ['short_name', 'parent_id', 'province', 'active_from', 'active_until', 'successor_id']) assert.equal(o[k], null, k);
  const n = await create(admin, { name: 'Cơ quan có null', kind: 'authority', short_name: null, parent_id: null, province: '  ', active_from: null });
  assert.equal(n.short_name, null);
  assert.equal(n.province, null);
});

test('patch changes only the given fields and can clear optional ones', async () => {
  const o = await create(admin, { name: 'Đơn vị sửa', short_name: 'ĐVS', kind: 'unit', parent_id: ids.btctw, province: 'Sơn La' });
  const r = await admin.patch(`/api/v1/orgs/${o.id}`, { province: 'Điện Biên' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { ...o, province: 'Điện Biên' });
  const cleared = await admin.patch(`/api/v1/orgs/${o.id}`, { short_name: null, active_until: '2030-01-01' });
  assert.equal(cleared.body.short_name, null);
  assert.equal(cleared.body.active_until, '2030-01-01');
  const moved = await admin.patch(`/api/v1/orgs/${o.id}`, { parent_id: ids.bnv, name: 'Đơn vị đã chuyển' });
  assert.equal(moved.body.parent_id, ids.bnv);
  const read = await admin.get(`/api/v1/orgs/${o.id}`);
  assert.equal(read.body.name, 'Đơn vị đã chuyển');
  assert.equal(read.body.province, 'Điện Biên');
  // The search key follows the new name.
  assert.equal((await admin.get('/api/v1/orgs?q=don%20vi%20da%20chuyen')).body.total, 1);
  assert.equal((await admin.get('/api/v1/orgs?q=don%20vi%20sua')).body.total, 0);
  // An empty patch changes nothing.
  const same = await admin.patch(`/api/v1/orgs/${o.id}`, {});
  assert.equal(same.status, 200);
  const { predecessor_ids: _p, ...rest } = read.body;
  assert.deepEqual(same.body, rest);
  // Echoing back the read-only fields of a GET is accepted.
  const echo = await admin.patch(`/api/v1/orgs/${o.id}`, read.body);
  assert.equal(echo.status, 200, echo.text);
});

test('validation: required fields, kinds, dates, periods, references', async () => {
  const P = ids.btctw;
  const cases = [
    [{ kind: 'unit' }, 'required', 'name'],
    [{ name: 'x' }, 'required', 'kind'],
    [{ name: '', kind: 'unit' }, 'empty', 'name'],
    [{ name: '   ', kind: 'unit' }, 'empty', 'name'],
    [{ name: 'x', kind: 'ministry' }, 'invalid_value', 'kind'],
    [{ name: 'x', kind: null }, 'invalid_value', 'kind'],
    [{ name: 'x', kind: 'unit', parent_id: 0 }, 'out_of_range', 'parent_id'],
    [{ name: 'x', kind: 'unit', parent_id: '1' }, 'wrong_type', 'parent_id'],
    [{ name: 'x', kind: 'unit', parent_id: 1.5 }, 'wrong_type', 'parent_id'],
    [{ name: 'x', kind: 'unit', parent_id: 999999 }, 'unknown_org', 'parent_id'],
    [{ name: 'x', kind: 'unit', successor_id: 999999 }, 'unknown_org', 'successor_id'],
    [{ name: 'x', kind: 'unit', active_from: '2025-02-30' }, 'invalid_date', 'active_from'],
    [{ name: 'x', kind: 'unit', active_from: '2025-1-1' }, 'invalid_date', 'active_from'],
    [{ name: 'x', kind: 'unit', active_from: '01/07/2025' }, 'invalid_date', 'active_from'],
    [{ name: 'x', kind: 'unit', active_until: 20250701 }, 'invalid_date', 'active_until'],
    [{ name: 'x', kind: 'unit', active_from: '2025-07-01', active_until: '2025-06-30' }, 'invalid_period', 'active_until'],
    [{ name: 'x'.repeat(256), kind: 'unit' }, 'too_long', 'name'],
    [{ name: 'x', short_name: 'y'.repeat(65), kind: 'unit' }, 'too_long', 'short_name'],
    [{ name: 'bell\u0007', kind: 'unit' }, 'control_character', 'name'],
    [{ name: 'tab\there', kind: 'unit' }, 'control_character', 'name'],
    [{ name: 'new\nline', kind: 'unit' }, 'control_character', 'name'],
    [{ name: 'rtl\u202eoverride', kind: 'unit' }, 'control_character', 'name'],
    [{ name: 5, kind: 'unit' }, 'wrong_type', 'name'],
    [{ name: 'x', kind: 'unit', colour: 'red' }, 'unknown_field', undefined],
  ];
  for (const [body, code, field] of cases) {
    const r = await admin.post('/api/v1/orgs', { parent_id: P, ...body });
    assertError(r, 422, code);
    if (field) assert.equal(r.body.error.field, field, JSON.stringify(body));
  }
  // 255 characters of Vietnamese (more bytes than characters) fit.
  const long = await admin.post('/api/v1/orgs', { name: 'Ế'.repeat(255), kind: 'unit', parent_id: P });
  assert.equal(long.status, 201, long.text);
  // 2024 was a leap year.
  const leap = await admin.post('/api/v1/orgs', { name: 'Nhuận', kind: 'unit', parent_id: P, active_from: '2024-02-29' });
  assert.equal(leap.status, 201, leap.text);
  assertError(await admin.post('/api/v1/orgs', { name: 'Không nhuận', kind: 'unit', parent_id: P, active_from: '2100-02-29' }), 422, 'invalid_date');
});

test('the hierarchy cannot loop, nor name itself as parent or successor', async () => {
  const a = await create(admin, { name: 'Vòng A', kind: 'authority' });
  const b = await create(admin, { name: 'Vòng B', kind: 'unit', parent_id: a.id });
  const c = await create(admin, { name: 'Vòng C', kind: 'unit', parent_id: b.id });
  assertError(await admin.patch(`/api/v1/orgs/${a.id}`, { parent_id: c.id }), 422, 'cycle');
  assertError(await admin.patch(`/api/v1/orgs/${a.id}`, { parent_id: b.id }), 422, 'cycle');
  assertError(await admin.patch(`/api/v1/orgs/${a.id}`, { parent_id: a.id }), 422, 'self_reference');
  assertError(await admin.patch(`/api/v1/orgs/${a.id}`, { successor_id: a.id }), 422, 'self_reference');
  // The failed patches changed nothing.
  assert.equal((await admin.get(`/api/v1/orgs/${a.id}`)).body.parent_id, null);
});

test('merger history cannot loop through successors', async () => {
  const a = await create(admin, { name: 'Sáp nhập A', kind: 'unit', parent_id: ids.btctw });
  const b = await create(admin, { name: 'Sáp nhập B', kind: 'unit', parent_id: ids.btctw, successor_id: a.id });
  const c = await create(admin, { name: 'Sáp nhập C', kind: 'unit', parent_id: ids.btctw, successor_id: b.id });
  const r = await admin.patch(`/api/v1/orgs/${a.id}`, { successor_id: c.id });
  assertError(r, 422, 'cycle');
  assert.equal(r.body.error.field, 'successor_id');
  assertError(await admin.patch(`/api/v1/orgs/${a.id}`, { successor_id: b.id }), 422, 'cycle');
  const read = await admin.get(`/api/v1/orgs/${a.id}`);
  assert.equal(read.body.successor_id, null);
  assert.deepEqual(read.body.predecessor_ids, [b.id, c.id].sort((x, y) => x - y));
  assert.ok(!read.body.predecessor_ids.includes(a.id));
  // Pointing elsewhere is fine.
  const d = await create(admin, { name: 'Sáp nhập D', kind: 'unit', parent_id: ids.btctw });
  assert.equal((await admin.patch(`/api/v1/orgs/${a.id}`, { successor_id: d.id })).status, 200);
  assert.deepEqual((await admin.get(`/api/v1/orgs/${d.id}`)).body.predecessor_ids, [a.id, b.id, c.id].sort((x, y) => x - y));
});

test('delete removes an unused org and refuses one still referenced', async () => {
  const o = await create(admin, { name: 'Đơn vị tạm', kind: 'unit', parent_id: ids.btctw });
  const r = await admin.del(`/api/v1/orgs/${o.id}`);
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  assertError(await admin.get(`/api/v1/orgs/${o.id}`), 404);
  assertError(await admin.del(`/api/v1/orgs/${o.id}`), 404);
  // With people, children, cluster membership or predecessors it stays.
  const withPeople = ids.clusters[0].year.leader_id;
  assertError(await admin.del(`/api/v1/orgs/${withPeople}`), 409, 'in_use');
  assertError(await admin.del(`/api/v1/orgs/${ids.btctw}`), 409, 'in_use');
  const tq = (await admin.get('/api/v1/orgs?q=tuyen%20quang')).body.items[0];
  assertError(await admin.del(`/api/v1/orgs/${tq.id}`), 409, 'in_use');
  assert.equal((await admin.get(`/api/v1/orgs/${ids.btctw}`)).status, 200);
  const parent = await create(admin, { name: 'Cha', kind: 'authority' });
  const child = await create(admin, { name: 'Con', kind: 'unit', parent_id: parent.id });
  assertError(await admin.del(`/api/v1/orgs/${parent.id}`), 409, 'in_use');
  assert.equal((await admin.del(`/api/v1/orgs/${child.id}`)).status, 204);
  assert.equal((await admin.del(`/api/v1/orgs/${parent.id}`)).status, 204);
});

test('an authority officer writes only beneath its own authority', async () => {
  // Create beneath its authority: allowed.
  const mine = await create(officer, { name: 'Đơn vị của Ban', kind: 'unit', parent_id: ids.btctw });
  // Beneath the other authority, or a new top-level authority: refused.
  assertError(await officer.post('/api/v1/orgs', { name: 'Đơn vị của Bộ', kind: 'unit', parent_id: ids.bnv }), 403, 'forbidden');
  assertError(await officer.post('/api/v1/orgs', { name: 'Cơ quan mới', kind: 'authority' }), 403, 'forbidden');
  // Deeper levels are its too.
  const deeper = await create(officer, { name: 'Cấp dưới', kind: 'unit', parent_id: mine.id });
  assert.equal((await officer.patch(`/api/v1/orgs/${deeper.id}`, { province: 'Lào Cai' })).status, 200);
  // Its own authority belongs to no one beneath it: refused, like the other authority.
  assertError(await officer.patch(`/api/v1/orgs/${ids.btctw}`, { short_name: 'X' }), 403, 'forbidden');
  assertError(await officer.patch(`/api/v1/orgs/${ids.bnv}`, { short_name: 'X' }), 403, 'forbidden');
  const bnvUnit = (await admin.get(`/api/v1/orgs?parent_id=${ids.bnv}&limit=1`)).body.items[0];
  assertError(await officer.patch(`/api/v1/orgs/${bnvUnit.id}`, { province: 'X' }), 403, 'forbidden');
  assertError(await officer.del(`/api/v1/orgs/${bnvUnit.id}`), 403, 'forbidden');
  // Moving its unit out of reach is refused, and so is pulling one in.
  assertError(await officer.patch(`/api/v1/orgs/${mine.id}`, { parent_id: ids.bnv }), 403, 'forbidden');
  assertError(await officer.patch(`/api/v1/orgs/${bnvUnit.id}`, { parent_id: ids.btctw }), 403, 'forbidden');
  assert.equal((await admin.get(`/api/v1/orgs/${mine.id}`)).body.parent_id, ids.btctw);
  assert.equal((await admin.get(`/api/v1/orgs/${bnvUnit.id}`)).body.parent_id, ids.bnv);
  assert.equal((await officer.del(`/api/v1/orgs/${deeper.id}`)).status, 204);
  assert.equal((await officer.del(`/api/v1/orgs/${mine.id}`)).status, 204);
});

test('other roles cannot write orgs at all', async () => {
  for (const role of ['council_member', 'leader_officer', 'unit_officer', 'delegate', 'viewer']) {
    const c = await session(server, role);
    const own = ids.userOrg[role] || ids.btctw;
    assertError(await c.post('/api/v1/orgs', { name: 'x', kind: 'unit', parent_id: own }), 403, 'forbidden');
    assertError(await c.patch(`/api/v1/orgs/${own}`, { province: 'x' }), 403, 'forbidden');
    assertError(await c.del(`/api/v1/orgs/${own}`), 403, 'forbidden');
  }
});

test('naming a successor needs write access to the successor as well', async () => {
  const officer = await session(server, 'authority_officer');
  const ids = await demoIds(server, await session(server, 'admin'));
  const units = (await officer.get('/api/v1/orgs?kind=unit&limit=500')).body.items;
  const mine = units.find((o) => o.parent_id === ids.btctw && !o.successor_id);
  const theirs = units.find((o) => o.parent_id === ids.bnv);
  const r = await officer.patch(`/api/v1/orgs/${mine.id}`, { successor_id: theirs.id });
  assertError(r, 403, 'forbidden');
  const after = await officer.get(`/api/v1/orgs/${theirs.id}`);
  assert.ok(!after.body.predecessor_ids.includes(mine.id));
});

test('the hierarchy may not grow deeper than 16 levels', async () => {
  const admin = await session(server, 'admin');
  let parent = null;
  let refused = null;
  for (let depth = 1; depth <= 17 && !refused; depth++) {
    const r = await admin.post('/api/v1/orgs', { name: `Cấp ${depth}`, kind: 'unit', parent_id: parent });
    if (r.status === 201) parent = r.body.id;
    else refused = { depth, r };
  }
  assert.ok(refused, 'a 17th level was accepted');
  assert.equal(refused.depth, 17);
  assertError(refused.r, 422, 'cycle');
});

test('text filters are normalized like stored text (NFD and extra spaces match)', async () => {
  const admin = await session(server, 'admin');
  const nfc = await admin.get(`/api/v1/orgs?province=${encodeURIComponent('Lào Cai')}`);
  assert.equal(nfc.status, 200);
  assert.ok(nfc.body.total >= 1, nfc.text);
  const nfd = await admin.get(`/api/v1/orgs?province=${encodeURIComponent('  Lào   Cai '.normalize('NFD'))}`);
  assert.equal(nfd.status, 200);
  assert.deepEqual(nfd.body.items.map((o) => o.id), nfc.body.items.map((o) => o.id));
});

test('moving an org with descendants keeps them within 16 levels', async () => {
  const admin = await session(server, 'admin');
  const chain = async (n, label) => {
    const ids = [];
    let parent = null;
    for (let i = 1; i <= n; i++) {
      const r = await admin.post('/api/v1/orgs', { name: `${label} ${i}`, kind: 'unit', parent_id: parent });
      assert.equal(r.status, 201, r.text);
      parent = r.body.id;
      ids.push(parent);
    }
    return ids;
  };
  const deep = await chain(10, 'Nhánh sâu');
  const branch = await chain(7, 'Nhánh con'); // a root with 6 levels beneath
  const r = await admin.patch(`/api/v1/orgs/${branch[0]}`, { parent_id: deep[9] });
  assertError(r, 422, 'cycle');
  assert.equal(r.body.error.field, 'parent_id');
  const ok = await admin.patch(`/api/v1/orgs/${branch[0]}`, { parent_id: deep[8] });
  assert.equal(ok.status, 200, ok.text);
});
