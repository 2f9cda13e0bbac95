// The HTTP layer: request smuggling, body limits, headers on every answer,
// 404/405, static files, graceful shutdown and durability across SIGKILL.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, as, Client, assertError, rawHttp, waitFor, thidua, sql } from './helpers.mjs';

const MAX_BODY = 65536;
let server;
let admin;
before(async () => {
  server = await startServer({ args: ['--max-body', String(MAX_BODY)] });
  admin = await as(server, 'admin');
});
after(async () => { await server.stop(); });

const REQ_ID = /^[0-9a-f]{16}$/;

function assertSecurityHeaders(h, what) {
  const get = (n) => (typeof h.get === 'function' ? h.get(n) : h[n]);
  assert.match(get('x-request-id') || '', REQ_ID, `${what}: X-Request-Id`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.equal(get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
  const csp = get('content-security-policy') || '';
  assert.match(csp, /default-src 'self'/, `${what}: CSP`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP frame-ancestors`);
  assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `${what}: CSP must not allow inline script`);
}

test('every kind of answer carries a request id and the security headers', async () => {
  const anon = new Client(server.url);
  const answers = {
    health: await anon.get('/health'),
    api: await admin.get('/api/v1/orgs?limit=1'),
    unauthorized: await anon.get('/api/v1/orgs'),
    notFound: await anon.get('/api/v1/no-such-thing'),
    methodNotAllowed: await anon.req('PUT', '/api/v1/orgs'),
    badRequest: await admin.get('/api/v1/orgs?limit=0'),
    page: await anon.get('/'),
    staticMissing: await anon.get('/static/nope.js'),
  };
  const ids = new Set();
  for (const [what, r] of Object.entries(answers)) {
    assertSecurityHeaders(r.headers, what);
    ids.add(r.headers.get('x-request-id'));
  }
  assert.equal(ids.size, Object.keys(answers).length, 'request ids must differ');
  assert.equal(answers.api.headers.get('cache-control'), 'no-store');
  assert.equal(answers.health.status, 200);
});

test('a request id appears in the server log line of its request', async () => {
  const r = await admin.get('/api/v1/clusters?limit=1');
  const id = r.headers.get('x-request-id');
  await waitFor(() => server.log().includes(`req=${id}`), 5000, 'log line');
  const line = server.log().split('\n').find((l) => l.includes(`req=${id}`));
  assert.match(line, /method=GET path=\/api\/v1\/clusters status=200/);
});

test('health answers on /health and /api/v1/health without login', async () => {
  for (const p of ['/health', '/api/v1/health']) {
    const r = await new Client(server.url).get(p);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { status: 'ok', database: 'ok' });
    assert.match(r.headers.get('content-type'), /^application\/json/);
  }
});

test('unknown API paths are 404 JSON errors, with or without login', async () => {
  const anon = new Client(server.url);
  for (const p of ['/api/v1/nope', '/api/v2/orgs', '/api/v1/orgs/0', '/api/v1/orgs/abc',
    '/api/v1/orgs/1/extra', '/api/v1/orgs/-1', '/api/v1/orgs/01', '/api/v1/orgs/1.5',
    '/api/v1/orgs/99999999999999999999', '/api/v1/clusters/1/years/', '/api/v1/clusters/1/years/abc',
    '/api/v1/', '/api/v1/orgs/']) {
    assertError(await anon.get(p), 404, 'not_found');
    assertError(await admin.get(p), 404, 'not_found');
  }
});

test('a wrong method is 405 with an Allow header listing the right ones', async () => {
  const cases = [
    ['PUT', '/api/v1/orgs', ['GET', 'POST']],
    ['DELETE', '/api/v1/orgs', ['GET', 'POST']],
    ['POST', '/api/v1/orgs/1', ['GET', 'PATCH', 'DELETE']],
    ['PUT', '/api/v1/people/1', ['GET', 'PATCH', 'DELETE']],
    ['DELETE', '/api/v1/users/1', ['GET', 'PATCH']],
    ['PATCH', '/api/v1/session', ['POST', 'GET', 'DELETE']],
    ['POST', '/api/v1/clusters/1/years/2026', ['GET', 'PUT']],
    ['DELETE', '/api/v1/clusters/1', ['GET', 'PATCH']],
    ['POST', '/api/v1/audit', ['GET']],
    ['POST', '/health', ['GET']],
    ['POST', '/', ['GET', 'HEAD']],
    ['DELETE', '/static/app.js', ['GET', 'HEAD']],
  ];
  for (const [method, path, allowed] of cases) {
    const r = await admin.req(method, path);
    assertError(r, 405, 'method_not_allowed');
    const allow = r.headers.get('allow').split(',').map((x) => x.trim()).sort();
    assert.deepEqual(allow, [...allowed].sort(), `${method} ${path}`);
  }
});

test('the web UI is served at / and for client-side routes, assets under /static/', async () => {
  const anon = new Client(server.url);
  const root = await anon.get('/');
  assert.equal(root.status, 200);
  assert.match(root.headers.get('content-type'), /^text\/html/);
  assert.match(root.text, /<html/i);
  const route = await anon.get('/clusters/1');
  assert.equal(route.status, 200);
  assert.equal(route.text, root.text);
  const js = await anon.get('/static/app.js');
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
  const css = await anon.get('/static/style.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assertError(await anon.get('/favicon.ico'), 404, 'not_found');
  assertError(await anon.get('/static/nope.js'), 404, 'not_found');
});

test('path traversal does not escape the embedded assets', async () => {
  for (const p of ['/static/../../../../etc/passwd', '/static/..%2f..%2fetc%2fpasswd',
    '/static/%2e%2e/%2e%2e/etc/passwd', '/static/', '/static/../src/main.c']) {
    const r = await rawHttp(server, [`GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`]);
    assert.equal(r.status, 404, `${p}: ${r.raw}`);
    assert.ok(!r.body.includes('root:'), p);
  }
});

test('a request with both Content-Length and Transfer-Encoding is refused (no smuggling)', async () => {
  const login = JSON.stringify({ username: 'admin', password: 'x'.repeat(12) });
  const variants = [
    `POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      `Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n` +
      `${login.length.toString(16)}\r\n${login}\r\n0\r\n\r\n`,
    `POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n` +
      `0\r\n\r\nGET /api/v1/audit HTTP/1.1\r\nHost: x\r\n\r\n`,
  ];
  for (const v of variants) {
    const r = await rawHttp(server, [v]);
    assert.equal(r.status, 400, r.raw);
    assert.equal(JSON.parse(r.body).error.code, 'ambiguous_length');
    assert.match(r.headers['x-request-id'], REQ_ID);
  }
  // The refused request did nothing: no login was attempted or recorded.
  assert.ok(!/method=GET path=\/api\/v1\/audit/.test(server.log()), 'smuggled request must not run');
});

test('two Content-Length headers, or a transfer coding other than chunked, are refused', async () => {
  const variants = {
    'two different lengths': 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}GET /api/v1/audit HTTP/1.1\r\nHost: x\r\n\r\n',
    'two equal lengths': 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}',
    'chunked twice': 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
    'gzip, chunked': 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
    identity: 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: identity\r\n\r\n{}',
  };
  for (const [what, v] of Object.entries(variants)) {
    const r = await rawHttp(server, [v], { timeoutMs: 5000 });
    assert.equal(r.status, 400, `${what}: ${r.error?.message} ${r.raw}`);
    assert.equal(JSON.parse(r.body).error.code, 'ambiguous_length', what);
  }
  // A plain chunked body is fine, whatever the letter case.
  const ok = await rawHttp(server, ['POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Transfer-Encoding: Chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n']);
  assert.equal(ok.status, 422, ok.raw);
  assert.ok(!/method=GET path=\/api\/v1\/audit/.test(server.log()), 'smuggled request must not run');
});

test('malformed framing gets 400 and leaves the server serving', async () => {
  for (const v of [
    'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
    'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
  ]) {
    const r = await rawHttp(server, [v], { timeoutMs: 5000 });
    assert.equal(r.status, 400, r.raw);
  }
  assert.equal((await admin.get('/health')).status, 200);
});

test('a Content-Length above the cap gets 413: read and dropped when small, at once when huge', async () => {
  // A client still sending its body sees the 413 rather than a reset.
  const r = await rawHttp(server, [
    `POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${MAX_BODY + 1}\r\n\r\n`,
    'z'.repeat(MAX_BODY + 1),
  ]);
  assert.equal(r.status, 413, r.raw);
  assert.equal(JSON.parse(r.body).error.code, 'body_too_large');
  // Far past what is worth reading: refused before any body arrives.
  const far = await rawHttp(server, [
    `POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${MAX_BODY * 100}\r\n\r\n`,
  ]);
  assert.equal(far.status, 413, far.raw);
  const huge = await rawHttp(server, [
    `POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      `Content-Length: 99999999999999999999999\r\n\r\n`,
  ]);
  assert.ok(huge.status === 413 || huge.status === 400, huge.raw);
});

test('a client waiting for 100 Continue gets 413 instead, and the server goes on', async () => {
  const r = await rawHttp(server, [
    `POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${MAX_BODY * 4}\r\nExpect: 100-continue\r\n\r\n`,
  ]);
  assert.equal(r.status, 413, r.raw);
  assert.deepEqual(r.interim, [], 'no 100 Continue for a body that will be refused');
  assert.equal(JSON.parse(r.body).error.code, 'body_too_large');
  assert.equal((await admin.get('/health')).status, 200);
});

test('a chunked body that grows past the cap gets 413', async () => {
  const big = 'x'.repeat(MAX_BODY + 100);
  const oneChunk = await rawHttp(server, [
    `POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      `Transfer-Encoding: chunked\r\n\r\n${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`,
  ]);
  assert.equal(oneChunk.status, 413, `one chunk: ${oneChunk.error?.message} ${oneChunk.raw.slice(0, 200)}`);
  assert.equal(JSON.parse(oneChunk.body).error.code, 'body_too_large');

  const parts = ['POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Transfer-Encoding: chunked\r\n\r\n'];
  const piece = 'y'.repeat(4096);
  for (let sent = 0; sent <= MAX_BODY; sent += piece.length) parts.push(`1000\r\n${piece}\r\n`);
  parts.push('0\r\n\r\n');
  const many = await rawHttp(server, parts);
  assert.equal(many.status, 413, `many chunks: ${many.error?.message} ${many.raw.slice(0, 200)}`);
  assert.equal((await admin.get('/health')).status, 200);
});

test('a body exactly at the cap is read and judged on its content', async () => {
  const base = JSON.stringify({ name: 'Đơn vị giới hạn', kind: 'unit', parent_id: 1 });
  const body = base + ' '.repeat(MAX_BODY - Buffer.byteLength(base));
  assert.equal(Buffer.byteLength(body), MAX_BODY);
  const r = await admin.req('POST', '/api/v1/orgs', undefined, {
    raw: body, headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.name, 'Đơn vị giới hạn');

  const chunked = await rawHttp(server, [
    `POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      `Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
    `${(MAX_BODY / 2).toString(16)}\r\n${'{'.padEnd(MAX_BODY / 2, ' ')}\r\n`,
    `${(MAX_BODY / 2).toString(16)}\r\n${'}'.padStart(MAX_BODY / 2, ' ')}\r\n0\r\n\r\n`,
  ]);
  assert.equal(chunked.status, 422, chunked.raw.slice(0, 300)); // {} lacks username
  assert.equal(JSON.parse(chunked.body).error.code, 'required');
});

test('several requests on one keep-alive connection each get an answer', async () => {
  const one = 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n';
  const r = await new Promise((resolve, reject) => {
    const sock = net.connect(server.port, server.host);
    let got = '';
    sock.on('data', (d) => {
      got += d;
      if ((got.match(/HTTP\/1\.1 200/g) || []).length === 3) { sock.destroy(); resolve(got); }
    });
    sock.on('error', reject);
    sock.on('connect', () => sock.write(one + one + one));
    setTimeout(() => { sock.destroy(); resolve(got); }, 5000);
  });
  assert.equal((r.match(/HTTP\/1\.1 200/g) || []).length, 3, r);
});

test('serve refuses bad options with a one-line error', () => {
  for (const args of [['--max-body', '0'], ['--max-body', 'abc'], ['--threads', '0'],
    ['--listen', 'nohost'], ['--listen', '127.0.0.1:99999'], ['--bogus']]) {
    const r = thidua(['serve', '--db', server.db, ...args]);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.ok(r.stderr.trim().length > 0, `${args.join(' ')}: message expected`);
  }
});

test('SIGTERM lets an in-flight request finish, refuses new connections, exits 0', async () => {
  const s = await startServer();
  try {
    const body = JSON.stringify({ username: s.logins.admin.username, password: s.logins.admin.password });
    const half = Math.floor(body.length / 2);
    const refused = () => new Promise((res) => {
      const c = net.connect(s.port, s.host);
      c.on('connect', () => { c.destroy(); res(false); });
      c.on('error', () => res(true));
    });
    const r = await rawHttp(s, [
      `POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
      // 100 Continue: the server has the request's headers and counts it in flight.
      async (sock, got) => { await waitFor(() => got().startsWith('HTTP/1.1 100'), 5000, '100 Continue'); },
      body.slice(0, half),
      async () => {
        s.proc.kill('SIGTERM');
        await waitFor(refused, 5000, 'the listening socket to close');
        assert.equal(s.proc.exitCode, null, 'the server must wait for the request in flight');
      },
      body.slice(half),
    ]);
    assert.equal(r.status, 201, r.raw || String(r.error));
    assert.deepEqual(r.interim, [100]);
    assert.match(JSON.parse(r.body).csrf_token, /^[0-9a-f]{64}$/);
    assert.equal(r.headers.connection, 'close');
    const { code } = await s.exited;
    assert.equal(code, 0, s.log());
    assert.match(s.log(), /stopped/);
    // The login finished before the exit: its session and audit entry were committed.
    assert.equal(sql(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'login'"), '1');
    assert.equal(sql(s, 'SELECT COUNT(*) FROM sessions'), '1');
  } finally {
    await s.stop();
  }
});

test('acknowledged writes survive SIGKILL and a restart on the same database', async () => {
  let s = await startServer();
  let restarted = null;
  try {
    const a = await as(s, 'admin');
    const made = [];
    const writes = [];
    for (let i = 0; i < 20; i++) {
      writes.push(a.post('/api/v1/people', {
        full_name: `Người Bền Vững ${i}`, gender: i % 2 ? 'female' : 'male', org_id: 3, birth_year: 1980 + i,
      }));
    }
    for (const r of await Promise.all(writes)) {
      assert.equal(r.status, 201, r.text);
      made.push(r.body);
    }
    const org = await a.post('/api/v1/orgs', { name: 'Đơn vị sau SIGKILL', kind: 'unit', parent_id: 1 });
    assert.equal(org.status, 201, org.text);
    const patched = await a.patch(`/api/v1/people/${made[0].id}`, { position: 'Chánh Văn phòng' });
    assert.equal(patched.status, 200, patched.text);
    const deleted = await a.del(`/api/v1/people/${made[1].id}`);
    assert.equal(deleted.status, 204);

    await s.kill();
    assert.equal(s.proc.signalCode, 'SIGKILL');
    restarted = await startServer({ reuse: s });
    const b = await as(restarted, 'admin');
    for (const p of made.slice(2)) {
      const r = await b.get(`/api/v1/people/${p.id}`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body, p);
    }
    assert.equal((await b.get(`/api/v1/people/${made[0].id}`)).body.position, 'Chánh Văn phòng');
    assertError(await b.get(`/api/v1/people/${made[1].id}`), 404, 'not_found');
    const o = await b.get(`/api/v1/orgs/${org.body.id}`);
    assert.equal(o.status, 200);
    assert.equal(o.body.name, 'Đơn vị sau SIGKILL');
    const list = await b.get('/api/v1/people?q=nguoi ben vung&limit=100');
    assert.equal(list.body.total, 19);
    // The audit chain holds every acknowledged write and still verifies.
    const v = thidua(['audit', 'verify', '--db', s.db]);
    assert.equal(v.status, 0, v.stderr);
    const creates = sql(restarted, "SELECT COUNT(*) FROM audit_log WHERE entity='person' AND action='create' AND actor_name='admin'");
    assert.equal(Number(creates), 20);
  } finally {
    if (restarted) await restarted.stop();
    else await s.stop().catch(() => {});
  }
});

test('HEAD on an API route answers like GET, without a body', async () => {
  const res = await admin.req('HEAD', '/api/v1/orgs');
  assert.equal(res.status, 200);
  assert.equal(res.text, '');
  assert.match(res.headers.get('content-type'), /application\/json/);
  const anon = await fetch(`${server.url}/health`, { method: 'HEAD' });
  assert.equal(anon.status, 200);
});
