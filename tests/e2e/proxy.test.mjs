// Behind a reverse proxy (--trust-proxy) login throttling counts the client
// address the proxy forwards; without the flag that header is ignored, so a
// client cannot dodge the count by inventing addresses.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from './helpers.mjs';

let proxied;
let direct;
before(async () => {
  proxied = await startServer({ args: ['--trust-proxy'] });
  direct = await startServer();
});
after(async () => {
  await proxied.stop();
  await direct.stop();
});

// Addresses from TEST-NET-1 (RFC 5737): header values only, never contacted.
const fromClient = (addr) => ({ headers: { 'X-Forwarded-For': `203.0.113.50, ${addr}` } });

async function fail(server, addr, i) {
  return new Client(server.url).req('POST', '/api/v1/session',
    { username: `nobody${i}`, password: 'wrong password!' }, fromClient(addr));
}

test('with --trust-proxy each forwarded client has its own failure budget', async () => {
  const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => fail(proxied, '192.0.2.1', i)));
  for (const r of burst) assert.equal(r.status, 401, r.text);
  assert.equal((await fail(proxied, '192.0.2.1', 99)).status, 429);
  const l = proxied.logins.admin;
  const other = await new Client(proxied.url).req('POST', '/api/v1/session',
    { username: l.username, password: l.password }, fromClient('192.0.2.2'));
  assert.equal(other.status, 201, other.text);
});

test('without it, X-Forwarded-For does not split the count', async () => {
  const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => fail(direct, `192.0.2.${i + 10}`, i)));
  for (const r of burst) assert.equal(r.status, 401, r.text);
  assert.equal((await fail(direct, '192.0.2.200', 99)).status, 429);
});
