// /api/v1/users: accounts, managed by admins only; never a secret in an answer.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, session, Client, assertError, demoIds, sql } from './helpers.mjs';

let server;
let admin;
let ids;
before(async () => {
  server = await startServer();
  admin = await session(server, 'admin');
  ids = await demoIds(server, admin);
});
after(async () => { await server.stop(); });

const USER_KEYS = ['disabled', 'id', 'org_id', 'roles', 'username'];
const SECRET = /password|hash|argon|token/i;

function assertUser(u) {
  assert.deepEqual(Object.keys(u).sort(), USER_KEYS);
  assert.ok(!SECRET.test(JSON.stringify(u)), JSON.stringify(u));
}

test('the list holds the demo users with their roles, and no secrets', async () => {
  const r = await admin.get('/api/v1/users');
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body).sort(), ['items', 'limit', 'offset', 'total']);
  assert.equal(r.body.total, 9); // seven roles, and a council of three
  for (const u of r.body.items) assertUser(u);
  const byName = Object.fromEntries(r.body.items.map((u) => [u.username, u]));
  for (const [role, l] of Object.entries(server.logins)) {
    assert.ok(byName[l.username].roles.includes(role), `${l.username} has ${role}`);
  }
  assert.deepEqual(byName[server.logins.leader_officer.username].roles, ['leader_officer', 'unit_officer']);
  assert.equal(byName[server.logins.admin.username].org_id, null);
  assert.equal(byName[server.logins.authority_officer.username].org_id, ids.btctw);
  // Ordered by user name.
  const names = r.body.items.map((u) => u.username);
  assert.deepEqual(names, [...names].sort());
});

test('filters: role, org_id, paging', async () => {
  const uo = await admin.get('/api/v1/users?role=unit_officer');
  assert.deepEqual(uo.body.items.map((u) => u.username).sort(),
    [server.logins.leader_officer.username, server.logins.unit_officer.username].sort());
  const inBtctw = await admin.get(`/api/v1/users?org_id=${ids.btctw}`);
  assert.equal(inBtctw.body.total, 4); // its officer and its council of three
  for (const u of inBtctw.body.items) assert.equal(u.org_id, ids.btctw);
  const both = await admin.get(`/api/v1/users?org_id=${ids.btctw}&role=council_member`);
  assert.deepEqual(both.body.items.map((u) => u.username).sort(),
    [server.logins.council_member.username, 'btctw.uyvien1', 'btctw.uyvien2'].sort());
  const page = await admin.get('/api/v1/users?limit=2&offset=2');
  const all = await admin.get('/api/v1/users');
  assert.deepEqual(page.body.items, all.body.items.slice(2, 4));
  assertError(await admin.get('/api/v1/users?role=emperor'), 400, 'invalid_query');
  assertError(await admin.get('/api/v1/users?org_id=x'), 400, 'invalid_query');
});

test('create, read and patch a user', async () => {
  const r = await admin.post('/api/v1/users', {
    username: 'nghean.thidua', password: 'mật khẩu Nghệ An', roles: ['unit_officer', 'delegate'], org_id: ids.clusters[2].rotation[1],
  });
  assert.equal(r.status, 201, r.text);
  assertUser(r.body);
  assert.equal(r.body.username, 'nghean.thidua');
  assert.deepEqual([...r.body.roles].sort(), ['delegate', 'unit_officer']);
  assert.equal(r.body.disabled, false);
  const read = await admin.get(`/api/v1/users/${r.body.id}`);
  assert.deepEqual(read.body, r.body);
  // The password is stored as an argon2id hash, never in clear.
  const stored = sql(server, `SELECT password_hash FROM users WHERE id = ${r.body.id}`);
  assert.match(stored, /^\$argon2id\$/);
  assert.ok(!stored.includes('Nghệ An'));

  const p = await admin.patch(`/api/v1/users/${r.body.id}`, { roles: ['viewer'], org_id: null });
  assert.equal(p.status, 200, p.text);
  assert.deepEqual(p.body.roles, ['viewer']);
  assert.equal(p.body.org_id, null);
  assertUser(p.body);
  const c = new Client(server.url);
  const l = await c.login('nghean.thidua', 'mật khẩu Nghệ An');
  assert.equal(l.status, 201);
  assert.deepEqual(l.body.user.roles, ['viewer']);
  // The same user name is accepted in a patch (it is not a change).
  const same = await admin.patch(`/api/v1/users/${r.body.id}`, { username: 'nghean.thidua' });
  assert.equal(same.status, 200, same.text);
  // Echoing the read back is accepted.
  const echo = await admin.patch(`/api/v1/users/${r.body.id}`, (await admin.get(`/api/v1/users/${r.body.id}`)).body);
  assert.equal(echo.status, 200, echo.text);
});

test('roles change takes effect on the next request of a live session', async () => {
  const made = await admin.post('/api/v1/users', { username: 'promoted.user', password: 'mật khẩu thăng chức', roles: ['viewer'] });
  const c = new Client(server.url);
  await c.login('promoted.user', 'mật khẩu thăng chức');
  assertError(await c.get('/api/v1/users'), 403, 'forbidden');
  assert.equal((await admin.patch(`/api/v1/users/${made.body.id}`, { roles: ['admin'] })).status, 200);
  assert.equal((await c.get('/api/v1/users')).status, 200);
  assert.equal((await admin.patch(`/api/v1/users/${made.body.id}`, { roles: ['viewer'] })).status, 200);
  assertError(await c.get('/api/v1/users'), 403, 'forbidden');
});

test('user names are unique, lower-case, 3-64 of a-z 0-9 . _ - and cannot be changed', async () => {
  const ok = { password: 'một mật khẩu đủ dài', roles: ['viewer'] };
  assertError(await admin.post('/api/v1/users', { ...ok, username: server.logins.viewer.username }), 409, 'username_taken');
  for (const bad of ['ab', 'x'.repeat(65), 'Admin2', 'nguyễn', 'has space', 'semi;colon', 'a/b']) {
    const r = await admin.post('/api/v1/users', { ...ok, username: bad });
    assert.ok(r.status === 422, `${bad}: ${r.status} ${r.text}`);
  }
  const r64 = await admin.post('/api/v1/users', { ...ok, username: 'x'.repeat(64) });
  assert.equal(r64.status, 201, r64.text);
  const r3 = await admin.post('/api/v1/users', { ...ok, username: 'a.b' });
  assert.equal(r3.status, 201, r3.text);
  assertError(await admin.patch(`/api/v1/users/${r3.body.id}`, { username: 'a.c' }), 422, 'read_only');
  assert.equal((await admin.get(`/api/v1/users/${r3.body.id}`)).body.username, 'a.b');
});

test('roles must be known, non-empty, and scoped roles need an org', async () => {
  const base = { username: 'role.test', password: 'một mật khẩu đủ dài' };
  const cases = [
    [{ roles: [] }, 'required'],
    [{ roles: ['emperor'] }, 'unknown_role'],
    [{ roles: ['viewer', 'emperor'] }, 'unknown_role'],
    [{ roles: [1] }, 'unknown_role'],
    [{ roles: 'admin' }, 'wrong_type'],
    [{}, 'required'],
    [{ roles: ['unit_officer'] }, 'org_required'],
    [{ roles: ['authority_officer'], org_id: null }, 'org_required'],
    [{ roles: ['unit_officer'], org_id: 999999 }, 'unknown_org'],
    [{ roles: ['unit_officer'], org_id: 'one' }, 'wrong_type'],
    [{ roles: ['viewer'], disabled: 'no' }, 'wrong_type'],
    [{ roles: ['viewer'], email: 'a@b' }, 'unknown_field'],
  ];
  for (const [extra, code] of cases) assertError(await admin.post('/api/v1/users', { ...base, ...extra }), 422, code);
  assertError(await admin.post('/api/v1/users', { roles: ['viewer'], password: 'một mật khẩu đủ dài' }), 422, 'required');
  assertError(await admin.post('/api/v1/users', { username: 'no.password', roles: ['viewer'] }), 422, 'required');
  assert.equal((await admin.get('/api/v1/users?limit=500')).body.items.filter((u) => u.username === 'role.test').length, 0);
  // Admin and viewer need no org; every role at once is fine with one.
  const all = ['admin', 'authority_officer', 'council_member', 'leader_officer', 'unit_officer', 'delegate', 'viewer'];
  const r = await admin.post('/api/v1/users', { ...base, roles: all, org_id: ids.btctw });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([...r.body.roles].sort(), [...all].sort());
  const dup = await admin.post('/api/v1/users', { ...base, username: 'role.dup', roles: ['viewer', 'viewer'] });
  assert.deepEqual(dup.body.roles, ['viewer']);
  // A patch that leaves a scoped role without its org is refused.
  assertError(await admin.patch(`/api/v1/users/${r.body.id}`, { org_id: null }), 422, 'org_required');
});

test('an admin cannot lock itself out', async () => {
  const me = (await admin.get('/api/v1/session')).body.user;
  assertError(await admin.patch(`/api/v1/users/${me.id}`, { disabled: true }), 409, 'self_lockout');
  assertError(await admin.patch(`/api/v1/users/${me.id}`, { roles: ['viewer'] }), 409, 'self_lockout');
  const still = await admin.get(`/api/v1/users/${me.id}`);
  assert.deepEqual(still.body.roles, ['admin']);
  assert.equal(still.body.disabled, false);
  // Adding a role to itself is fine.
  const more = await admin.patch(`/api/v1/users/${me.id}`, { roles: ['admin', 'viewer'] });
  assert.equal(more.status, 200, more.text);
  assert.equal((await admin.patch(`/api/v1/users/${me.id}`, { roles: ['admin'] })).status, 200);
  // A second admin cannot disable itself either, but can disable the first.
  const other = await admin.post('/api/v1/users', { username: 'second.admin', password: 'mật khẩu quản trị 2', roles: ['admin'] });
  const c = new Client(server.url);
  await c.login('second.admin', 'mật khẩu quản trị 2');
  const off = await c.patch(`/api/v1/users/${other.body.id}`, { disabled: true });
  assertError(off, 409, 'self_lockout');
  const first = await c.patch(`/api/v1/users/${me.id}`, { disabled: true });
  assert.equal(first.status, 200, first.text);
  assertError(await admin.get('/api/v1/users'), 401);
  assert.equal((await c.patch(`/api/v1/users/${me.id}`, { disabled: false })).status, 200);
  const l = server.logins.admin;
  assert.equal((await admin.login(l.username, l.password)).status, 201);
  assert.equal((await admin.get('/api/v1/users?limit=1')).status, 200);
});

test('unknown user ids are 404', async () => {
  assertError(await admin.get('/api/v1/users/999999'), 404, 'not_found');
  assertError(await admin.patch('/api/v1/users/999999', { disabled: true }), 404, 'not_found');
});

test('only admins reach /users', async () => {
  for (const role of ['authority_officer', 'council_member', 'leader_officer', 'unit_officer', 'delegate', 'viewer']) {
    const c = await session(server, role);
    assertError(await c.get('/api/v1/users'), 403, 'forbidden');
    assertError(await c.get('/api/v1/users/1'), 403, 'forbidden');
    assertError(await c.post('/api/v1/users', { username: `by.${role}`, password: 'một mật khẩu đủ dài', roles: ['admin'] }), 403, 'forbidden');
    assertError(await c.patch('/api/v1/users/1', { disabled: true }), 403, 'forbidden');
    const me = (await c.get('/api/v1/session')).body.user;
    assertError(await c.patch(`/api/v1/users/${me.id}`, { roles: ['admin'] }), 403, 'forbidden');
  }
  const names = (await admin.get('/api/v1/users?limit=500')).body.items.map((u) => u.username);
  assert.ok(!names.some((n) => n.startsWith('by.')));
});
