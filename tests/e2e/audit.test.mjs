// The audit trail: every write leaves one entry (who, what, before/after,
// request id), refused writes leave none, and `thidua audit verify` finds
// any edited, removed or forged row.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startServer, as, session, Client, assertError, thidua, sql, newToken, bearer, demoIds, copyDatabase,
} from './helpers.mjs';

let server;
let admin;
let ids;
before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  ids = await demoIds(server, admin);
});
after(async () => { await server.stop(); });

const ENTRY_KEYS = ['action', 'actor_id', 'actor_name', 'after', 'at', 'before', 'entity', 'entity_id', 'request_id', 'seq'];

async function latest(n = 1, query = '') {
  const r = await admin.get(`/api/v1/audit?limit=${n}${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

async function headSeq() {
  return (await latest(1))[0].seq;
}

// A consistent copy of the live database to tamper with.
function copyDb() {
  return copyDatabase(server);
}

function verify(db) {
  return thidua(['audit', 'verify', '--db', db]);
}

test('entries have their fields and come newest first', async () => {
  const items = await latest(50);
  assert.ok(items.length >= 10);
  for (const e of items) {
    assert.deepEqual(Object.keys(e).sort(), ENTRY_KEYS);
    assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(typeof e.entity_id, 'string');
  }
  for (let i = 1; i < items.length; i++) assert.equal(items[i].seq, items[i - 1].seq - 1);
  // The demo load is recorded from seq 1 on.
  const r = await admin.get('/api/v1/audit?limit=500&offset=0');
  const oldest = await admin.get(`/api/v1/audit?limit=1&offset=${r.body.items[0].seq - 1}`);
  assert.equal(oldest.body.items[0].seq, 1);
  assert.equal(oldest.body.items[0].action, 'create');
});

test('a create, an update and a delete each leave one entry with before and after', async () => {
  const start = await headSeq();
  const made = await admin.post('/api/v1/people', { full_name: 'Hoàng Văn Kiểm Toán', gender: 'male', org_id: ids.userOrg.unit_officer });
  assert.equal(made.status, 201);
  const [c] = await latest(1);
  assert.equal(c.seq, start + 1);
  assert.equal(c.action, 'create');
  assert.equal(c.entity, 'person');
  assert.equal(c.entity_id, String(made.body.id));
  assert.equal(c.actor_name, server.logins.admin.username);
  assert.equal(typeof c.actor_id, 'number');
  assert.equal(c.before, null);
  assert.deepEqual(c.after, made.body);
  assert.equal(c.request_id, made.headers.get('x-request-id'));

  const patched = await admin.patch(`/api/v1/people/${made.body.id}`, { position: 'Kiểm toán viên' });
  const [u] = await latest(1);
  assert.equal(u.seq, start + 2);
  assert.equal(u.action, 'update');
  assert.deepEqual(u.before, made.body);
  assert.deepEqual(u.after, patched.body);
  assert.equal(u.request_id, patched.headers.get('x-request-id'));

  const del = await admin.del(`/api/v1/people/${made.body.id}`);
  const [d] = await latest(1);
  assert.equal(d.seq, start + 3);
  assert.equal(d.action, 'delete');
  assert.deepEqual(d.before, patched.body);
  assert.equal(d.after, null);
  assert.equal(d.request_id, del.headers.get('x-request-id'));

  const history = await latest(10, `&entity=person&entity_id=${made.body.id}`);
  assert.deepEqual(history.map((e) => e.action), ['delete', 'update', 'create']);
});

test('org, cluster, cluster-year and user writes are audited too', async () => {
  const org = await admin.post('/api/v1/orgs', { name: 'Đơn vị kiểm toán', kind: 'unit', parent_id: ids.btctw });
  let [e] = await latest(1);
  assert.deepEqual([e.action, e.entity, e.entity_id], ['create', 'org', String(org.body.id)]);
  assert.deepEqual(e.after, org.body);
  const cl = await admin.post('/api/v1/clusters', { name: 'Cụm kiểm toán', authority_id: ids.btctw });
  [e] = await latest(1);
  assert.deepEqual([e.action, e.entity, e.entity_id], ['create', 'cluster', String(cl.body.id)]);
  const members = ids.clusters[0].rotation.slice(0, 2);
  const y = await admin.put(`/api/v1/clusters/${cl.body.id}/years/2027`, { members, leader_id: members[0] });
  [e] = await latest(1);
  assert.deepEqual([e.action, e.entity, e.entity_id], ['create', 'cluster_year', `${cl.body.id}/2027`]);
  // The answer adds what the caller may do in the year; the record is the year itself.
  const { your_powers: powers, ...year } = y.body;
  assert.deepEqual(powers, ['authority']);
  assert.deepEqual(e.after, year);
  await admin.put(`/api/v1/clusters/${cl.body.id}/years/2027`, { members, leader_id: members[1] });
  [e] = await latest(1);
  assert.equal(e.action, 'update');
  assert.equal(e.before.leader_id, members[0]);
  assert.equal(e.after.leader_id, members[1]);
  const u = await admin.post('/api/v1/users', { username: 'audit.user', password: 'mật khẩu kiểm toán', roles: ['viewer'] });
  [e] = await latest(1);
  assert.deepEqual([e.action, e.entity, e.entity_id], ['create', 'user', String(u.body.id)]);
  assert.ok(!/mật khẩu|password|argon/i.test(JSON.stringify(e)), JSON.stringify(e));
  await admin.patch(`/api/v1/users/${u.body.id}`, { password: 'mật khẩu kiểm toán mới' });
  [e] = await latest(1);
  assert.equal(e.action, 'update_password');
  assert.ok(!/mật khẩu|argon/i.test(JSON.stringify(e)), JSON.stringify(e));
});

test('logins and logouts are recorded, with the actor', async () => {
  const c = new Client(server.url);
  const l = server.logins.viewer;
  const r = await c.login(l.username, l.password);
  let [e] = await latest(1);
  assert.equal(e.action, 'login');
  assert.equal(e.entity, 'user');
  assert.equal(e.actor_id, r.body.user.id);
  assert.equal(e.actor_name, l.username);
  assert.equal(e.request_id, r.headers.get('x-request-id'));
  await c.del('/api/v1/session');
  [e] = await latest(1);
  assert.equal(e.action, 'logout');
  assert.equal(e.actor_name, l.username);
});

test('writes through a bearer token name the token user', async () => {
  const b = bearer(server, newToken(server, server.logins.authority_officer.username));
  const [tok] = await latest(1);
  assert.equal(tok.action, 'create_token');
  const r = await b.post('/api/v1/orgs', { name: 'Đơn vị qua token', kind: 'unit', parent_id: ids.btctw });
  assert.equal(r.status, 201);
  const [e] = await latest(1);
  assert.equal(e.actor_name, server.logins.authority_officer.username);
  assert.equal(e.entity_id, String(r.body.id));
});

test('refused and failed requests leave no entry', async () => {
  const start = await headSeq();
  const uo = await as(server, 'unit_officer'); // a login is an entry
  const afterLogin = await headSeq();
  assert.equal(afterLogin, start + 1);
  await admin.post('/api/v1/people', { full_name: '', gender: 'male', org_id: 3 }); // 422
  await admin.post('/api/v1/people', { full_name: 'X', gender: 'male', org_id: 999999 }); // 422
  await uo.post('/api/v1/people', { full_name: 'X Y', gender: 'male', org_id: ids.userOrg.leader_officer }); // 403
  await uo.post('/api/v1/orgs', { name: 'x', kind: 'unit' }); // 403
  await admin.patch('/api/v1/orgs/999999', { name: 'x' }); // 404
  await admin.del(`/api/v1/orgs/${ids.btctw}`); // 409
  await admin.req('POST', '/api/v1/orgs', undefined, { raw: '{bad', headers: { 'Content-Type': 'application/json' } }); // 400
  const saved = admin.csrf;
  admin.csrf = null;
  await admin.post('/api/v1/orgs', { name: 'x', kind: 'authority' }); // 403 csrf
  admin.csrf = saved;
  await new Client(server.url).login(server.logins.viewer.username, 'wrong password'); // 401
  assert.equal(await headSeq(), afterLogin);
});

test('paging and filters of the audit list; bad queries are 400', async () => {
  const page1 = await admin.get('/api/v1/audit?limit=3');
  const page2 = await admin.get('/api/v1/audit?limit=3&offset=3');
  assert.equal(page1.body.limit, 3);
  assert.equal(page2.body.offset, 3);
  assert.equal(page2.body.items[0].seq, page1.body.items[2].seq - 1);
  const orgs = await admin.get('/api/v1/audit?entity=org&limit=500');
  assert.ok(orgs.body.items.length > 10);
  for (const e of orgs.body.items) assert.equal(e.entity, 'org');
  assert.equal(orgs.body.total, orgs.body.items.length);
  assert.ok(page1.body.total >= orgs.body.total);
  const none = await admin.get('/api/v1/audit?entity=nothing');
  assert.deepEqual(none.body.items, []);
  assert.equal(none.body.total, 0);
  assertError(await admin.get('/api/v1/audit?limit=0'), 400, 'invalid_query');
  assertError(await admin.get('/api/v1/audit?limit=501'), 400, 'invalid_query');
  assertError(await admin.get('/api/v1/audit?offset=-1'), 400, 'invalid_query');
});

test('only admins read the audit trail', async () => {
  for (const role of ['authority_officer', 'council_member', 'leader_officer', 'unit_officer', 'delegate', 'viewer']) {
    const c = await session(server, role);
    assertError(await c.get('/api/v1/audit'), 403, 'forbidden');
  }
  assertError(await new Client(server.url).get('/api/v1/audit'), 401, 'login_required');
});

test('concurrent writes keep one unbroken chain', async () => {
  const start = await headSeq();
  const writes = [];
  for (let i = 0; i < 30; i++) {
    writes.push(admin.post('/api/v1/people', { full_name: `Người Đồng Thời ${i}`, gender: 'female', org_id: ids.userOrg.unit_officer }));
  }
  const results = await Promise.all(writes);
  for (const r of results) assert.equal(r.status, 201, r.text);
  const entries = await latest(30);
  assert.equal(entries[0].seq, start + 30);
  assert.deepEqual(new Set(entries.map((e) => e.request_id)), new Set(results.map((r) => r.headers.get('x-request-id'))));
  const v = verify(server.db);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /intact/);
  assert.match(v.stdout, new RegExp(`${start + 30} entries`));
});

test('audit verify finds an edited row (exit 3)', () => {
  const copy = copyDb();
  assert.equal(verify(copy.db).status, 0);
  sql(copy, "UPDATE audit_log SET after_json = '{}' WHERE seq = 5");
  const v = verify(copy.db);
  assert.equal(v.status, 3, v.stdout + v.stderr);
  assert.match(v.stderr, /entry 5/);
  // The live database was not touched.
  assert.equal(verify(server.db).status, 0);
});

test('audit verify finds edits to any recorded field', () => {
  const edits = [
    "UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 7",
    "UPDATE audit_log SET action = 'update' WHERE seq = 7",
    "UPDATE audit_log SET at = '2000-01-01T00:00:00Z' WHERE seq = 7",
    "UPDATE audit_log SET before_json = NULL, after_json = NULL WHERE seq = 7",
    "UPDATE audit_log SET entity_id = '999' WHERE seq = 7",
    "UPDATE audit_log SET request_id = 'forged' WHERE seq = 7",
    'UPDATE audit_log SET actor_id = 2 WHERE seq = 7',
  ];
  for (const edit of edits) {
    const copy = copyDb();
    sql(copy, edit);
    const v = verify(copy.db);
    assert.equal(v.status, 3, `${edit}: ${v.stdout}${v.stderr}`);
    assert.match(v.stderr, /entry 7/, edit);
  }
});

test('audit verify finds a removed, a truncated and a forged entry', () => {
  let copy = copyDb();
  sql(copy, 'DELETE FROM audit_log WHERE seq = 10');
  let v = verify(copy.db);
  assert.equal(v.status, 3, v.stdout + v.stderr);
  assert.match(v.stderr, /entry 10/);

  copy = copyDb();
  sql(copy, 'DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)');
  v = verify(copy.db);
  assert.equal(v.status, 3, v.stdout + v.stderr);

  copy = copyDb();
  sql(copy, 'UPDATE audit_head SET last_seq = last_seq + 1');
  v = verify(copy.db);
  assert.equal(v.status, 3, v.stdout + v.stderr);

  copy = copyDb();
  sql(copy, "INSERT INTO audit_log SELECT seq + 1000000, at, actor_id, actor_name, action, entity, entity_id, before_json, after_json, request_id, prev_hash, hash FROM audit_log WHERE seq = 3");
  v = verify(copy.db);
  assert.equal(v.status, 3, v.stdout + v.stderr);

  copy = copyDb();
  sql(copy, 'UPDATE audit_log SET hash = prev_hash WHERE seq = 12');
  v = verify(copy.db);
  assert.equal(v.status, 3, v.stdout + v.stderr);
});

test('audit verify fails cleanly on a database it cannot open', () => {
  const v = verify(`sqlite:${join(server.dir, 'missing', 'nope.db')}`);
  assert.notEqual(v.status, 0);
  assert.notEqual(v.status, 3);
  assert.ok(v.stderr.trim());
});
