// Logging in and out, the session cookie, CSRF, bearer tokens, throttling,
// disabled accounts and password rules.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, Client, assertError, newToken, bearer, thidua, httpRequest, sql, dumpDatabase } from './helpers.mjs';

let server;
let admin;
before(async () => {
  server = await startServer();
  admin = await as(server, 'admin');
});
after(async () => { await server.stop(); });

function cookieAttrs(setCookie) {
  const [first, ...rest] = setCookie.split(';').map((x) => x.trim());
  const attrs = {};
  for (const a of rest) {
    const [k, v] = a.split('=');
    attrs[k.toLowerCase()] = v ?? true;
  }
  return { first, attrs };
}

// A user made through the API, with its password.
let userSeq = 0;
async function makeUser(roles = ['viewer'], extra = {}) {
  userSeq++;
  const username = `auth.user${userSeq}`;
  const password = `mật khẩu dài ${userSeq}!`;
  const r = await admin.post('/api/v1/users', { username, password, roles, ...extra });
  assert.equal(r.status, 201, r.text);
  return { id: r.body.id, username, password };
}

async function loginAs(u) {
  const c = new Client(server.url);
  const r = await c.login(u.username, u.password);
  assert.equal(r.status, 201, r.text);
  return c;
}

test('login answers 201 with the user and a CSRF token, never a secret', async () => {
  const c = new Client(server.url);
  const l = server.logins.unit_officer;
  const r = await c.login(l.username, l.password);
  assert.equal(r.status, 201, r.text);
  assert.match(r.body.csrf_token, /^[0-9a-f]{64}$/);
  assert.equal(r.body.user.username, l.username);
  assert.deepEqual(r.body.user.roles, ['unit_officer']);
  assert.equal(typeof r.body.user.org_id, 'number');
  assert.ok(!/password|hash|argon|\$argon2/i.test(r.text), r.text);
  const me = await c.get('/api/v1/session');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.username, l.username);
  assert.equal(me.body.csrf_token, r.body.csrf_token);
});

test('the session cookie is HttpOnly, SameSite=Strict, Path=/, and Secure only over TLS', async () => {
  const l = server.logins.viewer;
  const plain = await new Client(server.url).login(l.username, l.password);
  const { first, attrs } = cookieAttrs(plain.headers.get('set-cookie'));
  assert.match(first, /^thidua_session=[A-Za-z0-9_-]{40,}$/);
  assert.equal(attrs.httponly, true);
  assert.equal(attrs.samesite, 'Strict');
  assert.equal(attrs.path, '/');
  assert.ok(Number(attrs['max-age']) > 0);
  assert.equal(attrs.secure, undefined, 'no Secure over plain HTTP');

  const c = new Client(server.url);
  const tls = await c.req('POST', '/api/v1/session', { username: l.username, password: l.password },
    { headers: { 'X-Forwarded-Proto': 'https' } });
  assert.equal(tls.status, 201);
  const t = cookieAttrs(tls.headers.get('set-cookie'));
  assert.equal(t.attrs.secure, true);
  assert.equal(t.attrs.httponly, true);
  assert.equal(t.attrs.samesite, 'Strict');
});

test('each login makes a new session with its own token', async () => {
  const l = server.logins.viewer;
  const a = new Client(server.url);
  const b = new Client(server.url);
  const ra = await a.login(l.username, l.password);
  const rb = await b.login(l.username, l.password);
  assert.notEqual(a.cookie, b.cookie);
  assert.notEqual(ra.body.csrf_token, rb.body.csrf_token);
  assert.equal((await a.get('/api/v1/session')).status, 200);
  assert.equal((await b.get('/api/v1/session')).status, 200);
});

test('a wrong password and an unknown user get the same 401', async () => {
  const wrong = await new Client(server.url).login(server.logins.council_member.username, 'not the password');
  assertError(wrong, 401, 'invalid_credentials');
  const unknown = await new Client(server.url).login('no.such.user', 'whatever password');
  assertError(unknown, 401, 'invalid_credentials');
  assert.equal(wrong.body.error.message, unknown.body.error.message);
  assert.equal(wrong.headers.get('set-cookie'), null);
  // Undo the failure count for the real user with a good login.
  const ok = await as(server, 'council_member');
  assert.ok(ok.csrf);
});

test('login bodies are validated', async () => {
  const c = new Client(server.url);
  assertError(await c.post('/api/v1/session', { username: 'admin' }), 422, 'required');
  assertError(await c.post('/api/v1/session', { password: 'abcdefghijk' }), 422, 'required');
  assertError(await c.post('/api/v1/session', { username: 5, password: 'abcdefghijk' }), 422, 'wrong_type');
  assertError(await c.post('/api/v1/session', { username: 'admin', password: ['x'] }), 422, 'wrong_type');
  assertError(await c.post('/api/v1/session', { username: 'admin', password: '' }), 422, 'invalid_length');
  assertError(await c.post('/api/v1/session', { username: '', password: 'abcdefghijk' }), 422, 'invalid_length');
  assertError(await c.post('/api/v1/session', { username: 'admin', password: 'x'.repeat(1025) }), 422, 'invalid_length');
  assertError(await c.post('/api/v1/session', { username: 'admin', password: 'abcdefghijk', remember: true }), 422, 'unknown_field');
  assertError(await c.post('/api/v1/session', { username: null, password: 'abcdefghijk' }), 422, 'wrong_type');
  assertError(await c.req('POST', '/api/v1/session', undefined, { raw: 'username=admin&password=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 400, 'unsupported_media_type');
  assertError(await c.req('POST', '/api/v1/session', undefined, { raw: '{"username":"admin"', headers: { 'Content-Type': 'application/json' } }), 400, 'malformed_json');
  assert.equal(c.cookie, null);
});

test('without a session every route but login and health is 401', async () => {
  const anon = new Client(server.url);
  assertError(await anon.get('/api/v1/session'), 401, 'login_required');
  assertError(await anon.del('/api/v1/session'), 401, 'login_required');
  assertError(await anon.get('/api/v1/orgs'), 401, 'login_required');
  assertError(await anon.post('/api/v1/orgs', { name: 'x', kind: 'unit' }), 401, 'login_required');
  const forged = new Client(server.url);
  forged.cookie = 'thidua_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  assertError(await forged.get('/api/v1/orgs'), 401);
  const junk = new Client(server.url);
  junk.cookie = `thidua_session=${'x'.repeat(500)}`;
  const r = await junk.get('/api/v1/orgs');
  assertError(r, 401);
});

test('cookie writes need the session CSRF token', async () => {
  const c = await as(server, 'admin');
  const body = { name: 'Đơn vị CSRF', kind: 'unit', parent_id: 1 };
  assertError(await c.post('/api/v1/orgs', body, { headers: { 'X-CSRF-Token': '' } }), 403, 'csrf_token');
  const saved = c.csrf;
  c.csrf = null;
  assertError(await c.post('/api/v1/orgs', body), 403, 'csrf_token');
  assertError(await c.del('/api/v1/session'), 403, 'csrf_token');
  c.csrf = saved.replace(/.$/, (x) => (x === '0' ? '1' : '0'));
  assertError(await c.post('/api/v1/orgs', body), 403, 'csrf_token');
  c.csrf = saved.slice(0, 32);
  assertError(await c.post('/api/v1/orgs', body), 403, 'csrf_token');
  // Another session's token does not fit this session.
  const other = await as(server, 'admin');
  c.csrf = other.csrf;
  assertError(await c.post('/api/v1/orgs', body), 403, 'csrf_token');
  c.csrf = saved;
  // Nothing was created by the refused requests.
  const list = await c.get('/api/v1/orgs?q=don vi csrf');
  assert.equal(list.body.total, 0);
  const ok = await c.post('/api/v1/orgs', body);
  assert.equal(ok.status, 201, ok.text);
  // Reads need no token.
  c.csrf = null;
  assert.equal((await c.get('/api/v1/orgs?limit=1')).status, 200);
});

test('cross-site and cross-origin cookie writes are refused even with the token', async () => {
  const c = await as(server, 'admin');
  const host = new URL(server.url).host;
  const body = { name: 'Đơn vị chéo', kind: 'unit', parent_id: 1 };
  assertError(await c.post('/api/v1/orgs', body, { headers: { 'Sec-Fetch-Site': 'cross-site' } }), 403, 'cross_site');
  assertError(await c.post('/api/v1/orgs', body, { headers: { 'Sec-Fetch-Site': 'same-site' } }), 403, 'cross_site');
  assertError(await c.post('/api/v1/orgs', body, { headers: { Origin: 'http://evil.example' } }), 403, 'cross_origin');
  assertError(await c.post('/api/v1/orgs', body, { headers: { Origin: `http://${host}.evil.example` } }), 403, 'cross_origin');
  assertError(await c.post('/api/v1/orgs', body, { headers: { Origin: 'null' } }), 403, 'cross_origin');
  assert.equal((await c.get('/api/v1/orgs?q=don vi cheo')).body.total, 0);
  const same = await c.post('/api/v1/orgs', body, { headers: { 'Sec-Fetch-Site': 'same-origin', Origin: `http://${host}` } });
  assert.equal(same.status, 201, same.text);
  const typed = await c.post('/api/v1/orgs', { ...body, name: 'Đơn vị gõ địa chỉ' }, { headers: { 'Sec-Fetch-Site': 'none' } });
  assert.equal(typed.status, 201, typed.text);
});

test('logout ends the session and clears the cookie', async () => {
  const c = await as(server, 'viewer');
  const cookie = c.cookie;
  const r = await c.del('/api/v1/session');
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  const { first, attrs } = cookieAttrs(r.headers.get('set-cookie'));
  assert.equal(first, 'thidua_session=');
  assert.equal(attrs['max-age'], '0');
  const replay = new Client(server.url);
  replay.cookie = cookie;
  assertError(await replay.get('/api/v1/session'), 401, 'session_expired');
  assertError(await replay.get('/api/v1/orgs'), 401);
});

test('a stale session cookie does not stop the user from logging in again', async () => {
  const u = await makeUser();
  const c = await loginAs(u);
  const stale = c.cookie;
  assert.equal((await c.del('/api/v1/session')).status, 204);
  // A browser may still send the old cookie (e.g. another tab kept it).
  c.cookie = stale;
  c.csrf = null;
  const again = await c.login(u.username, u.password);
  assert.equal(again.status, 201, again.text);
  assert.notEqual(c.cookie, stale);
  assert.equal((await c.get('/api/v1/session')).status, 200);
  // Health stays public for a client with a dead cookie or token too.
  const dead = new Client(server.url);
  dead.cookie = stale;
  assert.equal((await dead.get('/health')).status, 200);
});

test('sessions expire when idle, slide on use, and end at their maximum age', async () => {
  const u = await makeUser();
  const c = await loginAs(u);
  const now = Math.floor(Date.now() / 1000);
  const row = () => sql(server, `SELECT created_at, last_seen, expires_at FROM sessions WHERE user_id = ${u.id}`).split('|').map(Number);
  const [created, , expires] = row();
  assert.ok(Math.abs(created - now) < 60);
  assert.equal(expires - created, 8 * 3600, 'idle timeout of 8 hours');
  // Used after a while: the idle expiry moves on.
  sql(server, `UPDATE sessions SET last_seen = last_seen - 600, expires_at = expires_at - 600 WHERE user_id = ${u.id}`);
  assert.equal((await c.get('/api/v1/session')).status, 200);
  const [, seen2, expires2] = row();
  assert.ok(seen2 >= now, 'last_seen refreshed');
  assert.ok(expires2 >= now + 8 * 3600 - 60, 'idle expiry slid forward');
  // Near the 7-day maximum the expiry is capped at created + 7 days.
  sql(server, `UPDATE sessions SET created_at = ${now - 7 * 86400 + 100}, last_seen = ${now - 120} WHERE user_id = ${u.id}`);
  assert.equal((await c.get('/api/v1/session')).status, 200);
  const [created3, , expires3] = row();
  assert.equal(expires3, created3 + 7 * 86400);
  // Past its expiry the session is refused.
  sql(server, `UPDATE sessions SET expires_at = ${now - 1} WHERE user_id = ${u.id}`);
  assertError(await c.get('/api/v1/session'), 401, 'session_expired');
  assertError(await c.get('/api/v1/orgs'), 401, 'session_expired');
});

test('a revoked API token is refused', async () => {
  const u = await makeUser();
  const token = newToken(server, u.username);
  const b = bearer(server, token);
  assert.equal((await b.get('/api/v1/session')).status, 200);
  sql(server, `UPDATE api_tokens SET revoked = 1 WHERE user_id = ${u.id}`);
  assertError(await b.get('/api/v1/session'), 401, 'invalid_token');
});

test('tokens, session ids and passwords are never stored in clear', async () => {
  const u = await makeUser();
  const c = await loginAs(u);
  const token = newToken(server, u.username);
  const sessionId = c.cookie.split('=')[1];
  const dump = dumpDatabase(server);
  assert.ok(dump.includes(u.username), 'the dump holds the data');
  for (const secret of [token, token.slice(4), sessionId, u.password, c.csrf]) {
    assert.ok(!dump.includes(secret), `found in the database: ${secret}`);
  }
});

test('bearer tokens work without CSRF and carry the user roles', async () => {
  const token = newToken(server, server.logins.admin.username);
  assert.match(token, /^thd_/);
  const b = bearer(server, token);
  const me = await b.get('/api/v1/session');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.username, server.logins.admin.username);
  assert.equal(me.body.csrf_token, null);
  const made = await b.post('/api/v1/orgs', { name: 'Đơn vị qua token', kind: 'unit', parent_id: 1 });
  assert.equal(made.status, 201, made.text);
  assertError(await b.del('/api/v1/session'), 400, 'no_session');
  // The token keeps working: it is not a session.
  assert.equal((await b.get('/api/v1/orgs?limit=1')).status, 200);

  const viewer = bearer(server, newToken(server, server.logins.viewer.username));
  assert.equal((await viewer.get('/api/v1/orgs?limit=1')).status, 200);
  assertError(await viewer.get('/api/v1/users'), 403, 'forbidden');
  assertError(await viewer.post('/api/v1/orgs', { name: 'x', kind: 'unit' }), 403, 'forbidden');
});

test('a wrong or malformed Authorization header is 401', async () => {
  const bad = bearer(server, 'thd_not-a-real-token');
  assertError(await bad.get('/api/v1/orgs'), 401, 'invalid_token');
  const basic = new Client(server.url);
  assertError(await basic.get('/api/v1/orgs', { headers: { Authorization: 'Basic YWRtaW46eA==' } }), 401, 'invalid_token');
  assertError(await basic.get('/api/v1/orgs', { headers: { Authorization: 'Bearer' } }), 401, 'invalid_token');
  assertError(await basic.get('/api/v1/orgs', { headers: { Authorization: `Bearer ${'a'.repeat(4000)}` } }), 401, 'invalid_token');
  // A valid cookie does not rescue a wrong token: the header is decisive.
  const c = await as(server, 'viewer');
  assertError(await c.get('/api/v1/orgs', { headers: { Authorization: 'Bearer thd_wrong' } }), 401, 'invalid_token');
});

test('thidua user token fails cleanly for an unknown user', () => {
  const r = thidua(['user', 'token', 'no.such.user', '--db', server.db]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no such user/);
  assert.equal(r.stdout, '');
});

test('five failures lock a user name out with 429 and Retry-After', async () => {
  const u = await makeUser();
  const c = new Client(server.url);
  const fails = await Promise.all([0, 1, 2, 3, 4].map((i) => c.login(u.username, `wrong password ${i}`)));
  for (const r of fails) assertError(r, 401, 'invalid_credentials');
  const locked = await c.login(u.username, 'wrong again, again');
  assertError(locked, 429, 'too_many_attempts');
  const retry = Number(locked.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 900, `Retry-After ${retry}`);
  // Even the right password is refused while locked.
  const right = await c.login(u.username, u.password);
  assertError(right, 429, 'too_many_attempts');
  assert.equal(right.headers.get('set-cookie'), null);
  // Other users are not affected.
  const other = await makeUser();
  await loginAs(other);
});

test('a good login resets the failure count of its user name', async () => {
  const u = await makeUser();
  const c = new Client(server.url);
  const fourFailures = async () => {
    const rs = await Promise.all([1, 2, 3, 4].map(() => c.login(u.username, 'wrong password!')));
    for (const r of rs) assertError(r, 401, 'invalid_credentials');
  };
  await fourFailures();
  await loginAs(u);
  await fourFailures();
  await loginAs(u);
});

test('a disabled user loses its sessions, logins and tokens until re-enabled', async () => {
  const u = await makeUser(['unit_officer'], { org_id: 4 });
  const c = await loginAs(u);
  const token = newToken(server, u.username);
  const b = bearer(server, token);
  assert.equal((await b.get('/api/v1/session')).status, 200);
  const off = await admin.patch(`/api/v1/users/${u.id}`, { disabled: true });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.body.disabled, true);
  assertError(await c.get('/api/v1/session'), 401);
  assertError(await b.get('/api/v1/session'), 401);
  assertError(await new Client(server.url).login(u.username, u.password), 401, 'invalid_credentials');
  const on = await admin.patch(`/api/v1/users/${u.id}`, { disabled: false });
  assert.equal(on.status, 200, on.text);
  // The old session stays ended; the token and a new login work again.
  assertError(await c.get('/api/v1/session'), 401);
  assert.equal((await b.get('/api/v1/session')).status, 200);
  await loginAs(u);
});

test('a user created disabled cannot log in', async () => {
  const u = await makeUser(['viewer'], { disabled: true });
  assertError(await new Client(server.url).login(u.username, u.password), 401, 'invalid_credentials');
});

test('changing a password ends the sessions and API tokens; only the new password works', async () => {
  const u = await makeUser();
  const c = await loginAs(u);
  const script = bearer(server, newToken(server, u.username));
  assert.equal((await script.get('/api/v1/session')).status, 200);
  const newPassword = 'một mật khẩu mới hơn';
  const r = await admin.patch(`/api/v1/users/${u.id}`, { password: newPassword });
  assert.equal(r.status, 200, r.text);
  assert.ok(!/password|hash/.test(JSON.stringify(r.body)), r.text);
  assertError(await c.get('/api/v1/session'), 401);
  // API tokens made under the old password are revoked with it.
  assertError(await script.get('/api/v1/session'), 401, 'invalid_token');
  assertError(await new Client(server.url).login(u.username, u.password), 401, 'invalid_credentials');
  // The client with the ended session logs in again with the new password.
  const again = await c.login(u.username, newPassword);
  assert.equal(again.status, 201, again.text);
});

test('passwords need 10 characters (not bytes) and at most 1024 bytes', async () => {
  const base = { roles: ['viewer'] };
  assertError(await admin.post('/api/v1/users', { ...base, username: 'pw.short', password: '123456789' }), 422, 'password_too_short');
  // Nine Vietnamese letters are 18+ bytes but still nine characters.
  assertError(await admin.post('/api/v1/users', { ...base, username: 'pw.short2', password: 'ắắắắắắắắắ' }), 422, 'password_too_short');
  const ten = await admin.post('/api/v1/users', { ...base, username: 'pw.ten', password: 'ắắắắắắắắắắ' });
  assert.equal(ten.status, 201, ten.text);
  await loginAs({ username: 'pw.ten', password: 'ắắắắắắắắắắ' });
  const long = 'p'.repeat(1024);
  const max = await admin.post('/api/v1/users', { ...base, username: 'pw.long', password: long });
  assert.equal(max.status, 201, max.text);
  await loginAs({ username: 'pw.long', password: long });
  assertError(await admin.post('/api/v1/users', { ...base, username: 'pw.toolong', password: long + 'p' }), 422);
  assertError(await admin.patch(`/api/v1/users/${ten.body.id}`, { password: 'short' }), 422, 'password_too_short');
  // The refused change left the old password in place.
  await loginAs({ username: 'pw.ten', password: 'ắắắắắắắắắắ' });
});

test('thidua user add takes the password on stdin', async () => {
  const ok = thidua(['user', 'add', 'cli.officer', '--role', 'unit_officer', '--org', '4', '--db', server.db],
    { input: 'mật khẩu từ dòng lệnh\n' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /cli\.officer/);
  const c = await loginAs({ username: 'cli.officer', password: 'mật khẩu từ dòng lệnh' });
  const me = await c.get('/api/v1/session');
  assert.deepEqual(me.body.user.roles, ['unit_officer']);
  assert.equal(me.body.user.org_id, 4);

  const cases = [
    [['cli.short', '--role', 'viewer'], 'short\n'],
    [['cli.badrole', '--role', 'emperor'], 'a long enough password\n'],
    [['cli.noorg', '--role', 'unit_officer'], 'a long enough password\n'],
    [['cli.badorg', '--role', 'unit_officer', '--org', '999999'], 'a long enough password\n'],
    [['Bad Name', '--role', 'viewer'], 'a long enough password\n'],
    [['cli.officer', '--role', 'viewer'], 'a long enough password\n'],
    [['cli.nopw', '--role', 'viewer'], ''],
  ];
  for (const [args, input] of cases) {
    const r = thidua(['user', 'add', ...args, '--db', server.db], { input });
    assert.notEqual(r.status, 0, `${args.join(' ')} should fail`);
    assert.ok(r.stderr.trim(), `${args.join(' ')}: message expected`);
  }
  const users = await admin.get('/api/v1/users?limit=500');
  const names = users.body.items.map((x) => x.username);
  for (const n of ['cli.short', 'cli.badrole', 'cli.noorg', 'cli.badorg', 'cli.nopw']) assert.ok(!names.includes(n), n);
});

test('failures from another address do not lock a user out', async () => {
  const u = await makeUser();
  const from = (i) => httpRequest(server, 'POST', '/api/v1/session',
    { body: { username: u.username, password: `wrong password ${i}` }, localAddress: '127.0.0.7' });
  const five = await Promise.all([0, 1, 2, 3, 4].map(from));
  assert.deepEqual(five.map((r) => r.status), [401, 401, 401, 401, 401]);
  assert.equal((await from(5)).status, 429, 'the guessing address itself is throttled');
  const here = await httpRequest(server, 'POST', '/api/v1/session',
    { body: { username: u.username, password: u.password }, localAddress: '127.0.0.1' });
  assert.equal(here.status, 201, here.text);
});

// Last: it exhausts the per-address budget of 127.0.0.9 (not 127.0.0.1).
test('thirty failures from one address lock that address out', async () => {
  const from = '127.0.0.9';
  // Sent together: the count is kept in the database, one update per failure.
  const attempts = await Promise.all(Array.from({ length: 30 }, (_, i) => httpRequest(server, 'POST', '/api/v1/session',
    { body: { username: `ip.nobody${i}`, password: 'wrong password!' }, localAddress: from })));
  for (const r of attempts) assert.equal(r.status, 401, r.text);
  const l = server.logins.admin;
  const locked = await httpRequest(server, 'POST', '/api/v1/session',
    { body: { username: l.username, password: l.password }, localAddress: from });
  assert.equal(locked.status, 429, locked.text);
  assert.equal(locked.body.error.code, 'too_many_attempts');
  assert.ok(Number(locked.headers['retry-after']) >= 1);
  // Another address is not locked out.
  const elsewhere = await httpRequest(server, 'POST', '/api/v1/session',
    { body: { username: l.username, password: l.password }, localAddress: '127.0.0.1' });
  assert.equal(elsewhere.status, 201, elsewhere.text);
});
