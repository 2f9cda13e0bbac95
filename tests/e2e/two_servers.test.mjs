// Two `thidua serve` processes on one database behave as one system, as
// behind a load balancer: a session made on one works on the other, a
// logout on one ends it on both, failed logins count across both, writes
// from both keep one audit chain, and what one writes the other reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, Client, assertError, thidua, demoIds } from './helpers.mjs';

let a, b, ids;
before(async () => {
  a = await startServer();
  b = await startServer({ reuse: a });
  ids = await demoIds(a, await as(a, 'admin'));
});
after(async () => {
  await b.stop({ keep: true });
  await a.stop();
});

// The same client (cookie, CSRF token) pointed at the other server.
function over(client, server) {
  const c = new Client(server.url);
  c.cookie = client.cookie;
  c.csrf = client.csrf;
  c.seen = client.seen;
  return c;
}

test('a session made on one server works on the other, and ends on both', async () => {
  const onA = await as(a, 'admin');
  const onB = over(onA, b);
  const me = await onB.get('/api/v1/session');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.user.username, a.logins.admin.username);
  // a write on B with the CSRF token A gave
  const made = await onB.post('/api/v1/people', { full_name: 'Trần Thị Hai Nơi', gender: 'female', org_id: ids.userOrg.unit_officer });
  assert.equal(made.status, 201, made.text);
  // … read on A at once
  assert.equal((await onA.get(`/api/v1/people/${made.body.id}`)).body.full_name, 'Trần Thị Hai Nơi');
  assert.equal((await onB.del('/api/v1/session')).status, 204);
  assertError(await onA.get('/api/v1/session'), 401);
});

test('failed logins count across servers', async () => {
  const name = a.logins.viewer.username;
  for (const [i, server] of [a, b, a, b, a].entries()) {
    assertError(await new Client(server.url).login(name, `wrong ${i}`), 401, 'invalid_credentials');
  }
  for (const server of [a, b]) {
    assertError(await new Client(server.url).login(name, a.logins.viewer.password), 429, 'too_many_attempts');
  }
});

test('writes from both servers at once keep one unbroken audit chain', async () => {
  const onA = await as(a, 'admin');
  const onB = over(onA, b);
  const writes = [];
  for (let i = 0; i < 20; i++) {
    const c = i % 2 ? onA : onB;
    writes.push(c.post('/api/v1/orgs', { name: `Đơn vị hai máy ${i}`, kind: 'unit' }));
  }
  for (const r of await Promise.all(writes)) assert.equal(r.status, 201, r.text);
  const list = await onA.get('/api/v1/orgs?q=don%20vi%20hai%20may&limit=50');
  assert.equal(list.body.total, 20);
  const v = thidua(['audit', 'verify', '--db', a.db]);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /intact/);
});
