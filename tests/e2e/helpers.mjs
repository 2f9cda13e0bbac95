// Shared pieces of the end-to-end tests: start thidua on a free loopback
// port with a fresh temporary database, log in, make requests.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const BIN = process.env.THIDUA_BIN || new URL('../../build/thidua', import.meta.url).pathname;
export const SANITIZED = !!process.env.THIDUA_SANITIZED;

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

// Start a server. With demo (default) the database holds the demo data and
// `logins` maps each role to {username, password}.
export async function startServer({ demo = true, args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'thidua-e2e-'));
  const db = `sqlite:${join(dir, 't.db')}`;
  let r = thidua(['init', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  let logins = {};
  if (demo) {
    r = thidua(['demo', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    logins = parseLogins(r.stdout);
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
  return {
    url, db, dir, logins, proc,
    log: () => stderr,
    // Stop with SIGTERM and check a clean exit (sanitizers report at exit).
    async stop() {
      proc.kill('SIGTERM');
      const { code, signal } = await exited;
      rmSync(dir, { recursive: true, force: true });
      assert.equal(code, 0, `server exit code ${code} signal ${signal}\n${stderr.slice(-4000)}`);
    },
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

// A client that keeps a session cookie and its CSRF token.
export class Client {
  constructor(base) { this.base = base; this.cookie = null; this.csrf = null; this.token = null; }

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
    if (this.cookie) h.Cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrf;
    if (this.token) h.Authorization = `Bearer ${this.token}`;
    const res = await fetch(this.base + path, {
      method, headers: h,
      body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = setCookie.match(/thidua_session=([^;]*)/);
      if (m) this.cookie = m[1] ? `thidua_session=${m[1]}` : null;
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

// Assert an error answer: status and the spec's error shape.
export function assertError(r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.body && r.body.error, `no error object: ${r.text}`);
  assert.equal(typeof r.body.error.code, 'string');
  assert.equal(typeof r.body.error.message, 'string');
  if (code) assert.equal(r.body.error.code, code, r.text);
}
