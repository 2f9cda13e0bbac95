import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, Client, assertError } from './helpers.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

test('health answers ok', async () => {
  const r = await new Client(server.url).get('/health');
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ok');
});

test('admin logs in and finds people without diacritics', async () => {
  const c = await as(server, 'admin');
  const p = await c.post('/api/v1/people', { full_name: 'Nguyễn Văn An', gender: 'male', org_id: 3 });
  assert.equal(p.status, 201, p.text);
  const r = await c.get('/api/v1/people?q=nguyen%20van');
  assert.equal(r.status, 200);
  assert.ok(r.body.items.some((x) => x.full_name === 'Nguyễn Văn An'));
});

test('no login gives 401', async () => {
  assertError(await new Client(server.url).get('/api/v1/orgs'), 401);
});
