// Overload (issue 11): past --max-connections open connections a request
// is answered 503 with Retry-After and its connection closed, and service
// resumes once the load is gone; over a long run of requests the server's
// memory stays bounded and no file descriptor leaks.
// THIDUA_SOAK_REQUESTS sets the length of that run (make soak: a million).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import http from 'node:http';
import { startServer, session, waitFor, Client, SANITIZED } from './helpers.mjs';

const MAX = 4;
const REQUESTS = Number(process.env.THIDUA_SOAK_REQUESTS || 20000);
const CLIENTS = 16;
const MiB = 1024 * 1024;

let shedding; // the server told to shed load: its log has 503s
let steady; // the one that never should
after(async () => {
  if (shedding) await shedding.stop({ shed: true });
  if (steady) await steady.stop();
});

// A connection kept open after one answered request ("GET /health"):
// {sock, status, head}. The server closes it after a 503.
function holdConnection(server) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, server.host);
    let buf = '';
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`no answer: ${buf}`)); }, 10000);
    sock.setEncoding('latin1');
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
    sock.on('data', (d) => {
      buf += d;
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.slice(0, end);
      const len = Number((head.match(/^content-length:\s*(\d+)/im) || [])[1] || 0);
      if (buf.length < end + 4 + len) return;
      clearTimeout(timer);
      resolve({ sock, status: Number(head.split(' ')[1]), head, body: buf.slice(end + 4, end + 4 + len) });
    });
    sock.write(`GET /health HTTP/1.1\r\nHost: ${server.host}:${server.port}\r\n\r\n`);
  });
}

const header = (head, name) => (head.match(new RegExp(`^${name}:\\s*(.*?)\\s*$`, 'im')) || [])[1];

test('past --max-connections a request gets 503 with Retry-After, and service resumes', async () => {
  const s = await startServer({ args: ['--max-connections', String(MAX)] });
  shedding = s;
  const held = [];
  for (let i = 0; i < MAX; i++) {
    const c = await holdConnection(s);
    assert.equal(c.status, 200, c.head);
    held.push(c);
  }
  // Every connection beyond the limit is told to come back, and closed.
  const extra = await Promise.all(Array.from({ length: 6 }, () => holdConnection(s)));
  for (const c of extra) {
    assert.equal(c.status, 503, c.head);
    assert.equal(header(c.head, 'retry-after'), '1');
    assert.equal(header(c.head, 'connection'), 'close');
    assert.equal(JSON.parse(c.body).error.code, 'overloaded');
    await new Promise((res) => { if (c.sock.readableEnded) res(); else c.sock.on('end', res); c.sock.resume(); });
    c.sock.destroy();
  }
  // The connections within the limit were served throughout.
  for (const c of held) {
    c.sock.write(`GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const text = await new Promise((res) => { let t = ''; c.sock.on('data', (d) => { t += d; }); c.sock.on('end', () => res(t)); });
    assert.match(text, /^HTTP\/1\.1 200 /);
    c.sock.destroy();
  }
  // With the load gone, requests are served again, logins and writes too.
  await waitFor(async () => (await new Client(s.url).get('/health')).status === 200, 10000, 'service to resume');
  const admin = await session(s, 'admin');
  const r = await admin.post('/api/v1/orgs', { name: 'Đơn vị sau quá tải', kind: 'unit', parent_id: 1 });
  assert.equal(r.status, 201, r.text);
  assert.ok(s.log().includes('status=503'), 'the 503s are logged');
});

const fds = (pid) => readdirSync(`/proc/${pid}/fd`).length;
const rss = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)[1]) * 1024;

// n requests from CLIENTS clients at once: most on kept-alive connections,
// every fourth on a connection of its own; a mix of answers. Their statuses.
async function burst(s, cookie, n) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const paths = ['/health', '/api/v1/orgs?limit=5', '/api/v1/people?limit=5', '/api/v1/no-such-thing', '/api/v1/orgs?limit=0'];
  const statuses = {};
  let next = 0;
  const one = (i) => new Promise((resolve, reject) => {
    const own = i % 4 === 3;
    const rq = http.get({
      host: s.host, port: s.port, path: paths[i % paths.length], agent: own ? false : agent,
      headers: { Cookie: cookie, ...(own ? { Connection: 'close' } : {}) },
    }, (res) => {
      res.resume();
      res.on('end', () => { statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1; resolve(); });
    });
    rq.on('error', reject);
  });
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < n) await one(next++);
  }));
  agent.destroy();
  return statuses;
}

test(`${REQUESTS} requests leak no file descriptor and keep memory bounded`, async () => {
  const s = await startServer();
  steady = s;
  const pid = s.proc.pid;
  const admin = await session(s, 'admin');
  // A first round opens what the server keeps (its database connections).
  await burst(s, admin.cookie, 2000);
  let before = 0;
  await waitFor(() => { const n = fds(pid); const steady = n === before; before = n; return steady; }, 10000, 'fds to settle');
  const rssBefore = rss(pid);

  const statuses = await burst(s, admin.cookie, REQUESTS);
  assert.deepEqual(Object.keys(statuses).sort(), ['200', '400', '404'], JSON.stringify(statuses));
  assert.equal(Object.values(statuses).reduce((a, b) => a + b, 0), REQUESTS);

  // Closed connections are let go (the server sees the close a moment later).
  let after = 0;
  await waitFor(() => { after = fds(pid); return after <= before; }, 10000, `fds back to ${before} (now ${after})`);
  // ASan keeps freed memory in quarantine (256 MiB), so its bound is wider.
  const grown = rss(pid) - rssBefore;
  assert.ok(grown < (SANITIZED ? 384 : 64) * MiB, `RSS grew by ${(grown / MiB).toFixed(1)} MiB`);
});
