// Exemplary models through the web UI in Debian's Chromium, each step by
// the role that owns it: a unit officer records a model of its unit; the
// authority above reviews it (strengthen) and retires it; the statistics
// page shows the year's figures with the identity checked on every line
// and the chart; the authority compiles two models in rank order, and
// anyone reads the compilation. Screenshots go to build/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, downloadOf } from './chromium.mjs';
import { startServer, session, demoIds } from './helpers.mjs';

const SHOTS = process.env.THIDUA_SCREENSHOTS || new URL('../../build/screenshots', import.meta.url).pathname;
const NAME = 'Dân vận khéo trong vận động hiến đất mở đường';
const YEAR = Number(new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 4));

let server;
let browser;
let admin;
let ids;
let modelId;
const problems = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await launchChromium();
  admin = await session(server, 'admin');
  ids = await demoIds(server, admin);
  // Another model of the same unit, for the compilation to rank against.
  const other = await admin.post('/api/v1/models', {
    name: 'Tổ tự quản an ninh trật tự', org_id: ids.userOrg.unit_officer, field: 'Quốc phòng - an ninh', year: YEAR - 3,
  });
  assert.equal(other.status, 201, other.text);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(role) {
  const context = await browser.newContext({ locale: 'vi-VN', acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`${role}: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`${role}: ${err}`));
  await page.goto(server.url + '/');
  await page.getByLabel('Tên đăng nhập').fill(server.logins[role].username);
  await page.getByLabel('Mật khẩu').fill(server.logins[role].password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#clusters').waitFor();
  return page;
}

const shot = (page, name) => page.screenshot({ path: join(SHOTS, `models-${name}.png`), fullPage: true });

test('a unit officer records a model of its unit', async () => {
  const page = await logIn('unit_officer');
  await page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Mô hình' }).click();
  await page.getByRole('heading', { name: 'Mô hình điển hình' }).waitFor();
  await page.getByRole('link', { name: 'Thêm mô hình' }).click();
  await page.getByLabel('Tên mô hình').fill(NAME);
  await page.getByLabel('Lĩnh vực').fill('Kinh tế');
  await page.getByLabel('Năm công nhận').fill(String(YEAR - 2));
  await page.getByLabel('Mô tả').fill('Vận động 85 hộ hiến 3.200 m² đất mở rộng đường liên thôn.');
  await page.getByRole('button', { name: 'Lưu mô hình' }).click();
  await page.locator('.notice', { hasText: 'Đã lưu mô hình.' }).waitFor();
  await page.getByRole('heading', { name: NAME }).waitFor();
  modelId = Number(/#\/models\/(\d+)/.exec(page.url())[1]);
  // The unit sees no review or retire form: that is the authority's.
  assert.equal(await page.locator('#review-save').count(), 0);
  // The list finds it without diacritics.
  await page.goto(`${server.url}/#/models?q=${encodeURIComponent('hien dat mo duong')}`);
  await page.locator('#models tbody tr').first().waitFor();
  assert.equal(await page.locator('#models tbody tr').count(), 1);
  // its download holds what the list shows, under the list's filter
  const csv = await downloadOf(page, page.getByRole('link', { name: 'Tải CSV' }));
  assert.equal(csv.filename, 'Danh sách mô hình.csv');
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the mark Excel reads UTF-8 by');
  const lines = csv.bytes.subarray(3).toString('utf8').trim().split('\r\n');
  assert.ok(lines[0].startsWith('id,name,org_id,org_name,'), lines[0]);
  assert.equal(lines.length, 2);
  assert.ok(lines[1].includes(NAME), lines[1]);
  await shot(page, 'list');
  await page.context().close();
});

test('the authority reviews the model, then retires it with a reason', async () => {
  const page = await logIn('authority_officer');
  await page.goto(`${server.url}/#/models/${modelId}`);
  await page.getByRole('heading', { name: NAME }).waitFor();
  await page.getByLabel('Năm', { exact: true }).first().fill(String(YEAR - 1));
  await page.getByLabel('Kết quả').selectOption('strengthen');
  await page.getByLabel('Ghi chú').fill('Cần nhân rộng ra các xã lân cận');
  await page.getByRole('button', { name: 'Ghi kết quả rà soát' }).click();
  await page.locator('.notice', { hasText: 'Đã ghi kết quả rà soát.' }).waitFor();
  await page.locator('#model-reviews tbody tr', { hasText: 'Củng cố, nâng cao' }).waitFor();
  // Retiring without a reason is stopped before anything is sent.
  await page.getByRole('button', { name: 'Dừng mô hình' }).click();
  await page.locator('.error', { hasText: 'Cần ghi lý do dừng.' }).waitFor();
  await page.getByLabel('Năm dừng').fill(String(YEAR));
  await page.getByLabel('Lý do', { exact: true }).fill('Đã hoàn thành mục tiêu, không còn duy trì');
  await page.getByRole('button', { name: 'Dừng mô hình' }).click();
  await page.locator('.notice', { hasText: 'Đã dừng mô hình.' }).waitFor();
  await page.locator('#model-details', { hasText: 'Đã dừng' }).waitFor();
  await shot(page, 'model');
  const m = (await admin.get(`/api/v1/models/${modelId}`)).body;
  assert.equal(m.status, 'retired');
  assert.equal(m.retired_year, YEAR);
  await page.context().close();
});

test('the statistics page shows the figures, the identity on every line and the chart', async () => {
  const page = await logIn('authority_officer');
  await page.goto(`${server.url}/#/models/stats?org=${ids.btctw}&year=${YEAR}`);
  await page.locator('#stats-by-org tbody tr').first().waitFor();
  const api = (await admin.get(`/api/v1/models/stats?org=${ids.btctw}&year=${YEAR}`)).body;
  const shown = await page.locator('#stats-totals dd[data-figure="retired"]').textContent();
  assert.equal(shown, new Intl.NumberFormat('vi-VN').format(api.totals.retired));
  assert.ok(api.totals.retired >= 1);
  assert.equal(await page.locator('#stats-by-org td.check', { hasText: '✗' }).count(), 0);
  assert.equal(await page.locator('#stats-by-org td.check', { hasText: '✓' }).count(), api.by_org.length + 1);
  await page.locator('#stats-identity', { hasText: 'Số liệu khớp' }).waitFor();
  assert.equal(await page.locator('#stats-chart svg rect').count() >= 30, true);
  const xlsx = await downloadOf(page, page.getByRole('link', { name: 'Tải Excel (.xlsx)' }));
  assert.equal(xlsx.filename, `Thống kê mô hình năm ${YEAR} đơn vị ${ids.btctw}.xlsx`);
  assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');
  // Picking the whole country goes to the provinces' lines.
  await page.getByLabel('Phạm vi', { exact: true }).selectOption('');
  await page.getByRole('heading', { name: /Cả nước/ }).waitFor();
  await shot(page, 'stats');
  await page.context().close();
});

test('the authority compiles models in rank order and anyone reads the compilation', async () => {
  const page = await logIn('authority_officer');
  await page.goto(`${server.url}/#/compilations/new`);
  await page.getByLabel('Tên danh sách').fill('Mô hình tiêu biểu thử nghiệm');
  await page.getByLabel('Từ năm').fill(String(YEAR - 3));
  await page.getByLabel('Đến năm').fill(String(YEAR - 1));
  await page.getByLabel('Đến năm').dispatchEvent('change');
  await page.getByLabel('Lý do lựa chọn').fill('Hiệu quả, được nhân rộng');
  await page.getByRole('button', { name: `Chọn ${NAME}` }).click();
  const second = page.locator('#compilation-pool button').first();
  await second.click();
  // The second chosen goes first.
  const ranked = page.locator('#compilation-ranked li');
  assert.equal(await ranked.count(), 2);
  const secondName = (await ranked.nth(1).textContent()).split(' (')[0];
  await page.getByRole('button', { name: `Đưa ${secondName.trim()} lên` }).click();
  await page.getByRole('button', { name: 'Lưu danh sách' }).click();
  await page.locator('.notice', { hasText: 'Đã lưu danh sách tuyển chọn.' }).waitFor();
  const rows = page.locator('#compilation-items tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(1).textContent(), new RegExp(NAME));
  await shot(page, 'compilation');
  await page.context().close();
  const viewer = await logIn('viewer');
  await viewer.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Mô hình' }).click();
  await viewer.getByRole('link', { name: 'Tuyển chọn' }).click();
  await viewer.getByRole('link', { name: 'Mô hình tiêu biểu thử nghiệm' }).click();
  await viewer.locator('#compilation-items tbody tr').nth(1).waitFor();
  assert.equal(await viewer.locator('#compilation-delete').count(), 0);
  await viewer.context().close();
});

test('no unexpected errors in the browser', () => {
  const unexpected = problems.filter((p) => !/status of (401|403|404|409|422)/.test(p));
  assert.deepEqual(unexpected, []);
});
