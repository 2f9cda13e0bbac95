// Shared pieces of the end-to-end tests: start thidua on a free loopback
// port with a fresh temporary database, log in, make requests.
//
// With THIDUA_TEST_PG set (the URL of a PostgreSQL server the tests may
// create databases on, see tests/pg/cluster.sh) every server gets a
// database of its own there instead of a SQLite file.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import http from 'node:http';
import assert from 'node:assert/strict';

export const BIN = process.env.THIDUA_BIN || new URL('../../build/thidua', import.meta.url).pathname;
export const SANITIZED = !!process.env.THIDUA_SANITIZED;
export const PG = process.env.THIDUA_TEST_PG || '';

// The URL of database `name` on the test PostgreSQL server.
function pgUrl(name) {
  const u = new URL(PG);
  u.pathname = `/${name}`;
  return u.toString();
}

// Run psql on a database of the test server; its output, unaligned.
function psql(url, sql) {
  const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql],
    { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function pgName(prefix) {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
}

// Run a thidua command to completion; returns {status, stdout, stderr}.
export function thidua(args, { input, env } = {}) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Parse the demo's login table ("  role  username  password").
function parseLogins(text) {
  const logins = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^\s+(\w+)\s+([a-z0-9._-]+)\s+(\S+)$/);
    if (m) logins[m[1]] = { username: m[2], password: m[3] };
  }
  return logins;
}

// The demo database, loaded once per build of the binary and copied for
// each server (loading hashes seven passwords; a copy is instant). Made in
// a private directory and renamed into place, so parallel runs are safe.
function demoTemplate() {
  const st = statSync(BIN);
  const key = createHash('sha256').update(`${BIN}:${st.size}:${st.mtimeMs}`).digest('hex').slice(0, 16);
  if (PG) return pgDemoTemplate(key);
  const dir = join(tmpdir(), `thidua-e2e-demo-${key}`);
  if (!existsSync(join(dir, 'logins.json'))) {
    const tmp = mkdtempSync(join(tmpdir(), 'thidua-e2e-demo-new-'));
    const db = `sqlite:${join(tmp, 't.db')}`;
    writeFileSync(join(tmp, 'logins.json'), JSON.stringify(loadDemo(db)));
    try { renameSync(tmp, dir); } catch { rmSync(tmp, { recursive: true, force: true }); }
  }
  return { dir, logins: JSON.parse(readFileSync(join(dir, 'logins.json'), 'utf8')) };
}

// Load the demo into the (initialized or empty) database at db: its logins.
export function loadDemo(db) {
  let r = thidua(['init', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  r = thidua(['demo', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  return parseLogins(r.stdout);
}

// On PostgreSQL the template is a database (copied by CREATE DATABASE …
// TEMPLATE) carrying its logins as its comment, so the two cannot part:
// made under another name and renamed into place, parallel runs are safe.
function pgDemoTemplate(key) {
  const name = `thidua_demo_${key}`;
  const read = () => psql(pgUrl('postgres'),
    `SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '${name}'`).trim();
  let logins = read();
  if (!logins) {
    const tmp = pgName('thidua_demo_new');
    psql(pgUrl('postgres'), `CREATE DATABASE ${tmp}`);
    const made = JSON.stringify(loadDemo(pgUrl(tmp))).replace(/'/g, "''");
    psql(pgUrl('postgres'), `COMMENT ON DATABASE ${tmp} IS '${made}'`);
    try {
      psql(pgUrl('postgres'), `ALTER DATABASE ${tmp} RENAME TO ${name}`);
    } catch {
      psql(pgUrl('postgres'), `DROP DATABASE ${tmp}`);
    }
    logins = read();
  }
  return { db: name, logins: JSON.parse(logins) };
}

// A fresh database for a server: its URL ("sqlite:…" in dir, or a new PostgreSQL database).
function freshDatabase(dir, demo) {
  if (PG) {
    const name = pgName('t');
    let logins = {};
    if (demo) {
      const t = demoTemplate();
      psql(pgUrl('postgres'), `CREATE DATABASE ${name} TEMPLATE ${t.db}`);
      logins = t.logins;
    } else {
      psql(pgUrl('postgres'), `CREATE DATABASE ${name}`);
    }
    return { db: pgUrl(name), logins };
  }
  const db = `sqlite:${join(dir, 't.db')}`;
  if (!demo) return { db, logins: {} };
  const t = demoTemplate();
  for (const f of ['t.db', 't.db-wal']) {
    if (existsSync(join(t.dir, f))) copyFileSync(join(t.dir, f), join(dir, f));
  }
  return { db, logins: t.logins };
}

// Start a server. With demo (default) the database holds the demo data and
// `logins` maps each role to {username, password}. With `reuse` (a server
// started before, stopped or killed) it serves that server's database again.
export async function startServer({ demo = true, args = [], reuse } = {}) {
  let dir, db, logins = {};
  if (reuse) {
    ({ dir, db, logins } = reuse);
  } else {
    dir = mkdtempSync(join(tmpdir(), 'thidua-e2e-'));
    ({ db, logins } = freshDatabase(dir, demo));
    if (!demo) {
      const r = thidua(['init', '--db', db]);
      assert.equal(r.status, 0, r.stderr);
    }
  }
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '4', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const { hostname, port } = new URL(url);
  return {
    url, db, dir, logins, proc, exited,
    host: hostname, port: Number(port),
    dbPath: PG ? null : db.slice('sqlite:'.length),
    log: () => stderr,
    // Stop with SIGTERM and check a clean exit (sanitizers report at exit),
    // and that no request got a 5xx answer: bad input never earns one.
    // With shed, 503s are allowed (a test that overloads the server).
    async stop({ keep = false, shed = false } = {}) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const { code, signal } = await exited;
      if (!keep) rmSync(dir, { recursive: true, force: true });
      assert.equal(code, 0, `server exit code ${code} signal ${signal}\n${stderr.slice(-4000)}`);
      const fivexx = stderr.split('\n').filter((l) => /\bstatus=5\d\d\b/.test(l) && !(shed && /\bstatus=503\b/.test(l)));
      assert.deepEqual(fivexx, [], 'requests answered with 5xx');
    },
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

// Run the sqlite3 command-line shell on a server's database (or a file).
export function sqlite(server, sql) {
  const path = typeof server === 'string' ? server : server.dbPath ?? server.db.replace(/^sqlite:/, '');
  const r = spawnSync('sqlite3', [path, sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

// Run SQL that both backends understand on a server's database: its rows
// as text, columns separated by '|', rows by newlines.
export function sql(server, query) {
  return PG ? psql(server.db, query).trim() : sqlite(server, query);
}

// A consistent copy of a server's live database, to tamper with: {db, dbPath}
// for sql() and for --db.
let copies = 0;
export function copyDatabase(server) {
  copies++;
  if (PG) {
    const name = pgName('copy');
    psql(pgUrl('postgres'), `CREATE DATABASE ${name}`);
    const r = spawnSync('sh', ['-c', 'pg_dump --no-owner "$1" | psql -X -q -v ON_ERROR_STOP=1 -d "$2"', 'sh', server.db, pgUrl(name)],
      { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return { db: pgUrl(name), dbPath: null };
  }
  const path = join(server.dir, `copy${copies}.db`);
  sqlite(server, `.backup '${path}'`);
  return { db: `sqlite:${path}`, dbPath: path };
}

// Everything a server's database holds, as SQL text.
export function dumpDatabase(server) {
  const r = PG ? spawnSync('pg_dump', ['--no-owner', server.db], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync('sqlite3', [server.dbPath, '.dump'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// A database of its own for a command-line test on the backend under test.
export function newDatabase(dir) {
  return freshDatabase(dir, false).db;
}

// A new API token for a user, made with `thidua user token`.
export function newToken(server, username) {
  const r = thidua(['user', 'token', username, '--db', server.db]);
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim();
  assert.match(token, /^\S{20,}$/);
  return token;
}

// A client that authenticates with a bearer token.
export function bearer(server, token) {
  const c = new Client(server.url);
  c.token = token;
  return c;
}

// Send bytes on a raw TCP connection and parse one HTTP response.
// `parts` are written in order; a function part is awaited between writes
// (it gets the socket and the response text so far). Resolves with
// {status, headers (lower-case names), interim (1xx statuses), body, raw}
// or with {error, raw}
// when the connection ends before a whole response arrived.
export function rawHttp(server, parts, { timeoutMs = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, server.host);
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (v) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => {
      if (!done) { done = true; sock.destroy(); reject(new Error(`raw request timed out; got: ${buf}`)); }
    }, timeoutMs);
    const tryParse = () => {
      let text = buf.toString('latin1');
      const interim = [];
      // Skip interim 1xx answers (listed in `interim`).
      while (/^HTTP\/1\.\d 1\d\d /.test(text) && text.includes('\r\n\r\n')) {
        interim.push(Number(text.slice(9, 12)));
        text = text.slice(text.indexOf('\r\n\r\n') + 4);
      }
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return null;
      const lines = text.slice(0, end).split('\r\n');
      const m = lines[0].match(/^HTTP\/1\.\d (\d{3})/);
      if (!m) return null;
      const headers = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      const len = Number(headers['content-length'] ?? 0);
      const bodyBytes = Buffer.from(text.slice(end + 4), 'latin1');
      if (bodyBytes.length < len) return null;
      return {
        status: Number(m[1]), headers, interim,
        body: bodyBytes.subarray(0, len).toString('utf8'), raw: buf.toString('latin1'),
      };
    };
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const r = tryParse();
      if (r) finish(r);
    });
    sock.on('error', (error) => finish({ error, raw: buf.toString('latin1') }));
    sock.on('end', () => finish(tryParse() || { error: new Error('connection closed'), raw: buf.toString('latin1') }));
    sock.on('connect', async () => {
      try {
        for (const p of parts) {
          if (done) return;
          if (typeof p === 'function') await p(sock, () => buf.toString('latin1'));
          else sock.write(p);
        }
      } catch (e) { finish({ error: e, raw: buf.toString('latin1') }); }
    });
  });
}

// One request through node:http, for what fetch cannot do (e.g. choose the
// local address the request comes from). Returns {status, headers, body, text}.
export function httpRequest(server, method, path, { body, headers = {}, localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const h = { ...headers };
    if (data) { h['Content-Type'] = 'application/json'; h['Content-Length'] = data.length; }
    const rq = http.request({ host: server.host, port: server.port, method, path, headers: h, localAddress, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { text += d; });
        res.on('end', () => {
          let parsed = null;
          try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
          resolve({ status: res.statusCode, headers: res.headers, body: parsed, text });
        });
      });
    rq.on('error', reject);
    if (data) rq.write(data);
    rq.end();
  });
}

// Wait for a condition, polling; fails after `ms`.
export async function waitFor(cond, ms = 5000, what = 'condition') {
  const until = Date.now() + ms;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// A client that keeps a session cookie and its CSRF token (and, as a
// browser would, the cookie that says what it has seen written).
export class Client {
  constructor(base) { this.base = base; this.cookie = null; this.csrf = null; this.token = null; this.seen = null; }

  async login(username, password) {
    const r = await this.req('POST', '/api/v1/session', { username, password });
    if (r.status === 201) {
      this.csrf = r.body.csrf_token;
    }
    return r;
  }

  // Returns {status, body (parsed JSON or null), headers, text}.
  async req(method, path, body, { headers = {}, raw } = {}) {
    const h = { ...headers };
    if (body !== undefined && raw === undefined) h['Content-Type'] = 'application/json';
    const cookies = [this.cookie, this.seen].filter(Boolean);
    if (cookies.length && !('Cookie' in h)) h.Cookie = cookies.join('; ');
    if (this.csrf && method !== 'GET' && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrf;
    if (this.token) h.Authorization = `Bearer ${this.token}`;
    let res;
    try {
      res = await fetch(this.base + path, {
        method, headers: h,
        body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      // undici says only "fetch failed"; the socket's own error is the cause
      throw new Error(`${method} ${path}: ${err.message}: ${err.cause?.code ?? ''} ${err.cause?.message ?? ''}`);
    }
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = setCookie.match(/thidua_session=([^;]*)/);
      if (m) this.cookie = m[1] ? `thidua_session=${m[1]}` : null;
      const seen = setCookie.match(/thidua_seen=([^;]*)/);
      if (seen) this.seen = `thidua_seen=${seen[1]}`;
    }
    const text = await res.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
    return { status: res.status, body: parsed, headers: res.headers, text };
  }

  get(path, opts) { return this.req('GET', path, undefined, opts); }
  post(path, body, opts) { return this.req('POST', path, body, opts); }
  put(path, body, opts) { return this.req('PUT', path, body, opts); }
  patch(path, body, opts) { return this.req('PATCH', path, body, opts); }
  del(path, opts) { return this.req('DELETE', path, undefined, opts); }
}

// Log in as the demo user of a role.
export async function as(server, role) {
  const c = new Client(server.url);
  const l = server.logins[role];
  assert.ok(l, `no demo login for ${role}`);
  const r = await c.login(l.username, l.password);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return c;
}

// The demo's ids, found through the API (as admin): the two authorities,
// each cluster with its 2026 year, and the orgs of the demo users.
export async function demoIds(server, admin) {
  const orgs = await admin.get('/api/v1/orgs?kind=authority&limit=500');
  assert.equal(orgs.status, 200, orgs.text);
  const byName = (n) => orgs.body.items.find((o) => o.name === n)?.id;
  const btctw = byName('Ban Tổ chức Trung ương');
  const bnv = byName('Bộ Nội vụ');
  assert.ok(btctw && bnv, 'demo authorities missing');
  const cl = await admin.get('/api/v1/clusters?limit=500');
  assert.equal(cl.status, 200, cl.text);
  const clusters = [];
  for (const c of [...cl.body.items].sort((a, b) => a.id - b.id)) {
    const y = await admin.get(`/api/v1/clusters/${c.id}/years/2026`);
    assert.equal(y.status, 200, y.text);
    clusters.push({ ...c, year: y.body });
  }
  const users = await admin.get('/api/v1/users?limit=500');
  assert.equal(users.status, 200, users.text);
  const userOrg = {};
  for (const [role, l] of Object.entries(server.logins)) {
    const u = users.body.items.find((x) => x.username === l.username);
    userOrg[role] = u ? u.org_id : null;
  }
  return { btctw, bnv, clusters, userOrg };
}

// A logged-in client per role, made once per server and shared by the
// tests of a file (each login costs an argon2 hash). Tests that log out
// or change the account should use as() for a session of their own.
export async function session(server, role) {
  server.sessions ??= {};
  server.sessions[role] ??= as(server, role);
  return server.sessions[role];
}

// A request that must succeed (2xx): its parsed body.
export async function api(client, method, path, body) {
  const r = await client.req(method, path, body);
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
  return r.body;
}

// Assert an error answer: status and the spec's error shape.
export function assertError(r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.body && r.body.error, `no error object: ${r.text}`);
  assert.equal(typeof r.body.error.code, 'string');
  assert.equal(typeof r.body.error.message, 'string');
  if (code) assert.equal(r.body.error.code, code, r.text);
}
