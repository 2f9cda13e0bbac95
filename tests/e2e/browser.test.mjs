// The web UI in Debian's Chromium: log in, list clusters, open one, switch
// language, log out; the page runs under the server's strict CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './chromium.mjs';
import { startServer } from './helpers.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage() {
  const context = await browser.newContext({ locale: 'vi-VN' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(String(err)));
  return { page, problems };
}

// The page asks "who am I?" first; before login that answer is a 401.
function unexpected(problems) {
  return problems.filter((p) => !p.includes('status of 401'));
}

async function logIn(page, role) {
  await page.goto(server.url + '/');
  await page.getByLabel('Tên đăng nhập').fill(server.logins[role].username);
  await page.getByLabel('Mật khẩu').fill(server.logins[role].password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

test('a wrong password shows a Vietnamese message, not raw JSON', async () => {
  const { page, problems } = await newPage();
  await page.goto(server.url + '/');
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill('definitely wrong');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.textContent(), 'Sai tên đăng nhập hoặc mật khẩu.');
  assert.ok(!(await page.textContent('main')).includes('{'), 'raw JSON on the page');
  assert.deepEqual(unexpected(problems), []);
  await page.context().close();
});

test('an officer logs in, sees the clusters and opens one', async () => {
  const { page, problems } = await newPage();
  await logIn(page, 'authority_officer');
  const table = page.locator('#clusters');
  await table.waitFor();
  const rows = await table.locator('tbody tr').allTextContents();
  assert.equal(rows.length, 3);
  assert.ok(rows.some((r) => r.includes('Cụm thi đua số 1')), rows.join('\n'));
  assert.ok(rows.some((r) => r.includes('Ban Tổ chức Trung ương')));

  await page.getByRole('link', { name: /Cụm thi đua số 1/ }).click();
  await page.getByRole('heading', { name: 'Năm 2026' }).waitFor();
  const leader = await page.locator('tr.leader td').first().textContent();
  assert.equal(leader, 'Ban Tổ chức Tỉnh ủy Lai Châu');
  assert.ok((await page.textContent('main')).includes('Cụm phó'));
  assert.deepEqual(unexpected(problems), []);
  await page.context().close();
});

test('search without diacritics, language switch and logout', async () => {
  const { page, problems } = await newPage();
  await logIn(page, 'viewer');
  await page.locator('#clusters').waitFor();
  await page.locator('#cluster-search').fill('khoi thi dua so noi vu');
  await page.locator('#cluster-search').press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#clusters tbody tr').length === 1);
  assert.match(await page.locator('#clusters tbody tr').textContent(), /Khối thi đua Sở Nội vụ/);

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Emulation clusters and blocs' }).waitFor();

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  const me = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  assert.equal(me, 401);
  assert.deepEqual(unexpected(problems), []);
  await page.context().close();
});

test('the page is served with a CSP that forbids inline script', async () => {
  const res = await fetch(server.url + '/');
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.ok(!csp.includes('unsafe-inline'));
  const html = await res.text();
  assert.ok(!/<script(?![^>]*src=)/.test(html), 'inline script in index.html');
  assert.ok(!/ on[a-z]+=/.test(html), 'inline event handler in index.html');
});
