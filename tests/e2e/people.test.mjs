// /api/v1/people: the registry, Vietnamese search and order, validation,
// and who may see and change whom.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, session, assertError, demoIds } from './helpers.mjs';

let server;
let admin;
let ids;
let unitOrg; // the unit_officer's unit
let leaderOrg; // the leader_officer's unit
let otherAuthorityUnit; // a unit beneath Bộ Nội vụ
let scratchOrg; // an empty unit beneath BTCTW for ordering tests
const YEAR = new Date().getUTCFullYear();

before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  ids = await demoIds(server, admin);
  unitOrg = ids.userOrg.unit_officer;
  leaderOrg = ids.userOrg.leader_officer;
  otherAuthorityUnit = ids.clusters.find((c) => c.authority_id === ids.bnv).year.leader_id;
  const o = await admin.post('/api/v1/orgs', { name: 'Đơn vị thử người', kind: 'unit', parent_id: ids.btctw });
  assert.equal(o.status, 201);
  scratchOrg = o.body.id;
});
after(async () => { await server.stop(); });

const PERSON_KEYS = ['id', 'full_name', 'gender', 'birth_year', 'org_id', 'position', 'party_member', 'party_admission_date'];

async function create(c, body) {
  const r = await c.post('/api/v1/people', body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function listAll(c, query) {
  const r = await c.get(`/api/v1/people?limit=500&${query || ''}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

test('create returns the whole person; a read returns the same', async () => {
  const p = await create(admin, {
    full_name: 'Nguyễn Văn An', gender: 'male', birth_year: 1975, org_id: unitOrg,
    position: 'Trưởng ban', party_member: true, party_admission_date: '2000-05-19',
  });
  assert.deepEqual(Object.keys(p).sort(), [...PERSON_KEYS].sort());
  assert.equal(p.full_name, 'Nguyễn Văn An');
  assert.equal(p.gender, 'male');
  assert.equal(p.birth_year, 1975);
  assert.equal(p.org_id, unitOrg);
  assert.equal(p.position, 'Trưởng ban');
  assert.equal(p.party_member, true);
  assert.equal(p.party_admission_date, '2000-05-19');
  const r = await admin.get(`/api/v1/people/${p.id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, p);
});

test('only full_name, gender and org_id are required', async () => {
  const p = await create(admin, { full_name: 'Lò Thị Mai', gender: 'female', org_id: unitOrg });
  assert.equal(p.birth_year, null);
  assert.equal(p.position, null);
  assert.equal(p.party_member, false);
  assert.equal(p.party_admission_date, null);
});

test('names are stored in NFC with white space squeezed', async () => {
  const p = await create(admin, { full_name: '  Trần   Thị  Thu\u00a0Hà '.normalize('NFD'), gender: 'female', org_id: unitOrg });
  assert.equal(p.full_name, 'Trần Thị Thu Hà');
  assert.equal(p.full_name, p.full_name.normalize('NFC'));
});

test('search ignores diacritics and case: "nguyen van" finds "Nguyễn Văn …"', async () => {
  const made = [];
  for (const n of ['Nguyễn Văn Bình', 'Nguyễn Văn Cường', 'NGUYỄN VĂN DŨNG']) {
    made.push(await create(admin, { full_name: n, gender: 'male', org_id: scratchOrg }));
  }
  await create(admin, { full_name: 'Nguyễn Thị Văn', gender: 'female', org_id: scratchOrg });
  const r = await listAll(admin, `org_id=${scratchOrg}&q=nguyen%20van`);
  assert.deepEqual(r.items.map((p) => p.id).sort(), made.map((p) => p.id).sort());
  const upper = await listAll(admin, `org_id=${scratchOrg}&q=${encodeURIComponent('NGUYỄN VĂN')}`);
  assert.equal(upper.total, 3);
  const mixed = await listAll(admin, `org_id=${scratchOrg}&q=${encodeURIComponent('nguyên văn')}`);
  assert.equal(mixed.total, 3, 'a different tone mark on the query still matches');
  const dung = await listAll(admin, `org_id=${scratchOrg}&q=dung`);
  assert.deepEqual(dung.items.map((p) => p.full_name), ['NGUYỄN VĂN DŨNG']);
  // Across the whole registry, every hit really holds the folded words.
  const all = await listAll(admin, 'q=nguyen%20van');
  assert.ok(all.total >= 3);
  for (const p of all.items) {
    const folded = p.full_name.normalize('NFD').replace(/\p{Mn}/gu, '').replace(/đ/gi, 'd').toLowerCase();
    assert.ok(folded.includes('nguyen van'), p.full_name);
  }
});

test('đ and d match each other in search', async () => {
  const dong = await create(admin, { full_name: 'Đặng Văn Đông', gender: 'male', org_id: scratchOrg });
  for (const q of ['dang van dong', 'Đặng', 'đang', 'DONG']) {
    const r = await listAll(admin, `org_id=${scratchOrg}&q=${encodeURIComponent(q)}`);
    assert.ok(r.items.some((p) => p.id === dong.id), `q=${q}`);
  }
});

test('the list is in Vietnamese order: Dung < Đông < Em, A < Ă < Â', async () => {
  const o = await admin.post('/api/v1/orgs', { name: 'Đơn vị thứ tự', kind: 'unit', parent_id: ids.btctw });
  const org = o.body.id;
  for (const n of ['Em', 'Đông', 'Dung', 'Ân', 'Ăn', 'An', 'Ơn', 'Ôn', 'On', 'Bảo']) {
    await create(admin, { full_name: n, gender: 'male', org_id: org });
  }
  const r = await listAll(admin, `org_id=${org}`);
  assert.deepEqual(r.items.map((p) => p.full_name), ['An', 'Ăn', 'Ân', 'Bảo', 'Dung', 'Đông', 'Em', 'On', 'Ôn', 'Ơn']);
  // Paging keeps the same order.
  const first = await admin.get(`/api/v1/people?org_id=${org}&limit=4`);
  const rest = await admin.get(`/api/v1/people?org_id=${org}&limit=10&offset=4`);
  assert.deepEqual([...first.body.items, ...rest.body.items].map((p) => p.full_name), r.items.map((p) => p.full_name));
  assert.equal(first.body.total, 10);
});

test('filters: org_id, gender, party_member, and together', async () => {
  const all = await listAll(admin, `org_id=${leaderOrg}`);
  assert.ok(all.total >= 8);
  for (const p of all.items) assert.equal(p.org_id, leaderOrg);
  const women = await listAll(admin, `org_id=${leaderOrg}&gender=female`);
  const men = await listAll(admin, `org_id=${leaderOrg}&gender=male`);
  assert.equal(women.total + men.total, all.total);
  for (const p of women.items) assert.equal(p.gender, 'female');
  const members = await listAll(admin, `org_id=${leaderOrg}&party_member=true`);
  const others = await listAll(admin, `org_id=${leaderOrg}&party_member=false`);
  assert.equal(members.total + others.total, all.total);
  for (const p of members.items) { assert.equal(p.party_member, true); assert.match(p.party_admission_date, /^\d{4}-\d\d-\d\d$/); }
  const both = await listAll(admin, `org_id=${leaderOrg}&gender=female&party_member=true`);
  assert.equal(both.total, all.items.filter((p) => p.gender === 'female' && p.party_member).length);
  const empty = await listAll(admin, 'org_id=999999');
  assert.equal(empty.total, 0);
});

test('validation of person fields', async () => {
  const base = { full_name: 'Phạm Văn Kiểm', gender: 'male', org_id: unitOrg };
  const cases = [
    [{ full_name: undefined }, 'required', 'full_name'],
    [{ gender: undefined }, 'required', 'gender'],
    [{ org_id: undefined }, 'required', 'org_id'],
    [{ full_name: '' }, 'empty', 'full_name'],
    [{ full_name: null }, 'required', 'full_name'],
    [{ full_name: 42 }, 'wrong_type', 'full_name'],
    [{ full_name: 'x'.repeat(300) }, 'too_long', 'full_name'],
    [{ full_name: 'a\u001bb' }, 'control_character', 'full_name'],
    [{ full_name: 'a\u0085b' }, 'control_character', 'full_name'],
    [{ gender: 'other' }, 'invalid_value', 'gender'],
    [{ gender: 'Male' }, 'invalid_value', 'gender'],
    [{ gender: true }, 'invalid_value', 'gender'],
    [{ org_id: 999999 }, 'unknown_org', 'org_id'],
    [{ org_id: 0 }, 'out_of_range', 'org_id'],
    [{ org_id: -3 }, 'out_of_range', 'org_id'],
    [{ org_id: '3' }, 'wrong_type', 'org_id'],
    [{ birth_year: 1899 }, 'out_of_range', 'birth_year'],
    [{ birth_year: YEAR + 1 }, 'out_of_range', 'birth_year'],
    [{ birth_year: 1980.5 }, 'wrong_type', 'birth_year'],
    [{ birth_year: '1980' }, 'wrong_type', 'birth_year'],
    [{ party_member: 'yes' }, 'wrong_type', 'party_member'],
    [{ party_member: 1 }, 'wrong_type', 'party_member'],
    [{ party_admission_date: '2001-01-01' }, 'not_a_member', 'party_admission_date'],
    [{ party_member: true, party_admission_date: '2001-13-01' }, 'invalid_date', 'party_admission_date'],
    [{ party_member: true, party_admission_date: `${YEAR + 1}-01-01` }, 'out_of_range', 'party_admission_date'],
    [{ party_member: true, birth_year: 1990, party_admission_date: '2007-06-30' }, 'out_of_range', 'party_admission_date'],
    [{ position: ['a'] }, 'wrong_type', 'position'],
    [{ nickname: 'Ba' }, 'unknown_field', undefined],
  ];
  for (const [change, code, field] of cases) {
    const body = { ...base, ...change };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const r = await admin.post('/api/v1/people', body);
    assertError(r, 422, code);
    if (field) assert.equal(r.body.error.field, field, JSON.stringify(change));
  }
  // A NUL cannot even be parsed into a string.
  assertError(await admin.post('/api/v1/people', { ...base, full_name: 'a\u0000b' }), 400, 'malformed_json');
  // Nothing of that was stored.
  assert.equal((await listAll(admin, 'q=pham%20van%20kiem')).total, 0);
  // Edges that are allowed.
  await create(admin, { ...base, birth_year: 1900 });
  await create(admin, { ...base, birth_year: YEAR });
  await create(admin, { ...base, birth_year: 1990, party_member: true, party_admission_date: '2008-01-01' });
  await create(admin, { ...base, party_member: true });
});

test('patch changes only the given fields', async () => {
  const p = await create(admin, { full_name: 'Võ Thị Sáu', gender: 'female', birth_year: 1980, org_id: unitOrg, position: 'Chuyên viên' });
  const r = await admin.patch(`/api/v1/people/${p.id}`, { position: 'Chuyên viên chính' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { ...p, position: 'Chuyên viên chính' });
  const joined = await admin.patch(`/api/v1/people/${p.id}`, { party_member: true, party_admission_date: '2005-03-26' });
  assert.equal(joined.body.party_admission_date, '2005-03-26');
  // Leaving the party with the date still set is contradictory.
  assertError(await admin.patch(`/api/v1/people/${p.id}`, { party_member: false }), 422, 'not_a_member');
  const left = await admin.patch(`/api/v1/people/${p.id}`, { party_member: false, party_admission_date: null });
  assert.equal(left.status, 200, left.text);
  assert.equal(left.body.party_member, false);
  assert.equal(left.body.party_admission_date, null);
  // A birth year that makes the admission date too early is refused.
  await admin.patch(`/api/v1/people/${p.id}`, { party_member: true, party_admission_date: '2000-01-01' });
  assertError(await admin.patch(`/api/v1/people/${p.id}`, { birth_year: 1990 }), 422, 'out_of_range');
  const cleared = await admin.patch(`/api/v1/people/${p.id}`, { position: null, birth_year: null });
  assert.equal(cleared.body.position, null);
  assert.equal(cleared.body.birth_year, null);
  assertError(await admin.patch(`/api/v1/people/${p.id}`, { org_id: null }), 422, 'required');
  assertError(await admin.patch(`/api/v1/people/${p.id}`, { full_name: '  ' }), 422);
  assertError(await admin.patch(`/api/v1/people/${p.id}`, { org_id: 999999 }), 422, 'unknown_org');
  const renamed = await admin.patch(`/api/v1/people/${p.id}`, { full_name: 'Võ Thị Sáu Mới' });
  assert.equal(renamed.body.full_name, 'Võ Thị Sáu Mới');
  assert.equal((await listAll(admin, 'q=vo%20thi%20sau%20moi')).total, 1);
  const read = await admin.get(`/api/v1/people/${p.id}`);
  assert.deepEqual(read.body, renamed.body);
  // Echoing a read back is accepted and changes nothing.
  const echo = await admin.patch(`/api/v1/people/${p.id}`, read.body);
  assert.deepEqual(echo.body, read.body);
});

test('delete removes a person; unknown ids are 404', async () => {
  const p = await create(admin, { full_name: 'Người Tạm Thời', gender: 'male', org_id: unitOrg });
  const r = await admin.del(`/api/v1/people/${p.id}`);
  assert.equal(r.status, 204);
  assertError(await admin.get(`/api/v1/people/${p.id}`), 404, 'not_found');
  assertError(await admin.patch(`/api/v1/people/${p.id}`, { position: 'x' }), 404, 'not_found');
  assertError(await admin.del(`/api/v1/people/${p.id}`), 404, 'not_found');
  assertError(await admin.get('/api/v1/people/999999999'), 404, 'not_found');
});

test('a unit officer sees and changes the people of its own unit only', async () => {
  const uo = await session(server, 'unit_officer');
  const mine = await listAll(uo);
  const adminView = await listAll(admin, `org_id=${unitOrg}`);
  assert.equal(mine.total, adminView.total);
  assert.deepEqual(mine.items.map((p) => p.id), adminView.items.map((p) => p.id));
  for (const p of mine.items) assert.equal(p.org_id, unitOrg);
  assert.equal((await listAll(uo, `org_id=${unitOrg}`)).total, mine.total);
  // Searching does not leak other units' people.
  const search = await listAll(uo, 'q=nguyen');
  for (const p of search.items) assert.equal(p.org_id, unitOrg);
  assertError(await uo.get(`/api/v1/people?org_id=${leaderOrg}`), 403, 'forbidden');
  const neighbour = (await listAll(admin, `org_id=${leaderOrg}`)).items[0];
  assertError(await uo.get(`/api/v1/people/${neighbour.id}`), 403, 'forbidden');
  assertError(await uo.patch(`/api/v1/people/${neighbour.id}`, { position: 'x' }), 403, 'forbidden');
  assertError(await uo.del(`/api/v1/people/${neighbour.id}`), 403, 'forbidden');
  assertError(await uo.post('/api/v1/people', { full_name: 'Người Lạ', gender: 'male', org_id: leaderOrg }), 403, 'forbidden');
  const p = await create(uo, { full_name: 'Người Của Đơn Vị', gender: 'female', org_id: unitOrg });
  assert.equal((await uo.get(`/api/v1/people/${p.id}`)).status, 200);
  const patched = await uo.patch(`/api/v1/people/${p.id}`, { position: 'Chuyên viên' });
  assert.equal(patched.status, 200);
  // Moving someone to another unit needs write access there too.
  assertError(await uo.patch(`/api/v1/people/${p.id}`, { org_id: leaderOrg }), 403, 'forbidden');
  assert.equal((await admin.get(`/api/v1/people/${p.id}`)).body.org_id, unitOrg);
  assert.equal((await uo.del(`/api/v1/people/${p.id}`)).status, 204);
  // The neighbour was untouched.
  assert.deepEqual((await admin.get(`/api/v1/people/${neighbour.id}`)).body, neighbour);
});

test('a leader officer acts for its own unit only', async () => {
  const lo = await session(server, 'leader_officer');
  const mine = await listAll(lo);
  for (const p of mine.items) assert.equal(p.org_id, leaderOrg);
  assert.equal(mine.total, (await listAll(admin, `org_id=${leaderOrg}`)).total);
  assertError(await lo.get(`/api/v1/people?org_id=${unitOrg}`), 403, 'forbidden');
  const p = await create(lo, { full_name: 'Người Của Cụm Trưởng', gender: 'male', org_id: leaderOrg });
  assert.equal((await lo.del(`/api/v1/people/${p.id}`)).status, 204);
});

test('a council member reads its authority subtree and writes nothing', async () => {
  const cm = await session(server, 'council_member');
  const seen = await listAll(cm);
  const units = (await admin.get(`/api/v1/orgs?limit=500`)).body.items;
  const under = new Set([ids.btctw]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of units) if (o.parent_id && under.has(o.parent_id) && !under.has(o.id)) { under.add(o.id); grew = true; }
  }
  const everyone = await listAll(admin);
  const expected = everyone.items.filter((p) => under.has(p.org_id));
  // (listAll caps at 500; the demo subtree is smaller than that.)
  assert.ok(expected.length < 500);
  assert.equal(seen.total, expected.length);
  for (const p of seen.items) assert.ok(under.has(p.org_id), `${p.org_id} outside the subtree`);
  const far = (await listAll(admin, `org_id=${otherAuthorityUnit}`)).items[0];
  assertError(await cm.get(`/api/v1/people/${far.id}`), 403, 'forbidden');
  assertError(await cm.get(`/api/v1/people?org_id=${otherAuthorityUnit}`), 403, 'forbidden');
  const near = (await listAll(admin, `org_id=${unitOrg}`)).items[0];
  assert.equal((await cm.get(`/api/v1/people/${near.id}`)).status, 200);
  assertError(await cm.post('/api/v1/people', { full_name: 'X Y', gender: 'male', org_id: unitOrg }), 403, 'forbidden');
  assertError(await cm.patch(`/api/v1/people/${near.id}`, { position: 'x' }), 403, 'forbidden');
  assertError(await cm.del(`/api/v1/people/${near.id}`), 403, 'forbidden');
});

test('an authority officer manages people beneath its authority only', async () => {
  const ao = await session(server, 'authority_officer');
  const p = await create(ao, { full_name: 'Người Của Ban', gender: 'female', org_id: unitOrg });
  const moved = await ao.patch(`/api/v1/people/${p.id}`, { org_id: leaderOrg });
  assert.equal(moved.status, 200, moved.text);
  assertError(await ao.patch(`/api/v1/people/${p.id}`, { org_id: otherAuthorityUnit }), 403, 'forbidden');
  assertError(await ao.post('/api/v1/people', { full_name: 'Người Của Bộ', gender: 'male', org_id: otherAuthorityUnit }), 403, 'forbidden');
  const far = (await listAll(admin, `org_id=${otherAuthorityUnit}`)).items[0];
  assertError(await ao.get(`/api/v1/people/${far.id}`), 403, 'forbidden');
  assertError(await ao.del(`/api/v1/people/${far.id}`), 403, 'forbidden');
  for (const x of (await listAll(ao)).items) assert.notEqual(x.org_id, otherAuthorityUnit);
  assert.equal((await ao.del(`/api/v1/people/${p.id}`)).status, 204);
});

test('viewers and delegates cannot read people at all', async () => {
  const somebody = (await listAll(admin, `org_id=${unitOrg}`)).items[0];
  for (const role of ['viewer', 'delegate']) {
    const c = await session(server, role);
    assertError(await c.get('/api/v1/people'), 403, 'forbidden');
    assertError(await c.get(`/api/v1/people/${somebody.id}`), 403, 'forbidden');
    assertError(await c.get('/api/v1/people?q=nguyen'), 403, 'forbidden');
    assertError(await c.post('/api/v1/people', { full_name: 'X Y', gender: 'male', org_id: unitOrg }), 403, 'forbidden');
    assertError(await c.patch(`/api/v1/people/${somebody.id}`, { position: 'x' }), 403, 'forbidden');
    assertError(await c.del(`/api/v1/people/${somebody.id}`), 403, 'forbidden');
  }
});
