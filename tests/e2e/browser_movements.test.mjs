// Movements through the web UI in Debian's Chromium, each step by the
// role that owns it: the authority launches a movement for its units; a
// unit officer finds it, registers its unit with a commitment and sees
// the figure move; the authority registers another unit, edits the
// movement and cannot delete it once units registered; the unit
// withdraws. The demo's ended "Dân vận khéo" shows who took part and
// offers nothing to change; a viewer reads without the launch button; the
// pages fit a phone and read in English. Screenshots go to
// build/screenshots (THIDUA_SCREENSHOTS to change).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './chromium.mjs';
import { startServer, session, demoIds } from './helpers.mjs';

const SHOTS = process.env.THIDUA_SCREENSHOTS || new URL('../../build/screenshots', import.meta.url).pathname;
const NAME = 'Thi đua chuyển đổi số trong công tác tổ chức';
const YEAR = new Date().getUTCFullYear();

let server;
let browser;
let admin;
let ids;
let movementId;
let expected; // units beneath BTCTW the movement expects
let unitName;
const problems = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await launchChromium();
  admin = await session(server, 'admin');
  ids = await demoIds(server, admin);
  unitName = (await admin.get(`/api/v1/orgs/${ids.userOrg.unit_officer}`)).body.name;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(who, viewport, locale = 'vi-VN') {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`${who}: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`${who}: ${err}`));
  return page;
}

async function logIn(role, viewport) {
  const page = await newPage(role, viewport);
  await page.goto(server.url + '/');
  await page.getByLabel('Tên đăng nhập').fill(server.logins[role].username);
  await page.getByLabel('Mật khẩu').fill(server.logins[role].password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#clusters').waitFor();
  return page;
}

async function notice(page, text) {
  const box = page.locator('.notice', { hasText: text });
  await box.waitFor();
  return box.textContent();
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `movements-${name}.png`), fullPage: true });
}

async function fitsWidth(page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `the page is ${scroll}px wide in a ${width}px window`);
}

async function progress(page) {
  return (await page.locator('#mv-progress figcaption').textContent()).trim();
}

test('the authority launches a movement for its units', async () => {
  const page = await logIn('authority_officer');
  const mainNav = page.getByRole('navigation', { name: 'Chức năng chính' });
  await mainNav.getByRole('link', { name: 'Phong trào' }).click();
  await page.getByRole('heading', { name: 'Phong trào thi đua' }).waitFor();
  assert.equal(await mainNav.getByRole('link', { name: 'Phong trào' }).getAttribute('aria-current'), 'page');
  await page.getByRole('link', { name: 'Phát động phong trào' }).click();
  const form = page.locator('#movement-form');
  assert.equal(await form.getByLabel('Cơ quan phát động').locator('option:checked').textContent(), 'Ban Tổ chức Trung ương');
  // refused before sending: no name
  await form.getByRole('button', { name: 'Phát động' }).click();
  await form.locator('.error', { hasText: 'Hãy nhập tên phong trào.' }).waitFor();
  await form.getByLabel('Tên phong trào').fill(NAME);
  await form.getByLabel('Mục tiêu').fill('Số hóa 100% hồ sơ đảng viên.\nKết nối dữ liệu với cơ sở dữ liệu quốc gia.');
  await form.getByLabel('Từ ngày').fill(`${YEAR}-01-01`);
  await form.getByLabel('Đến ngày').fill(`${YEAR + 1}-12-31`);
  await shot(page, 'form');
  await form.getByRole('button', { name: 'Phát động' }).click();
  await notice(page, `Đã phát động phong trào “${NAME}”.`);
  movementId = Number(/#\/movements\/(\d+)$/.exec(page.url())[1]);
  await page.getByRole('heading', { name: NAME }).waitFor();
  assert.match(await page.locator('#mv-goals').textContent(), /Số hóa 100% hồ sơ đảng viên\.\nKết nối/);
  const regs = (await admin.get(`/api/v1/movements/${movementId}/registrations`)).body;
  expected = regs.expected;
  assert.ok(expected > 10);
  assert.equal(await progress(page), `0/${expected} đơn vị đã đăng ký (0%)`);
  assert.equal(await page.locator('#mv-not-registered li').count(), expected);
  assert.equal(await page.locator('#mv-delete').count(), 1);
  await page.context().close();
});

test('a unit officer finds the movement and registers its unit with a commitment', async () => {
  const page = await logIn('unit_officer');
  await page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Phong trào' }).click();
  assert.equal(await page.locator('#new-movement').count(), 0);
  await page.getByLabel('Tên phong trào').fill('chuyen doi so');
  await page.getByLabel('Tên phong trào').press('Enter');
  await page.waitForURL(/q=chuyen/);
  await page.locator('#movements tbody tr').first().waitFor();
  assert.equal(await page.locator('#movements tbody tr').count(), 1);
  await page.getByRole('link', { name: NAME }).click();
  await page.locator('#mv-own-title').waitFor();
  await page.getByLabel('Nội dung đăng ký, cam kết').fill('Hoàn thành số hóa hồ sơ trước quý III');
  await page.getByRole('button', { name: 'Đăng ký tham gia' }).click();
  await notice(page, 'Đơn vị đã đăng ký tham gia phong trào.');
  assert.match(await progress(page), new RegExp(`^1/${expected} đơn vị đã đăng ký`));
  const row = page.locator(`#mv-registered tr[data-org="${ids.userOrg.unit_officer}"]`);
  assert.match(await row.textContent(), /Hoàn thành số hóa hồ sơ trước quý III/);
  assert.equal(await page.locator(`#mv-not-registered li[data-org="${ids.userOrg.unit_officer}"]`).count(), 0);
  assert.equal(await page.locator('#mv-edit').count(), 0);
  await shot(page, 'registered');
  // registering twice is not offered; the server would refuse it anyway
  assert.equal(await page.locator('#mv-register').count(), 0);
  await page.context().close();
});

test('the authority registers another unit, edits the movement, and cannot delete it any more', async () => {
  const page = await logIn('authority_officer');
  await page.goto(`${server.url}/#/movements/${movementId}`);
  await page.locator('#mv-register-unit').waitFor();
  const other = (await page.locator('#mv-register-unit option').first().textContent()).trim();
  await page.getByRole('button', { name: 'Đăng ký cho đơn vị' }).click();
  await notice(page, `Đã đăng ký cho ${other}.`);
  assert.match(await progress(page), new RegExp(`^2/${expected} `));
  assert.equal(await page.locator('#mv-delete').count(), 0);
  await page.getByRole('link', { name: 'Sửa phong trào' }).click();
  const form = page.locator('#movement-form');
  assert.equal(await form.getByLabel('Cơ quan phát động').isDisabled(), true);
  await form.getByLabel('Tên phong trào').fill(`${NAME} giai đoạn ${YEAR}–${YEAR + 1}`);
  await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await notice(page, `Đã lưu phong trào “${NAME} giai đoạn ${YEAR}–${YEAR + 1}”.`);
  await shot(page, 'authority');
  await page.context().close();
});

test('the unit withdraws after confirming', async () => {
  const page = await logIn('unit_officer');
  await page.goto(`${server.url}/#/movements/${movementId}`);
  await page.getByRole('button', { name: 'Rút đăng ký' }).click();
  await page.locator('.confirm', { hasText: 'Rút đăng ký tham gia phong trào của đơn vị?' }).getByRole('button', { name: 'Rút đăng ký' }).click();
  await notice(page, 'Đơn vị đã rút đăng ký.');
  assert.match(await progress(page), new RegExp(`^1/${expected} `));
  await page.locator(`#mv-not-registered li[data-org="${ids.userOrg.unit_officer}"]`).waitFor();
  await page.getByRole('button', { name: 'Đăng ký tham gia' }).waitFor();
  await page.context().close();
});

test('the demo\'s ended "Dân vận khéo" shows who took part; a viewer reads on a phone, also in English', async () => {
  const page = await logIn('viewer', { width: 390, height: 800 });
  await page.goto(`${server.url}/#/movements?status=ended`);
  await page.locator('#movements').waitFor();
  assert.equal(await page.locator('#new-movement').count(), 0);
  await page.getByRole('link', { name: 'Dân vận khéo', exact: true }).click();
  await page.getByRole('heading', { name: /Dân vận khéo/ }).waitFor();
  assert.match(await page.locator('h1 .badge').textContent(), /Đã kết thúc/);
  assert.match(await progress(page), /^\d+\/\d+ đơn vị đã đăng ký/);
  assert.ok(await page.locator('#mv-registered tbody tr').count() > 5);
  assert.equal(await page.locator('#mv-register, #mv-withdraw, #mv-edit, #mv-register-for').count(), 0);
  await fitsWidth(page);
  await shot(page, 'demo-phone');
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('#mv-progress figcaption', { hasText: 'units registered' }).waitFor();
  await page.getByRole('heading', { name: /Registered units/ }).waitFor();
  await page.evaluate(() => localStorage.setItem('thidua.lang', 'vi'));
  await page.context().close();
});

test('no page logged an unexpected error', () => {
  const unexpected = problems.filter((p) => !/status of (401|403|404|409|422)/.test(p));
  assert.deepEqual(unexpected, []);
});
